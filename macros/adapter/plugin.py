"""The guide's one entry point into MkDocs: each event calls the pipeline's stages in the order
they run. This is the only package that imports MkDocs; the stages (data, diagrams, pages,
printing, game) take plain values and return strings or bytes.

Order of a build, event by event:
1. on_startup: remember the command (`mkdocs serve` keeps a browser open and skips the PDFs).
2. on_config: read the settings once, load every data file once (the bundle), give the glossary
   to the `abbr` extension and the page macros to mkdocs-macros; in the offline copy's build, links
   to files and search from file://.
3. on_files: draw the diagrams once; start the leaflets on the print workers; add every
   generated page and file (landlords, comparison, urgencies, federations, letters, embeds, open data,
   the game, the « Imprimer » page); start the game's PDFs.
4. on_nav: the menu in the order a tenant needs it; then previous/next links follow it.
5. on_page_markdown: the practice fiches' appendix, the embed section and the leaflet link.
6. on_env: the theme's templates compiled once; the whole guide goes to the print workers.
7. on_post_page: the diagrams' SVG into the pages, the oEmbed link into the landlords' heads.
8. on_post_build (last): wait for the print workers and write every PDF into the site; then the
   offline copy (macros/offline/: a second build, GUIDE_HORS_LIGNE=copie, zipped into the site).
9. on_build_error: stop the workers."""
from __future__ import annotations

import functools
import logging
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from markupsafe import escape
from mkdocs.utils import get_relative_url

from macros.adapter import menu
from macros.build.settings import Settings, SettingsError
from macros.build.stats import reset as reset_stats
from macros.build.templating import compiled_cache, use_cache_root
from macros.data.bundle import Bundle
from macros.data.glossary import abbreviations
from macros.data.guide import PRACTICES_DIR
from macros.data.problems import DataErrors
from macros.diagrams.drawing import Drawn, circuit_diagrams
from macros.diagrams.figures import diagram_figure, diagram_svg, fill_svg_marks
from macros.diagrams.render import DiagramError, warm_up
from macros.game.stage import GameStage
from macros.letters import printed as letters_printed
from macros.letters.stage import apart_from_guide, letters_for
from macros import offline
from macros.offline import copy as offline_copy
from macros.pages import contribute, embed, landlords, opendata, page_macros
from macros.pages import urgences as urgency_pages
from macros.pages.csp import with_policy
from macros.pages.markup import Citer, Md, finalize, join
from macros.pages.render import render
from macros.pages.federations import FOLDER as FEDERATIONS_DIR, federation_pages
from macros.printing import catalogue
from macros.printing.engine import PrintError
from macros.printing.guide_pdf import Chapter
from macros.printing.pool import PrintPool, close_pool, open_pool
from macros.printing.printer import Printer

log = logging.getLogger("mkdocs.plugins.guide")
DATA_PAGE = "donnees.md"  # its URL is /donnees/, beside the data files in donnees/
# Pages left out of the printed guide: the « Imprimer » page itself (it lists the PDFs), and pages
# for the partners or for re-users of the data rather than for tenants.
NOT_PRINTED = {catalogue.PAGE, "a-verifier.md", DATA_PAGE}


def _guarded(event):
    """An unexpected error in the guide's code stops the build with one line saying what failed,
    not a Python traceback; GUIDE_DEBUG=1 lets the traceback through."""
    @functools.wraps(event)
    def run(self, *args, **kwargs):
        try:
            return event(self, *args, **kwargs)
        except MkDocsException:
            raise
        except Exception as exc:
            if self.build is not None and self.build.settings.debug:
                raise
            self._cancel()
            raise PluginError(f"Erreur inattendue du guide ({event.__name__}) : {type(exc).__name__} : "
                              f"{str(exc)[:300]}. GUIDE_DEBUG=1 montre la trace Python.") from None
    return run


@dataclass
class BuildState:
    """What one build knows; made anew by on_config, so nothing leaks from one rebuild to the next."""
    settings: Settings
    bundle: Bundle
    printer: Printer
    site: embed.Site
    drawn: Drawn | None = None
    svgs: dict[str, str] = field(default_factory=dict)
    pool: PrintPool | None = None
    game: GameStage | None = None
    letters: object = None
    landlords_by_src: dict = field(default_factory=dict)
    nav: object = None
    page_url: str = ""
    page_dest: Path | None = None


