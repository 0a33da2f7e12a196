"""Where everything on a board goes, in millimetres: the model the SVG is drawn from and the
tests measure (no text may cover another, every square in circuit order along the track).

The track is a serpentine that reads without arrows: rows run left to right, then right to left,
joined by tall corner squares at the ends, so each square touches the next one. The start is at the
top left, the finish ends the last row; a square's width follows its kind (a step needs room for its
words)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from macros.game.board import Board, Square
from macros.printing.columns import TextWidths

# The guide's font, as copied by `make deps`: words are measured with its real advance widths.
FONTS = Path(__file__).resolve().parents[2] / "content" / "assets" / "vendor" / "fonts"
FONT_FILES = {False: "atkinson-hyperlegible-latin-400-normal.woff2", True: "atkinson-hyperlegible-latin-700-normal.woff2"}

WIDTH, HEIGHT = 400.0, 277.0  # A3 landscape less 10 mm margins; the A4 sheet is this one scaled
TITLE_BAND, LEGEND_BAND = 15.0, 27.0
SIDE = 46.0  # width of the left and right columns (start, corners, finish)
GAP = 1.2  # white space between two squares
FRAME = 2.2  # the patterned frame inside a square's border; words sit on white inside it
PAD = 1.3
ICON = 8.0
TURN = 12.0
# How wide a kind's square is, relative to a plain one.
WEIGHT = {"etape": 1.45, "recul": 1.3, "bonus": 1.3, "oie": 1.05, "simple": 0.45, "depart": 1.0, "arrivee": 1.0}
TAGS = {"etape": "ÉTAPE", "recul": "RECUL", "bonus": "BONUS", "oie": "OIE", "depart": "DÉPART", "arrivee": "ARRIVÉE"}
TEXT_SIZES = (4.0, 3.7, 3.4, 3.1, 2.8)  # mm; 3.4 mm is 9.6 pt on A3, 6.8 pt on A4
LINE = 1.2
COMFORTABLE = 3.7  # the smallest size a square's words are given while plain squares can narrow
SLACK = 1.03  # kerning and rounding: a line is taken a little wider than its advances


class LayoutError(Exception):
    pass


@lru_cache(maxsize=2)
def widths(bold: bool) -> TextWidths:
    file = FONTS / FONT_FILES[bold]
    if not file.exists():
        raise LayoutError(f"Police absente ({file.name}) : lancez `make deps`, qui la copie depuis node_modules.")
    return TextWidths(file)


@lru_cache(maxsize=1 << 16)
def em(text: str, bold: bool) -> float:
    """A text's width in em (kept: boards share their words, and each is laid out a few times)."""
    return widths(bold).em(text)


def text_width(text: str, size: float, bold: bool = False) -> float:
    return em(text, bold) * size * SLACK


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        eps = 1e-6
        return (self.x < other.x + other.w - eps and other.x < self.x + self.w - eps
                and self.y < other.y + other.h - eps and other.y < self.y + self.h - eps)

    def contains(self, other: Box) -> bool:
        eps = 1e-6
        return (other.x >= self.x - eps and other.y >= self.y - eps
                and other.x + other.w <= self.x + self.w + eps and other.y + other.h <= self.y + self.h + eps)


@dataclass(frozen=True)
class Ink:
    """One thing drawn that must stay readable: a line of text or a pictogram."""
    kind: str  # text, icon; qr and qr-text: room kept for the printed sheet's code QR and its words
    box: Box
    text: str = ""  # the words, or the icon's kind
    size: float = 0.0  # font size (mm)
    bold: bool = False
    anchor: str = "start"

    @property
    def baseline(self) -> float:
        return self.box.y + 0.8 * self.size


@dataclass
class Cell:
    square: Square
    box: Box
    panel: Box  # the white inside of the frame, where the words go
    shape: str  # corner (tall), side (start, finish) or row
    ink: list[Ink] = field(default_factory=list)
    text_size: float = 0.0  # the size its words were given (0: no words)


@dataclass
class Layout:
    board: Board
    cells: list[Cell]
    extra: list[Ink]  # title and legend

    def all_ink(self) -> list[Ink]:
        return [i for c in self.cells for i in c.ink] + self.extra


def text_ink(text: str, x: float, y: float, size: float, bold: bool = False, anchor: str = "start") -> Ink:
    """A line whose top is at y; its box spans from the top of capitals to the bottom of descenders."""
    width = text_width(text, size, bold)
    left = x - width if anchor == "end" else x
    return Ink("text", Box(left, y, width, size * 1.05), text, size, bold, anchor)


