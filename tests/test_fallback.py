"""Without Chromium at build time, the diagram is drawn in the reader's browser by the site's own Mermaid."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from support.serving import serve_folder


@pytest.fixture(scope="module")
def fallback_site(projects) -> Path:
    """The fixture project "sans-chromium"."""
    return projects("sans-chromium").require().site


def test_fallback_page_carries_mermaid_source_and_local_script(fallback_site):
    html = (fallback_site / "bailleurs" / "actis" / "index.html").read_text(encoding="utf-8")
    assert '<div class="mermaid">flowchart' in html
    assert 'src="../../assets/vendor/mermaid/mermaid.min.js"' in html
    assert "unpkg.com" not in html and "jsdelivr" not in html
    assert "<svg id=\"circuit-actis\"" not in html  # nothing pre-rendered in this mode


def test_fallback_diagram_draws_in_browser_without_leaving_the_host(fallback_site, browser):
    url, server = serve_folder(fallback_site)
    try:
        page = browser.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{url}/bailleurs/actis/")
        page.wait_for_selector(".mermaid svg", timeout=20000)
        text = page.text_content(".mermaid svg")
        assert "carnet de souche" in text
        foreign = [r for r in requests if urlparse(r).hostname not in ("127.0.0.1",) and not r.startswith("data:")]
        assert foreign == []
        page.close()
    finally:
        server.shutdown()
