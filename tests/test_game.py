"""The goose game: boards follow the circuits, special squares trace to data, printables render."""
from __future__ import annotations

import subprocess

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from support.projects import ROOT
from macros.game.board import TRADITIONAL_SIZE, board_size, generic_board, landlord_board, make_board
from macros.game.board_svg import board_svg
from macros.game.cards import deck
from macros.data.game import load_game
from macros.data.guide import load_guide
from macros.data.urgency import load_urgencies


@pytest.fixture(scope="module")
def guide():
    return load_guide()


@pytest.fixture(scope="module")
def game(guide):
    return load_game(guide, ROOT)


def test_steps_appear_in_circuit_order_with_every_title(guide, game):
    for landlord in guide.landlords:
        board = landlord_board(landlord, game)
        steps = board.of_kind("etape")
        assert [s.text for s in steps] == [s.title for s in landlord.steps]
        assert [s.number for s in steps] == sorted(s.number for s in steps)
        svg_text = " ".join(BeautifulSoup(board_svg(board), "html.parser").get_text(" ").split())
        for step in landlord.steps:
            # Titles are wrapped over several lines; every word is on the board, in order.
            words = step.title.split()
            position = 0
            for word in words:
                position = svg_text.find(word, position)
                assert position >= 0, f"{landlord.id}: « {word} » de « {step.title} » absent du plateau"


def test_special_squares_trace_to_data(guide, game):
    setback_ids = {s.id for s in game.setbacks}
    for landlord in guide.landlords:
        board = landlord_board(landlord, game)
        assert {sq.rule.id for sq in board.of_kind("recul")} == setback_ids
        applied = {p.id for p in landlord.practices}
        assert {sq.rule.id for sq in board.of_kind("bonus")} == applied & set(game.bonuses)
        for sq in board.of_kind("oie"):
            assert sq.number % 9 == 0
        assert board.squares[0].kind == "depart" and board.squares[-1].kind == "arrivee"


def test_square_count_follows_the_documented_rule(game):
    assert board_size(10) == TRADITIONAL_SIZE
    assert board_size(31) == TRADITIONAL_SIZE
    assert board_size(32) == 72 and board_size(40) == 81
    long_circuit = make_board("t", "t", [f"Étape {i}" for i in range(40)], list(game.bonuses), game)
    assert long_circuit.size == board_size(40 + len(game.setbacks) + len(game.bonuses) + 2)
    assert len(long_circuit.of_kind("etape")) == 40
    assert generic_board(game).size == TRADITIONAL_SIZE


def test_same_data_same_board(guide, game):
    a = board_svg(landlord_board(guide.landlords[0], game))
    b = board_svg(landlord_board(load_guide().landlords[0], load_game(load_guide(), ROOT)))
    assert a == b


def test_card_answers_match_urgency_data(guide):
    urgencies = load_urgencies(guide, ROOT)
    for landlord in guide.landlords:
        cards = deck(guide, urgencies, landlord)
        for problem, card in zip(urgencies.problems, cards):
            assert problem.question in card.question
            assert problem.level.name in card.answer
            for number in problem.call:
                assert number.number in card.answer
            assert card.page.startswith(f"urgences/{problem.level.id}/")
            assert "<span" not in card.answer
        if landlord.on_call.exists is None:
            night = [c for c, p in zip(cards, urgencies.problems) if p.level.on_call and not p.call]
            assert night and all("À compléter" in c.answer for c in night)


