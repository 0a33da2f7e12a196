"""axe-core finds no WCAG 2.0/2.1 A or AA violation on the main kinds of page, on a phone and on
a desktop screen.

axe-core comes from node_modules (pinned in package-lock.json) and is injected into each page;
nothing is fetched from the Internet."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import AXE, RUN_AXE, WCAG_TAGS, describe

# One page of each kind: home, a landlord, the comparison, the landlords' index, a practice fiche,
# the game, a federation, the open data. (Content and urgency pages have their own list.)
PAGES = ["", "bailleurs/actis/", "bailleurs/comparaison/", "bailleurs/", "bonnes-pratiques/astreinte/",
         "jeu/", "federations/csf/", "donnees/"]


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(f"{AXE} est absent : lancez `npm ci` (ou `make build`).")
    return AXE


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "accueil")
def test_no_wcag_violation(site_url, site_dir, viewport_page, axe_source, path):
    assert (site_dir / path / "index.html").exists(), f"page absente : /{path}"
    page = viewport_page
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.status == 200
    page.evaluate(axe_source.read_text(encoding="utf-8"))  # the pages' CSP blocks inline script tags
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    width = page.viewport_size["width"]
    assert not violations, f"axe-core, /{path} à {width} px de large :\n{describe(violations)}"


def test_axe_does_report_violations(browser, axe_source):
    """Guard: on a page built to break the rules, the same run reports them (so 'none' means none)."""
    page = browser.new_page()
    try:
        page.set_content("<html><body><img src='x.png'><p style='color:#aaa;background:#fff'>gris clair</p>"
                         "<input type='text'></body></html>")
        page.evaluate(axe_source.read_text(encoding="utf-8"))  # the pages' CSP blocks inline script tags
        ids = {v["id"] for v in page.evaluate(RUN_AXE, WCAG_TAGS)}
    finally:
        page.close()
    assert {"image-alt", "html-has-lang", "color-contrast", "label"} <= ids, ids
