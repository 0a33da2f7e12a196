"""The diagram renderer: several tabs draw at once and give the same SVG as one tab, and under
`mkdocs serve` the browser stays open between rebuilds so an edited circuit is redrawn at once."""
from __future__ import annotations

import pytest

from macros.build.settings import Settings

from macros.diagrams import render as diagrams

SOURCES = {f"d{n}": f"flowchart TD\n  a{n}[\"Étape {n}\"] --> b{n}[\"Suite {n}\"]\n  b{n} -->|relance| a{n}"
           for n in range(5)}


@pytest.fixture(scope="module")
def chromium():
    found = Settings.from_environment().chromium
    if found is None:
        pytest.fail("Chromium est introuvable : `make build` l'installe (ou indiquez GUIDE_CHROMIUM).")
    return found


def _render(chromium, cache, tabs: str, sources=SOURCES, keep=False):
    stats = diagrams.RenderStats()
    svgs = diagrams.render_svgs(sources, chromium, cache, stats, keep_browser=keep, tabs=int(tabs))
    return svgs, stats


def test_tabs_drawing_at_once_give_the_same_svg_as_one_tab(chromium, tmp_path):
    one, stats_one = _render(chromium, tmp_path / "un", "1")
    three, stats_three = _render(chromium, tmp_path / "trois", "3")
    assert stats_one.rendered == stats_three.rendered == len(SOURCES)
    assert one == three  # same bytes: Mermaid's random outlines are seeded


def test_a_kept_browser_redraws_only_the_edited_diagram(chromium, tmp_path):
    try:
        _, first = _render(chromium, tmp_path, "2", keep=True)
        kept = diagrams._kept
        assert first.rendered == len(SOURCES) and kept is not None
        edited = {**SOURCES, "d0": SOURCES["d0"].replace("Étape 0", "Étape zéro")}
        svgs, second = _render(chromium, tmp_path, "2", edited, keep=True)
        assert (second.rendered, second.cached) == (1, len(SOURCES) - 1)
        assert diagrams._kept is kept, "le navigateur aurait dû rester ouvert entre deux rendus"
        assert "zéro" in svgs["d0"]
    finally:
        diagrams._close_kept()
    assert diagrams._kept is None
