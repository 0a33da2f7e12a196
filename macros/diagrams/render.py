"""Render Mermaid sources to SVG at build time, in one headless Chromium session, with a cache.

Rendering happens once for all diagrams of a build; an unchanged diagram (same source, same
Mermaid version, same settings) comes from the cache without starting a browser."""
from __future__ import annotations

import asyncio
import atexit
import hashlib
import html
import json
import os
import re
import threading
import logging
from dataclasses import dataclass
from xml.etree import ElementTree
from pathlib import Path

from macros.build.paths import ROOT

from macros.diagrams.mermaid import restore_labels
from macros.diagrams.simplify import simplify

log = logging.getLogger("mkdocs.plugins.guide.schemas")

MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
FONT_DIR = ROOT / "node_modules" / "@fontsource" / "atkinson-hyperlegible" / "files"
FONT_FAMILY = "Atkinson Hyperlegible"

# htmlLabels off: the SVG then holds real <text>, which WeasyPrint and screen readers can use.
MERMAID_CONFIG = {
    "startOnLoad": False,
    "theme": "neutral",
    "securityLevel": "strict",
    # Mermaid draws node outlines with seeded random curves: a fixed seed gives the same SVG every time.
    "handDrawnSeed": 1,
    "htmlLabels": False,
    "fontFamily": f"'{FONT_FAMILY}', sans-serif",
    "themeVariables": {"fontFamily": f"'{FONT_FAMILY}', sans-serif", "fontSize": "16px"},
    "flowchart": {"htmlLabels": False, "useMaxWidth": True, "wrappingWidth": 230, "curve": "basis",
                  "nodeSpacing": 40, "rankSpacing": 50, "padding": 12},
}

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]


_NOT_LOCAL = re.compile(r"^(?!file:|data:|about:|blob:)")


class DiagramError(Exception):
    """Mermaid refused a diagram: the message names the diagram and Mermaid's own words."""


def mermaid_version() -> str:
    package = MERMAID_JS.parent.parent / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


# Change when what is done to Mermaid's SVG before caching changes: older cached files are not reused.
POSTPROCESS = "restore_labels-3,simplify-1"


