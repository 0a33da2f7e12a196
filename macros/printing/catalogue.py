"""Every PDF of the build, known from the data before any is made: the « Imprimer et diffuser »
page is written from this list, and its sizes and page counts are filled in once the PDFs exist."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model import Landlord
from .engine import human_size, templates
from .federations import Federation
from .guide_pdf import TITLE as GUIDE_TITLE
from .leaflet import leaflet_title
from .tracking import TITLE as TRACKING_TITLE

PDF_DIR = "pdf"
PAGE = "imprimer.md"
GUIDE = f"{PDF_DIR}/guide-des-reclamations.pdf"
SHEET = f"{PDF_DIR}/fiche-de-suivi.pdf"
# Where the page puts each list; replaced in the HTML once the PDFs are made.
SLOTS = ("guide", "fiche", "depliants", "federations")


@dataclass(frozen=True)
class Item:
    path: str                  # inside the site, e.g. "pdf/depliant-actis.pdf"
    kind: str                  # guide, fiche, depliant
    title: str
    landlord: Landlord | None = None
    federation: Federation | None = None


@dataclass(frozen=True)
class Made:
    item: Item
    size: int
    pages: int

    @property
    def label(self) -> str:
        pages = f"{self.pages}\u00a0page{'s' if self.pages > 1 else ''}"
        return f"PDF, {pages}, {human_size(self.size)}"


def items(landlords: list[Landlord], federations: list[Federation]) -> list[Item]:
    out = [Item(GUIDE, "guide", GUIDE_TITLE), Item(SHEET, "fiche", TRACKING_TITLE)]
    for landlord in landlords:
        out.append(Item(leaflet_path(landlord), "depliant", leaflet_title(landlord), landlord))
        for federation in federations:
            out.append(Item(leaflet_path(landlord, federation), "depliant", leaflet_title(landlord, federation),
                            landlord, federation))
    return out


def leaflet_path(landlord: Landlord, federation: Federation | None = None) -> str:
    suffix = f"-{federation.id}" if federation else ""
    return f"{PDF_DIR}/depliant-{landlord.id}{suffix}.pdf"


def slot_marker(name: str) -> str:
    """A block Markdown leaves alone, found again in the page's HTML."""
    return f'<div class="imprimer-liste" data-liste="{name}"></div>'


def page_markdown(landlords: list[Landlord], federations: list[Federation]) -> str:
    return templates().get_template("imprimer.md.j2").render(
        slot=slot_marker, landlords=landlords, federations=federations)


def fill_page(html: str, made: dict[str, Made] | None, landlords: list[Landlord],
              federations: list[Federation], prefix: str, reason: str | None = None) -> str:
    """Put the lists, with sizes and page counts, where the page's markers are.

    A list whose PDFs are not all made yet keeps its marker, for a later call."""
    env = templates()
    for name in SLOTS:
        paths = _paths(name, landlords, federations)
        if made is not None and not all(p in made for p in paths):
            continue
        block = env.get_template("imprimer-liste.html.j2").render(
            name=name, made=made, landlords=landlords, federations=federations, prefix=prefix,
            leaflet_path=leaflet_path, guide=GUIDE, sheet=SHEET, reason=reason)
        html = html.replace(slot_marker(name), Markup(block))
    return html


def _paths(name: str, landlords: list[Landlord], federations: list[Federation]) -> list[str]:
    if name == "guide":
        return [GUIDE]
    if name == "fiche":
        return [SHEET]
    if name == "depliants":
        return [leaflet_path(l) for l in landlords]
    return [leaflet_path(l, f) for l in landlords for f in federations]
