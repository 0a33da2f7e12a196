"""MkDocs hook: load and check the circuit data, render the diagrams, add the generated pages.

Stages, in MkDocs' order:
1. on_config: load every data file; any problem stops the build with one line per problem.
2. on_files: render all diagrams (one browser, cached; unless the print hook, which goes first,
   has done it: see macros/drawing.py) and add one page per landlord, the
   landlords' index and the comparison (one page, or with many landlords one per territory),
   generated from the data alone.
3. on_page_markdown: append to each practice fiche the landlords that apply it.
4. on_nav: order the menu, and the landlords' section inside it."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

# `make serve` reloads this hook on every change but Python keeps imported modules: drop ours so
# that an edit in macros/ shows up at the next rebuild, like an edit in the data does.
# macros.diagrams stays: it holds the browser kept open between rebuilds (restart `make serve`
# after editing it).
for _name in [m for m in sys.modules if (m == "macros" or m.startswith("macros.")) and not m.startswith("macros.diagrams")]:
    del sys.modules[_name]

from mkdocs.exceptions import PluginError

from macros.pages import landlords as pages
from macros.build.stats import reset as reset_stats
from macros.diagrams.render import DiagramError, find_chromium, warm_up
from macros.diagrams.drawing import circuit_diagrams
from macros.diagrams.figures import diagram_figure, diagram_svg, fill_svg_marks
from macros.adapter.generated import add_generated
from macros.data.guide import PRACTICES_DIR, cached_guide
from macros.data.problems import DataErrors, stop_build

log = logging.getLogger("mkdocs.hooks.circuits")
state: dict = {}


def on_startup(command, dirty):
    # Under `mkdocs serve` the diagrams' browser stays open: an edited circuit is redrawn at once.
    state["serve"] = command == "serve"
    chromium = find_chromium()
    if state["serve"] and chromium is not None:
        warm_up(chromium)


def on_config(config):
    reset_stats()
    try:
        # The project is the folder of mkdocs.yml, so a copy of it (tests, bench) builds its own data.
        root = Path(config.config_file_path).resolve().parent
        state["guide"] = cached_guide(root=root, content_dir=Path(config.docs_dir))
    except DataErrors as errors:
        stop_build(errors, log)
    return config


def _diagrams(guide):
    try:
        return circuit_diagrams(guide, keep_browser=state.get("serve", False))
    except DiagramError as exc:
        raise PluginError(str(exc)) from None


def _without_mermaid2(config) -> None:
    """The diagrams are SVG already: mermaid2 would only parse every page that mentions Mermaid (each
    circuit's SVG does) to find none to draw, which is most of a build's time with many landlords.
    Without Chromium it keeps its job: loading the self-hosted Mermaid where a diagram is left."""
    plugin = config.plugins.get("mermaid2")
    handlers = config.plugins.events.get("post_page", [])
    handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not plugin]


def on_files(files, config):
    guide = state["guide"]
    drawn = _diagrams(guide)
    svgs = drawn.svgs
    if all(svg is not None for svg in svgs.values()):
        _without_mermaid2(config)
    generated = {
        "bailleurs/index.md": pages.index_page(guide),
        **pages.comparison_pages(guide),
        "a-verifier.md": pages.gaps_page(guide, Path(config.config_file_path).resolve().parent),
    }
    # The SVGs join the pages once they are HTML (on_post_page): Markdown only sees a mark.
    state["svgs"] = {l.id: diagram_svg(l, svgs[l.id]) for l in guide.landlords if svgs[l.id] is not None}
    for landlord in guide.landlords:
        figure = diagram_figure(landlord, svgs[landlord.id], drawn.sources[landlord.id], mark_only=True)
        generated[landlord.src] = pages.landlord_page(guide, landlord, figure)
    for src_uri, content in generated.items():
        add_generated(files, config, src_uri, content)
    return files


def on_page_markdown(markdown, page, config, files):
    parts = page.file.src_uri.split("/")
    if len(parts) == 2 and parts[0] == PRACTICES_DIR and parts[1] != "index.md":
        practice_id = parts[1].removesuffix(".md")
        return markdown + pages.practice_appendix(state["guide"], practice_id)
    return markdown


# The menu, in the order a tenant needs it; the partners' pages come last. A top-level entry is
# named by its page's path or its folder. Entries not listed keep their place before the last ones.
MENU = [
    ("index.md", None), ("urgences/", "Urgences"), ("bailleurs/", "Les bailleurs"), ("sujets/", "Vos questions"),
    ("recours/", "Ma réclamation n'avance pas"), ("bonnes-pratiques/", "Bonnes pratiques"),
    ("jeu/", "Le jeu de l'oie"), ("imprimer.md", None), ("federations/", "Les fédérations de locataires"),
    ("glossaire.md", None), ("a-propos.md", None),
    ("*", None), ("donnees.md", None), ("a-verifier.md", None),
]


def _menu_key(item) -> str:
    file = getattr(item, "file", None)
    if file is not None:
        return file.src_uri
    pages = [c for c in item.children if getattr(c, "file", None) is not None]
    return pages[0].file.src_uri.split("/")[0] + "/" if pages else ""


def on_env(env, config, files):
    # The theme's templates, compiled once and kept on disk: every build (and every rebuild under
    # `mkdocs serve`) otherwise compiles them again. A template whose source changed is recompiled.
    from macros.build.templating import compiled_cache

    env.bytecode_cache = compiled_cache("theme")
    return env


def on_post_page(output, page, config):
    return fill_svg_marks(output, state["svgs"])


def on_nav(nav, config, files):
    keys = [k for k, _ in MENU]
    titles = dict(MENU)
    rank = {k: i for i, k in enumerate(keys)}
    for item in nav.items:
        title = titles.get(_menu_key(item))
        if title and item.is_section:
            item.title = title
    nav.items.sort(key=lambda item: rank.get(_menu_key(item), rank["*"]))
    _order_landlords_section(nav)
    # The urgences hook, listed after this one, recomputes "previous / next" from the new order.
    return nav


def _src(item) -> str | None:
    file = getattr(item, "file", None)
    return file.src_uri if file is not None else None


def _order_landlords_section(nav) -> None:
    """Index, comparison, its territory pages, then the landlords: with hundreds of landlords the
    comparison would otherwise sit somewhere in the middle of their list."""
    section = next((i for i in nav.items if i.is_section and _menu_key(i) == "bailleurs/"), None)
    if section is None:
        return
    territories = next((c for c in section.children if c.is_section
                        and any((_src(p) or "").startswith("bailleurs/comparaison/") for p in c.children)), None)
    if territories is not None:
        territories.title = "Comparer par territoire"
        order = {t.src: i for i, t in enumerate(pages.territories(state["guide"]))}
        territories.children.sort(key=lambda c: order.get(_src(c), len(order)))
    first = {"bailleurs/index.md": 0, pages.COMPARISON_SRC: 1}
    section.children.sort(key=lambda c: 2 if c is territories else first.get(_src(c), 3))
    if pages.comparison_split(state["guide"]):
        _group_landlords_by_territory(section)


def _group_landlords_by_territory(section) -> None:
    """With many landlords, one sub-menu per territory. A tenant looks for a landlord near home,
    not in a list of hundreds. Each page's menu then holds its own territory's landlords and the
    territories' names, where it held every landlord: at 500 landlords, the menus were about a
    quarter of the site's build time (profiled)."""
    from mkdocs.structure.nav import Section

    by_src = {_src(c): c for c in section.children if _src(c)}
    grouped: list = []
    for territory in pages.territories(state["guide"]):
        members = [by_src.pop(l.src) for l in territory.landlords if l.src in by_src]
        if members:
            group = Section(territory.name, members)
            group.parent = section
            for page in members:
                page.parent = group
            grouped.append(group)
    # What was not grouped (the index, the comparisons) keeps its place, before the territories.
    section.children[:] = [c for c in section.children if c.parent is section] + grouped