def cache_key(source: str) -> str:
    blob = json.dumps([mermaid_version(), MERMAID_CONFIG, POSTPROCESS, source], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


@dataclass
class RenderStats:
    rendered: int = 0
    cached: int = 0


def _font_faces() -> str:
    faces = []
    for weight in (400, 700):
        font = FONT_DIR / f"atkinson-hyperlegible-latin-{weight}-normal.woff2"
        faces.append(f"@font-face{{font-family:'{FONT_FAMILY}';font-weight:{weight};"
                     f"src:url('{font.as_uri()}') format('woff2');}}")
    return "".join(faces)


_RENDER_ALL = """
async ([config, jobs]) => {
  await document.fonts.load("16px '%s'");
  await document.fonts.load("bold 16px '%s'");
  mermaid.initialize(config);
  const results = {};
  await Promise.all(jobs.map(async ([key, source]) => {
    try {
      const { svg } = await mermaid.render("d" + key, source);
      results[key] = { svg };
    } catch (error) {
      results[key] = { error: String(error && error.message || error) };
    }
  }));
  return results;
}
""" % (FONT_FAMILY, FONT_FAMILY)


def _tabs(wanted: int, count: int) -> int:
    """How many tabs draw at once: one per core by default (each tab is a renderer process of its own)."""
    return max(1, min(wanted, count))


class Renderer:
    """A headless Chromium whose tabs have Mermaid loaded, driven from a thread of its own.

    Playwright refuses to run where an asyncio loop runs already (a test's own browser, a
    server): the thread has a loop of its own, so rendering works from any caller. Under
    `mkdocs serve` the renderer stays open between rebuilds: an edited circuit is redrawn
    without starting a browser."""

    def __init__(self, chromium: str, scratch_dir: Path, tabs: int = 1):
        self.chromium, self.scratch_dir, self.wanted_tabs = chromium, scratch_dir, tabs
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="schemas-mermaid", daemon=True)
        self.thread.start()
        self.playwright = self.browser = None
        self.tabs: list = []
        try:
            self._call(self._start())
        except BaseException:
            self.close()
            raise

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def _start(self) -> None:
        # late: Playwright starts only when a diagram is not in the cache
        from playwright.async_api import async_playwright

        self.playwright = await async_playwright().start()
        self.browser = await self.playwright.chromium.launch(executable_path=self.chromium, args=CHROMIUM_FLAGS,
                                                             headless=True)

    async def _open_tab(self):
        # A context of its own: a renderer process of its own, so the tabs draw in parallel.
        context = await self.browser.new_context()
        # The drawing needs only the local page, its fonts and Mermaid: any other request (a label
        # naming an address, were it ever read as markup) is refused before it leaves.
        await context.route(_NOT_LOCAL, lambda route: route.abort())
        page = await context.new_page()
        scratch = self.scratch_dir / f"render-{os.getpid()}-{id(page)}.html"
        scratch.write_text(f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><style>{_font_faces()}"
                           f"body{{font-family:'{FONT_FAMILY}'}}</style></head><body></body></html>", encoding="utf-8")
        try:
            await page.goto(scratch.as_uri())
        finally:
            scratch.unlink(missing_ok=True)
        await page.add_script_tag(path=str(MERMAID_JS))
        return page

    async def _render(self, jobs: dict[str, str]) -> dict[str, dict]:
        items = sorted(jobs.items(), key=lambda item: len(item[1]), reverse=True)
        tabs = _tabs(self.wanted_tabs, len(items))
        self.tabs += await asyncio.gather(*(self._open_tab() for _ in range(tabs - len(self.tabs))))
        # Largest first, dealt round-robin: the tabs finish at about the same time.
        shares = [items[i::tabs] for i in range(tabs)]
        results: dict[str, dict] = {}
        parts = await asyncio.gather(*(page.evaluate(_RENDER_ALL, [MERMAID_CONFIG, share])
                                       for page, share in zip(self.tabs, shares)))
        for part in parts:
            results.update(part)
        return results

    def render(self, jobs: dict[str, str]) -> dict[str, dict]:
        return self._call(self._render(jobs))

    def close(self) -> None:
        async def stop():
            if self.browser is not None:
                await self.browser.close()
            if self.playwright is not None:
                await self.playwright.stop()

        if self.loop.is_running():
            try:
                self._call(stop())
            finally:
                self.loop.call_soon_threadsafe(self.loop.stop)
                self.thread.join()
        self.loop.close()


_kept: Renderer | None = None


def _close_kept() -> None:
    global _kept
    if _kept is not None:
        renderer, _kept = _kept, None
        renderer.close()


_kept_lock = threading.Lock()


def _kept_renderer(chromium: str, scratch_dir: Path, tabs: int) -> Renderer:
    global _kept
    with _kept_lock:
        if _kept is not None and (_kept.chromium, _kept.scratch_dir, _kept.wanted_tabs) != (chromium, scratch_dir, tabs):
            _close_kept()
        if _kept is None:
            _kept = Renderer(chromium, scratch_dir, tabs)
            atexit.register(_close_kept)
        return _kept


def warm_up(chromium: str, scratch_dir: Path, tabs: int) -> None:
    """Under `mkdocs serve`: open the kept browser, with Mermaid loaded, in the background, so
    that the first edited circuit does not wait for a browser to start."""
    def start():
        try:
            _kept_renderer(chromium, scratch_dir, tabs).render({})
        except Exception:  # noqa: BLE001 - the first real render will start it again and report
            pass

    threading.Thread(target=start, name="schemas-prechauffage", daemon=True).start()


def _render_in_browser(jobs: dict[str, str], chromium: str, cache: Path, tabs: int, keep: bool) -> dict[str, dict]:
    scratch = cache.parent
    if not keep:
        renderer = Renderer(chromium, scratch, tabs)
        try:
            return renderer.render(jobs)
        finally:
            renderer.close()
    try:
        return _kept_renderer(chromium, scratch, tabs).render(jobs)
    except Exception:
        # A browser that died between two rebuilds: start a new one, once.
        with _kept_lock:
            _close_kept()
        return _kept_renderer(chromium, scratch, tabs).render(jobs)


