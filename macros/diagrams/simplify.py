"""Mermaid's SVG made lighter where the drawing stays the same: done once, before the diagram is
cached, so that every page, embed and leaflet gets the lighter one.

- A stadium (the first and last steps) is drawn by Mermaid as two paths of about a hundred
  curve segments each (its half-circles, point by point): a rectangle with rounded ends is the
  same shape. The page's CSS draws both alike (`.node rect` and `.node path` share a rule).
- A label line is one <tspan> per word: one per line with the same attributes draws the same
  text. WeasyPrint lays out each <tspan> on its own.

Together they were about half of the time WeasyPrint took to draw a leaflet's diagram (measured),
and about half of the SVG's bytes."""
from __future__ import annotations

import re

_NUMBER = r"(-?\d+(?:\.\d+)?)"
_POINT = r"-?\d+(?:\.\d+)? -?\d+(?:\.\d+)?"
# The stadium's group: a fill path, then an outline path, both starting at the top edge's left end.
_STADIUM = re.compile(
    r'<g class="basic label-container outer-path">'
    rf'<path d="M{_NUMBER} {_NUMBER} C{_POINT}, {_POINT}, {_NUMBER} {_NUMBER}(?=[ "])[^"]*" '
    r'stroke="none" stroke-width="0" fill="([^"]*)" style="([^"]*)"></path>'
    r'<path d="[^"]*" stroke="([^"]*)" stroke-width="([^"]*)" fill="none"[^>]*></path></g>')
_LINE = re.compile(r'(<tspan class="text-outer-tspan"[^>]*>)((?:<tspan [^>]*>[^<]*</tspan>)+)(</tspan>)')
_WORD = re.compile(r"<tspan ([^>]*)>([^<]*)</tspan>")


def _stadium(match: re.Match) -> str:
    left, top, right, top_again, fill, style, stroke, width = match.groups()
    left, top, right, top_again = (float(v) for v in (left, top, right, top_again))
    # The first segment runs along the top edge, between the two half-circles: from x = -(w/2 - r)
    # to x = w/2 - r, at y = -h/2, with r = h/2. Anything else is not the shape we know.
    if not (top < 0 and abs(top - top_again) < 1e-6 and abs(left + right) < 1e-3 and right >= 0):
        return match.group(0)
    radius = -top
    half_width = right + radius
    return (f'<g class="basic label-container outer-path"><rect x="{-half_width:g}" y="{top:g}" '
            f'width="{2 * half_width:g}" height="{2 * radius:g}" rx="{radius:g}" ry="{radius:g}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}" style="{style}"></rect></g>')


def _line(match: re.Match) -> str:
    words = _WORD.findall(match.group(2))
    merged: list[list[str]] = []
    for attributes, text in words:
        if merged and merged[-1][0] == attributes:
            merged[-1][1] += text
        else:
            merged.append([attributes, text])
    inner = "".join(f"<tspan {attributes}>{text}</tspan>" for attributes, text in merged)
    return match.group(1) + inner + match.group(3)


def simplify(svg: str) -> str:
    return _LINE.sub(_line, _STADIUM.sub(_stadium, svg))
