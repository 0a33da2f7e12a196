"""Every PDF of the build, known from the data before any is made: the « Imprimer et diffuser »
page is written from this list, and its sizes and page counts are filled in once the PDFs exist."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from macros.data.model import Landlord
from macros.printing.engine import human_size, templates
from macros.data.federations import Federation
from macros.printing.leaflet import PDF_DIR, leaflet_path, leaflet_title
from macros.printing.tracking import TITLE as TRACKING_TITLE
from macros.pages.landlords import comparison_split, territories

PAGE = "imprimer.md"
GUIDE = f"{PDF_DIR}/guide-des-reclamations.pdf"
SHEET = f"{PDF_DIR}/fiche-de-suivi.pdf"
# Where the page puts each list; replaced in the HTML once the PDFs are made.
SLOTS = ("guide", "fiche", "depliants", "federations", "territoires")


@dataclass(frozen=True)
class Item:
    path: str                  # inside the site, e.g. "pdf/depliant-opale.pdf"
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


def booklets(guide) -> list:
    """With many landlords, their circuits leave the whole guide for one booklet per territory
    (the threshold is the one that splits the comparison table): a guide of 600 circuits would be
    a few thousand pages nobody prints, and would take longer to make than everything else."""
    return territories(guide) if comparison_split(guide) else []


def booklet_path(territory) -> str:
    return f"{PDF_DIR}/circuits-{territory.slug}.pdf"


def booklet_title(territory) -> str:
    return f"Les circuits des bailleurs : {territory.name}"


def items(landlords: list[Landlord], federations: list[Federation], territories: list = (),
          guide_title: str = "Le guide") -> list[Item]:
    out = [Item(GUIDE, "guide", guide_title), Item(SHEET, "fiche", TRACKING_TITLE)]
    out += [Item(booklet_path(t), "circuits", booklet_title(t)) for t in territories]
    for landlord in landlords:
        out.append(Item(leaflet_path(landlord), "depliant", leaflet_title(landlord), landlord))
        for federation in federations:
            out.append(Item(leaflet_path(landlord, federation), "depliant", leaflet_title(landlord, federation),
                            landlord, federation))
    return out


def slot_marker(name: str) -> str:
    """A block Markdown leaves alone, found again in the page's HTML."""
    return f'<div class="imprimer-liste" data-liste="{name}"></div>'


def page_markdown(landlords: list[Landlord], federations: list[Federation], territories: list = ()) -> str:
    return templates().get_template("imprimer.md.j2").render(
        slot=slot_marker, landlords=landlords, federations=federations, territories=territories)


def fill_page(html: str, made: dict[str, Made] | None, landlords: list[Landlord],
              federations: list[Federation], prefix: str, reason: str | None = None, territories: list = ()) -> str:
    """Put the lists, with sizes and page counts, where the page's markers are.

    A list whose PDFs are not all made yet keeps its marker, for a later call."""
    env = templates()
    for name in SLOTS:
        paths = _paths(name, landlords, federations, territories)
        if made is not None and not all(p in made for p in paths):
            continue
        block = env.get_template("imprimer-liste.html.j2").render(
            name=name, made=made, landlords=landlords, federations=federations, prefix=prefix,
            leaflet_path=leaflet_path, guide=GUIDE, sheet=SHEET, reason=reason, territories=territories,
            booklet_path=booklet_path)
        html = html.replace(slot_marker(name), Markup(block))
    return html


def _paths(name: str, landlords: list[Landlord], federations: list[Federation], territories) -> list[str]:
    if name == "territoires":
        return [booklet_path(t) for t in territories]
    if name == "guide":
        return [GUIDE]
    if name == "fiche":
        return [SHEET]
    if name == "depliants":
        return [leaflet_path(l) for l in landlords]
    return [leaflet_path(l, f) for l in landlords for f in federations]
