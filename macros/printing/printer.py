"""Make every printed document of the guide, in the order the build needs them.

Used by the print hook during `mkdocs build`, and by the tests to make one document again and
compare its bytes with the built one."""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from pathlib import Path

from macros.build.settings import Settings
from macros.data.bundle import Bundle
from macros.diagrams.drawing import Drawn
from macros.diagrams.figures import diagram_figure, diagram_svg
from macros.data.model import Landlord
from macros.printing.catalogue import GUIDE, SHEET, Item, Made, booklet_path, booklet_title, booklets, items
from macros.printing.edition import edition_date, french_date
from macros.printing.engine import Engine, PrintError, templates
from macros.data.federations import Federation
from macros.printing.guide_pdf import SHEETS as GUIDE_SHEETS, Chapter, Linker, guide_html, local_files
from macros.printing.leaflet import (FITS, Site, circuit_in_words, leaflet_html, leaflet_title, leaflets_task, render_base,
                                     render_stamps, stamped_copy, stamps_html)
from macros.printing.pool import PrintPool, close_worker_engine, html_to_pdf, shared
from macros.printing import meeting, poster
from macros.printing.onepage import fitted_task, render as render_one
from macros.printing.questionnaire import SHEETS as QUESTIONNAIRE_SHEETS, questionnaire_html, questionnaire_path
from macros.printing.tracking import SHEETS as TRACKING_SHEETS, check_pages as check_tracking_pages, tracking_html

log = logging.getLogger("mkdocs.hooks.print")
FONTS = Path("assets") / "vendor" / "fonts"


