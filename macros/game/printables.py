"""The game's printed matter, by WeasyPrint with the guide's own font: boards (A3, A4), the rules
sheet and the card sheets (front and back, with cut marks)."""
from __future__ import annotations

import html
import io

from macros.printing.engine import svg_image
from macros.game.board import Board
from macros.game.board_svg import HEIGHT, WIDTH, board_svg
from macros.game.cards import Card
from macros.printing.engine import Engine
from macros.printing.pool import worker_engine

BOARD_CSS = """
@page { size: %(page)s landscape; margin: %(margin)smm; }
html, body { margin: 0; font-family: 'Atkinson Hyperlegible', sans-serif; }
svg, img { width: %(width)smm; height: %(height)smm; display: block; }
"""

RULES_CSS = """
@page { size: A4; margin: 18mm 18mm 20mm; @bottom-center { content: "Règle du jeu des réclamations, page " counter(page); font-family: 'Atkinson Hyperlegible', sans-serif; font-size: 9pt; } }
body { font-family: 'Atkinson Hyperlegible', sans-serif; font-size: 12.5pt; line-height: 1.4; }
h1 { font-size: 24pt; margin: 0 0 4mm; } h2 { font-size: 15pt; margin: 6mm 0 2mm; }
li { margin-bottom: 1.5mm; } .box { border: 1.2pt solid #000; padding: 3mm 4mm; }
"""

CARDS_CSS = """
@page { size: A4; margin: 0; }
body { margin: 0; font-family: 'Atkinson Hyperlegible', sans-serif; }
.sheet { width: 210mm; height: 297mm; position: relative; page-break-after: always; }
.card { position: absolute; width: 95mm; height: 66mm; box-sizing: border-box; padding: 5mm 6mm;
        border: 0.3pt dashed #777; overflow: hidden; }
.card .kind { font-size: 8.5pt; font-weight: 700; letter-spacing: .05em; }
.card p { font-size: 11.5pt; line-height: 1.28; margin: 2mm 0; }
.card .page { position: absolute; bottom: 4mm; left: 6mm; right: 6mm; font-size: 8pt; }
.mark { position: absolute; background: #000; }
"""

# Two columns by four rows of 95 x 66 mm cards, centred on A4.
COLS, ROWS = 2, 4
CARD_W, CARD_H = 95.0, 66.0
LEFT, TOP = (210 - COLS * CARD_W) / 2, (297 - ROWS * CARD_H) / 2


def page(body: str, css: str, title: str) -> str:
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{css}</style></head><body>{body}</body></html>")


def board_html(board: Board) -> str:
    """The board on one A3 landscape sheet (the A4 sheet is this one scaled: see a4_from_a3)."""
    css = BOARD_CSS % {"page": "A3", "margin": 10, "width": f"{WIDTH:.1f}", "height": f"{HEIGHT:.1f}"}
    return page(svg_image(board_svg(board), board.title), css, board.title)


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


def rules_html(size_rule: str, effects: list[tuple[str, str]]) -> str:
    items = "".join(f"<li><strong>{html.escape(k)}</strong> : {html.escape(v)}</li>" for k, v in effects)
    body = f"""
<h1>Le jeu des réclamations : la règle</h1>
<p class="box">Un jeu de l'oie pour comprendre, à plusieurs, ce que devient une réclamation chez
votre bailleur, et comment s'en sortir quand elle bloque. De 2 à 6 joueurs, avec une personne
qui anime.</p>
<h2>Le matériel</h2>
<ul><li>Le plateau de votre bailleur (ou le plateau général), imprimé en A3 de préférence.</li>
<li>Un pion par joueur et un dé.</li><li>Les cartes questions, découpées, en pile face question.</li></ul>
<h2>Le but</h2>
<p>Arriver le premier sur la dernière case : « Ma réclamation est résolue ».</p>
<h2>Comment jouer</h2>
<ol><li>Tous les pions partent de la case 1 : « Je constate un problème ».</li>
<li>À votre tour, lancez le dé et avancez d'autant de cases.</li>
<li>Sur une case ÉTAPE, lisez l'étape à voix haute : c'est ce qui se passe chez votre bailleur.
Piochez une carte ; si vous répondez juste, rejouez.</li>
<li>Suivez ce que dit la case où vous arrivez (voir ci-dessous).</li>
<li>Il faut tomber pile sur la dernière case. Si le dé donne trop, reculez des points en trop.</li></ol>
<h2>Les cases spéciales</h2>
<ul>{items}</ul>
<h2>Pour l'animateur</h2>
<p>Chaque case RECUL renvoie à une page du guide qui explique comment sortir de ce blocage.
Prenez le temps d'en parler : c'est le cœur du jeu. Les réponses des cartes viennent du guide ;
« À compléter » veut dire que l'information manque encore : c'est une question à poser au bailleur.</p>
<h2>Comment le plateau est construit</h2>
<p>{html.escape(size_rule)}</p>
"""
    return page(body, RULES_CSS, "Règle du jeu des réclamations")


def _cut_marks() -> str:
    marks = []
    for c in range(COLS + 1):
        x = LEFT + c * CARD_W
        marks.append(f'<div class="mark" style="left:{x - 0.15:.2f}mm;top:{TOP - 8:.2f}mm;width:0.3mm;height:5mm"></div>')
        marks.append(f'<div class="mark" style="left:{x - 0.15:.2f}mm;top:{TOP + ROWS * CARD_H + 3:.2f}mm;width:0.3mm;height:5mm"></div>')
    for r in range(ROWS + 1):
        y = TOP + r * CARD_H
        marks.append(f'<div class="mark" style="left:{LEFT - 8:.2f}mm;top:{y - 0.15:.2f}mm;width:5mm;height:0.3mm"></div>')
        marks.append(f'<div class="mark" style="left:{LEFT + COLS * CARD_W + 3:.2f}mm;top:{y - 0.15:.2f}mm;width:5mm;height:0.3mm"></div>')
    return "".join(marks)


def cards_html(cards: list[Card], title: str, site_url: str) -> str:
    """Front sheet, then its back sheet mirrored left-right, so a long-edge duplex print lines up."""
    per_sheet = COLS * ROWS
    sheets = []
    for start in range(0, len(cards), per_sheet):
        chunk = cards[start:start + per_sheet]
        fronts, backs = [], []
        for i, card in enumerate(chunk):
            row, col = divmod(i, COLS)
            y = TOP + row * CARD_H
            fronts.append(f'<div class="card" style="left:{LEFT + col * CARD_W:.2f}mm;top:{y:.2f}mm">'
                          f'<div class="kind">QUESTION {start + i + 1}</div><p>{html.escape(card.question)}</p></div>')
            back_col = COLS - 1 - col
            backs.append(f'<div class="card" style="left:{LEFT + back_col * CARD_W:.2f}mm;top:{y:.2f}mm">'
                         f'<div class="kind">RÉPONSE {start + i + 1}</div><p>{html.escape(card.answer)}</p>'
                         f'<div class="page">Pour en savoir plus : {html.escape(site_url + card.page)}</div></div>')
        sheets.append(f'<div class="sheet">{_cut_marks()}{"".join(fronts)}</div>')
        sheets.append(f'<div class="sheet">{_cut_marks()}{"".join(backs)}</div>')
    return page("".join(sheets), CARDS_CSS, title)
