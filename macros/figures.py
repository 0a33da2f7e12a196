"""The circuit diagram as page HTML: the pre-rendered SVG, or Mermaid source for the browser."""
from __future__ import annotations

import html
import re

from .diagrams import make_accessible
from .mermaid import accessible_description, accessible_title
from .model import Landlord

_NUMBER = re.compile(r"(-?\d+\.\d{2})\d+")
_NATURAL_WIDTH = re.compile(r'(<svg\b[^>]*style="[^"]*max-width:\s*)([\d.]+)px')


def tidy_svg(svg: str) -> str:
    # Mermaid writes coordinates with 15 decimals; two are plenty and halve the size.
    svg = _NUMBER.sub(r"\1", svg).replace("\n", " ")
    # The drawing's own width, for the screen stylesheet: on a phone the figure scrolls rather
    # than shrinking the labels below a readable size (a custom property, ignored in print).
    return _NATURAL_WIDTH.sub(lambda m: f"{m.group(1)}{m.group(2)}px; --largeur-naturelle: {m.group(2)}px", svg, count=1)


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
    # On a phone the figure scrolls sideways: tabindex lets keyboard users scroll it too.
    return (f'<figure class="circuit-diagram" id="schema" tabindex="0">{body}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")
