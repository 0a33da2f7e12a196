"""The game's printed matter, by WeasyPrint with the guide's own font: boards (A3, A4), the rules
sheet and the card sheets (front and back, with cut marks)."""
from __future__ import annotations

import io
from pathlib import Path

from markupsafe import Markup

from macros.build.templating import template_environment
from macros.printing.engine import svg_image
from macros.game.board import Board
from macros.game.board_svg import board_svg
from macros.game.layout import HEIGHT, WIDTH, squares_in_words
from macros.game.cards import Card
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


def board_html(board: Board) -> str:
    """The board on one A3 landscape sheet (the A4 sheet is this one scaled: see a4_from_a3)."""
    return _render("board.html.j2", title=board.title, width=f"{WIDTH:.1f}", height=f"{HEIGHT:.1f}",
                   image=Markup(svg_image(board_svg(board), squares_in_words(board))))


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

    a3 = Engine.write(worker_engine().render(html_a3))
    return {"a3": a3, "a4": a4_from_a3(a3)}, {"pages": 1}


_decks: dict[str, bytes] = {}  # in a worker: each deck laid out once, whatever boards share it


def cards_task(deck_html: str, title: str) -> tuple[dict[str, bytes], dict]:
    """A print worker's task: a board's question cards. Boards often share the same cards (the
    urgency and recourse data): the sheets are laid out once and only the PDF's title changes."""
    # late: pypdf is only needed where a PDF is read back
    from pypdf import PdfReader, PdfWriter


    if deck_html not in _decks:
        _decks[deck_html] = Engine.write(worker_engine().render(deck_html))
    reader = PdfReader(io.BytesIO(_decks[deck_html]))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return {"pdf": out.getvalue()}, {"pages": len(reader.pages)}


def rules_html(size_rule: str) -> str:
    return _render("rules.html.j2", title="Règle du jeu des réclamations", size_rule=size_rule)


def _cut_marks() -> list[dict]:
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


def cards_html(cards: list[Card], title: str, site_url: str, preview: bool = False) -> str:
    """Front sheet, then its back sheet mirrored left-right, so a long-edge duplex print lines up."""
    per_sheet = COLS * ROWS
    sheets = []
    for start in range(0, len(cards), per_sheet):
        sheet = []
        for i, card in enumerate(cards[start:start + per_sheet]):
            row, col = divmod(i, COLS)
            sheet.append({"card": card, "number": start + i + 1, "top": f"{TOP + row * CARD_H:.2f}",
                          "left": f"{LEFT + col * CARD_W:.2f}", "back_left": f"{LEFT + (COLS - 1 - col) * CARD_W:.2f}"})
        sheets.append(sheet)
    return _render("cards.html.j2", title=title, sheets=sheets, cut_marks=_cut_marks(), site_url=site_url, preview=preview,
                   card_w=f"{CARD_W:.0f}", card_h=f"{CARD_H:.0f}")