def render_svgs(sources: dict[str, str], chromium: str, cache: Path, stats: RenderStats | None = None,
                keep_browser: bool = False, tabs: int = 1) -> dict[str, str]:
    """Map each name to its SVG; render only what the cache does not hold.

    keep_browser: leave the browser open for the next call (`mkdocs serve` rebuilds)."""
    stats = stats if stats is not None else RenderStats()
    cache.mkdir(parents=True, exist_ok=True)
    keys = {name: cache_key(src) for name, src in sources.items()}
    found = {key: _cached_svg(cache / f"{key}.svg") for key in set(keys.values())}
    missing = {keys[name]: src for name, src in sources.items() if found[keys[name]] is None}
    if missing:
        try:
            results = _render_in_browser(missing, chromium, cache, tabs, keep_browser)
        except Exception as exc:  # Playwright's errors, a browser that crashed or was killed
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DiagramError(
                f"Chromium ({chromium}) n'a pas pu dessiner les schémas : {reason[:200]}. Que faire : vérifiez "
                f"que Chromium se lance (`{chromium} --version`) ou réinstallez-le ; ou construisez sans lui avec "
                "GUIDE_CHROMIUM=none (Mermaid dessinera alors les schémas dans le navigateur du lecteur) ; "
                "si cela recommence, `make clean` vide les caches.") from None
        errors = []
        for key, result in results.items():
            if "error" in result:
                name = next(n for n, k in keys.items() if k == key)
                errors.append(f"diagramme « {name} » : Mermaid a refusé la source ({result['error']})")
            else:
                svg = simplify(restore_labels(result["svg"]))
                tmp = cache / f".{key}.svg.{os.getpid()}"
                tmp.write_text(svg, encoding="utf-8")
                tmp.replace(cache / f"{key}.svg")
                found[key] = svg
        if errors:
            raise DiagramError("\n".join(errors))
    stats.rendered += len(missing)
    stats.cached += len(sources) - len(missing)
    return {name: found[key] for name, key in keys.items()}


def _cached_svg(path: Path) -> str | None:
    """A cached drawing, if it is one: a file cut short or spoilt is drawn again, never published."""
    try:
        svg = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        svg = ""
    try:
        root = ElementTree.fromstring(svg)
        if root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"):
            return svg
    except ElementTree.ParseError:
        pass
    log.info(f"Schéma en cache illisible ({path.name}) : il est redessiné.")
    path.unlink(missing_ok=True)
    return None


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def make_accessible(svg: str, dom_id: str, title: str, description: str) -> str:
    """One image for assistive technology: role=img, named by <title>, described by <desc>."""
    opening = _SVG_OPEN.search(svg).group(0)
    attrs = re.sub(r'\s(role|aria-roledescription|aria-labelledby|aria-describedby|id)="[^"]*"', "", opening[4:-1])
    new_open = (f'<svg id="{dom_id}" role="img" aria-labelledby="{dom_id}-title" '
                f'aria-describedby="{dom_id}-desc"{attrs}>'
                f'<title id="{dom_id}-title">{html.escape(title)}</title>'
                f'<desc id="{dom_id}-desc">{html.escape(description)}</desc>')
    body = svg.replace(opening, new_open, 1)
    # Mermaid scopes its CSS and markers by the render id; keep them pointing at the new id.
    old_id = re.search(r'\sid="([^"]+)"', opening)
    if old_id:
        body = body.replace(f"#{old_id.group(1)}", f"#{dom_id}").replace(f'"{old_id.group(1)}_', f'"{dom_id}_')
        body = body.replace(f"url(#{old_id.group(1)}_", f"url(#{dom_id}_")
    # Mermaid may leave its own <title>/<desc> (accTitle); ours come first and are enough.
    return body
