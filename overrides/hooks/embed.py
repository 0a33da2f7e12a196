"""MkDocs hook: the embeddable circuits (/integrer/<id>/) and the open data (/donnees/).

Runs after the circuits hook, which has already checked the data and rendered the diagrams.
1. on_config: load the same data again (cheap) and the guide's public address.
2. on_files: add the embeddable pages, their oEmbed answers, the data files and the
   « Réutiliser les données » page, all generated from the data.
3. on_page_markdown: add « Intégrer cette page à votre site » to each landlord page.
4. on_post_page: announce the oEmbed answer in the landlord page's <head>, with the copy script."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from macros.pages import embed

from macros.pages import opendata
from macros.diagrams.drawing import circuit_diagrams
from macros.diagrams.figures import diagram_figure
from macros.adapter.generated import add_generated
from macros.data.guide import cached_guide

log = logging.getLogger("mkdocs.hooks.embed")
state: dict = {}
DATA_PAGE = "donnees.md"  # its URL is /donnees/, beside the data files in donnees/


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    # The circuits hook ran first: a data problem has already stopped the build with its report.
    state["guide"] = cached_guide(root=root, content_dir=Path(config.docs_dir))
    state["circuits"] = root / "circuits"
    try:
        state["site"] = embed.Site.from_config(config)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_files(files, config):
    guide, site = state["guide"], state["site"]
    # Drawn already for the landlords' pages (a source Mermaid refuses has stopped the build there).
    drawn = circuit_diagrams(guide)
    svgs = drawn.svgs
    for landlord in guide.landlords:
        figure = diagram_figure(landlord, svgs[landlord.id], drawn.sources[landlord.id])
        page = embed.embed_page(guide, landlord, figure, site, has_svg=svgs[landlord.id] is not None,
                                icon=config.theme.get("favicon"))
        add_generated(files, config, f"{embed.EMBED_DIR}/{landlord.id}/index.html", page)
        add_generated(files, config, f"{embed.EMBED_DIR}/{landlord.id}/oembed.json", embed.oembed_json(site, landlord))
    data = opendata.OpenData.load(guide, state["circuits"], site.name, site.url)
    for src_uri, content in data.files().items():
        add_generated(files, config, src_uri, content)
    try:
        documentation = opendata.documentation(data)
    except ValueError as exc:  # a schema construct the page cannot describe yet
        raise PluginError(f"circuits/{opendata.CIRCUIT_SCHEMA} ou {opendata.SHARED_SCHEMA} : {exc}") from None
    add_generated(files, config, DATA_PAGE, embed.render("opendata_page.md.j2", **documentation))
    state["landlords"] = {l.src: l for l in guide.landlords}
    return files


def on_page_markdown(markdown, page, config, files):
    landlord = state["landlords"].get(page.file.src_uri)
    if landlord is None:
        return markdown
    # Before the sources list, which stays the last section; at the end if it has moved.
    section = embed.section(state["site"], landlord)
    marker = "\n## Sources"
    at = markdown.find(marker)
    if at == -1:
        return markdown.rstrip("\n") + "\n" + section
    return markdown[:at] + "\n" + section + markdown[at:]


def on_post_page(output, page, config):
    landlord = state["landlords"].get(page.file.src_uri)
    if landlord is None:
        return output
    if "</head>" not in output:
        raise PluginError(f"{page.file.src_uri} : pas de </head> où annoncer l'oEmbed.")
    assets = get_relative_url(embed.ASSETS, page.url)
    head = (embed.head_link(state["site"], landlord)
            + f'<link rel="stylesheet" href="{assets}/extraits.css">'
            + f'<script src="{assets}/copier.js" defer></script>')
    return output.replace("</head>", head + "</head>", 1)
