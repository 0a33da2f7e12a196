"""MkDocs hook: the urgency pages (/urgences/), generated from circuits/urgences.yaml and the circuits.

Listed after the circuits hook in mkdocs.yml: that hook checks the landlords' files first and
clears our modules for `make serve`, so this one only imports them.
1. on_config: load and check the urgency criteria; any problem stops the build, one line each.
2. on_files: add the overview, the decision aid, one page per level and the comparison (with
   its chart drawn here, in Python).
3. on_nav: put those pages in the order a tenant needs them."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.structure.pages import Page

from macros.pages import urgences as urgency_pages
from macros.adapter.generated import add_generated
from macros.data.guide import cached_guide
from macros.data.problems import DataErrors, stop_build
from macros.data.urgency import load_urgencies

log = logging.getLogger("mkdocs.hooks.urgences")
state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        # Same cached Guide as the circuits hook: the landlords are read once per build.
        guide = cached_guide(root=root, content_dir=Path(config.docs_dir))
        state["guide"], state["urgencies"] = guide, load_urgencies(guide, root)
    except DataErrors as errors:
        stop_build(errors, log)
    return config


def on_files(files, config):
    pages = urgency_pages.all_pages(state["guide"], state["urgencies"])
    for src_uri, content in pages.items():
        add_generated(files, config, src_uri, content)
    return files


def on_nav(nav, config, files):
    # Alphabetical order would put « À programmer » first: follow the tenant's path instead.
    order = urgency_pages.nav_order(state["urgencies"])
    for item in nav.items:
        children = getattr(item, "children", None)
        if not children or not any(getattr(c, "file", None) and c.file.src_uri in order for c in children):
            continue
        rank = {src: i for i, src in enumerate(order)}
        children.sort(key=lambda c: rank.get(getattr(getattr(c, "file", None), "src_uri", ""), len(order)))
        item.title = "Urgences"
    _relink(nav)
    return nav


def _relink(nav) -> None:
    """Recompute the page order and the "previous / next" links after the menu has moved."""
    def walk(items):
        for item in items:
            if isinstance(item, Page):
                yield item
            yield from walk(getattr(item, "children", None) or [])

    nav.pages = list(walk(nav.items))
    for before, after in zip([None] + nav.pages[:-1], nav.pages):
        if before is not None:
            before.next_page = after
        after.previous_page = before
    if nav.pages:
        nav.pages[-1].next_page = None