class GuidePlugin(BasePlugin):
    def __init__(self):
        self.command = "build"
        self.build: BuildState | None = None

    # -- 1. startup ----------------------------------------------------------------------------
    def on_startup(self, *, command, dirty):
        self.command = command

    # -- 2. configuration and data -------------------------------------------------------------
    @_guarded
    def on_config(self, config):
        try:
            settings = Settings.from_environment(command=self.command, site_url=config.site_url,
                                                 site_name=config.site_name)
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        # MkDocs writes the address too (sitemap, canonical links): it gets the one the settings chose.
        config.site_url = settings.site_url or config.site_url
        reset_stats(settings)
        use_cache_root(settings.cache_root)
        if self.command == "serve" and settings.chromium is not None:
            # The diagrams' browser starts now, in the background: the first edit need not wait for it.
            warm_up(settings.chromium, settings.cache_root, settings.diagram_tabs)
        # The project is the folder of mkdocs.yml, so a copy of it (tests, bench) builds its own data.
        root = Path(config.config_file_path).resolve().parent
        try:
            bundle = Bundle.load(root, Path(config.docs_dir))
        except DataErrors as errors:
            _stop(errors)
        # The site's name, description and footer are the territory's (circuits/territoire.yaml).
        territory = bundle.guide.territory
        # Escaped once here: the theme prints them as they are, and the data is not trusted.
        config.site_name, config.site_description, config.copyright = (
            escape(territory.title), escape(territory.description), escape(territory.credits))
        settings = replace(settings, site_name=territory.title)
        try:
            site = embed.Site.from_settings(settings)
            printer = Printer(bundle, Path(config.docs_dir), settings,
                              use_directory_urls=config.use_directory_urls)
        except (PrintError, ValueError) as exc:
            raise PluginError(str(exc)) from None
        self.build = BuildState(settings, bundle, printer, site)
        if "abbr" not in config.markdown_extensions:
            raise PluginError("mkdocs.yml : l'extension Markdown « abbr » est nécessaire pour les bulles d'aide du glossaire.")
        config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviations(bundle.glossary)
        _register_page_macros(config, bundle)
        without_search_in_serve(config, settings)
        if settings.offline_pass:
            _offline_pass(config)
        skip = settings.pdf_skip_reason()
        if skip:
            log.info(f"PDF non produits : {skip}.")
        elif settings.placeholder_address:
            log.info("Aperçu : l'adresse du site est celle d'exemple ; les documents imprimés portent « APERÇU — "
                     "adresse du site à définir » et pas de code QR (GUIDE_SITE_URL=https://… pour la vraie).")
        return config

    # -- 3. generated files --------------------------------------------------------------------
    # Before the other plugins' on_files: the leaflets need only the data and the diagrams, so the
    # workers start on them at once, while the pages are generated.
    @event_priority(50)
    @_guarded
    def on_files(self, files, config):
        b = self.build
        guide = b.bundle.guide
        try:
            b.drawn = circuit_diagrams(guide, b.settings, keep_browser=self.command == "serve")
        except DiagramError as exc:
            raise PluginError(str(exc)) from None
        b.printer.drawn = b.drawn
        add = _adder(files, config)
        add(catalogue.PAGE, catalogue.page_markdown(guide.landlords, b.printer.federations, b.printer.booklets,
                                                    offline=b.settings.makes_offline_copy))
        if b.settings.offline_pass:
            for src_uri, content in offline.worker_files().items():
                add(src_uri, content)
        if not b.settings.pdf_skip_reason():
            b.pool = open_pool(b.settings, Path(config.docs_dir) / "assets" / "vendor" / "fonts")
            try:
                b.printer.start_leaflets(b.pool)
                if not b.settings.leaflets_only:  # GUIDE_PDF=depliants: the leaflets and the sheet only
                    b.printer.start_questionnaires(contribute.sheets(b.bundle), config.extra.get("adresse_reponses"))
                    b.printer.start_kit()
            except PrintError as exc:
                self._cancel()
                raise PluginError(str(exc)) from None
        svgs = b.drawn.svgs
        if all(svg is not None for svg in svgs.values()):
            _without_mermaid2(config)
        self._landlord_pages(add, config)
        self._embeds_and_data(add, config)
        for src_uri, content in urgency_pages.all_pages(guide, b.bundle.urgencies).items():
            add(src_uri, content)
        self._federation_pages(add)
        self._letters(add, config)
        paper = (None if b.settings.pdf_skip_reason() or b.settings.leaflets_only
                 else contribute.questionnaires(b.bundle))
        for src_uri, content in contribute.pages(b.bundle, config.extra.get("adresse_reponses"), paper,
                                                 config.use_directory_urls).items():
            add(src_uri, content)
        b.game = GameStage(b.bundle, b.settings, b.settings.site_url or "/")
        try:
            game_files = b.game.files(files.get_file_from_path)
        except DataErrors as errors:
            self._cancel()
            _stop(errors)
        for src_uri, content in game_files.items():
            add(src_uri, content)
        if b.pool is not None and b.game.skip_reason is None:
            b.game.start(b.pool)
        return files

    def _landlord_pages(self, add, config) -> None:
        b = self.build
        guide, svgs = b.bundle.guide, b.drawn.svgs
        add("bailleurs/index.md", landlords.index_page(guide))
        for src_uri, content in landlords.comparison_pages(guide).items():
            add(src_uri, content)
        paper = (None if b.settings.pdf_skip_reason() or b.settings.leaflets_only
                 else contribute.questionnaires(b.bundle))
        add("a-verifier.md", landlords.gaps_page(b.bundle, paper))
        # The SVGs join the pages once they are HTML (on_post_page): Markdown only sees a mark.
        b.svgs = {l.id: diagram_svg(l, svgs[l.id]) for l in guide.landlords if svgs[l.id] is not None}
        for landlord in guide.landlords:
            figure = diagram_figure(landlord, svgs[landlord.id], b.drawn.sources[landlord.id], mark_only=True)
            add(landlord.src, landlords.landlord_page(guide, landlord, figure, b.bundle.urgencies.unknown_on_call,
                                                      directory_urls=config.use_directory_urls))
        b.landlords_by_src = {l.src: l for l in guide.landlords}

    def _letters(self, add, config) -> None:
        b = self.build
        try:
            b.letters = letters_for(b.bundle)
        except DataErrors as errors:
            self._cancel()
            _stop(errors)
        # The offline copy has no embeds: they are for partners' sites, online.
        embedded = not b.settings.offline_pass
        pages = b.letters.pages(pdf=not b.settings.pdf_skip_reason(), directory_urls=config.use_directory_urls,
                                embeds=embedded)
        embeds = b.letters.embeds(config.site_name, b.site.url, config.theme.get("favicon")) if embedded else {}
        for src_uri, content in {**pages, **embeds}.items():
            add(src_uri, content)
        if b.pool is not None:
            letters_printed.start(b.letters, b.pool, Path(config.docs_dir), b.settings.source_date_epoch)

    def _federation_pages(self, add) -> None:
        bundle = self.build.bundle
        pages = federation_pages(bundle.federations, bundle.glossary)
        add(f"{FEDERATIONS_DIR}/index.md", render("federations_index.md.j2", federations=pages,
                                                  origin=bundle.guide.territory.example("federations-origine"),
                                                  cite=Citer(bundle.guide.sources, "page /federations/")))
        for page in pages:
            sources = {}
            for c in [*page.definition_citations, *(c for _, c in page.facts)]:
                sources.setdefault(c.source.id, c.source)
            add(page.src, render("federation.md.j2", f=page, sources=list(sources.values())))

    def _embeds_and_data(self, add, config) -> None:
        b = self.build
        guide, site, drawn = b.bundle.guide, b.site, b.drawn
        for landlord in guide.landlords if not b.settings.offline_pass else ():
            figure = diagram_figure(landlord, drawn.svgs[landlord.id], drawn.sources[landlord.id])
            page = embed.embed_page(guide, landlord, figure, site, has_svg=drawn.svgs[landlord.id] is not None,
                                    icon=config.theme.get("favicon"))
            add(f"{embed.EMBED_DIR}/{landlord.id}/index.html", page)
            add(f"{embed.EMBED_DIR}/{landlord.id}/oembed.json", embed.oembed_json(site, landlord))
            add(embed.code_src(landlord), embed.code_page(site, landlord))
        data = opendata.OpenData.load(guide, b.bundle.root / "circuits", b.settings.site_name, b.settings.site_url,
                                      b.settings.source_date_epoch)
        for src_uri, content in data.files().items():
            add(src_uri, content)
        try:
            documentation = opendata.documentation(data)
        except ValueError as exc:  # a schema construct the page cannot describe yet
            raise PluginError(f"circuits/{opendata.CIRCUIT_SCHEMA} ou {opendata.SHARED_SCHEMA} : {exc}") from None
        add(DATA_PAGE, render("opendata_page.md.j2", **documentation))

    # -- 4. menu -------------------------------------------------------------------------------
    @_guarded
    def on_nav(self, nav, config, files):
        b = self.build
        menu.order(nav, b.bundle, urgency_pages.nav_order(b.bundle.urgencies), Section, Page)
        b.nav = nav
        return nav

    # -- 5. Markdown of each page --------------------------------------------------------------
    @_guarded
    def on_page_markdown(self, markdown, page, config, files):
        b = self.build
        src = page.file.src_uri
        page_macros.fill_front_matter(page.meta, b.bundle.guide.territory)
        parts = src.split("/")
        if len(parts) == 2 and parts[0] == PRACTICES_DIR and parts[1] != "index.md":
            # str(): page Markdown and generated Markdown are joined as text, neither escaped again
            return markdown + str(landlords.practice_appendix(b.bundle.guide, parts[1].removesuffix(".md")))
        landlord = b.landlords_by_src.get(src)
        if landlord is not None and not b.settings.offline_pass:
            markdown = _before_sources(markdown, str(embed.link_section(landlord)))
        if src == "index.md" and b.settings.offline_pass:
            site = b.printer.site
            markdown = _after_title(markdown, offline.home_notice(site.edition_text, None if site.preview else site.url))
        if b.settings.pdf_skip_reason():
            return markdown
        if landlord is not None:
            return _leaflet_link(markdown, page, landlord)
        if src == "index.md":
            return markdown.rstrip("\n") + _print_section(page)
        return markdown

    # -- 6. every page is HTML, none is written yet --------------------------------------------
    @_guarded
    def on_env(self, env, config, files):
        # The theme's templates, compiled once and kept on disk: every build (and every rebuild under
        # `mkdocs serve`) otherwise compiles them again. A template whose source changed is recompiled.
        env.bytecode_cache = compiled_cache("theme")
        b = self.build
        printer, skip, made = b.printer, b.settings.pdf_skip_reason(), None
        if not skip and b.settings.leaflets_only:
            made = printer.made_so_far()
        elif not skip:
            chapters = [Chapter(p.url, p.title, fill_svg_marks(p.content, b.svgs),
                                p.parent.title if p.parent else None, p.file.src_uri)
                        for p in b.nav.pages if p.file.src_uri not in NOT_PRINTED and p.content is not None
                        and not apart_from_guide(p.file.src_uri)
                        and not p.file.src_uri.startswith(contribute.FOLDER + "/")]
            files_by_url = {f.url: f.abs_src_path for f in files
                            if not f.is_documentation_page() and f.abs_src_path and Path(f.abs_src_path).exists()}
            try:
                made = printer.start_guide(chapters, files_by_url, config.site_description or "", config.copyright)
            except PrintError as exc:
                self._cancel()
                raise PluginError(str(exc)) from None
        page = files.get_file_from_path(catalogue.PAGE).page
        b.page_url, b.page_dest = page.url, Path(page.file.abs_dest_path)
        page.content = self._fill_catalogue(page.content, made, page.url)
        return env

    def _fill_catalogue(self, html: str, made, url: str) -> str:
        b = self.build
        return catalogue.fill_page(html, made, b.bundle.guide.landlords, b.printer.federations, "../" * url.count("/"),
                                   b.settings.pdf_skip_reason(), b.printer.booklets)

    # -- 7. each page's HTML -------------------------------------------------------------------
    @_guarded
    def on_post_page(self, output, page, config):
        b = self.build
        output = fill_svg_marks(output, b.svgs)
        src = page.file.src_uri
        landlord = b.landlords_by_src.get(src)
        code_page = src.startswith(embed.EMBED_DIR + "/") and src.endswith(f"/{embed.CODE_PAGE}.md")
        if landlord is None and not code_page:
            return with_policy(output)
        if "</head>" not in output:
            raise PluginError(f"{page.file.src_uri} : pas de </head> où annoncer l'oEmbed.")
        assets = get_relative_url(embed.ASSETS, page.url)
        # The landlord page announces its oEmbed; the code page carries the copy buttons.
        head = (embed.head_link(b.site, landlord) if landlord is not None else
                f'<link rel="stylesheet" href="{assets}/extraits.css">'
                f'<script src="{assets}/copier.js" defer></script>')
        return with_policy(output.replace("</head>", head + "</head>", 1))

    def on_post_template(self, output_content, template_name, config):
        # The theme's own pages (404.html); sitemap.xml and the like are not HTML.
        return with_policy(output_content) if template_name.endswith(".html") else output_content

    # -- 8. the PDFs ---------------------------------------------------------------------------
    @event_priority(-50)  # last: the other plugins' post-build work runs while the guide is being made
    @_guarded
    def on_post_build(self, config):
        b = self.build
        site = Path(config.site_dir)
        if b.game is not None:
            try:
                b.game.write(site / "jeu")
            except Exception as exc:
                self._cancel()
                raise PluginError(f"Jeu de l'oie : un PDF n'a pas pu être fait ({type(exc).__name__}: {exc}).") from exc
        try:
            letters_printed.write(b.letters, site)
        except PrintError as exc:
            self._cancel()
            raise PluginError(str(exc)) from None
        if b.settings.pdf_skip_reason():
            self._close()
        else:
            self._write_pdfs(site)
        if b.settings.makes_offline_copy:
            self._offline_copy(config, site)

    def _write_pdfs(self, site: Path) -> None:
        b = self.build
        try:
            made = b.printer.finish(whole_catalogue=not b.settings.leaflets_only)
        except PrintError as exc:
            self._cancel()
            raise PluginError(str(exc)) from None
        self._close()
        for path, data in b.printer.pdfs.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        # The guide may have been made after the page was written: its line goes in now.
        html = b.page_dest.read_text(encoding="utf-8")
        filled = self._fill_catalogue(html, made, b.page_url)
        if filled != html:
            b.page_dest.write_text(filled, encoding="utf-8")
        total = sum(m.size for m in made.values())
        size = f"{total / 1e6:.1f}".replace(".", ",")
        log.info(f"PDF écrits dans {site.name}/pdf/ : {len(made)} fichiers, {size} Mo.")

    def _offline_copy(self, config, site: Path) -> None:
        """The whole site again, for file://, zipped into the site; /imprimer/ then gives its size."""
        b = self.build
        try:
            size = offline_copy.make(Path(config.config_file_path), site / offline.ZIP, b.printer.site.edition,
                                     strict=bool(config.strict))
        except offline_copy.OfflineCopyError as exc:
            raise PluginError(str(exc)) from None
        html = b.page_dest.read_text(encoding="utf-8")
        b.page_dest.write_text(catalogue.fill_offline(html, "../" * b.page_url.count("/"), offline.ZIP, size),
                               encoding="utf-8")
        log.info(f"Copie hors ligne écrite : {site.name}/{offline.ZIP}, {catalogue.human_size(size)}.")

    # -- 9. errors -----------------------------------------------------------------------------
    def on_build_error(self, error):
        # A failed build must not leave the print workers running.
        self._cancel()

    def _close(self) -> None:
        b = self.build
        if b is not None and b.pool is not None:
            pool, b.pool = b.pool, None
            close_pool(pool, b.settings)

    def _cancel(self) -> None:
        b = self.build
        if b is not None and b.pool is not None:
            b.printer.cancel()
            pool, b.pool = b.pool, None
            close_pool(pool, b.settings, cancel=True)


