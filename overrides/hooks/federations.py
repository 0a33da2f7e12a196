"""MkDocs hook: one page per tenant federation and their index, from circuits/federations.yaml
and the glossary. A data problem stops the build with one line per problem."""
from __future__ import annotations

import logging
from pathlib import Path


from macros.pages.federations import FOLDER, federation_pages
from macros.adapter.generated import add_generated
from macros.data.guide import cached_guide
from macros.data.model import Citation
from macros.pages.landlords import render
from macros.data.problems import DataErrors, stop_build

log = logging.getLogger("mkdocs.hooks.federations")
state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    guide = cached_guide(root=root, content_dir=Path(config.docs_dir))
    try:
        state["pages"] = federation_pages(guide, root)
    except DataErrors as errors:
        stop_build(errors, log)
    state["bilan"] = Citation(guide.sources["bilan-2017"], "liste des présents")
    return config


def on_files(files, config):
    pages = state["pages"]
    add_generated(files, config, f"{FOLDER}/index.md",
                  render("federations_index.md.j2", federations=pages, bilan=state["bilan"]))
    for page in pages:
        sources = {}
        for c in [*page.definition_citations, *(c for _, c in page.facts)]:
            sources.setdefault(c.source.id, c.source)
        add_generated(files, config, page.src, render("federation.md.j2", f=page, sources=list(sources.values())))
    return files
