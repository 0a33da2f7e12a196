"""Make every printed document of the guide, in the order the build needs them.

Used by the print hook during `mkdocs build`, and by the tests to make one document again and
compare its bytes with the built one."""
from __future__ import annotations

import logging
from pathlib import Path

from ..diagrams import DiagramError, find_chromium, render_svgs
from ..figures import diagram_figure
from ..mermaid import flowchart
from ..model import Landlord
from .catalogue import GUIDE, SHEET, Item, Made, items, leaflet_path
from .edition import edition_date, french_date
from .engine import Engine, PrintError, Progress, templates
from .federations import Federation, load_federations
from .guide_job import GuideJob
from .guide_pdf import Chapter, Linker, guide_html
from .leaflet import PAGES, Site, leaflet_title, render_base, render_stamps, stamped
from .tracking import render_tracking_sheet

log = logging.getLogger("mkdocs.hooks.print")
FONTS = Path("assets") / "vendor" / "fonts"


class Printer:
    def __init__(self, root: Path, docs_dir: Path, guide, site_name: str, site_url: str,
                 use_directory_urls: bool = True):
        if not site_url:
            raise PrintError("mkdocs.yml n'a pas de site_url : les codes QR des dépliants en ont besoin.")
        self.guide = guide
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.use_directory_urls = use_directory_urls
        self.federations: list[Federation] = load_federations(root / "circuits", root, guide.sources)
        edition = edition_date(root, [l.last_review for l in guide.landlords])
        self.site = Site(site_name, self.site_url, edition, french_date(edition))
        self.fonts_dir = docs_dir / FONTS
        self.items: list[Item] = items(guide.landlords, self.federations)
        self._engine: Engine | None = None
        self.pdfs: dict[str, bytes] = {}
        self.made: dict[str, Made] = {}

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

    def landlord_url(self, landlord: Landlord) -> str:
        stem = f"bailleurs/{landlord.id}"
        return self.site_url + (f"{stem}/" if self.use_directory_urls else f"{stem}.html")

    def figures(self) -> dict[str, str]:
        """Each landlord's diagram, as the site shows it (the SVGs come from the build's cache)."""
        chromium = find_chromium()
        if chromium is None:
            raise PrintError("Pas de Chromium : les schémas ne sont pas dessinés, les PDF ne peuvent pas les montrer.")
        sources = {l.id: flowchart(l) for l in self.guide.landlords}
        try:
            svgs = render_svgs(sources, chromium)
        except DiagramError as exc:
            raise PrintError(str(exc)) from None
        return {l.id: diagram_figure(l, svgs[l.id], sources[l.id]) for l in self.guide.landlords}

    def leaflet(self, landlord: Landlord, federation: Federation | None = None) -> bytes:
        """One leaflet, made from scratch (the tests compare it with the built one)."""
        base = render_base(self.engine, self.site, self.guide, landlord, self.figures()[landlord.id],
                           self.landlord_url(landlord))
        variants = [None, *self.federations]
        stamps = render_stamps(self.engine, self.site, variants)
        return stamped(base, stamps, variants.index(federation), leaflet_title(landlord, federation),
                       self.site.edition)

    def start(self, chapters: list[Chapter], files_by_url: dict[str, str], description: str,
              partners: str | None) -> dict[str, Made]:
        """Start the whole guide in a second process, then make everything else here.

        Returns what is made so far (all but the guide, unless it came from the cache);
        finish() waits for the guide. The bytes are in self.pdfs."""
        variants = [None, *self.federations]
        landlords = self.guide.landlords
        self.progress = progress = Progress(log, 3 + len(landlords) * len(variants))
        self.pdfs, self.made = {}, {}
        if self.site.edition is None:
            log.info("Pas de date d'édition (ni SOURCE_DATE_EPOCH, ni date de relecture, ni historique git) : "
                     "les PDF n'en portent pas.")

        progress.step(f"le guide complet ({len(chapters)} pages du site)", "préparation du guide")
        linker = Linker(chapters, self.site_url, files_by_url)
        html = guide_html(templates(), self.site, chapters, linker, description, partners,
                          [l.short_name for l in landlords])
        self.guide_job = GuideJob(html, self.fonts_dir)
        log.info("Le guide complet est repris du cache (.cache/pdf/)." if self.guide_job.from_cache else
                 "Le guide complet se fait dans un second processus, pendant la suite.")
        if self.guide_job.from_cache:
            self._keep(GUIDE, *self.guide_job.wait())

        progress.step("la fiche de suivi", "fiche")
        self._keep(SHEET, *render_tracking_sheet(self.engine, self.site, self.guide))
        self.make_leaflets(progress)
        progress.pause()
        self.close()
        return dict(self.made)

    def make_leaflets(self, progress: Progress) -> None:
        """Every leaflet: laid out once per landlord, then one copy per federation with its box."""
        variants = [None, *self.federations]
        progress.step(f"les cadres « association » ({len(variants)} variantes)", "dépliants")
        stamps = render_stamps(self.engine, self.site, variants)
        figures = self.figures()
        for landlord in self.guide.landlords:
            progress.step(f"dépliant {landlord.short_name}", "dépliants")
            base = render_base(self.engine, self.site, self.guide, landlord, figures[landlord.id],
                               self.landlord_url(landlord))
            for index, federation in enumerate(variants):
                if federation is not None:
                    progress.step(f"dépliant {landlord.short_name}, {federation.acronym}", "dépliants")
                self._keep(leaflet_path(landlord, federation),
                           stamped(base, stamps, index, leaflet_title(landlord, federation), self.site.edition), PAGES)

    def finish(self) -> dict[str, Made]:
        """Wait for the whole guide; every PDF of the catalogue is then made."""
        if GUIDE not in self.made:
            self._keep(GUIDE, *self.guide_job.wait())
        elsewhere = {} if self.guide_job.from_cache else {"guide (second processus)": self.guide_job.seconds}
        self.progress.finish(f"{len(self.pdfs)} PDF faits", elsewhere)
        by_path = {item.path for item in self.items}
        if by_path != set(self.pdfs):
            raise PrintError(f"Catalogue et PDF faits ne correspondent pas : {sorted(by_path ^ set(self.pdfs))}")
        return self.made

    def cancel(self) -> None:
        job = getattr(self, "guide_job", None)
        if job is not None:
            job.cancel()

    def _keep(self, path: str, data: bytes, pages: int) -> None:
        by_path = {item.path: item for item in self.items}
        if path not in by_path:
            raise PrintError(f"{path} n'est pas au catalogue des PDF.")
        self.pdfs[path] = data
        self.made[path] = Made(by_path[path], len(data), pages)