def without_search_in_serve(config, settings: Settings) -> None:
    """`mkdocs serve` leaves the search index out, as it does the PDFs: Material reads every page
    again to make it, a sixth of each rebuild. GUIDE_RECHERCHE=1 keeps it; `make build` always
    makes it."""
    if settings.command != "serve" or settings.search_in_serve:
        return
    search = config.plugins.get("material/search")
    if search is not None:
        search.config.enabled = False  # its handlers, already registered, now do nothing
        del config.plugins["material/search"]  # and the theme draws no search field that would find nothing
        log.info("Recherche non indexée : `mkdocs serve` ne refait pas son index (GUIDE_RECHERCHE=1 pour le faire).")


def _offline_pass(config) -> None:
    """The build of the offline copy, opened from file://: links to files (`.html`), not folders;
    Material's offline plugin writes the search index as a script; the search worker runs in an
    iframe (browsers refuse a Worker from file://), through a shim the copy serves itself (the
    plugin's default is a CDN)."""
    plugin = config.plugins.get("material/offline")
    if plugin is None:
        raise PluginError("mkdocs.yml : le plugin « offline » de Material est nécessaire à la copie hors ligne.")
    plugin.config.enabled = True
    config.use_directory_urls = False
    config.extra["polyfills"] = [offline.WORKER_SHIM]


