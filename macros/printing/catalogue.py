"""Every PDF of the build, known from the data before any is made: the « Imprimer et diffuser »
page is written from this list, and its sizes and page counts are filled in once the PDFs exist."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from macros.data.model import Landlord
from macros.printing.engine import human_size, templates
from macros.data.federations import Federation
from macros.printing.leaflet import PDF_DIR, leaflet_path, leaflet_title
from macros.printing.meeting import ANIMATION, ANIMATION_TITLE, SESSION_MINUTES, INVITATION, INVITATION_TITLE, summary_path, summary_title
from macros.printing.poster import SIZES as POSTER_SIZES, poster_path, poster_title
from macros.printing.tracking import TITLE as TRACKING_TITLE
from macros.pages.landlords import comparison_split, territories

PAGE = "imprimer.md"
GUIDE = f"{PDF_DIR}/guide-des-reclamations.pdf"
SHEET = f"{PDF_DIR}/fiche-de-suivi.pdf"
# Where the page puts each list; replaced in the HTML once the PDFs are made.
SLOTS = ("guide", "fiche", "depliants", "federations", "territoires", "reunion", "affiches")
OFFLINE_SLOT = "hors-ligne"  # filled on its own: the copy is made after the PDFs


@dataclass(frozen=True)
class Item:
    path: str                  # inside the site, e.g. "pdf/depliant-opale.pdf"
    kind: str                  # guide, fiche, depliant, circuits, affiche, invitation, animation, a-lire
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
    return out + kit_items(landlords)


def kit_items(landlords: list[Landlord]) -> list[Item]:
    """The meeting kit (« Organiser une réunion »): the invitation, the facilitator's guide, then for
    each landlord its posters (A4, A3) and its text to read aloud."""
    out = [Item(INVITATION, "invitation", INVITATION_TITLE), Item(ANIMATION, "animation", ANIMATION_TITLE)]
    for landlord in landlords:
        out += [Item(poster_path(landlord, size), "affiche", poster_title(landlord, size), landlord)
                for size, _, _ in POSTER_SIZES]
        out.append(Item(summary_path(landlord), "a-lire", summary_title(landlord), landlord))
    return out


def slot_marker(name: str) -> str:
    """A block Markdown leaves alone, found again in the page's HTML."""
    return f'<div class="imprimer-liste" data-liste="{name}"></div>'


def page_markdown(landlords: list[Landlord], federations: list[Federation], territories: list = (),
                  offline: bool = False) -> str:
    """`offline`: this build also makes the offline copy; the page offers it."""
    return templates().get_template("imprimer.md.j2").render(
        slot=slot_marker, landlords=landlords, federations=federations, territories=territories, offline=offline,
        meeting_minutes=SESSION_MINUTES)


def fill_offline(html: str, prefix: str, path: str, size: int) -> str:
    """The offline copy's line, with its size, once the zip is written."""
    block = templates().get_template("imprimer-liste.html.j2").render(
        name=OFFLINE_SLOT, prefix=prefix, offline_zip=path, offline_size=human_size(size))
    return html.replace(slot_marker(OFFLINE_SLOT), Markup(block))


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
            booklet_path=booklet_path, invitation=INVITATION, animation=ANIMATION, poster_path=poster_path,
            poster_sizes=POSTER_SIZES, summary_path=summary_path)
        html = html.replace(slot_marker(name), Markup(block))
    return html


def _paths(name: str, landlords: list[Landlord], federations: list[Federation], territories) -> list[str]:
    if name == "territoires":
        return [booklet_path(t) for t in territories]
    if name == "guide":
        return [GUIDE]
    if name == "fiche":
        return [SHEET]
    if name == "reunion":
        return [INVITATION, ANIMATION]
    if name == "affiches":
        return [p for l in landlords for p in (*(poster_path(l, s) for s, _, _ in POSTER_SIZES), summary_path(l))]
    if name == "depliants":
        return [leaflet_path(l) for l in landlords]
    return [leaflet_path(l, f) for l in landlords for f in federations]
