"""The chart of maximum delays by landlord and level: an SVG drawn at build time, readable in grey.

Every bar carries its value in words above it and a pattern (hatching, dots…) rather than a
colour, so the chart reads the same printed in black and white or by someone who does not see
colours. With no known delay there is nothing to draw: `delay_chart` returns None and the page
says so in words."""
from __future__ import annotations

import math
import textwrap
from html import escape

from macros.data.model import Delay

WIDTH = 340            # about a phone's width: the text keeps its size there
SIDE = 6
AXIS_TOP = 34           # room for the scale labels
GROUP_HEAD = 28         # landlord name
LABEL = 22              # the level's name and delay, above its bar
BAR = 20
GAP = 12
# The scale, in the words a tenant uses; a label too close to the previous one is left out.
TICKS = [(1, "1 h"), (4, "4 h"), (24, "1 jour"), (168, "1 semaine"), (336, "2 semaines"), (720, "1 mois")]
MIN_TICK_GAP = 70
LINE_CHARS = 40         # characters per line of a bar's label, at 14 px in 340 px
# Text over the dashed scale lines keeps a white halo, so the lines never cross the letters.
HALO = 'stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
FONT = 'font-family="inherit"'


def _patterns(prefix: str) -> str:
    """Five fills that differ in shape, not colour: solid, hatching, dots, grid, vertical lines."""
    ink = "#1a1a1a"
    return (
        f'<pattern id="{prefix}-p0" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{ink}"/></pattern>'
        f'<pattern id="{prefix}-p1" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="7" height="7" fill="#fff"/><rect width="3" height="7" fill="{ink}"/></pattern>'
        f'<pattern id="{prefix}-p2" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.6" fill="{ink}"/></pattern>'
        f'<pattern id="{prefix}-p3" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="#fff"/><path d="M0 4H8M4 0V8" stroke="{ink}" stroke-width="1.4"/></pattern>'
        f'<pattern id="{prefix}-p4" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><rect width="2" height="6" fill="{ink}"/></pattern>'
    )


def _x(hours: float, top: float) -> float:
    """Log scale from 1 hour to `top` hours: 4 h and 5 days both stay visible on a phone."""
    plot = WIDTH - 2 * SIDE
    return SIDE + plot * math.log(max(hours, 1)) / math.log(top)


def describe(series: list[tuple[str, list[tuple[str, Delay, int]]]]) -> str:
    """The whole chart in one sentence per landlord: the SVG's text alternative."""
    parts = []
    for landlord, bars in series:
        if bars:
            parts.append(f"{landlord} : " + " ; ".join(f"{label}, {delay}" for label, delay, _ in bars) + ".")
        else:
            parts.append(f"{landlord} : délais à compléter.")
    return " ".join(parts)


def delay_chart(series: list[tuple[str, list[tuple[str, Delay, int]]]], chart_id: str = "urg-delais") -> str | None:
    """One horizontal bar per landlord level with a known delay, grouped by landlord; None if none."""
    if not any(bars for _, bars in series):
        return None
    top = max([200.0] + [d.hours * 1.15 for _, bars in series for _, d, _ in bars])
    def bar_height(label: str, delay: Delay) -> int:
        extra = len(textwrap.wrap(f"{label} : {delay}", LINE_CHARS)) - 1
        return LABEL + extra * (LABEL - 4) + BAR + GAP

    rows_height = sum(GROUP_HEAD + (sum(bar_height(lb, d) for lb, d, _ in bars) if bars else LABEL + GAP)
                      for _, bars in series)
    height = AXIS_TOP + rows_height
    out = []
    # The scale: a label for each tick that fits; its dashed line is drawn across the bars only,
    # never through the words.
    last, ticks = None, []
    for hours, word in TICKS:
        x = _x(hours, top)
        if hours > top or (last is not None and x - last < MIN_TICK_GAP):
            continue
        last = x
        ticks.append(x)
        anchor = "start" if hours == TICKS[0][0] else ("end" if x > WIDTH - 45 else "middle")
        out.append(f'<text x="{x:.1f}" y="16" font-size="13" text-anchor="{anchor}" fill="#333" {FONT}>'
                   f'{escape(word)}</text>')
        out.append(f'<line x1="{x:.1f}" y1="21" x2="{x:.1f}" y2="{AXIS_TOP - 4}" stroke="#767676" stroke-width="1"/>')
    y = AXIS_TOP
    for landlord, bars in series:
        out.append(f'<text x="{SIDE}" y="{y + 20}" font-size="16" font-weight="700" fill="#000" {HALO} {FONT}>'
                   f'{escape(landlord)}</text>')
        y += GROUP_HEAD
        if not bars:
            out.append(f'<text x="{SIDE}" y="{y + 15}" font-size="14" font-style="italic" fill="#333" {HALO} {FONT}>'
                       f'Délais à compléter</text>')
            y += LABEL + GAP
            continue
        for label, delay, pattern in bars:
            # Long names wrap: the value stays bold at the end of the last line.
            lines = textwrap.wrap(f"{label} : {delay}", LINE_CHARS) or [""]
            value = str(delay)
            for n, line in enumerate(lines):
                last = n == len(lines) - 1
                text = (escape(line[: -len(value)]) + f'<tspan font-weight="700">{escape(value)}</tspan>'
                        if last and line.endswith(value) else escape(line))
                out.append(f'<text x="{SIDE}" y="{y + 16}" font-size="14" fill="#000" {HALO} {FONT}>{text}</text>')
                y += LABEL if last else LABEL - 4
            width = max(_x(delay.hours, top) - SIDE, 6)
            out += [f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + BAR + 3}" stroke="#767676" '
                    f'stroke-width="1" stroke-dasharray="3 2"/>' for x in ticks]
            out.append(f'<rect x="{SIDE}" y="{y}" width="{width:.1f}" height="{BAR}" '
                       f'fill="url(#{chart_id}-p{pattern % 5})" stroke="#000" stroke-width="1.5"/>')
            y += BAR + GAP
    title = "Délais maximaux d'intervention, par bailleur et par niveau d'urgence"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="urg-graphique" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-titre {chart_id}-desc">'
        f'<title id="{chart_id}-titre">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(describe(series))}</desc>'
        f'<defs>{_patterns(chart_id)}</defs>' + "".join(out) + "</svg>"
    )