def _stop(errors: DataErrors):
    """Stop a build on data problems: each logged once, on its own line, then a short error."""
    for problem in errors.problems:
        log.error(str(problem))
    count = len(errors.problems)
    raise PluginError(f"{count} problème{'s' if count > 1 else ''} dans les données : "
                      "la construction s'arrête (détail ci-dessus).") from None


def _adder(files, config):
    made: set[str] = set()

    def add(src_uri: str, content: str | bytes) -> None:
        """A file made from the data; a hand-written file at the same path would hide a fact's
        single source, so it stops the build instead of silently winning or losing."""
        if src_uri in made:  # a last guard: `make check` refuses the ids that would do this
            raise PluginError(f"{src_uri} : deux fichiers générés portent ce nom ; la construction s'arrête.")
        made.add(src_uri)
        if isinstance(content, str):
            content = str(content)  # a rendered page is Markup; MkDocs reads it as the text it is
        if files.get_file_from_path(src_uri):
            raise PluginError(f"content/{src_uri} existe déjà : ce fichier est généré à partir des données, "
                              "supprimez celui écrit à la main.")
        files.append(File.generated(config, src_uri, content=content))
    return add


class _MacroTarget:
    """What page_macros.register expects of mkdocs-macros' env: `macro` and the current `page`."""

    def __init__(self, plugin):
        self.plugin, self.found = plugin, {}

    @property
    def page(self):
        return self.plugin.page

    def macro(self, function):
        self.found[function.__name__] = function
        return function


