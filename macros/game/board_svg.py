"""The board as SVG, in millimetres, for an A3 landscape sheet; readable in black and white.

Square kinds are told apart by pattern, border and a word (ÉTAPE, RECUL, BONUS, OIE), never by
colour alone."""
from __future__ import annotations

import html
import textwrap

from macros.game.board import Board, Square

WIDTH, HEIGHT = 400.0, 277.0
TITLE_BAND, LEGEND_BAND = 16.0, 16.0
COLUMNS = 9
FONT = "'Atkinson Hyperlegible', 'DejaVu Sans', sans-serif"
TAGS = {"etape": "ÉTAPE", "recul": "RECUL", "bonus": "BONUS", "oie": "OIE", "depart": "DÉPART", "arrivee": "ARRIVÉE"}
FILLS = {"etape": "#e4e4e4", "recul": "url(#{p}-hachures)", "bonus": "url(#{p}-points)", "oie": "#ffffff",
         "depart": "#ffffff", "arrivee": "#ffffff", "simple": "#ffffff"}

DEFS = """<defs>
<pattern id="{p}-hachures" width="3" height="3" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="3" height="3" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="3" stroke="#9a9a9a" stroke-width="0.7"/></pattern>
<pattern id="{p}-points" width="3" height="3" patternUnits="userSpaceOnUse">
<rect width="3" height="3" fill="#ffffff"/><circle cx="1.5" cy="1.5" r="0.45" fill="#8a8a8a"/></pattern>
<marker id="{p}-fleche" viewBox="0 0 6 6" refX="3" refY="3" markerWidth="4" markerHeight="4" orient="auto">
<path d="M0,0 L6,3 L0,6 z" fill="#000"/></marker>
</defs>"""


def grid_position(index: int, rows: int) -> tuple[int, int]:
    """Row and column of the index-th square (0-based): left to right, then right to left."""
    row, col = divmod(index, COLUMNS)
    return row, (col if row % 2 == 0 else COLUMNS - 1 - col)


def wrap(text: str, width_mm: float, max_lines: int) -> tuple[list[str], float]:
    """Lines and font size (mm) so the whole text fits: the text is never cut."""
    for size in (3.3, 3.0, 2.7, 2.4, 2.2):
        chars = max(8, int(width_mm / (size * 0.56)))
        lines = textwrap.wrap(text, chars, break_long_words=True)
        if len(lines) <= max_lines:
            return lines, size
    return lines, size


def square_svg(square: Square, x: float, y: float, w: float, h: float, prefix: str) -> str:
    esc = html.escape
    thick = square.kind in ("depart", "arrivee", "etape", "bonus")
    fill = FILLS[square.kind].replace("{p}", prefix)
    parts = [f'<g class="case case-{square.kind}">',
             f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}" '
             f'stroke="#000" stroke-width="{1.0 if thick else 0.4}"/>']
    if square.kind == "bonus":
        parts.append(f'<rect x="{x + 1.3:.2f}" y="{y + 1.3:.2f}" width="{w - 2.6:.2f}" height="{h - 2.6:.2f}" '
                     'fill="none" stroke="#000" stroke-width="0.35"/>')
    parts.append(f'<text x="{x + 2.2:.2f}" y="{y + 8.2:.2f}" font-size="7.5" font-weight="700">{square.number}</text>')
    tag = TAGS.get(square.kind)
    if square.kind == "etape":
        tag = f"ÉTAPE {square.step_number}"
    if tag:
        parts.append(f'<text x="{x + w - 2:.2f}" y="{y + 5.5:.2f}" font-size="2.9" font-weight="700" '
                     f'text-anchor="end" letter-spacing="0.2">{esc(tag)}</text>')
    body_lines = 5 if square.rule is None else 4
    lines, size = wrap(square.text, w - 4, body_lines)
    top = y + 12.5
    # A white box behind the words keeps them readable over the patterns.
    if lines and square.kind in ("recul", "bonus"):
        parts.append(f'<rect x="{x + 1.8:.2f}" y="{top - size:.2f}" width="{w - 3.6:.2f}" '
                     f'height="{len(lines) * size * 1.18 + 0.8:.2f}" fill="#ffffff"/>')
    for i, line in enumerate(lines):
        parts.append(f'<text x="{x + 2:.2f}" y="{top + i * size * 1.18:.2f}" font-size="{size:.2f}">{esc(line)}</text>')
    if square.rule is not None:
        parts.append(f'<rect x="{x + 1.8:.2f}" y="{y + h - 6.2:.2f}" width="{w - 3.6:.2f}" height="4.6" fill="#ffffff"/>')
        parts.append(f'<text x="{x + 2:.2f}" y="{y + h - 2.6:.2f}" font-size="3.0" font-weight="700">'
                     f'{esc(square.rule.effect.text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def board_svg(board: Board, svg_id: str | None = None) -> str:
    rows = board.size // COLUMNS + (1 if board.size % COLUMNS else 0)
    cell_w = WIDTH / COLUMNS
    cell_h = (HEIGHT - TITLE_BAND - LEGEND_BAND) / rows
    svg_id = svg_id or f"plateau-{board.slug}"
    description = (f"Plateau de {board.size} cases, en serpentin : de gauche à droite sur la première ligne, puis "
                   "de droite à gauche sur la suivante, et ainsi de suite. La liste des cases est donnée sous "
                   "l'image.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
           f'width="{WIDTH:.0f}mm" height="{HEIGHT:.0f}mm" role="img" aria-labelledby="{svg_id}-titre" '
           f'aria-describedby="{svg_id}-desc" font-family="{FONT}">',
           f'<title id="{svg_id}-titre">{html.escape(board.title)}</title>',
           f'<desc id="{svg_id}-desc">{html.escape(description)}</desc>', DEFS.replace("{p}", svg_id),
           f'<text x="0" y="10" font-size="8" font-weight="700">{html.escape(board.title)}</text>']
    centres = []
    for index, square in enumerate(board.squares):
        row, col = grid_position(index, rows)
        x, y = col * cell_w, TITLE_BAND + row * cell_h
        out.append(square_svg(square, x + 0.8, y + 0.8, cell_w - 1.6, cell_h - 1.6, svg_id))
        centres.append((x + cell_w / 2, y + cell_h / 2, row, col))
    # Where a row ends, a small arrow shows the way down to the next row.
    for (x1, y1, r1, _), (x2, y2, r2, _) in zip(centres, centres[1:]):
        if r1 != r2:
            edge_x = x1 + (cell_w / 2 - 3 if r1 % 2 == 0 else -cell_w / 2 + 3)
            out.append(f'<line x1="{edge_x:.2f}" y1="{y1 + cell_h / 2 - 4:.2f}" x2="{edge_x:.2f}" '
                       f'y2="{y2 - cell_h / 2 + 4:.2f}" stroke="#000" stroke-width="0.6" marker-end="url(#{svg_id}-fleche)"/>')
    legend_y = HEIGHT - LEGEND_BAND + 7
    legend = ("ÉTAPE : une étape du circuit du bailleur. RECUL : un blocage ; la page du guide dit comment en "
              "sortir. BONUS : une bonne pratique du bailleur. OIE : rejouez.")
    out.append(f'<text x="0" y="{legend_y:.2f}" font-size="3.4">{html.escape(legend)}</text>')
    out.append(f'<text x="0" y="{legend_y + 5:.2f}" font-size="3.0">Un pion par joueur, un dé. Règle complète : '
               "fiche « Règle du jeu ».</text>")
    out.append("</svg>")
    return "".join(out)
