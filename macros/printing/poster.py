"""The poster of a landlord, « Un problème dans votre logement ? », for a building's hall or a
community room: the emergency numbers, how to complain to this landlord, where its on-call
number is, the QR code of its page and a box for the association. One page, in A4 and in A3
(the same layout, every size times √2), type large enough to read from two metres."""
from __future__ import annotations

from macros.data.model import Landlord
from macros.printing.engine import meta_dates, svg_image
from macros.printing.leaflet import PDF_DIR, PREVIEW_TEXT, Site, display_url, qr_alt
from macros.printing.onepage import Sheet, cited
from macros.printing.qr import qr_svg
from macros.printing.typography import de

TEMPLATE = "poster.html.j2"
STYLESHEETS = ("print-base.css", "poster.css")
# (file suffix, CSS page size, scale from A4): A3 is A4 with every length times √2.
SIZES = (("a4", "A4", 1.0), ("a3", "A3", 2 ** 0.5))
# The body's size on A4, in points: 20 pt reads from about two metres (README, « Kit de réunion »).
BODY_PT = 20
# Tried in order until the poster holds on one page, its text clear of the pinned foot: the
# largest first, smaller for a landlord with many ways to complain.
FITS = (1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6)
# The recourses a poster names: the first rungs of the ladder, the others are on the page online.
RUNGS = 2


def poster_path(landlord: Landlord, size: str) -> str:
    return f"{PDF_DIR}/affiches/affiche-{landlord.id}-{size}.pdf"


def poster_title(landlord: Landlord, size: str = "") -> str:
    title = f"Un problème dans votre logement ? Affiche pour les locataires {landlord.of_name}"
    return f"{title} ({size.upper()})" if size else title


def poster_sheets(landlord: Landlord) -> tuple[Sheet, ...]:
    return tuple(Sheet(poster_path(landlord, suffix), page, scale) for suffix, page, scale in SIZES)


def danger_level(urgencies):
    """The guide's level where the emergency services come first (« Danger immédiat »)."""
    return next((level for level in urgencies.levels if level.emergency_services), None)


def poster_context(site: Site, guide, urgencies, landlord: Landlord, page_url: str) -> dict:
    """Everything the poster prints, as plain values (they go to a print worker)."""
    danger = danger_level(urgencies)
    numbers = list(urgencies.numbers.values())
    on_call = landlord.on_call
    rungs = guide.ladder_for(landlord)[:RUNGS]
    of_name = de(landlord)
    return {
        "site": site, "meta_dates": meta_dates(site.edition), "body_pt": BODY_PT,
        "title": poster_title(landlord), "name": landlord.short_name, "of_name": of_name,
        "danger": {"when": danger.when, "first_step": danger.first_step} if danger else None,
        "numbers": [{"number": n.number, "name": n.name} for n in numbers],
        "numbers_source": cited(n.citation for n in numbers),
        "channels": [{"label": c.label, "contact": c.contact, "hours": c.hours} for c in landlord.channels],
        "on_call": {"exists": on_call.exists, "number": on_call.how_to_reach, "hours": on_call.hours,
                    "hint": urgencies.unknown_on_call.where},
        "rungs": [r.title for r in rungs],
        "preview_text": PREVIEW_TEXT,
        "qr": "" if site.preview else svg_image(qr_svg(page_url),
                                                 qr_alt(f"la page {landlord.of_name} dans le guide en ligne", page_url)),
        "url": display_url(page_url),
    }
