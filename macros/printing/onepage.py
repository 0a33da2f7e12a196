"""What the poster and the meeting kit share: documents laid out at a type size that shrinks a
notch at a time until they hold on their pages, written as tagged PDF (PDF/UA-1), and the short
list of sources each one prints.

A task gets a template's name and its context, computed by the build (plain values, pickled to
the worker); the worker renders the HTML at each size in turn. The cache key is the HTML at the
first size: the others differ from it only by the sizes given here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from macros.data.model import Citation, Source
from macros.printing.edition import french_date
from macros.printing.engine import PrintError
from macros.printing.pool import worker_engine


@dataclass(frozen=True)
class Sheet:
    """One document of a task: where it goes, and the page settings it is rendered with."""
    path: str
    page_size: str    # CSS @page size: "A4", "A3"
    scale: float = 1.0  # the whole document's type and margins, e.g. √2 for A3 from A4


def render(jinja, template: str, context: dict, sheet: Sheet, fit: float) -> str:
    return jinja.get_template(template).render(**context, page_size=sheet.page_size, scale=sheet.scale, fit=fit)


def fitted_task(template: str, context: dict, sheets: tuple[Sheet, ...], fits: tuple[float, ...],
                stylesheets: tuple[str, ...], max_pages: int, what: str) -> tuple[dict[str, bytes], dict]:
    """A print worker's task: each sheet at the largest fit that holds on max_pages pages.

    The first sheet chooses the fit; the others (the same document, scaled) start from it, and
    would go smaller only if rounding at their size made them run over."""
    engine = worker_engine()
    chosen, files, pages = None, {}, 0
    for sheet in sheets:
        tries = fits if chosen is None else fits[fits.index(chosen):]
        for fit in tries:
            document = engine.render(render(engine.jinja, template, context, sheet, fit), *stylesheets)
            if len(document.pages) <= max_pages and _foot_is_clear(document):
                chosen, pages = fit, max(pages, len(document.pages))
                files[sheet.path] = engine.write(document, tagged=True)
                break
        else:
            raise PrintError(f"{what} ne tient pas sur {max_pages} page{'s' if max_pages > 1 else ''}, même en "
                             f"petits caractères ({len(document.pages)} pages) : raccourcissez les textes des données "
                             f"ou le modèle {template}.")
    return files, {"pages": pages, "fit": chosen}


# A document whose foot is pinned to the bottom of its last page marks where its text ends and
# where the foot begins: the text must end above the foot.
FLOW_END, FOOT = "fin-contenu", "pied"


def _foot_is_clear(document) -> bool:
    anchors = document.pages[-1].anchors
    if FOOT not in anchors:
        return True
    return FLOW_END in anchors and anchors[FLOW_END][1] + 4 <= anchors[FOOT][1]


@dataclass(frozen=True)
class Cited:
    """A source as a printed document lists it: its title and when the project read it."""
    title: str
    read_on: str | None

    @classmethod
    def of(cls, source: Source) -> "Cited":
        read = french_date(date.fromisoformat(source.read_on)) if source.read_on else None
        return cls(source.title, read)


def cited(citations) -> list[Cited]:
    """Each source once, in order of first use."""
    seen: dict[str, Cited] = {}
    for citation in citations:
        if isinstance(citation, Citation):
            seen.setdefault(citation.source.id, Cited.of(citation.source))
    return list(seen.values())
