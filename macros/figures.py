"""The circuit diagram as page HTML: the pre-rendered SVG, or Mermaid source for the browser."""
from __future__ import annotations

import html
import re

from .diagrams import make_accessible
from .mermaid import accessible_description, accessible_title
from .model import Landlord

_NUMBER = re.compile(r"(-?\d+\.\d{2})\d+")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_VIEW_BOX_WIDTH = re.compile(r'\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)', re.IGNORECASE)
_STYLE = re.compile(r'\sstyle="([^"]*)"')
# The region's name, read when the keyboard reaches it.
SCROLL_NAME = "Schéma du circuit, à faire défiler sur le côté si besoin"


def tidy_svg(svg: str) -> str:
    # Mermaid writes coordinates with 15 decimals; two are plenty and halve the size.
    svg = _NUMBER.sub(r"\1", svg).replace("\n", " ")
    # The drawing's own width, for the screen stylesheet: the figure scrolls rather than shrinking
    # the labels below a readable size (a custom property, ignored in print). The viewBox holds
    # it whatever Mermaid's useMaxWidth says.
    opening = _SVG_OPEN.search(svg).group(0)
    width = _VIEW_BOX_WIDTH.search(opening)
    if not width:
        return svg
    prop = f"--largeur-naturelle: {width.group(1)}px"
    style = _STYLE.search(opening)
    if style:
        new_open = opening.replace(style.group(0), f' style="{style.group(1).rstrip("; ")}; {prop};"', 1)
    else:
        new_open = f'{opening[:-1]} style="{prop};">'
    return svg.replace(opening, new_open, 1)


def diagram_figure(landlord: Landlord, svg: str | None, source: str) -> str:
    """A block of raw HTML that Markdown leaves alone (one line, no blank line inside)."""
    caption = ("Le schéma du circuit. La liste « Étape par étape » ci-dessous décrit les mêmes étapes "
               "avec leurs détails.")
    if svg is None:
        # No Chromium at build time: the self-hosted Mermaid draws it in the browser.
        body = f'<div class="mermaid">{html.escape(source)}</div>'
    else:
        body = make_accessible(tidy_svg(svg), f"circuit-{landlord.id}", accessible_title(landlord),
                               accessible_description(landlord))
    # A wide diagram scrolls sideways inside this frame (its text keeps a readable size): the
    # keyboard must reach the frame and screen readers must know what it is (WCAG 2.1.1). The
    # frame is inside the figure, which keeps its caption in view and its own role.
    frame = (f'<div class="diagram-scroll" tabindex="0" role="region" '
             f'aria-label="{html.escape(SCROLL_NAME)}">{body}</div>')
    return (f'<figure class="circuit-diagram" id="schema">{frame}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")
