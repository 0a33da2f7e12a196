"""Render Mermaid sources to SVG at build time, in one headless Chromium session, with a cache.

Rendering happens once for all diagrams of a build; an unchanged diagram (same source, same
Mermaid version, same settings) comes from the cache without starting a browser."""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .mermaid import restore_labels

ROOT = Path(__file__).resolve().parent.parent
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
FONT_DIR = ROOT / "node_modules" / "@fontsource" / "atkinson-hyperlegible" / "files"
# GUIDE_CACHE_DIR lets the benchmark measure a cold cache without touching the real one.
CACHE_DIR = Path(os.environ.get("GUIDE_CACHE_DIR") or ROOT / ".cache" / "diagrams")
FONT_FAMILY = "Atkinson Hyperlegible"

# htmlLabels off: the SVG then holds real <text>, which WeasyPrint and screen readers can use.
MERMAID_CONFIG = {
    "startOnLoad": False,
    "theme": "neutral",
    "securityLevel": "strict",
    "htmlLabels": False,
    "fontFamily": f"'{FONT_FAMILY}', sans-serif",
    "themeVariables": {"fontFamily": f"'{FONT_FAMILY}', sans-serif", "fontSize": "16px"},
    "flowchart": {"htmlLabels": False, "useMaxWidth": True, "wrappingWidth": 230, "curve": "basis",
                  "nodeSpacing": 40, "rankSpacing": 50, "padding": 12},
}

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]


class DiagramError(Exception):
    """Mermaid refused a diagram: the message names the diagram and Mermaid's own words."""


def find_chromium() -> str | None:
    """The Chromium to use: GUIDE_CHROMIUM if set ("none" disables), else the system one."""
    chosen = os.environ.get("GUIDE_CHROMIUM")
    if chosen:
        return None if chosen == "none" else chosen
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def mermaid_version() -> str:
    package = MERMAID_JS.parent.parent / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


# Change when what is done to Mermaid's SVG before caching changes: older cached files are not reused.
POSTPROCESS = "restore_labels-2"


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


def _render_in_browser(jobs: dict[str, str], chromium: str) -> dict[str, dict]:
    # Playwright's sync API refuses to run where an asyncio loop runs (a test's own browser, a
    # server): a thread of its own has none, so rendering works from any caller.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render_in_this_thread, jobs, chromium).result()


def _render_in_this_thread(jobs: dict[str, str], chromium: str) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    page_html = (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><style>{_font_faces()}"
                 f"body{{font-family:'{FONT_FAMILY}'}}</style></head><body></body></html>")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page()
            scratch = CACHE_DIR.parent / "render.html"
            scratch.write_text(page_html, encoding="utf-8")
            page.goto(scratch.as_uri())
            page.add_script_tag(path=str(MERMAID_JS))
            return page.evaluate(_RENDER_ALL, [MERMAID_CONFIG, list(jobs.items())])
        finally:
            browser.close()


def render_svgs(sources: dict[str, str], chromium: str, stats: RenderStats | None = None) -> dict[str, str]:
    """Map each name to its SVG; render only what the cache does not hold."""
    stats = stats if stats is not None else RenderStats()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    keys = {name: cache_key(src) for name, src in sources.items()}
    missing = {keys[name]: src for name, src in sources.items() if not (CACHE_DIR / f"{keys[name]}.svg").exists()}
    if missing:
        results = _render_in_browser(missing, chromium)
        errors = []
        for key, result in results.items():
            if "error" in result:
                name = next(n for n, k in keys.items() if k == key)
                errors.append(f"diagramme « {name} » : Mermaid a refusé la source ({result['error']})")
            else:
                tmp = CACHE_DIR / f"{key}.svg.tmp"
                tmp.write_text(restore_labels(result["svg"]), encoding="utf-8")
                tmp.replace(CACHE_DIR / f"{key}.svg")
        if errors:
            raise DiagramError("\n".join(errors))
    stats.rendered += len(missing)
    stats.cached += len(sources) - len(missing)
    return {name: (CACHE_DIR / f"{key}.svg").read_text(encoding="utf-8") for name, key in keys.items()}


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
