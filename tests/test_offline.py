"""The built site works with no Internet: every request stays on the local server.

Each page of the site is opened in headless Chromium (one browser context for all of them)
and every request it makes, including those of the search worker, is recorded. Anything not
addressed to 127.0.0.1 fails the test (and is blocked, so a leak cannot hang the run)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

# Third-party hosts a MkDocs/Material site typically pulls fonts or scripts from.
FORBIDDEN_HOSTS = ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr")
# Schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about"}
DESKTOP = {"width": 1280, "height": 900}
# A <pre> whose class list holds "mermaid" (what Material's bundle looks for).
PRE_MERMAID = re.compile(r"""<pre\b[^>]*\bclass\s*=\s*["'](?:[^"']*\s)?mermaid[\s"']""", re.I)


def html_pages(site_dir):
    return sorted(site_dir.rglob("*.html"))


def page_url(site_url: str, site_dir, path) -> str:
    rel = path.relative_to(site_dir).as_posix()
    return f"{site_url}/{rel.removesuffix('index.html')}"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


@pytest.fixture(scope="module")
def offline_context(browser):
    """A browser context that records every request and refuses any non-local one.

    Yields (context, requests, where): requests lists every Request the context saw (workers
    included); where maps a request to the page URL it was made for, when a tab reported it."""
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    requests: list = []
    where: dict = {}
    context.on("request", lambda request: requests.append(request))

    def guard(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    yield context, requests, where
    context.close()


def open_tab(context, where: dict, label: str):
    tab = context.new_page()
    tab.on("request", lambda request: where.setdefault(request, label))
    return tab


# Pages are opened a few at a time, in tabs of the same context, so the whole site loads quickly.
TABS_AT_ONCE = 4


def test_every_page_loads_only_local_resources(site_dir, site_url, offline_context):
    context, requests, where = offline_context
    pages = html_pages(site_dir)
    assert len(pages) >= 10, f"le site ne contient que {len(pages)} pages HTML"
    urls = [page_url(site_url, site_dir, path) for path in pages]
    statuses: dict[str, int] = {}
    first = len(requests)
    for i in range(0, len(urls), TABS_AT_ONCE):
        batch = urls[i:i + TABS_AT_ONCE]
        tabs = []
        for url in batch:
            tab = open_tab(context, where, url)
            tab.on("response", lambda r, url=url: statuses.setdefault(url, r.status)
                   if r.request.is_navigation_request() else None)
            # Start the navigation without waiting, so the tabs of a batch load together.
            tab.evaluate("url => { window.location.href = url; }", url)
            tabs.append(tab)
        for tab, url in zip(tabs, batch):
            # Wait until the page and whatever it fetches afterwards (search index...) are done.
            tab.wait_for_url(url, wait_until="networkidle", timeout=60_000)
            tab.close()
    seen = requests[first:]
    visited = {where.get(r) for r in seen}
    assert visited >= set(urls), f"pages sans aucune requête enregistrée : {sorted(set(urls) - visited)}"
    leaks = sorted({f"{where.get(r, '(page inconnue)')} -> {r.url}" for r in seen if not is_local(r.url)})
    assert not leaks, "requêtes hors du serveur local :\n" + "\n".join(leaks)
    failures = [f"{url} : réponse {statuses.get(url)}" for url in urls
                if not url.endswith("404.html") and statuses.get(url) != 200]
    assert not failures, "\n".join(failures)


def test_no_third_party_url_in_built_files(site_dir):
    """No HTML, CSS or JS file names a font or script CDN.

    One known exception: Material's bundle names unpkg.com as a lazy fallback, fetched only to
    draw a `pre.mermaid` block (and a ResizeObserver polyfill for browsers without one). Our
    diagrams are pre-rendered SVG, so the test checks that no page has `pre.mermaid` instead."""
    offenders = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for host in FORBIDDEN_HOSTS:
            if host not in text:
                continue
            rel = path.relative_to(site_dir).as_posix()
            if host == "unpkg.com" and re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", rel):
                continue
            offenders.append(f"{rel} : {host}")
    assert not offenders, "adresses de CDN dans le site construit :\n" + "\n".join(offenders)

    with_mermaid_block = [p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)
                          if PRE_MERMAID.search(p.read_text(encoding="utf-8"))]
    assert not with_mermaid_block, ("ces pages ont un bloc pre.mermaid, que Material irait dessiner avec "
                                    f"Mermaid chargé depuis unpkg.com : {with_mermaid_block}")


def test_search_index_is_french(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    locations = {doc["location"] for doc in index["docs"]}
    assert "bailleurs/comparaison/" in locations
    # The French stemmer ships with the site (the search worker loads it from here).
    assert (site_dir / "assets" / "javascripts" / "lunr" / "min" / "lunr.fr.min.js").exists()


def search_results(page, site_url: str, query: str) -> list[str]:
    page.goto(f"{site_url}/", wait_until="networkidle")
    box = page.locator("input.md-search__input")  # visible in the header at desktop width
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    items = page.locator(".md-search-result__item")
    try:
        items.first.wait_for(state="attached", timeout=10_000)
    except Exception:
        meta = page.locator(".md-search-result__meta").inner_text()
        pytest.fail(f"aucun résultat pour « {query} » ({meta!r})")
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    # Drop the "?h=<query>" highlight parameter: keep where the result leads.
    return [urlsplit(h).path + ("#" + urlsplit(h).fragment if urlsplit(h).fragment else "") for h in hrefs]


def test_search_works_in_french_and_offline(site_url, offline_context):
    context, requests, where = offline_context
    first = len(requests)
    page = open_tab(context, where, "recherche")
    try:
        hits = search_results(page, site_url, "réclamation")
        assert any("/bailleurs/" in h for h in hits), hits
        # The French stemmer lets a plural and an inflected form find the same pages.
        plural = search_results(page, site_url, "réclamations")
        assert set(plural) & set(hits), (plural, hits)
        assert search_results(page, site_url, "bailleurs")
    finally:
        page.close()
    seen = requests[first:]
    fetched = {urlsplit(r.url).path for r in seen}
    # The index and the French stemmer are fetched (by the search worker) from the local server.
    assert any(p.endswith("search/search_index.json") for p in fetched), sorted(fetched)
    assert any(p.endswith("lunr.fr.min.js") for p in fetched), sorted(fetched)
    leaks = sorted({r.url for r in seen if not is_local(r.url)})
    assert not leaks, leaks
