"""The leaflet's steps in two balanced columns, split here rather than by CSS `columns`.

WeasyPrint balances CSS columns by laying their content out again and again, at each try of
a document's layout: on a leaflet, that was a large share of the layout time (README,
« Performances »). Two floated lists of a chosen length cost next to nothing. The split
is first chosen from heights estimated with the font's own advance widths, then checked
against the heights WeasyPrint laid out: the columns end up as balanced as CSS would make them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from macros.data.model import Landlord
from macros.pages.markup import NBSP, french

PT_PER_MM, PX_PER_MM = 72 / 25.4, 96 / 25.4
# leaflet.css: a step's line height and the size of its second line (relative to the base size),
# and the space after each step.
LINE_HEIGHT, META_SIZE, STEP_SPACE_MM = 1.35, 0.85, 1
STEP_ID = "etape-{}"


@dataclass(frozen=True)
class StepText:
    number: int
    title: str
    meta: str | None  # who acts and the usual delay, on a second line

    @property
    def anchor(self) -> str:
        return STEP_ID.format(self.number)


def balanced_split(heights: list[float]) -> int:
    """How many items go in the left column: the split whose taller column is the shortest,
    the left column taking more items on a tie (CSS columns fill the first one first)."""
    total, left = sum(heights), 0.0
    best, best_count = total, len(heights)
    for count in range(len(heights) + 1):
        left += heights[count - 1] if count else 0.0
        taller = max(left, total - left)
        if taller < best - 1e-6 or (abs(taller - best) <= 1e-6 and count > best_count):
            best, best_count = taller, count
    return best_count


class TextWidths:
    """Advance widths of a font's characters, to count the lines a text takes at a given width."""

    def __init__(self, font_file: Path):
        # late: fontTools is only needed to measure the font
        from fontTools.ttLib import TTFont

        font = TTFont(str(font_file))
        units, advances = font["head"].unitsPerEm, font["hmtx"]
        self.widths = {chr(code): advances[glyph][0] / units for code, glyph in font.getBestCmap().items()}
        self.fallback = self.widths.get("n", 0.5)

    def em(self, text: str) -> float:
        return sum(self.widths.get(char, self.fallback) for char in text)

    def lines(self, text: str, size_pt: float, width_mm: float) -> int:
        """Lines of `text` broken at its spaces (no-break spaces hold), as a first guess: the
        layout has the last word (hyphens, punctuation and kerning make it differ now and then)."""
        room = width_mm * PT_PER_MM / size_pt  # in em
        space, count, used = self.em(" "), 1, None
        for word in text.split(" "):
            width = self.em(word)
            if used is None:
                used = width
            elif used + space + width <= room:
                used += space + width
            else:
                count, used = count + 1, width
        return count


@lru_cache(maxsize=4)
def text_widths(font_file: Path) -> TextWidths:
    return TextWidths(font_file)


def step_texts(landlord: Landlord) -> list[StepText]:
    out = []
    for number, step in enumerate(landlord.steps, start=1):
        meta = [f"Qui agit{NBSP}: {french(step.actor)}" if step.actor else "",
                f"délai habituel{NBSP}: {step.delay}" if step.delay else ""]
        out.append(StepText(number, french(step.title), " · ".join(m for m in meta if m) or None))
    return out


def estimated_heights(bold: TextWidths, regular: TextWidths, steps: list[StepText], font_pt: float,
                      width_mm: float) -> list[float]:
    """Each step's height in a column (pt), from the font's advance widths: a first guess of the split."""
    meta_pt = font_pt * META_SIZE
    return [bold.lines(s.title, font_pt, width_mm) * LINE_HEIGHT * font_pt
            + (regular.lines(s.meta, meta_pt, width_mm) * LINE_HEIGHT * meta_pt if s.meta else 0)
            + STEP_SPACE_MM * PT_PER_MM for s in steps]


def placed_steps(document, steps: list[StepText]) -> dict[str, tuple[int, tuple]]:
    """Where each step was laid out: {anchor: (page index, (x1, y1, x2, y2) in px)}."""
    wanted, found = {s.anchor for s in steps}, {}
    for index, page in enumerate(document.pages):
        found.update((name, (index, box)) for name, box in page.anchors.items() if name in wanted)
    return found


def laid_out_heights(placed: dict, steps: list[StepText]) -> list[float] | None:
    """Each step's height in a column (px), as laid out; None if a step is missing."""
    if any(s.anchor not in placed for s in steps):
        return None
    return [placed[s.anchor][1][3] - placed[s.anchor][1][1] + STEP_SPACE_MM * PX_PER_MM for s in steps]


def step_columns(steps: list[StepText], split: int | None) -> list[list[StepText]]:
    """The steps in their two columns, or in one list (split None: the HTML the cache key is made of)."""
    if split is None:
        return [steps]
    return [column for column in (steps[:split], steps[split:]) if column]