def _register_page_macros(config, bundle: Bundle) -> None:
    plugin = config.plugins.get("macros")
    if plugin is None:
        raise PluginError("mkdocs.yml : le plugin « macros » est nécessaire aux pages écrites à la main.")
    target = _MacroTarget(plugin)
    page_macros.register(target, bundle)
    plugin.register_macros(target.found)
    # What a hand-written page prints from the data is escaped like in the generated pages; the
    # macros return markup (Md), which passes as it is. Set before any page is compiled.
    plugin.env.finalize = finalize
    plugin.env.filters["join"] = join


def _without_mermaid2(config) -> None:
    """The diagrams are SVG already: mermaid2 would only parse every page that mentions Mermaid (each
    circuit's SVG does) to find none to draw, which is most of a build's time with many landlords.
    Without Chromium it keeps its job: loading the self-hosted Mermaid where a diagram is left."""
    plugin = config.plugins.get("mermaid2")
    handlers = config.plugins.events.get("post_page", [])
    handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not plugin]


def _before_sources(markdown: str, section: str) -> str:
    # Before the sources list, which stays the last section; at the end if it has moved.
    at = markdown.find("\n## Sources")
    if at == -1:
        return markdown.rstrip("\n") + "\n" + section
    return markdown[:at] + "\n" + section + markdown[at:]


