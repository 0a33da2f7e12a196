"""The embeddable circuits, tried the way a partner uses them.

A partner page, served from another local port (so another origin), pastes the snippets the
landlord pages show: two circuits and the resize script. Headless Chromium then checks that
each frame fits its content, after load and after a width change; that foreign or malformed
messages change nothing; and that with JavaScript off the frames still show the circuit."""
from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.serving import serve_folder
from macros.pages.embed import DEFAULT_HEIGHT
from macros.data.guide import load_guide

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EMBEDDED = ("actis", "sdh")
HEIGHT = "guide-reclamations:hauteur"
TOLERANCE = 3  # px


@pytest.fixture(scope="module")
def guide():
    return load_guide()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def provider_url(site_dir: Path) -> str:
    """The guide's public address, as the build wrote it into the snippets."""
    any_oembed = next((site_dir / "integrer").glob("*/oembed.json"))
    return json.loads(any_oembed.read_text(encoding="utf-8"))["provider_url"]


def snippet(site_dir: Path, landlord_id: str, kind: str) -> str:
    """The code a partner copies from the code page, /integrer/<id>/code/ (kind: "cadre" or "script")."""
    code = soup(site_dir / "integrer" / landlord_id / "code" / "index.html").find("code", id=f"integrer-{kind}-{landlord_id}")
    assert code is not None, f"pas de code « {kind} » sur /integrer/{landlord_id}/code/"
    return code.get_text()


# ---------------------------------------------------------------- the partner page