class Printer:
    def __init__(self, bundle: Bundle, docs_dir: Path, settings: Settings,
                 drawn: Drawn | None = None, use_directory_urls: bool = True):
        if not settings.site_url:
            raise PrintError("mkdocs.yml n'a pas de site_url : les codes QR des dépliants en ont besoin.")
        guide = self.guide = bundle.guide
        self.settings, self.drawn = settings, drawn
        self.pool: PrintPool | None = None
        self.site_url = settings.site_url
        self.use_directory_urls = use_directory_urls
        self.federations: list[Federation] = bundle.federations
        # Where to look for an on-call number the guide does not know (circuits/urgences.yaml).
        self.on_call_hint: str = bundle.urgencies.unknown_on_call.where
        self.urgencies = bundle.urgencies
        edition = edition_date(bundle.root, [l.last_review for l in guide.landlords], settings.source_date_epoch)
        self.site = Site(guide.territory.title, self.site_url, edition, french_date(edition), settings.placeholder_address)
        self.fonts_dir = docs_dir / FONTS
        self.booklets = booklets(guide)  # [] unless the circuits are printed by territory
        self.title = guide.territory.title
        self.items: list[Item] = items(guide.landlords, self.federations, self.booklets, self.title)
        self._engine: Engine | None = None
        self.pdfs: dict[str, bytes] = {}
        self.collected: set[Future] = set()
        self.made: dict[str, Made] = {}
        self.partner_pdfs: dict[str, bytes] = {}  # the partners' questionnaires, not in the tenants' catalogue

    @property
    def engine(self) -> Engine:
        # WeasyPrint is imported and its fonts loaded only when a document is actually made.
        if self._engine is None:
            self._engine = Engine(self.fonts_dir)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        close_worker_engine()  # made by kit_document, in this process

    def landlord_url(self, landlord: Landlord) -> str:
        stem = f"bailleurs/{landlord.id}"
        return self.site_url + (f"{stem}/" if self.use_directory_urls else f"{stem}.html")

    def _svgs(self) -> tuple[dict[str, str], dict[str, str]]:
        """(Mermaid sources, SVGs) of every landlord, drawn once per build by the caller."""
        if self.drawn is None or any(svg is None for svg in self.drawn.svgs.values()):
            raise PrintError("Pas de Chromium : les schémas ne sont pas dessinés, les PDF ne peuvent pas les montrer.")
        return self.drawn.sources, self.drawn.svgs

    def figure(self, landlord: Landlord) -> str:
        """A landlord's diagram, as its leaflet shows it."""
        sources, svgs = self._svgs()
        return diagram_figure(landlord, svgs[landlord.id], sources[landlord.id])

    def page_svgs(self) -> dict[str, str]:
        """Each landlord's SVG as its web page shows it (for the marks of the pages' HTML)."""
        _, svgs = self._svgs()
        return {l.id: diagram_svg(l, svgs[l.id]) for l in self.guide.landlords}

    def leaflet(self, landlord: Landlord, federation: Federation | None = None) -> bytes:
        """One leaflet, made from scratch (the tests compare it with the built one)."""
        base = render_base(self.engine, self.site, self.guide, landlord, self.figure(landlord),
                           self.landlord_url(landlord), self.on_call_hint)
        variants = [None, *self.federations]
        stamps = render_stamps(self.engine, variants)
        return stamped_copy(base, stamps[variants.index(federation)], leaflet_title(landlord, federation),
                            self.site.edition)

    def start_leaflets(self, pool: PrintPool) -> None:
        """Hand the workers what needs only the data (the sheet, the leaflets): they make it while
        MkDocs writes the pages. The sheet goes first: the workers make it while the diagrams
        are drawn (once per build, see macros.drawing), which the leaflets wait for."""
        variants = [None, *self.federations]
        landlords = self.guide.landlords
        self.pdfs, self.made = {}, {}
        if self.site.edition is None:
            log.info("Pas de date d'édition (ni SOURCE_DATE_EPOCH, ni date de relecture, ni historique git) : "
                     "les PDF n'en portent pas.")
        jinja = templates()
        # Read by the workers, which fork on the first document that is not in the cache.
        shared.update(fonts_dir=self.fonts_dir, guide=self.guide, site=self.site, variants=variants,
                      on_call_hint=self.on_call_hint,
                      urls={l.id: self.landlord_url(l) for l in landlords})
        self.pool = pool
        cache = pool.cache
        self.jobs: list[tuple[str, Future]] = []
        html = tracking_html(jinja, self.site, self.guide)
        self.jobs.append(("fiche", pool.submit(cache.key("fiche", html), html_to_pdf, html, TRACKING_SHEETS)))
        stamps = stamps_html(jinja, variants)
        for landlord in landlords:
            # Each figure is made here, one at a time, and goes with its task: the workers start on
            # the first leaflets while the next ones are prepared.
            figure = self.figure(landlord)
            # The first try's HTML, its steps in one list, stands for the others: they differ only by
            # the sizes in FITS and the steps' split, all derived from it.
            html = leaflet_html(jinja, self.site, self.guide, landlord, figure, self.landlord_url(landlord), FITS[0],
                                qr_code=False, on_call_hint=self.on_call_hint)
            self.jobs.append(("dépliants", pool.submit(cache.key("depliants", html, stamps), leaflets_task,
                                                       landlord.id, figure)))

    def kit_tasks(self):
        """(what, cache key's kind, task arguments) of each document of the meeting kit: the
        invitation, the facilitator's guide, and each landlord's posters and text to read aloud.
        They need only the data: no diagram."""
        site, guide = self.site, self.guide
        listed = guide.landlords if len(guide.landlords) <= meeting.MAX_LISTED else []
        yield ("reunion", (meeting.INVITATION_TITLE, "invitation.html.j2", meeting.invitation_context(site),
                           meeting.a4(meeting.INVITATION), meeting.INVITATION_FITS, meeting.STYLESHEETS, 1))
        yield ("reunion", (meeting.ANIMATION_TITLE, "animation.html.j2", meeting.animation_context(site, guide, listed),
                           meeting.a4(meeting.ANIMATION), meeting.ANIMATION_FITS, meeting.STYLESHEETS,
                           meeting.ANIMATION_PAGES))
        for landlord in guide.landlords:
            url = self.landlord_url(landlord)
            yield ("affiches", (poster.poster_title(landlord), poster.TEMPLATE,
                                poster.poster_context(site, guide, self.urgencies, landlord, url),
                                poster.poster_sheets(landlord), poster.FITS, poster.STYLESHEETS, 1))
            yield ("lecture", (meeting.summary_title(landlord), "a-lire.html.j2",
                              meeting.summary_context(site, guide, self.urgencies, landlord, url),
                              meeting.a4(meeting.summary_path(landlord)), meeting.SUMMARY_FITS, meeting.STYLESHEETS, 1))

    def start_kit(self) -> None:
        """Hand the workers the meeting kit (README, « Kit de réunion »). Like the guide and the
        booklets, it is left out of GUIDE_PDF=depliants builds."""
        jinja, pool = templates(), self.pool
        for kind, (what, template, context, sheets, fits, css, pages) in self.kit_tasks():
            # The first try's HTML stands for the others: they differ only by the sizes in `fits`.
            html = render_one(jinja, template, context, sheets[0], fits[0])
            self.jobs.append((f"kit:{what}", pool.submit(pool.cache.key(kind, html, *(s.path for s in sheets)),
                                                         fitted_task, template, context, sheets, fits, css, pages,
                                                         what)))

    def kit_document(self, path: str) -> bytes:
        """One document of the kit, made from scratch in this process (the tests compare its bytes)."""
        shared.setdefault("fonts_dir", self.fonts_dir)
        for _, (what, template, context, sheets, fits, css, pages) in self.kit_tasks():
            if any(s.path == path for s in sheets):
                files, _ = fitted_task(template, context, sheets, fits, css, pages, what)
                return files[path]
        raise KeyError(path)

    def start_questionnaires(self, sheets, contact: str | None) -> None:
        """The paper questionnaire of each form of /contribuer/ (see macros.pages.contribute)."""
        jinja, pool = templates(), self.pool
        self.partner_pdfs = {}
        for sheet in sheets:
            url = self.site_url + (f"contribuer/{sheet.id}/" if self.use_directory_urls else f"contribuer/{sheet.id}.html")
            html = questionnaire_html(jinja, self.site, sheet, contact, url)
            self.jobs.append((f"questionnaire:{questionnaire_path(sheet)}",
                              pool.submit(pool.cache.key("questionnaire", html), html_to_pdf, html, QUESTIONNAIRE_SHEETS)))

    def start_guide(self, chapters: list[Chapter], files_by_url: dict[str, str], description: str,
                    partners: str | None) -> dict[str, Made]:
        """Hand the workers the whole guide (or, with many landlords, the guide and the booklets),
        made from the pages' HTML. Returns what is made already; finish() waits for the rest."""
        jinja, pool = templates(), self.pool
        circuits = {l.id: circuit_in_words(l) for l in self.guide.landlords}
        for path, title, part, names in self._documents(chapters):
            linker = Linker(part, self.site_url, files_by_url)
            html = guide_html(jinja, self.site, part, linker, description, partners, names, title,
                              self.guide.territory.nom, self.guide.territory.oeuvre_commune, circuits)
            kind = "guide" if path == GUIDE else "circuits"
            self.jobs.append((path, pool.submit(pool.cache.key(kind, html, *local_files(html)),
                                                html_to_pdf, html, GUIDE_SHEETS, True)))
        self.made_so_far()
        log.info(f"Impression : {pool.made} documents à faire sur {pool.workers} cœurs, "
                 f"{pool.reused} repris du cache.")
        return dict(self.made)

    def made_so_far(self) -> dict[str, Made]:
        for what, future in self.jobs:
            if future.done():
                self._collect(what, future)
        return dict(self.made)

    def _documents(self, chapters: list[Chapter]):
        """(path, title, chapters, landlords named on the cover) of the guide and of each booklet."""
        if not self.booklets:
            yield GUIDE, self.title, chapters, [l.short_name for l in self.guide.landlords]
            return
        by_src = {c.src: c for c in chapters}
        apart = {l.src for l in self.guide.landlords} | {t.src for t in self.booklets}
        yield GUIDE, self.title, [c for c in chapters if c.src not in apart], []
        for t in self.booklets:
            part = [by_src[src] for src in (t.src, *(l.src for l in t.landlords)) if src in by_src]
            yield booklet_path(t), booklet_title(t), part, [l.short_name for l in t.landlords]

    def _collect(self, what: str, future: Future) -> None:
        if future in self.collected:  # made_so_far() may have taken it already
            return
        self.collected.add(future)
        try:
            files, meta = future.result()
        except PrintError:
            raise
        except Exception as exc:  # WeasyPrint, or a worker that died: say which document, not a traceback
            name = ("les dépliants de ce bailleur" if not what.endswith(".pdf") and what != "fiche" else what)
            name = f"« {what.removeprefix('kit:')} »" if what.startswith("kit:") else name
            raise PrintError(f"Le PDF {name} n'a pas pu être fait ({type(exc).__name__} : {str(exc)[:200]}). "
                             "Le site n'a pas été remplacé. Si cela recommence, `make clean` vide les caches ; "
                             "GUIDE_PDF=0 construit le site sans les PDF.") from None
        if what.startswith("questionnaire:"):
            self.partner_pdfs[what.removeprefix("questionnaire:")] = files["pdf"]
        elif what.startswith("kit:"):  # each file under its own path (a poster: A4 and A3, same pages)
            for path, data in files.items():
                self._keep(path, data, meta["pages"])
        elif what.endswith(".pdf"):  # the guide, or a booklet
            self._keep(what, files["pdf"], meta["pages"])
        elif what == "fiche":
            check_tracking_pages(meta["pages"])
            self._keep(SHEET, files["pdf"], meta["pages"])
        else:
            for path, data in files.items():
                self._keep(path, data, meta["pages"])

    def finish(self, whole_catalogue: bool = True) -> dict[str, Made]:
        """Wait for the workers; every PDF of the catalogue is then made (unless only the
        leaflets and the sheet were asked for: whole_catalogue=False)."""
        started = time.monotonic()
        try:
            for what, future in self.jobs:
                self._collect(what, future)
        except PrintError:
            raise
        except Exception as exc:  # a worker's error comes back here: name it and stop the build
            raise PrintError(f"Un document imprimable n'a pas pu être fait : {type(exc).__name__}: {exc}") from exc
        except BaseException:
            self.cancel()
            raise
        log.info(f"{len(self.pdfs)} PDF prêts ({self.pool.made} documents faits, {self.pool.reused} repris du cache ; "
                 f"temps des processus : {self.pool.report()}), {time.monotonic() - started:.1f} s d'attente "
                 "en fin de construction".replace(".", ","))
        by_path = {item.path for item in self.items}
        if whole_catalogue and by_path != set(self.pdfs):
            raise PrintError(f"Catalogue et PDF faits ne correspondent pas : {sorted(by_path ^ set(self.pdfs))}")
        self.pdfs.update(self.partner_pdfs)
        return self.made

    def cancel(self) -> None:
        """Forget the jobs under way; the pool's owner stops its workers."""
        self.jobs, self.pool = [], None

    def _keep(self, path: str, data: bytes, pages: int) -> None:
        by_path = {item.path: item for item in self.items}
        if path not in by_path:
            raise PrintError(f"{path} n'est pas au catalogue des PDF.")
        if path in self.pdfs:  # a last guard: two documents must never share a name
            raise PrintError(f"{path} : deux documents portent ce nom ; la construction s'arrête.")
        self.pdfs[path] = data
        self.made[path] = Made(by_path[path], len(data), pages)

