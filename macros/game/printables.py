"""The game's printed matter, by WeasyPrint with the guide's own font: boards (A3, A4), the rules
sheet and the card sheets (front and back, with cut marks)."""
from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

from markupsafe import Markup

from macros.build.templating import template_environment
from macros.printing.engine import svg_image
from macros.game.board import Board
from macros.game.board_svg import board_svg
from macros.game.layout import HEIGHT, WIDTH, layout, squares_in_words
from macros.printing.qr import qr_svg
from macros.game.cards import Card
from macros.game.icons import LICENCE, icon_file
from macros.game.layout import TAGS, lines_of
from macros.pages.markup import french
from macros.printing.engine import Engine
from macros.printing.pool import worker_engine

# Two columns by four rows of 95 x 66 mm cards, centred on A4.
COLS, ROWS = 2, 4
CARD_W, CARD_H = 95.0, 66.0
LEFT, TOP = (210 - COLS * CARD_W) / 2, (297 - ROWS * CARD_H) / 2


TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV: dict = {}


def _render(template: str, **context) -> str:
    if "env" not in _ENV:
        _ENV["env"] = template_environment(TEMPLATES, "jeu", autoescape=True)
    return _ENV["env"].get_template(template).render(**context)


def board_html(board: Board, page_url: str, preview: bool = False) -> str:
    """The board on one A3 landscape sheet (the A4 sheet is this one scaled: see a4_from_a3), with
    the code QR to page_url in the room the layout keeps for it; with the example address, the
    preview notice instead."""
    plan = layout(board)
    spots = {i.kind: i.box for i in plan.extra if i.kind in ("qr", "qr-text")}
    qr = "" if preview else svg_image(qr_svg(page_url), f"Code QR : {page_url}")
    return _render("board.html.j2", title=board.title, width=f"{WIDTH:.1f}", height=f"{HEIGHT:.1f}",
                   image=Markup(svg_image(board_svg(board, plan=plan), squares_in_words(board))),
                   qr=qr, qr_box=spots["qr"], text_box=spots["qr-text"], preview=preview, margin=BOARD_MARGIN)


BOARD_MARGIN = 10.0  # mm around the drawing on the A3 sheet

# A4 landscape in PDF points; the A3 sheet scaled by 1/√2 lands on it exactly.
A4_POINTS = (841.8898, 595.2756)


def a4_from_a3(pdf: bytes) -> bytes:
    """The A3 board shrunk onto an A4 sheet: the same drawing, without laying it out again."""
    # late: pypdf is only needed where a PDF is read back
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    sheet = writer.pages[0]
    sheet.scale(A4_POINTS[0] / float(sheet.mediabox.width), A4_POINTS[1] / float(sheet.mediabox.height))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def board_task(html_a3: str) -> tuple[dict[str, bytes], dict]:
    """A print worker's task: the board on A3, and on A4."""

    a3 = Engine.write(worker_engine().render(html_a3), tagged=True)
    return {"a3": a3, "a4": a4_from_a3(a3)}, {"pages": 1}


_decks: dict[str, bytes] = {}  # in a worker: each deck laid out once, whatever boards share it


def cards_task(deck_html: str, title: str) -> tuple[dict[str, bytes], dict]:
    """A print worker's task: a board's question cards. Boards often share the same cards (the
    urgency and recourse data): the sheets are laid out once and only the PDF's title changes."""
    # late: pypdf is only needed where a PDF is read back
    from pypdf import PdfReader, PdfWriter


    if deck_html not in _decks:
        _decks[deck_html] = Engine.write(worker_engine().render(deck_html), tagged=True)
    reader = PdfReader(io.BytesIO(_decks[deck_html]))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    writer.add_metadata({"/Title": title})
    retitle_xmp(writer, title)
    out = io.BytesIO()
    writer.write(out)
    return {"pdf": out.getvalue()}, {"pages": len(reader.pages)}


def retitle_xmp(writer, title: str) -> None:
    """The title a PDF/UA viewer shows is also in the XMP metadata: it must say the same."""
    # late: pypdf is only needed where a PDF is read back
    from pypdf.generic import NameObject, StreamObject

    root = writer._root_object
    if "/Metadata" not in root:
        return
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    start = xmp.find('<rdf:li xml:lang="x-default">')
    end = xmp.find("</rdf:li>", start)
    if start < 0 or end < 0:
        return
    start += len('<rdf:li xml:lang="x-default">')
    stream = StreamObject()
    stream.set_data((xmp[:start] + html.escape(title, quote=False) + xmp[end:]).encode("utf-8"))
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    root[NameObject("/Metadata")] = writer._add_object(stream)


