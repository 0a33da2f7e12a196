"""The board as SVG, in millimetres, for an A3 landscape sheet, drawn from macros/game/layout.py.

Readable in black and white: each kind of square has its own frame pattern, pictogram and word
(ÉTAPE, RECUL, BONUS, OIE), never colour alone; all words sit on white, inside the frame."""
from __future__ import annotations

import html

from macros.game.board import Board
from macros.game.icons import icon_svg
from macros.game.layout import HEIGHT, WIDTH, Cell, Ink, Layout, layout

FONT = "'Atkinson Hyperlegible', 'DejaVu Sans', sans-serif"
FRAMES = {"etape": "#c4c4c4", "recul": "url(#{p}-hachures)", "bonus": "url(#{p}-points)",
          "oie": "url(#{p}-vagues)", "depart": "url(#{p}-damier)", "arrivee": "url(#{p}-damier)", "simple": "#fff"}
ROUNDED = {"bonus": 3.0, "oie": 3.0, "depart": 4.0, "arrivee": 4.0}
THICK = ("depart", "arrivee", "etape")

DEFS = """<defs>
<pattern id="{p}-hachures" width="2.4" height="2.4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="2.4" height="2.4" fill="#fff"/><rect width="1" height="2.4" fill="#5a5a5a"/></pattern>
<pattern id="{p}-points" width="2" height="2" patternUnits="userSpaceOnUse">
<rect width="2" height="2" fill="#fff"/><circle cx="1" cy="1" r="0.55" fill="#3c3c3c"/></pattern>
<pattern id="{p}-vagues" width="4" height="2" patternUnits="userSpaceOnUse">
<rect width="4" height="2" fill="#fff"/><path d="M0 1.3 Q1 0.3 2 1.3 T4 1.3" fill="none" stroke="#4a4a4a" stroke-width="0.45"/></pattern>
<pattern id="{p}-damier" width="2.2" height="2.2" patternUnits="userSpaceOnUse">
<rect width="2.2" height="2.2" fill="#fff"/><rect width="1.1" height="1.1" fill="#000"/><rect x="1.1" y="1.1" width="1.1" height="1.1" fill="#000"/></pattern>
</defs>"""


def ink_svg(ink: Ink) -> str:
    if ink.kind == "icon":
        # The way-on arrows are grey: they guide, the square's pictogram tells.
        return icon_svg(ink.text, ink.box.x, ink.box.y, ink.box.w, "#6a6a6a" if ink.text.startswith("virage") else "#000")
    x = ink.box.x + ink.box.w if ink.anchor == "end" else ink.box.x
    weight = ' font-weight="700"' if ink.bold else ""
    anchor = ' text-anchor="end"' if ink.anchor == "end" else ""
    return (f'<text x="{x:.2f}" y="{ink.baseline:.2f}" font-size="{ink.size:.2f}"{weight}{anchor}>'
            f"{html.escape(ink.text)}</text>")


def cell_svg(cell: Cell, prefix: str) -> str:
    kind, b, p = cell.square.kind, cell.box, cell.panel
    rx = ROUNDED.get(kind, 0.0)
    frame = FRAMES[kind].replace("{p}", prefix)
    out = [f'<g class="case case-{kind}">',
           f'<rect x="{b.x:.2f}" y="{b.y:.2f}" width="{b.w:.2f}" height="{b.h:.2f}" rx="{rx}" fill="{frame}" '
           f'stroke="#000" stroke-width="{0.9 if kind in THICK else 0.4}"/>']
    if kind != "simple":
        out.append(f'<rect x="{p.x:.2f}" y="{p.y:.2f}" width="{p.w:.2f}" height="{p.h:.2f}" '
                   f'rx="{max(0.0, rx - 1.5)}" fill="#fff" stroke="#000" stroke-width="0.25"/>')
    out += [ink_svg(i) for i in cell.ink]
    out.append("</g>")
    return "".join(out)


def board_svg(board: Board, svg_id: str | None = None, plan: Layout | None = None) -> str:
    plan = plan or layout(board)
    svg_id = svg_id or f"plateau-{board.slug}"
    description = (f"Plateau de {board.size} cases, en serpentin : la première ligne se lit de gauche à droite, "
                   "la suivante de droite à gauche, et ainsi de suite ; une case haute fait chaque virage. "
                   "La liste des cases est donnée sous l'image.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
           f'width="{WIDTH:.0f}mm" height="{HEIGHT:.0f}mm" role="img" aria-labelledby="{svg_id}-titre" '
           f'aria-describedby="{svg_id}-desc" font-family="{FONT}">',
           f'<title id="{svg_id}-titre">{html.escape(board.title)}</title>',
           f'<desc id="{svg_id}-desc">{html.escape(description)}</desc>', DEFS.replace("{p}", svg_id)]
    out += [cell_svg(c, svg_id) for c in plan.cells]
    out += [ink_svg(i) for i in plan.extra if i.kind in ("text", "icon")]
    out.append("</svg>")
    return "".join(out)
