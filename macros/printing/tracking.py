"""The tracking sheet, « Fiche de suivi de ma réclamation »: two A4 pages a tenant fills in by
hand. Its choices (landlords, ways of complaining, recourses) come from the data."""
from __future__ import annotations

from dataclasses import dataclass

from macros.data.model import CHANNEL_KINDS
from macros.letters.links import letter_links
from macros.printing.engine import PrintError, meta_dates
from macros.printing.leaflet import Site
from macros.printing.typography import de

TITLE = "Fiche de suivi de ma réclamation"
PAGES = 2
FOLLOW_UP_ROWS = 4


@dataclass(frozen=True)
class Rung:
    title: str
    only_for: str | None  # "A et B" when the recourse is not open to every landlord's tenants


# Past this many landlords, a name list would not fit the sheet: a blank line or the legal form instead.
MAX_LISTED = 8


def rungs(guide) -> list[Rung]:
    out = []
    for rung in guide.ladder:
        concerned = [l for l in guide.landlords if not rung.legal_forms or l.legal_form in rung.legal_forms]
        limited = bool(rung.legal_forms) and len(concerned) < len(guide.landlords)
        named = [de(l) for l in concerned]
        only = (" et ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else named[0]) if limited and named else None
        if only and len(named) > MAX_LISTED:
            only = "des bailleurs " + " ou ".join(rung.legal_forms)
        out.append(Rung(rung.title, f"les locataires {only}" if only else None))
    return out


SHEETS = ("print-base.css", "tracking.css")


def tracking_html(jinja, site: Site, guide) -> str:
    listed = guide.landlords if len(guide.landlords) <= MAX_LISTED else []
    return jinja.get_template("tracking.html.j2").render(
        site=site, title=TITLE, landlords=listed, channels=list(CHANNEL_KINDS.values()), rungs=rungs(guide),
        rows=range(FOLLOW_UP_ROWS), letters=letter_links(guide), meta_dates=meta_dates(site.edition))


def check_pages(pages: int) -> None:
    if pages != PAGES:
        raise PrintError(f"La fiche de suivi fait {pages} pages au lieu de {PAGES} : "
                         "raccourcissez tracking.html.j2 ou l'échelle des recours de circuits/commun.yaml.")