@pytest.fixture(scope="module")
def partner_url(site_dir, site_url, tmp_path_factory):
    """A partner's page on its own port, with the snippets pointed at the local guide."""
    public = provider_url(site_dir)
    local = site_url.rstrip("/") + "/"

    def local_copy(text: str) -> str:
        assert public in text
        return text.replace(public, local)

    frames = "\n".join(f"<h2>Bailleur : {i.upper()}</h2>\n{local_copy(snippet(site_dir, i, 'cadre'))}"
                       for i in EMBEDDED)
    script = local_copy(snippet(site_dir, EMBEDDED[0], "script"))
    folder = tmp_path_factory.mktemp("partenaire")
    (folder / "index.html").write_text(f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Association des locataires (page de test)</title><link rel="icon" href="data:,">
<style>body{{font-family:sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;background:#f4f1ea}}
header{{background:#2d5a27;color:#fff;padding:.5rem 1rem;margin:0 -1rem}}</style></head>
<body><header><p>Association des locataires — site partenaire de test</p></header>
<main><h1>Faire une réclamation à votre bailleur</h1>
{frames}
</main>
{script}
</body></html>
""", encoding="utf-8")
    url, server = serve_folder(folder)
    # "localhost" and 127.0.0.1 are different sites: Chromium puts the frames in their own
    # process, as it does for a real partner, and may pause them while out of view.
    url = url.replace("127.0.0.1", "localhost")
    assert "127.0.0.1" in local
    yield url + "/"
    server.shutdown()


@pytest.fixture
def partner(browser, partner_url):
    """The partner page at desktop width, recording console errors and received messages."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Only in the top page: every message it receives, to check what the frames send.
    context.add_init_script("""if (window === window.top) { window.__recus = [];
      window.addEventListener("message", e => window.__recus.push({origin: e.origin, data: e.data})); }""")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(partner_url, wait_until="load")
    yield page, errors
    context.close()


def measure(page) -> list[tuple[float, float]]:
    """(frame height on the partner page, content height inside the frame) for each frame.

    The content's height is the body's scrollHeight: the root's would be at least the frame's
    viewport, which Chromium updates late for a cross-site frame out of view."""
    out = []
    for element in page.query_selector_all("iframe"):
        outer = element.evaluate("f => f.getBoundingClientRect().height")
        inner = element.content_frame().evaluate("document.body.scrollHeight")
        out.append((outer, inner))
    return out


def wait_fitted(page, timeout: float = 10.0, unlike: list[float] | None = None) -> list[tuple[float, float]]:
    """Sizes once every frame fits its content; with `unlike`, once the frames' heights have also
    moved away from those (right after a resize the old layout may still look fitted)."""
    deadline = time.monotonic() + timeout
    while True:
        sizes = measure(page)
        fitted = all(abs(o - i) <= TOLERANCE for o, i in sizes)
        moved = unlike is None or all(abs(o - u) > TOLERANCE for (o, _), u in zip(sizes, unlike))
        if (fitted and moved) or time.monotonic() > deadline:
            return sizes
        page.wait_for_timeout(100)


def test_frames_fit_their_content_after_load_and_resize(partner):
    page, errors = partner
    sizes = wait_fitted(page)
    assert len(sizes) == len(EMBEDDED)
    for (outer, inner), landlord_id in zip(sizes, EMBEDDED):
        assert abs(outer - inner) <= TOLERANCE, f"{landlord_id} : cadre {outer} px, contenu {inner} px"
        assert outer > DEFAULT_HEIGHT, "le script n'a pas agrandi le cadre"
    wide = [o for o, _ in sizes]

    page.set_viewport_size({"width": 360, "height": 800})
    narrow_sizes = wait_fitted(page, unlike=wide)
    for (outer, inner), landlord_id in zip(narrow_sizes, EMBEDDED):
        assert abs(outer - inner) <= TOLERANCE, f"{landlord_id} à 360 px : cadre {outer} px, contenu {inner} px"
    assert all(n > w for (n, _), w in zip(narrow_sizes, wide)), "la hauteur n'a pas suivi le changement de largeur"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.set_viewport_size({"width": 1280, "height": 900})
    for (outer, inner), landlord_id in zip(wait_fitted(page, unlike=[o for o, _ in narrow_sizes]), EMBEDDED):
        assert abs(outer - inner) <= TOLERANCE, f"{landlord_id} revenu à 1280 px : cadre {outer}, contenu {inner}"
    assert not errors, f"erreurs dans la console : {errors}"


def test_frames_send_only_their_height(partner, site_url):
    page, _ = partner
    wait_fitted(page)
    received = page.evaluate("window.__recus")
    assert received, "aucun message reçu des cadres"
    origin = site_url.rstrip("/")
    for message in received:
        assert message["origin"] == origin
        assert set(message["data"]) == {"type", "hauteur"}
        assert message["data"]["type"] == HEIGHT
        assert isinstance(message["data"]["hauteur"], (int, float)) and message["data"]["hauteur"] > 0


BAD_MESSAGES = [
    {"type": HEIGHT, "hauteur": "50"},
    {"type": HEIGHT, "hauteur": "<img src=x onerror=alert(1)>"},
    {"type": HEIGHT, "hauteur": None},
    {"type": HEIGHT, "hauteur": -50},
    {"type": HEIGHT, "hauteur": 0},
    {"type": HEIGHT, "hauteur": [50]},
    {"type": HEIGHT, "hauteur": {"valeur": 50}},
    {"type": HEIGHT},
    {"type": "autre", "hauteur": 50},
    "50",
    50,
]
POST_BAD = """(messages) => {
  for (const m of messages) parent.postMessage(m, "*");
  for (const v of [NaN, Infinity, -Infinity]) parent.postMessage({type: "%s", hauteur: v}, "*");
}""" % HEIGHT


def frame_heights(page) -> list[str]:
    return page.eval_on_selector_all("iframe", "fs => fs.map(f => f.style.height)")


def test_malformed_messages_from_the_guide_change_nothing(partner):
    page, errors = partner
    wait_fitted(page)
    before = frame_heights(page)
    elements = page.evaluate("document.getElementsByTagName('*').length")
    frame = page.query_selector("iframe").content_frame()
    page.on("dialog", lambda d: errors.append(f"dialogue : {d.message}") or d.dismiss())
    frame.evaluate(POST_BAD, BAD_MESSAGES)
    page.wait_for_timeout(400)
    assert frame_heights(page) == before
    assert page.evaluate("document.getElementsByTagName('*').length") == elements
    # The same channel with a good number does work: the refusals above were the filter's.
    frame.evaluate("h => parent.postMessage({type: '%s', hauteur: h}, '*')" % HEIGHT, 123)
    page.wait_for_function("() => document.querySelector('iframe').style.height === '123px'", timeout=3000)
    assert not errors, errors


def test_messages_from_another_origin_change_nothing(partner, tmp_path_factory):
    """A frame of the guide that navigates elsewhere keeps its place, but not the right to resize."""
    page, errors = partner
    wait_fitted(page)
    folder = tmp_path_factory.mktemp("autre-origine")
    post = "parent.postMessage({type: '%s', hauteur: %d}, '*')"
    (folder / "index.html").write_text(
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Autre</title></head><body>"
        f"<script>{post % (HEIGHT, 50)}; setTimeout(() => {post % (HEIGHT, 60)}, 100);</script>"
        "<p>autre origine</p></body></html>", encoding="utf-8")
    url, server = serve_folder(folder)
    try:
        before = frame_heights(page)
        # The partner page's own scripts, or any other window, may post too.
        page.evaluate("h => window.postMessage({type: '%s', hauteur: h}, '*')" % HEIGHT, 70)
        page.eval_on_selector("iframe", "(f, u) => { f.src = u; }", url + "/")
        page.wait_for_function("() => window.__recus.some(m => m.data && m.data.hauteur === 60)", timeout=5000)
        page.wait_for_timeout(200)
        assert frame_heights(page) == before
    finally:
        server.shutdown()
    assert not errors, errors


def test_without_javascript_the_frames_show_the_circuit(browser, partner_url, guide):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(partner_url, wait_until="load")
        frames = page.query_selector_all("iframe")
        assert len(frames) == len(EMBEDDED)
        for element, landlord_id in zip(frames, EMBEDDED):
            landlord = guide.landlord(landlord_id)
            assert abs(element.evaluate("f => f.getBoundingClientRect().height") - DEFAULT_HEIGHT) <= 1
            text = element.content_frame().inner_text("body")
            assert f"Faire une réclamation chez {landlord.short_name}" in text
            for step in landlord.steps:
                assert f"Étape {step.number} sur {len(landlord.steps)} : {step.title}" in text
            assert element.content_frame().query_selector(f"svg#circuit-{landlord_id}") is not None
    finally:
        context.close()


# ---------------------------------------------------------------- the embeddable page itself

@pytest.mark.parametrize("width", [280, 1280])
def test_embed_page_alone(browser, site_url, guide, width):
    """From 280 px: no sideways scrolling of the page, nothing from another host, no axe violation."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        for landlord in guide.landlords:
            page.goto(f"{site_url}/integrer/{landlord.id}/", wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, landlord.id
            if landlord.id == EMBEDDED[0]:
                page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the pages' CSP would block it
                violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: "tag",
                    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations.map(v => v.id + " : " +
                    v.nodes.map(n => n.target.join(" ")).join(", "))""")
                assert not violations, violations
        foreign = [u for u in requests if not u.startswith(site_url.rstrip("/") + "/")]
        assert not foreign, foreign
    finally:
        context.close()


def test_embed_page_content(site_dir, guide):
    public = provider_url(site_dir)
    for landlord in guide.landlords:
        path = site_dir / "integrer" / landlord.id / "index.html"
        page = soup(path)
        assert page.html["lang"] == "fr"
        assert page.title.get_text(strip=True).startswith(f"Faire une réclamation chez {landlord.short_name}")
        assert page.find("main") is not None and page.find("footer") is not None
        assert page.select(".md-header, .md-sidebar, .md-footer, nav") == []
        text = " ".join(page.get_text(" ").split())
        for channel in landlord.channels:
            assert channel.label in text
        for step in landlord.steps:
            assert f"Étape {step.number} sur {len(landlord.steps)} : {step.title}" in text
        for level in landlord.urgencies:
            assert level.name in text
        for rung in guide.ladder_for(landlord):
            assert rung.title in text
        # One attribution line, to the full page of the guide, opened outside the frame.
        links = page.select("footer a")
        assert len(links) == 1 and links[0]["href"] == f"{public}bailleurs/{landlord.id}/"
        assert links[0]["target"] == "_blank" and "noopener" in links[0]["rel"]
        # The very same diagram as the landlord page.
        full = soup(site_dir / "bailleurs" / landlord.id / "index.html").find("figure", class_="circuit-diagram")
        assert str(page.find("figure", class_="circuit-diagram")) == str(full)
        # Everything the page loads comes from its own host: relative addresses only.
        loaded = [t.get("src") or t.get("href") for t in page.select("script[src], link[href], img[src]")
                  if "canonical" not in (t.get("rel") or [])]
        assert loaded and not [u for u in loaded if re.match(r"(https?:)?//", u)], loaded


# ---------------------------------------------------------------- the landlord page and oEmbed

def test_landlord_page_links_to_the_snippets_and_keeps_them_off(site_dir, guide):
    public = provider_url(site_dir)
    for landlord in guide.landlords:
        page = soup(site_dir / "bailleurs" / landlord.id / "index.html")
        headings = [h.get("id") for h in page.select("article h2")]
        assert "integrer" in headings
        if "sources" in headings:
            assert headings.index("integrer") < headings.index("sources")
        # The tenant's page has a short link, not the code (dead weight on a phone).
        assert page.select("article pre, article button[data-copier]") == []
        link = page.find("a", string="Intégrer cette page à votre site")
        assert link is not None and link["href"].endswith(f"integrer/{landlord.id}/code/")
        page = soup(site_dir / "integrer" / landlord.id / "code" / "index.html")
        frame = BeautifulSoup(snippet(site_dir, landlord.id, "cadre"), "html.parser").iframe
        assert frame["src"] == f"{public}integrer/{landlord.id}/" and frame["title"]
        script = BeautifulSoup(snippet(site_dir, landlord.id, "script"), "html.parser").script
        assert script["src"] == f"{public}assets/embed/resize.js"
        for button in page.select("button[data-copier]"):
            assert button.has_attr("hidden"), "sans JavaScript, un bouton Copier ne servirait à rien"
            assert button.get_text().startswith("Copier")
        assert len(page.select("button[data-copier]")) == 2


def test_oembed(site_dir, guide):
    public = provider_url(site_dir)
    for landlord in guide.landlords:
        page = soup(site_dir / "bailleurs" / landlord.id / "index.html")
        links = page.select('head link[rel="alternate"][type="application/json+oembed"]')
        assert len(links) == 1
        href = links[0]["href"]
        assert href == f"{public}integrer/{landlord.id}/oembed.json"
        answer = json.loads((site_dir / href.removeprefix(public)).read_text(encoding="utf-8"))
        assert answer["type"] == "rich" and answer["version"] == "1.0"
        assert {"html", "width", "height", "title", "provider_name", "provider_url"} <= set(answer)
        assert isinstance(answer["width"], int) and isinstance(answer["height"], int)
        assert answer["provider_url"] == public
        assert html.unescape(answer["html"]) == snippet(site_dir, landlord.id, "cadre")


def test_oembed_link_costs_no_request(browser, site_url, site_dir):
    """The discovery link is a real rel=alternate for parsers, but Material's script does not
    go fetching a sitemap beside it."""
    public = provider_url(site_dir)
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{site_url}/bailleurs/{EMBEDDED[0]}/", wait_until="networkidle")
        rels = page.eval_on_selector('link[type="application/json+oembed"]', "l => [...l.relList]")
        assert rels == ["alternate"]
        assert not [u for u in requests if u.startswith(public) or "/integrer/" in u], requests
    finally:
        context.close()


def test_copy_buttons(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"{site_url}/integrer/{EMBEDDED[0]}/code/", wait_until="load")
        button = page.locator("button[data-copier]").first
        button.wait_for(state="visible")
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("<iframe ") and copied.endswith("</iframe>")
        assert "Copié" in page.locator(".integrer-etat").first.inner_text()
    finally:
        context.close()


def test_resize_script_stays_small_and_inert(site_dir):
    for name in ("resize.js", "hauteur.js"):
        text = (site_dir / "assets" / "embed" / name).read_text(encoding="utf-8")
        assert len(text.encode("utf-8")) < 2500, f"{name} : {len(text)} octets"
        for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                          "Function(", "setTimeout(\"", "import(", "fetch(", "XMLHttpRequest"):
            assert forbidden not in text, f"{name} contient {forbidden}"
        assert HEIGHT in text