def lines_of(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The text broken at its spaces into lines no wider than `width` (a longer word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def wrap(text: str, width: float, height: float, sizes=TEXT_SIZES, bold: bool = False) -> tuple[list[str], float]:
    """Lines and size so the whole text fits the room; the text is never cut (the smallest size
    is kept if nothing fits: the overlap test then fails)."""
    lines, size = [], sizes[-1]
    for size in sizes:
        lines = lines_of(text, width, size, bold)
        if len(lines) * size * LINE <= height and all(text_width(l, size, bold) <= width for l in lines):
            return lines, size
    return lines, size


def rows_for(size: int) -> int:
    """The number of rows that makes the middle squares closest to square."""
    track_h = HEIGHT - TITLE_BAND - LEGEND_BAND

    def misfit(rows: int) -> float:
        middle = size - 1 - rows
        width = (WIDTH - 2 * SIDE) * rows / middle
        return abs(width / (track_h / rows) - 0.85)
    return min(range(3, 12), key=misfit)


def split_rows(squares: list[Square], rows: int, weight) -> list[tuple[list[Square], Square | None]]:
    """The squares between start and finish as rows, each followed by the corner that turns it."""
    out, rest = [], list(squares)
    turn_weight = 1.0
    for r in range(rows):
        left = rows - r
        if left == 1:
            out.append((rest, None))
            break
        target = (sum(weight(s) for s in rest) - turn_weight * (left - 1)) / left
        row, total = [], 0.0
        while rest and (not row or total + weight(rest[0]) / 2 <= target) and len(rest) > 2 * (left - 1):
            total += weight(rest[0])
            row.append(rest.pop(0))
        out.append((row, rest.pop(0)))
    return out


def fill(cell: Cell, scale: float) -> None:
    """Number, pictogram, kind, words and effect of one square, top to bottom inside its panel.
    On a long circuit's board (smaller squares) everything is drawn `scale` times smaller."""
    sq, p = cell.square, cell.panel
    x0, y0, right = p.x + PAD, p.y + PAD, p.x + p.w - PAD
    icon_size, turn_size = ICON * scale, TURN * scale
    sizes = tuple(round(s * scale, 2) for s in TEXT_SIZES)
    number = text_ink(str(sq.number), x0, y0, 6.0 * scale, bold=True)
    cell.ink.append(number)
    top = y0 + number.box.h + 0.8
    if sq.kind != "simple":
        icon = Ink("icon", Box(right - icon_size, y0, icon_size, icon_size), sq.kind)
        cell.ink.append(icon)
        tag = TAGS[sq.kind] + (f" {sq.step_number}" if sq.kind == "etape" else "")
        tag_ink = text_ink(tag, x0, max(top, y0 + icon_size + 0.6), 3.3 * scale, bold=True)
        cell.ink.append(tag_ink)
        top = tag_ink.box.y + tag_ink.box.h + 0.9
    bottom = p.y + p.h - PAD
    if cell.shape == "corner":
        # The way on, drawn inside the square: nothing crosses the track.
        turn = "virage-droite" if cell.box.x > WIDTH / 2 else "virage-gauche"
        cell.ink.append(Ink("icon", Box(p.x + (p.w - turn_size) / 2, bottom - turn_size, turn_size, turn_size), turn))
        bottom -= turn_size + 1.0
    if sq.rule is not None:
        effect_lines, effect_size = wrap(sq.rule.effect.text, right - x0, 2 * 3.4 * scale * LINE,
                                           tuple(s * scale for s in (3.4, 3.1, 2.8)), bold=True)
        first = bottom - len(effect_lines) * effect_size * LINE
        for i, line in enumerate(effect_lines):
            cell.ink.append(text_ink(line, x0, first + i * effect_size * LINE, effect_size, bold=True))
        bottom = first - 0.8
    if sq.text:
        lines, size = wrap(sq.text, right - x0, bottom - top, sizes)
        cell.text_size = size
        for i, line in enumerate(lines):
            cell.ink.append(text_ink(line, x0, top + i * size * LINE, size))


def fits(cell: Cell, scale: float, comfortable: bool = True) -> bool:
    """Its words fit, and (if `comfortable`) are large enough to read on the A4 sheet."""
    inside = all(cell.panel.contains(i.box) for i in cell.ink)
    readable = not comfortable or cell.text_size == 0 or cell.text_size >= COMFORTABLE * scale - 1e-6
    return inside and readable and not any(a.box.overlaps(b.box) for n, a in enumerate(cell.ink) for b in cell.ink[n + 1:])


def layout(board: Board) -> Layout:
    """The board's plan. A square whose words do not fit is widened, and the rows laid out again;
    on a very long circuit's board, where the rows are full, words only have to fit."""
    for comfortable in (True, False):
        wider: dict[int, float] = {}
        for _ in range(12):
            cells, scale = place(board, lambda s: WEIGHT[s.kind] * wider.get(s.number, 1.0))
            crowded = [c for c in cells if c.shape == "row" and not fits(c, scale, comfortable)]
            if not crowded:
                return Layout(board, cells, title_and_legend(board))
            for c in crowded:
                wider[c.square.number] = wider.get(c.square.number, 1.0) * 1.2
    return Layout(board, cells, title_and_legend(board))


def narrowest(square: Square, scale: float) -> float:
    """The width under which a square's number (and pictogram) would not fit."""
    inner = text_width(str(square.number), 6.0 * scale, True) + 2 * PAD + GAP
    if square.kind == "simple":
        return inner + 0.5
    return inner + 2 * FRAME + ICON * scale + 2.0


def distribute(room: float, weights: list[float], minimums: list[float]) -> list[float]:
    """Widths in proportion to the weights, none under its minimum (the others give way)."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        left = room - sum(fixed.values())
        total = sum(weights[i] for i in free)
        widths = {i: left * weights[i] / total for i in free}
        low = [i for i in free if widths[i] < minimums[i]]
        if not low or len(low) == len(free):
            return [fixed.get(i, widths.get(i, 0.0)) for i in range(len(weights))]
        fixed.update({i: minimums[i] for i in low})


def place(board: Board, weight) -> tuple[list[Cell], float]:
    rows = rows_for(board.size)
    track_top = TITLE_BAND
    row_h = (HEIGHT - TITLE_BAND - LEGEND_BAND) / rows
    middle_x, middle_w = SIDE, WIDTH - 2 * SIDE
    scale = min(1.0, row_h / 39.0)  # 63 squares on 6 rows: full size
    cells: list[Cell] = []

    def add(square: Square, x: float, y: float, w: float, h: float, shape: str) -> None:
        box = Box(x + GAP / 2, y + GAP / 2, w - GAP, h - GAP)
        frame = 0.0 if square.kind == "simple" else FRAME
        panel = Box(box.x + frame, box.y + frame, box.w - 2 * frame, box.h - 2 * frame)
        cell = Cell(square, box, panel, shape)
        fill(cell, scale)
        cells.append(cell)

    squares = board.squares
    add(squares[0], 0, track_top, SIDE, row_h, "side")
    for r, (row, turn) in enumerate(split_rows(squares[1:-1], rows, weight)):
        y = track_top + r * row_h
        widths = distribute(middle_w, [weight(s) for s in row], [narrowest(s, scale) for s in row])
        xs, x = [], middle_x
        for w in widths:
            xs.append(x)
            x += w
        if r % 2:  # right to left
            xs = [middle_x + middle_w - (x_ - middle_x) - w for x_, w in zip(xs, widths)]
        for s, x_, w in zip(row, xs, widths):
            add(s, x_, y, w, row_h, "row")
        if turn is not None:
            add(turn, WIDTH - SIDE if r % 2 == 0 else 0, y, SIDE, 2 * row_h, "corner")
    last_row_right = (rows - 1) % 2 == 0
    add(squares[-1], WIDTH - SIDE if last_row_right else 0, track_top + (rows - 1) * row_h, SIDE, row_h, "side")
    cells.sort(key=lambda c: c.square.number)
    return cells, scale


LEGEND = [("depart", "tout commence ici."), ("etape", "une étape chez le bailleur."),
          ("recul", "un blocage : reculez."), ("bonus", "une bonne pratique : avancez."),
          ("oie", "une trace écrite : rejouez."), ("arrivee", "pile dessus pour gagner.")]
QR, QR_ROOM = 24.0, 66.0
CREDIT = "Pictogrammes : Material Design Icons (Pictogrammers), licence Apache 2.0. Règle : fiche « Règle du jeu »."


def title_and_legend(board: Board) -> list[Ink]:
    ink = [text_ink(board.title, 0, 2.5, 8.0, bold=True),
           text_ink(f"Départ : case 1. Arrivée : case {board.size}. Suivez les numéros.", WIDTH, 5.0, 3.6,
                    anchor="end")]
    y = HEIGHT - LEGEND_BAND + 3.0
    column = (WIDTH - QR_ROOM) / 3
    present = {sq.kind for sq in board.squares}
    for i, (kind, meaning) in enumerate((k, m) for k, m in LEGEND if k in present):
        x, row_y = (i % 3) * column, y + (i // 3) * 8.5
        ink.append(Ink("icon", Box(x, row_y, 6.5, 6.5), kind))
        tag = text_ink(TAGS[kind], x + 8.0, row_y + 1.5, 3.6, bold=True)
        ink.append(tag)
        ink.append(text_ink(meaning, tag.box.x + tag.box.w + 1.5, row_y + 1.5, 3.6))
    ink.append(text_ink(CREDIT, 0, HEIGHT - 3.4, 2.8))
    # Kept free for the printed sheet: the code QR to the circuit's page and the words that say so
    # (or, with the example address, the preview notice).
    ink.append(Ink("qr", Box(WIDTH - QR, HEIGHT - QR, QR, QR)))
    ink.append(Ink("qr-text", Box(WIDTH - QR_ROOM, HEIGHT - QR, QR_ROOM - QR - 1.5, QR)))
    return ink


def squares_in_words(board: Board) -> str:
    """The board for a screen reader: its squares in order (a PDF figure's alternative text)."""
    parts = [f"{board.title}. Plateau de {board.size} cases, en serpentin."]
    for sq in board.squares:
        if sq.kind == "simple":
            continue
        label = TAGS[sq.kind].lower().replace("étape", f"étape {sq.step_number}")
        effect = f" {sq.rule.effect.text}" if sq.rule is not None else ""
        parts.append(f"Case {sq.number}, {label} : {sq.text}{'' if sq.text.endswith('.') else '.'}{effect}")
    parts.append("Les autres cases sont simples.")
    return " ".join(parts)
