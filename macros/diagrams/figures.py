"""The circuit diagram as page HTML: the pre-rendered SVG, or Mermaid source for the browser."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from macros.diagrams.render import make_accessible
from macros.diagrams.mermaid import accessible_description, accessible_title
from macros.data.model import Landlord

_TAG = re.compile(r"<[^>]+>")
_EXTRA_DECIMALS = re.compile(r"(?<=\d\.\d\d)\d+")  # the third decimal on, of a number
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_VIEW_BOX_WIDTH = re.compile(r'\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)', re.IGNORECASE)
_STYLE = re.compile(r'\sstyle="([^"]*)"')
# The region's name, read when the keyboard reaches it.
SCROLL_NAME = "Schéma du circuit, à faire défiler sur le côté si besoin"


@lru_cache(maxsize=4096)  # each SVG is tidied for its page, its embed page and its leaflet: once is enough
def tidy_svg(svg: str) -> str:
    # Mermaid writes coordinates with 15 decimals; two are plenty and halve the size. Only inside
    # tags: a label's text keeps its own figures (« 1.500 € »).
    svg = _TAG.sub(lambda tag: _EXTRA_DECIMALS.sub("", tag.group(0)), svg).replace("\n", " ")
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


def diagram_svg(landlord: Landlord, svg: str) -> str:
    """The diagram as the page shows it: tidied, named and described for assistive technology."""
    return make_accessible(tidy_svg(svg), f"circuit-{landlord.id}", accessible_title(landlord),
                           accessible_description(landlord))


def svg_mark(landlord_id: str) -> str:
    """Where the SVG goes, in a page's Markdown: a comment that Markdown and the search index skip."""
    return f"<!--schema-svg:{landlord_id}-->"


_MARK = re.compile(r"<!--schema-svg:([a-z0-9-]+)-->")


def fill_svg_marks(page_html: str, svgs: dict[str, str]) -> str:
    """Put each diagram where its mark is. Done on the finished HTML: parsing a large SVG as
    Markdown, then again for the search index, would cost more than the rest of the page."""
    return _MARK.sub(lambda m: svgs[m.group(1)], page_html) if "<!--schema-svg:" in page_html else page_html


def diagram_figure(landlord: Landlord, svg: str | None, source: str, mark_only: bool = False) -> str:
    """A block of raw HTML that Markdown leaves alone (one line, no blank line inside).

    mark_only: the SVG itself is left out, in favour of its mark (see fill_svg_marks)."""
    caption = ("Le schéma du circuit. La liste « Étape par étape » ci-dessous décrit les mêmes étapes "
               "avec leurs détails.")
    if svg is None:
        # No Chromium at build time: the self-hosted Mermaid draws it in the browser.
        body = f'<div class="mermaid">{html.escape(source)}</div>'
    else:
        body = svg_mark(landlord.id) if mark_only else diagram_svg(landlord, svg)
    # A wide diagram scrolls sideways inside this frame (its text keeps a readable size): the
    # keyboard must reach the frame and screen readers must know what it is (WCAG 2.1.1). The
    # frame is inside the figure, which keeps its caption in view and its own role.
    frame = (f'<div class="diagram-scroll" tabindex="0" role="region" '
             f'aria-label="{html.escape(SCROLL_NAME)}">{body}</div>')
    return (f'<figure class="circuit-diagram" id="schema">{frame}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")