def _up(page) -> str:
    """From a page to the site's root, e.g. "../../" for bailleurs/<id>/."""
    return "../" * page.url.count("/")


def _leaflet_link(markdown: str, page, landlord) -> str:
    src = page.file.src_uri
    line = Md('**Sur papier :** <a href="{}{}" download>le dépliant {}</a>, deux pages A4 à imprimer en '
              'recto-verso. [Tous les documents à imprimer]({}).\n{{: .imprimer-lien }}\n').format(
        _up(page), catalogue.leaflet_path(landlord), landlord.of_name,
        posixpath.relpath(catalogue.PAGE, posixpath.dirname(src)))
    return _after_title(markdown, line)


def _after_title(markdown: str, block: str) -> str:
    lines = markdown.split("\n")
    at = next((i + 1 for i, text in enumerate(lines) if text.startswith("# ")), 0)
    return "\n".join([*lines[:at], "", block, *lines[at:]])


def _print_section(page) -> str:
    return ("\n\n## Imprimer et diffuser\n\n"
            f'- <a href="{_up(page)}{catalogue.GUIDE}" download>Le guide complet</a>, '
            "avec un sommaire, en PDF.\n"
            f'- <a href="{_up(page)}{catalogue.SHEET}" download>La fiche de suivi de ma réclamation</a>, '
            "à remplir à la main.\n"
            f"- [Tous les documents à imprimer](imprimer.md), dont un dépliant par bailleur.\n")


def hook_functions() -> dict:
    """The events of one plugin instance, as the module-level functions a MkDocs hook file exposes."""
    plugin = GuidePlugin()
    return {name: getattr(plugin, name) for name in dir(plugin)
            if name.startswith("on_") and callable(getattr(plugin, name))}
