"""The goose game's PDFs as built in site/jeu/: one set per landlord, page counts and sizes, fonts
embedded, words extractable, tagged PDF/UA-1 (structure, language, title, the board's
alternative text), the cards duplex-aligned, the code QR (or the preview notice)."""
from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from support.pdf import squeeze, tool
from support.projects import ROOT
from macros.data.game import load_game
from macros.data.guide import load_guide
from macros.data.urgency import load_urgencies
from macros.game.board import generic_board, landlord_board
from macros.game.cards import deck
from macros.game.layout import squares_in_words

A3 = (1191, 842)
A4_LANDSCAPE, A4 = (842, 595), (595, 842)
PREVIEW = "APERÇU — adresse du site à définir"


@pytest.fixture(scope="module")
def data():
    guide = load_guide()
    return guide, load_game(guide, ROOT), load_urgencies(guide, ROOT)


def _boards(data):
    guide, game, _ = data
    return [(landlord_board(l, game), l) for l in guide.landlords] + [(generic_board(game), None)]


def _game_pdfs(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "jeu").glob("*.pdf"))


def _size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def _text(pdf: Path) -> str:
    return subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_every_landlord_has_its_board_cards_and_the_rules(site_dir, data):
    jeu = site_dir / "jeu"
    _, _, urgencies = data
    guide = data[0]
    assert len(PdfReader(jeu / "regle-du-jeu.pdf").pages) == 2
    assert _size(PdfReader(jeu / "regle-du-jeu.pdf").pages[0]) == A4
    for board, landlord in _boards(data):
        a3, a4 = PdfReader(jeu / f"plateau-{board.slug}-a3.pdf"), PdfReader(jeu / f"plateau-{board.slug}-a4.pdf")
        assert len(a3.pages) == 1 and _size(a3.pages[0]) == A3, board.slug
        assert len(a4.pages) == 1 and _size(a4.pages[0]) == A4_LANDSCAPE, board.slug
        cards = PdfReader(jeu / f"cartes-{board.slug}.pdf")
        count = len(deck(guide, urgencies, landlord))
        assert len(cards.pages) == 2 * math.ceil(count / 8), board.slug  # a front and a back per 8 cards
        assert {_size(p) for p in cards.pages} == {A4}


def test_fonts_are_embedded(site_dir):
    for pdf in _game_pdfs(site_dir):
        rows = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                              check=True).stdout.splitlines()[2:]
        assert rows, pdf.name
        for row in rows:
            assert "Atkinson-Hyperlegible" in row.split()[0], (pdf.name, row)
            assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), (pdf.name, row)


def test_words_are_extractable(site_dir, data):
    guide, _, urgencies = data
    jeu = site_dir / "jeu"
    for board, landlord in _boards(data):
        for size in ("a3", "a4"):
            text = squeeze(_text(jeu / f"plateau-{board.slug}-{size}.pdf"))
            for sq in board.squares:
                if sq.text:
                    assert squeeze(sq.text) in text, (board.slug, size, sq.text)
        # pdftotext joins a word broken after its hyphen ("faites-/vous" gives "faitesvous").
        cards = squeeze(_text(jeu / f"cartes-{board.slug}.pdf")).replace("-", "")
        for card in deck(guide, urgencies, landlord):
            for words in (card.question, card.answer):
                assert squeeze(words).replace("-", "") in cards, (board.slug, words)
    rules = squeeze(_text(jeu / "regle-du-jeu.pdf"))
    for words in ("30 minutes", "de 4 à 6", "Apache 2.0", "Material Design Icons"):
        assert squeeze(words) in rules


def _struct_elements(node, found):
    node = node.get_object()
    if isinstance(node, dict) or hasattr(node, "keys"):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            for kid in (kids if isinstance(kids, list) else [kids]):
                if hasattr(kid, "get_object") and hasattr(kid.get_object(), "keys"):
                    _struct_elements(kid, found)
    return found


