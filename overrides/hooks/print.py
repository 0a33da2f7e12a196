"""MkDocs hook: the printed documents (the whole guide, one leaflet per landlord and per
federation, the tracking sheet), made during `mkdocs build` and written under site/pdf/.

Stages, in MkDocs' order:
1. on_startup / on_config: decide whether PDFs are made, load the federations and the edition date.
2. on_files, before the other hooks': add the « Imprimer et diffuser » page, with markers where the
   lists of PDFs go. Once the diagrams are drawn, the leaflets and the sheet go to the print
   workers, one process per core (macros/printing/pool.py), which make them while the other
   hooks generate their pages and MkDocs writes them.
3. on_nav: that page goes to the end of the menu (before the partners' checklist, if any).
4. on_page_markdown: each landlord page links its leaflet; the home page links the guide and the sheet.
5. on_env: every page is HTML by now and none is written yet: the whole guide (or the guide and
   one booklet per territory) goes to the workers; what is made already (from the cache) gets
   its size and page count into the « Imprimer et diffuser » page.
6. on_post_build: wait for the workers, write every PDF into the built site, and fill the rest
   of the « Imprimer et diffuser » page.
7. on_build_error: stop the workers."""
from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from macros.build.settings import leaflets_only
from macros.diagrams.figures import fill_svg_marks
from macros.adapter.generated import add_generated
from macros.data.guide import cached_guide
from macros.printing import catalogue
from macros.printing.engine import PrintError
from macros.printing.guide_pdf import Chapter
from macros.printing.printer import Printer
from macros.printing.typography import de
from macros.data.problems import DataErrors, stop_build

log = logging.getLogger("mkdocs.hooks.print")
state: dict = {"command": "build"}
# Pages left out of the printed guide: this page itself (it lists the PDFs), and pages for the
# partners or for re-users of the data rather than for tenants.
NOT_PRINTED = {catalogue.PAGE, "a-verifier.md", "donnees.md"}


def on_startup(command, dirty):
    # `mkdocs serve` rebuilds on every edit: it skips the PDFs unless GUIDE_PDF=1 asks for them.
    state["command"] = command


def _skip_reason(config) -> str | None:
    from macros.build.settings import pdf_skip_reason

    return pdf_skip_reason(state["command"])


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        # The circuits hook ran first: a data problem has already stopped the build with its report.
        guide = cached_guide(root=root, content_dir=Path(config.docs_dir))
        state["printer"] = Printer(root, Path(config.docs_dir), guide, config.site_name, config.site_url,
                                   config.use_directory_urls)
    except DataErrors as errors:
        stop_build(errors, log)
    except (PrintError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    state["skip"] = _skip_reason(config)
    if state["skip"]:
        log.info(f"PDF non produits : {state['skip']}.")
    return config


# Before the other hooks' on_files (the circuits hook generating every landlord's page, the embeds):
# the leaflets need only the data and the diagrams, so the workers start on them at once.
@event_priority(50)
def on_files(files, config):
    printer = state["printer"]
    add_generated(files, config, catalogue.PAGE, catalogue.page_markdown(printer.guide.landlords, printer.federations,
                                                                         printer.booklets))
    if not state["skip"]:
        # Draws the diagrams (once for the whole build, see macros.drawing), then starts the leaflets.
        try:
            printer.start_leaflets()
        except PrintError as exc:
            printer.cancel()
            raise PluginError(str(exc)) from None
    return files


def on_nav(nav, config, files):
    # The menu's order is set by the circuits hook; the printed guide follows it.
    state["nav"] = nav
    return nav


def _up(page) -> str:
    """From a page to the site's root, e.g. "../../" for bailleurs/actis/."""
    return "../" * page.url.count("/")


def on_page_markdown(markdown, page, config, files):
    if state["skip"]:
        return markdown
    printer, src = state["printer"], page.file.src_uri
    landlord = next((l for l in printer.guide.landlords if l.src == src), None)
    if landlord is not None:
        line = (f'**Sur papier :** <a href="{_up(page)}{catalogue.leaflet_path(landlord)}" download>le dépliant '
                f"{de(landlord.short_name)}</a>, deux pages A4 à imprimer en recto-verso. "
                f"[Tous les documents à imprimer]({posixpath.relpath(catalogue.PAGE, posixpath.dirname(src))})."
                "\n{: .imprimer-lien }\n")
        lines = markdown.split("\n")
        at = next((i + 1 for i, text in enumerate(lines) if text.startswith("# ")), 0)
        return "\n".join([*lines[:at], "", line, *lines[at:]])
    if src == "index.md":
        return markdown.rstrip("\n") + (
            "\n\n## Imprimer et diffuser\n\n"
            f'- <a href="{_up(page)}{catalogue.GUIDE}" download>Le guide complet</a>, '
            "avec un sommaire, en PDF.\n"
            f'- <a href="{_up(page)}{catalogue.SHEET}" download>La fiche de suivi de ma réclamation</a>, '
            "à remplir à la main.\n"
            f"- [Tous les documents à imprimer](imprimer.md), dont un dépliant par bailleur.\n")
    return markdown


def on_env(env, config, files):
    printer = state["printer"]
    made = None
    if not state["skip"] and leaflets_only():
        made = printer.made_so_far()
    elif not state["skip"]:
        svgs = printer.page_svgs()
        chapters = [Chapter(p.url, p.title, fill_svg_marks(p.content, svgs), p.parent.title if p.parent else None,
                            p.file.src_uri)
                    for p in state["nav"].pages
                    if p.file.src_uri not in NOT_PRINTED and p.content is not None]
        files_by_url = {f.url: f.abs_src_path for f in files
                        if not f.is_documentation_page() and f.abs_src_path and Path(f.abs_src_path).exists()}
        try:
            made = printer.start_guide(chapters, files_by_url, config.site_description or "", config.copyright)
        except PrintError as exc:
            printer.cancel()
            raise PluginError(str(exc)) from None
    page = files.get_file_from_path(catalogue.PAGE).page
    state["page_url"], state["page_dest"] = page.url, Path(page.file.abs_dest_path)
    page.content = _fill(page.content, made, page.url)
    return env


def _fill(html: str, made, url: str) -> str:
    printer = state["printer"]
    return catalogue.fill_page(html, made, printer.guide.landlords, printer.federations, "../" * url.count("/"),
                               state["skip"], printer.booklets)


@event_priority(-50)  # last: other hooks' post-build work runs while the guide is being made
def on_post_build(config):
    if state["skip"]:
        return
    printer = state["printer"]
    try:
        made = printer.finish(whole_catalogue=not leaflets_only())
    except PrintError as exc:
        raise PluginError(str(exc)) from None
    site = Path(config.site_dir)
    for path, data in printer.pdfs.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # The guide may have been made after the page was written: its line goes in now.
    written = state["page_dest"]
    html = written.read_text(encoding="utf-8")
    filled = _fill(html, made, state["page_url"])
    if filled != html:
        written.write_text(filled, encoding="utf-8")
    total = sum(m.size for m in made.values())
    size = f"{total / 1e6:.1f}".replace(".", ",")
    log.info(f"PDF écrits dans {site.name}/pdf/ : {len(made)} fichiers, {size} Mo.")


def on_build_error(error):
    # A failed build must not leave the guide's worker running.
    printer = state.get("printer")
    if printer is not None:
        printer.cancel()