def rules_html(size_rule: str) -> str:
    """The rules sheet; size_rule is macros/game/texts/regle-plateau.md, a numbered list."""
    items = [french(item.strip()) for item in re.split(r"^\d+\.\s+", size_rule, flags=re.M) if item.strip()]
    return _render("rules.html.j2", title="Règle du jeu des réclamations", size_rule=items,
                   effects=rule_effects(), licence=LICENCE)


def rule_effects() -> list[dict]:
    """What each kind of square does, in the order a player meets them, with its pictogram."""
    effects = [("depart", "la case 1, où tout commence."),
               ("etape", "une étape du circuit de votre bailleur : lisez-la à voix haute, piochez une carte."),
               ("recul", "un blocage : reculez ou passez un tour, puis lisez comment en sortir."),
               ("bonus", "une bonne pratique de votre bailleur : avancez."),
               ("oie", "vous avez gardé une trace écrite : rejouez."),
               ("arrivee", "votre réclamation est résolue : vous avez gagné.")]
    return [{"kind": k, "tag": TAGS[k], "effect": e,
             "icon": base64.b64encode(icon_file(k).encode("utf-8")).decode("ascii")} for k, e in effects]


def _cut_marks() -> list[dict]:
    """Short strokes outside the cards, on the lines to cut (drawn as backgrounds: a tagged PDF
    keeps them as artifacts, out of what a screen reader reads)."""
    marks = []

    def mark(left, top, width, height):
        marks.append({"left": f"{left:.2f}", "top": f"{top:.2f}", "width": width, "height": height})

    for c in range(COLS + 1):
        x = LEFT + c * CARD_W
        mark(x - 0.15, TOP - 8, "0.3", "5")
        mark(x - 0.15, TOP + ROWS * CARD_H + 3, "0.3", "5")
    for r in range(ROWS + 1):
        y = TOP + r * CARD_H
        mark(LEFT - 8, y - 0.15, "5", "0.3")
        mark(LEFT + COLS * CARD_W + 3, y - 0.15, "5", "0.3")
    return marks


KIND_NAMES = {"urgence": "URGENCE", "recours": "RECOURS"}
PT = 25.4 / 72  # millimetres in a point
# Room for a card's words: its width less padding, its height less the label (and the page line).
TEXT_W, FRONT_H, BACK_H = CARD_W - 12, CARD_H - 20, CARD_H - 28
CARD_SIZES = (12.0, 11.0, 10.0, 9.0, 8.5, 8.0)  # pt


def card_size(text: str, height: float) -> float:
    """The largest size (pt) at which the text fits the card: a card's words are never cut."""
    for size in CARD_SIZES:
        mm = size * PT
        if len(lines_of(text, TEXT_W, mm)) * mm * CARD_LINE <= height:
            return size
    return CARD_SIZES[-1]


CARD_LINE = 1.25


def _icon_css() -> str:
    """Each kind's pictogram as a background image: decorative, the label says the same in words."""
    rules = []
    for kind in (*KIND_NAMES, "reponse"):
        data = base64.b64encode(icon_file(kind).encode("utf-8")).decode("ascii")
        rules.append(f'.icon-{kind} {{ background-image: url("data:image/svg+xml;base64,{data}"); }}')
    return "\n".join(rules)


def cards_html(cards: list[Card], title: str, site_url: str, preview: bool = False) -> str:
    """Front sheet, then its back sheet mirrored left-right, so a long-edge duplex print lines up."""
    per_sheet = COLS * ROWS
    sheets = []
    for start in range(0, len(cards), per_sheet):
        sheet = []
        for i, card in enumerate(cards[start:start + per_sheet]):
            row, col = divmod(i, COLS)
            sheet.append({"card": card, "number": start + i + 1, "top": f"{TOP + row * CARD_H:.2f}",
                          "left": f"{LEFT + col * CARD_W:.2f}", "back_left": f"{LEFT + (COLS - 1 - col) * CARD_W:.2f}",
                          "kind_name": KIND_NAMES[card.kind],
                          "front_size": card_size(card.question, FRONT_H), "back_size": card_size(card.answer, BACK_H),
                          "page": "/" + card.page})
        sheets.append(sheet)
    return _render("cards.html.j2", title=title, sheets=sheets, cut_marks=_cut_marks(), site_url=site_url, preview=preview,
                   card_w=f"{CARD_W:.0f}", card_h=f"{CARD_H:.0f}", icon_css=Markup(_icon_css()), line=CARD_LINE)
