"""The meeting kit, « Organiser une réunion »: an invitation to fill in by hand, a facilitator's
guide for a 90-minute session, and, for each landlord, a one-page text to read aloud. Every fact
comes from the data (circuits/*.yaml), with its source; the templates only lay it out."""
from __future__ import annotations

from dataclasses import dataclass

from macros.data.model import Landlord
from macros.letters.links import letter_links
from macros.printing.engine import meta_dates
from macros.printing.leaflet import PDF_DIR, PREVIEW_TEXT, Site, display_url
from macros.printing.onepage import Sheet, cited
from macros.printing.poster import danger_level
from macros.printing.tracking import TITLE as TRACKING_TITLE
from macros.printing.typography import de

FOLDER = f"{PDF_DIR}/reunion"
INVITATION = f"{FOLDER}/invitation.pdf"
ANIMATION = f"{FOLDER}/guide-animation.pdf"
INVITATION_TITLE = "Invitation à une réunion des locataires : vos réclamations"
STYLESHEETS = ("print-base.css", "meeting.css")
# The facilitator's guide may take two pages; the invitation and each summary, one.
ANIMATION_PAGES = 2
# Type sizes tried in order, in points, until the document holds on its pages.
INVITATION_FITS = (14.0, 13.0, 12.0)
ANIMATION_FITS = (11.5, 11.0, 10.5, 10.0)
SUMMARY_FITS = (13.0, 12.0, 11.5, 11.0, 10.5, 10.0, 9.0, 8.0)
# Past this many landlords the facilitator's guide names none: they are on /imprimer/.
MAX_LISTED = 8


@dataclass(frozen=True)
class Part:
    """One part of the session: its anchor in the guide's template, its title, its length."""
    id: str
    title: str
    minutes: int


# The session, in order. The guide's template writes what to do in each part (by its id).
SESSION = (
    Part("accueil", "Accueil et tour de table", 10),
    Part("circuit", "Le circuit de votre bailleur", 20),
    Part("jeu", "Le jeu de l’oie des réclamations", 30),
    Part("lettres", "Les lettres et la fiche de suivi", 20),
    Part("suite", "Et après\u00a0?", 10),
)
SESSION_MINUTES = sum(p.minutes for p in SESSION)
ANIMATION_TITLE = f"Animer une réunion de locataires sur les réclamations : le déroulé en {SESSION_MINUTES} minutes"


def session() -> list[dict]:
    """The parts with their start and end, in minutes from the start (« 0 – 10 min »)."""
    out, start = [], 0
    for part in SESSION:
        out.append({"id": part.id, "title": part.title, "minutes": part.minutes, "start": start,
                    "end": start + part.minutes})
        start += part.minutes
    return out


def summary_path(landlord: Landlord) -> str:
    return f"{FOLDER}/a-lire-{landlord.id}.pdf"


def summary_title(landlord: Landlord) -> str:
    return f"À lire à voix haute : votre réclamation chez {landlord.short_name}"


def a4(path: str) -> tuple[Sheet, ...]:
    return (Sheet(path, "A4", 1.0),)


def invitation_context(site: Site) -> dict:
    return {"site": site, "meta_dates": meta_dates(site.edition), "title": INVITATION_TITLE, "session": session(),
            "minutes": SESSION_MINUTES}


def animation_context(site: Site, guide, landlords_listed: list[Landlord]) -> dict:
    return {"site": site, "meta_dates": meta_dates(site.edition), "title": ANIMATION_TITLE, "session": session(),
            "minutes": SESSION_MINUTES, "letters": [l.title for l in letter_links(guide)],
            "tracking": TRACKING_TITLE, "rungs": [r.title for r in guide.ladder],
            "landlords": [l.short_name for l in landlords_listed]}


def halves(items: list) -> list[dict]:
    """A short list in two columns side by side, the first one the longer: each column's items
    and the number of its first item. (Two lists in a table row lay out in a quarter of the time
    of CSS columns, which WeasyPrint balances by laying them out again and again.)"""
    half = (len(items) + 1) // 2
    return [{"items": items[:half], "start": 1}, {"items": items[half:], "start": half + 1}]


def summary_context(site: Site, guide, urgencies, landlord: Landlord, page_url: str) -> dict:
    """A landlord's circuit in short sentences, to read aloud, with the sources of what it says
    (for each recourse, and for where to find an on-call number, the first source: the pages
    online give them all)."""
    danger = danger_level(urgencies)
    numbers = list(urgencies.numbers.values())
    on_call = landlord.on_call
    ladder = guide.ladder_for(landlord)
    steps = [{"title": s.title, "delay": str(s.delay) if s.delay else None, "receives": s.tenant_receives}
             for s in landlord.steps]
    citations = [*(c.citation for c in landlord.channels), *(s.citation for s in landlord.steps),
                 *(n.citation for n in numbers), on_call.citation, *(r.citation for r in landlord.recourses),
                 *(r.citations[0] for r in ladder if r.citations)]
    if danger:
        citations.insert(0, danger.citation)
    if not on_call.how_to_reach and on_call.exists is not False:
        citations.append(urgencies.unknown_on_call.citations[0])
    return {
        "site": site, "meta_dates": meta_dates(site.edition), "title": summary_title(landlord),
        "name": landlord.short_name, "of_name": de(landlord), "draft": landlord.is_draft,
        "danger": {"when": danger.when, "first_step": danger.first_step} if danger else None,
        "channels": [{"label": c.label, "details": c.details, "contact": c.contact, "hours": c.hours}
                     for c in landlord.channels],
        "steps": steps,
        "on_call": {"exists": on_call.exists, "number": on_call.how_to_reach, "hours": on_call.hours,
                    "what_for": on_call.what_for, "hint": urgencies.unknown_on_call.where},
        "number_columns": halves([{"number": n.number, "name": n.name, "when": n.when} for n in numbers]),
        "rung_columns": halves([r.title for r in landlord.recourses] + [f"{r.title}." for r in ladder]),
        "sources": cited(citations), "url": display_url(page_url), "preview_text": PREVIEW_TEXT,
    }