def test_built_game_page_and_printables(site_dir, guide, tmp_path):
    jeu = site_dir / "jeu"
    html = (jeu / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    slugs = [l.id for l in guide.landlords] + ["generique"]
    for slug in slugs:
        assert soup.select_one(f"svg#plateau-{slug}[role=img] title") is not None
        for name in (f"plateau-{slug}-a3.pdf", f"plateau-{slug}-a4.pdf", f"cartes-{slug}.pdf"):
            pdf = jeu / name
            assert pdf.stat().st_size > 5000, name
            reader = PdfReader(pdf)
            box = reader.pages[0].mediabox
            if name.endswith("-a3.pdf"):
                assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # one A3 sheet
                assert len(reader.pages) == 1
    # poppler renders every page without error
    for pdf in sorted(jeu.glob("*.pdf")):
        result = subprocess.run(["pdftoppm", "-r", "10", "-png", str(pdf), str(tmp_path / "jeu-check")],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "Error" not in result.stderr, (pdf.name, result.stderr)
    rules = PdfReader(jeu / "regle-du-jeu.pdf")
    text = " ".join(p.extract_text() for p in rules.pages)
    assert "Ma réclamation est résolue" in text and "RECUL" in text


def test_game_pdfs_are_the_same_bytes_twice(guide, game):
    from macros.game.printables import board_html, cards_html
    from macros.printing.engine import Engine

    urgencies = load_urgencies(guide, ROOT)
    htmls = [board_html(landlord_board(guide.landlords[0], game), "https://guide.example.org/bailleurs/x/"),
             cards_html(deck(guide, urgencies, guide.landlords[0]), "Cartes", "https://guide.example.org/")]
    outputs = []
    for _ in range(2):
        engine = Engine(ROOT / "content" / "assets" / "vendor" / "fonts")
        outputs.append([Engine.write(engine.render(html), tagged=True) for html in htmls])
        engine.close()
    assert outputs[0] == outputs[1]


def test_the_board_rule_is_read_in_french_on_the_page_and_the_rules_sheet(site_dir):
    """The rule players read comes from macros/game/texts/, not from a Python docstring."""
    from pypdf import PdfReader

    page = (site_dir / "jeu" / "index.html").read_text(encoding="utf-8")
    assert "Square" not in page and "La case 1 est" in page
    sheet = " ".join(p.extract_text() for p in PdfReader(site_dir / "jeu" / "regle-du-jeu.pdf").pages)
    assert "Square" not in sheet and "La case 1 est" in sheet


def _layouts(guide, game):
    from macros.game.layout import layout

    boards = [landlord_board(l, game) for l in guide.landlords] + [generic_board(game)]
    # Long circuits: 40 steps, and 60 as in the test project "circuit-long".
    long_circuits = [make_board("Le jeu des réclamations : un circuit très long", f"long-{n}",
                                [f"Étape numéro {i} du très long circuit de ce bailleur" for i in range(n)],
                                list(game.bonuses), game) for n in (40, 60)]
    return [layout(b) for b in boards + long_circuits]


def test_no_text_or_pictogram_is_covered_on_any_board(guide, game):
    """From the layout model: no two squares overlap, every word and pictogram stays inside its
    square's white panel (or the page), and no two of them touch one another."""
    from macros.game.layout import HEIGHT, WIDTH, Box

    page = Box(0, 0, WIDTH, HEIGHT)
    for plan in _layouts(guide, game):
        name = plan.board.slug
        cells = plan.cells
        for i, a in enumerate(cells):
            assert page.contains(a.box), (name, a.square.number)
            for b in cells[i + 1:]:
                assert not a.box.overlaps(b.box), (name, a.square.number, b.square.number)
            for ink in a.ink:
                assert a.panel.contains(ink.box), (name, a.square.number, ink.text)
        for ink in plan.extra:
            assert page.contains(ink.box), (name, ink.text)
            assert not any(ink.box.overlaps(c.box) for c in cells), (name, ink.text)
        # Every pair, swept left to right: a pair further apart than the left one's width cannot meet.
        inks = sorted(plan.all_ink(), key=lambda i: i.box.x)
        for i, a in enumerate(inks):
            for b in inks[i + 1:]:
                if b.box.x >= a.box.x + a.box.w:
                    break
                assert not a.box.overlaps(b.box), (name, a.text, b.text)


def test_the_overlap_check_can_fail(guide, game):
    from dataclasses import replace

    from macros.game.layout import Box

    plan = _layouts(guide, game)[0]
    cell = next(c for c in plan.cells if c.square.kind == "etape")
    first = cell.ink[0]
    moved = replace(cell.ink[1], box=Box(first.box.x, first.box.y, cell.ink[1].box.w, cell.ink[1].box.h))
    assert first.box.overlaps(moved.box)


def test_the_track_follows_the_circuit_square_by_square(guide, game):
    """Each square touches the next one (the track reads without arrows), and every step of the
    circuit is on the board, in order, with all its words drawn."""
    from macros.game.layout import GAP, Box

    for plan, landlord in zip(_layouts(guide, game), list(guide.landlords) + [None]):
        cells = plan.cells
        assert [c.square.number for c in cells] == list(range(1, plan.board.size + 1))
        for a, b in zip(cells, cells[1:]):
            grown = Box(a.box.x - 2 * GAP, a.box.y - 2 * GAP, a.box.w + 4 * GAP, a.box.h + 4 * GAP)
            shared = (min(grown.x + grown.w, b.box.x + b.box.w) - max(grown.x, b.box.x),
                      min(grown.y + grown.h, b.box.y + b.box.h) - max(grown.y, b.box.y))
            assert grown.overlaps(b.box) and max(shared) > 10, (plan.board.slug, a.square.number)
        steps = [c for c in cells if c.square.kind == "etape"]
        if landlord is not None:
            assert [c.square.text for c in steps] == [s.title for s in landlord.steps]
        for c in steps:
            drawn = " ".join(i.text for i in c.ink if i.kind == "text")
            assert c.square.text in drawn, (plan.board.slug, c.square.text)
        kinds = {i.text for c in cells for i in c.ink if i.kind == "icon"}
        assert {c.square.kind for c in cells} - {"simple"} <= kinds


def test_board_alternative_text_lists_the_squares_in_order(guide, game):
    from macros.game.layout import squares_in_words

    board = landlord_board(guide.landlords[0], game)
    words = squares_in_words(board)
    positions = [words.find(f"Case {sq.number}, ") for sq in board.squares if sq.kind != "simple"]
    assert -1 not in positions and positions == sorted(positions)
    for step in guide.landlords[0].steps:
        assert step.title in words
