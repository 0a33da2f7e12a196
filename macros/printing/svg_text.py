"""SVG labels drawn one run at a time in the PDFs, not one letter at a time.

WeasyPrint 70 draws an SVG's text character by character (one Pango layout and one text object
per letter, in weasyprint/svg/text.py) so that every letter may take its own x, y, dx, dy or
rotate. Mermaid's labels never do: a label's words sit in a tspan with no position of its own.
Drawn as one run, such a label is shaped once, with the font's kerning, as in the browser that
measured it when laying out the diagram (the saving is in `make bench` and the README).

Text that does place letters one by one (several x or y values, dx, dy, rotate, letter-spacing,
textLength), an empty element, <a> and <textPath> still go through WeasyPrint's own function.
This patches WeasyPrint's private internals, so it applies only to the exact version it was
written for; any other version keeps WeasyPrint's own drawing (tests run both paths). The
upstream issue is Kozea/WeasyPrint#2249."""
from __future__ import annotations

from math import inf

WRITTEN_FOR = "70.0"  # the WeasyPrint version whose svg/text.py this stands in for
PER_LETTER = ("dx", "dy", "rotate", "textLength")
WEIGHTS = {"normal": 400, "bold": 700}


def install() -> None:
    """Route plain <text> and <tspan> runs through draw_run (once per process)."""
    # late: WeasyPrint is heavy and only print workers need it
    import weasyprint
    from weasyprint import svg as weasy_svg

    if weasyprint.__version__ != WRITTEN_FOR or getattr(weasy_svg.text, "draws_runs", False):
        return
    letter_by_letter = weasy_svg.text

    def text(svg, node, font_size):
        if node.tag in ("text", "tspan") and is_plain_run(svg, node, font_size):
            draw_run(svg, node, font_size)
        else:
            letter_by_letter(svg, node, font_size)

    text.draws_runs, text.letter_by_letter = True, letter_by_letter
    for tag, draw in list(weasy_svg.TAGS.items()):
        if draw is letter_by_letter:
            weasy_svg.TAGS[tag] = text
    # draw_node tells text elements by comparing their TAGS entry with this module-level name.
    weasy_svg.text = text


def is_plain_run(svg, node, font_size) -> bool:
    """True when nothing in the element places its letters one by one."""
    if not node.text or any(node.get(name) is not None for name in PER_LETTER):
        return False
    if any(len(_values(node.get(axis))) > 1 for axis in ("x", "y") if node.get(axis) is not None):
        return False
    return not svg.length(node.get("letter-spacing"), font_size)


def run_style(svg, node, font_size):
    """The few properties WeasyPrint reads from an SVG text element, over the initial values."""
    # late: WeasyPrint is heavy and only print workers need it
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style

    style = Style(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [name.strip("\"'") for name in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = _weight(node.get("font-weight", 400))
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    return style


def baseline_shift(node, font_size: float, height: float) -> float:
    """How far the run moves down from its y, by display-anchor or the baseline attributes
    (the same rough font metrics as WeasyPrint's: 0.8 em above the baseline, 0.2 below)."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    anchor = node.get("display-anchor")
    if anchor in ("middle", "top", "bottom"):
        return {"middle": -height / 2, "top": 0, "bottom": -height}[anchor]
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


def draw_run(svg, node, font_size) -> None:
    # late: WeasyPrint is heavy and only print workers need it
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import TextBox
    from weasyprint.text.line_break import split_first_line

    style = run_style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x = _first(node.get("x"), font_size, svg.inner_width)
    y = _first(node.get("y"), font_size, svg.inner_height)
    # As in WeasyPrint: a new, non-zero absolute position drops the shift left by earlier dx/dy.
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    left = x + svg.cursor_d_position[0]
    base_y = y + svg.cursor_d_position[1] + baseline_shift(node, font_size, height)
    top = base_y - baseline
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, ((left, top), (left + width, top + height)))

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(d=-1, e=left, f=base_y))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _values(attribute: str) -> list[str]:
    # late: WeasyPrint is heavy and only print workers need it
    from weasyprint.svg.utils import normalize

    return normalize(attribute).strip().split(" ")


def _first(attribute: str | None, font_size: float, reference: float) -> float | None:
    # late: WeasyPrint is heavy and only print workers need it
    from weasyprint.svg.utils import size

    return None if attribute is None else size(_values(attribute)[0], font_size, reference)


def _weight(value) -> int:
    if value in WEIGHTS:
        return WEIGHTS[value]
    try:
        return int(value)
    except (TypeError, ValueError):
        return 400