def test_every_game_pdf_is_tagged_pdf_ua(site_dir):
    for pdf in _game_pdfs(site_dir):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"], pdf.name
        assert "/StructTreeRoot" in root, pdf.name
        assert root["/Lang"] == "fr", pdf.name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], pdf.name
        title = reader.metadata.title
        assert title and ("Cartes questions : " in title or "jeu des réclamations" in title.lower()), pdf.name
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        headings = [str(e["/S"]) for e in _struct_elements(root["/StructTreeRoot"], [])
                    if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
        assert not headings or headings[0] == "/H1", (pdf.name, headings[:3])  # Matterhorn 14-002
        assert 'pdfuaid:part="1"' in xmp and f">{title}<" in xmp.replace("&#x27;", "'").replace("&amp;", "&"), pdf.name


def test_the_board_figure_reads_its_squares_in_order(site_dir, data):
    for board, _ in _boards(data):
        for size in ("a3", "a4"):
            reader = PdfReader(site_dir / "jeu" / f"plateau-{board.slug}-{size}.pdf")
            elements = _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
            alts = [str(e["/Alt"]) for e in elements if e["/S"] == "/Figure" and "/Alt" in e]
            assert squares_in_words(board) in alts, (board.slug, size)


def test_pdfua_checker_finds_no_error_in_the_game(site_dir):
    pdfua = pytest.importorskip("pdfua")
    for pdf in _game_pdfs(site_dir):
        report = pdfua.validate(str(pdf)) if hasattr(pdfua, "validate") else None
        assert report is not None
        assert report.worst_severity() is None, (pdf.name, [f for o in report.outcomes for f in o.findings])


def _words(pdf: Path, page: int) -> list[tuple[str, float]]:
    """(word, left edge in mm) of one page, in reading order."""
    out = subprocess.run([tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(m.group(2), float(m.group(1)) * 25.4 / 72)
            for m in re.finditer(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def test_each_answer_lands_behind_its_question(site_dir):
    """Long-edge duplex: the back sheet is mirrored left-right, so card N's answer is in the
    other column, at the same height."""
    pdf = site_dir / "jeu" / "cartes-generique.pdf"
    front, back = _words(pdf, 1), _words(pdf, 2)

    def label_x(words, label, number):
        return next(x for (w, x), (n, _) in zip(words, words[1:]) if w == label and n == str(number))

    for number in (1, 2):
        q, a = label_x(front, "QUESTION", number), label_x(back, "RÉPONSE", number)
        # Cards are 95 mm wide, in columns at 10 and 105 mm: each answer is in the other column.
        assert abs(abs(a - q) - 95) < 2 and (q < 105) != (a < 105), (number, q, a)


def test_with_the_example_address_the_board_shows_the_preview_and_no_code(site_dir, tmp_path):
    pdf = site_dir / "jeu" / "plateau-generique-a4.pdf"
    assert squeeze(PREVIEW) in squeeze(_text(pdf))
    subprocess.run([tool("pdftoppm"), "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "p")], check=True)
    done = subprocess.run([tool("zbarimg"), "--raw", "-q", str(tmp_path / "p.png")], capture_output=True, text=True)
    assert done.returncode == 4 and not done.stdout.strip()
    assert "example" not in _text(site_dir / "jeu" / "cartes-generique.pdf")


def test_with_a_real_address_the_board_code_opens_the_landlord_page(data, tmp_path):
    from macros.game.printables import a4_from_a3, board_html
    from macros.printing.engine import Engine

    board, landlord = _boards(data)[0]
    url = f"https://guide.example.org/bailleurs/{landlord.id}/"
    engine = Engine(ROOT / "content" / "assets" / "vendor" / "fonts")
    a3 = Engine.write(engine.render(board_html(board, url)), tagged=True)
    engine.close()
    for name, pdf in (("a3", a3), ("a4", a4_from_a3(a3))):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run([tool("pdftoppm"), "-r", "150", "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        done = subprocess.run([tool("zbarimg"), "--raw", "-q", str(tmp_path / f"{name}.png")], capture_output=True,
                              text=True)
        assert done.stdout.strip() == url, name
        assert PREVIEW not in _text(tmp_path / f"{name}.pdf")


def test_no_card_text_runs_off_its_card(site_dir):
    """Every word of every sheet lies inside one card (the sizes are fitted; nothing is cut)."""
    from macros.game.printables import CARD_H, CARD_W, COLS, LEFT, ROWS, TOP

    pt = 25.4 / 72
    for pdf in sorted((site_dir / "jeu").glob("cartes-*.pdf")):
        out = subprocess.run([tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)
        assert boxes, pdf.name
        for x1, y1, x2, y2, word in boxes:
            x1, y1, x2, y2 = (float(v) * pt for v in (x1, y1, x2, y2))
            col, row = int((x1 - LEFT) // CARD_W), int((y1 - TOP) // CARD_H)
            assert 0 <= col < COLS and 0 <= row < ROWS, (pdf.name, word)
            right, bottom = LEFT + (col + 1) * CARD_W, TOP + (row + 1) * CARD_H
            assert x2 <= right - 2 and y2 <= bottom - 2, (pdf.name, word, x2, y2)
