"""The circuits' diagrams of one build, drawn once and then read by everything that shows them
(the landlords' pages, the embeds, the printed documents), whichever asks first.

The print hook asks first, so that the leaflets start as soon as the diagrams exist, while the
pages are still being generated."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from macros.build.stats import record
from macros.build.settings import Settings
from macros.diagrams.render import RenderStats, render_svgs
from macros.diagrams.mermaid import flowchart

log = logging.getLogger("mkdocs.hooks.circuits")


@dataclass(frozen=True)
class Drawn:
    sources: dict[str, str]          # each landlord's Mermaid source
    svgs: dict[str, str | None]      # its SVG, or None without Chromium (the browser draws it then)


def circuit_diagrams(guide, settings: Settings, keep_browser: bool = False) -> Drawn:
    """Every landlord's diagram, drawn or read from the diagrams' cache. The build calls it once
    and hands the result to every stage that shows a diagram.

    Raises DiagramError when Mermaid refuses a source."""
    sources = {l.id: flowchart(l) for l in guide.landlords}
    chromium = settings.chromium
    if chromium is None:
        log.info("Pas de Chromium : les schémas seront dessinés par le navigateur (Mermaid auto-hébergé).")
        drawn = Drawn(sources, dict.fromkeys(sources))
    else:
        stats, started = RenderStats(), time.monotonic()
        svgs = render_svgs(sources, chromium, settings.diagram_cache, stats, keep_browser=keep_browser,
                           tabs=settings.diagram_tabs)
        seconds = time.monotonic() - started
        record(settings, "schemas", {"dessines": stats.rendered, "repris": stats.cached, "secondes": round(seconds, 3)})
        duration = f"{seconds:.1f}".replace(".", ",")
        log.info(f"Schémas : {stats.rendered} dessinés, {stats.cached} repris du cache, en {duration} s.")
        drawn = Drawn(sources, svgs)
    return drawn
