"""The WeasyPrint setup shared by every document of a build: fonts loaded once, stylesheets
parsed once, images cached, and the options that make the output the same bytes every time."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from macros.build.templating import template_environment
from macros.pages.markup import french
from macros.printing.typography import de
from macros.printing.columns import text_widths
from macros.printing.svg_text import install
from macros.printing import tagging
from xml.etree import ElementTree
import base64
import gc

HERE = Path(__file__).resolve().parent
CSS_DIR = HERE / "css"
TEMPLATES = HERE / "templates"
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILES = {(400, "normal"): "atkinson-hyperlegible-latin-400-normal.woff2",
              (700, "normal"): "atkinson-hyperlegible-latin-700-normal.woff2",
              (400, "italic"): "atkinson-hyperlegible-latin-400-italic.woff2",
              (700, "italic"): "atkinson-hyperlegible-latin-700-italic.woff2"}

# WeasyPrint's own progress and "unsupported CSS" chatter is not ours to show at INFO level.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class PrintError(Exception):
    """A document cannot be made as promised (missing fonts, a leaflet over two pages…)."""


def font_faces(fonts_dir: Path) -> str:
    missing = [name for name in FONT_FILES.values() if not (fonts_dir / name).exists()]
    if missing:
        raise PrintError(f"Polices absentes de {fonts_dir} ({', '.join(missing)}) : lancez `make deps`, "
                         "qui les copie depuis node_modules.")
    return "".join(f"@font-face{{font-family:'{FONT_FAMILY}';font-weight:{w};font-style:{s};"
                   f"src:url('{(fonts_dir / name).as_uri()}') format('woff2');}}"
                   for (w, s), name in FONT_FILES.items())


def templates() -> Environment:
    return template_environment(TEMPLATES, "impression", autoescape=select_autoescape(["html", "html.j2"]),
                                filters={"fr": lambda text: french(str(text)) if text else text, "de": de})


class FetchRefused(ValueError):
    """WeasyPrint asked for something other than the build's own files."""


def files_root(fonts_dir: Path) -> Path:
    """The site's source folder (content/) when the fonts are in its assets/vendor/fonts."""
    return fonts_dir.parents[2] if fonts_dir.parts[-3:] == ("assets", "vendor", "fonts") else fonts_dir


def local_fetcher(roots: tuple[Path, ...]):
    """WeasyPrint's URL fetcher for the guide: data: URLs and files under `roots` (stylesheets,
    fonts, the site's own images); nothing else, so no address written in the data is fetched,
    no file outside the project is read into a PDF, and nothing is requested from the network."""
    # late: WeasyPrint is heavy and only print workers need it
    from weasyprint.urls import URLFetcher

    resolved = tuple(root.resolve() for root in roots)

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                allowed = path.is_file() and any(path.is_relative_to(root) for root in resolved)
            else:
                allowed = scheme == "data"
            if not allowed:
                raise FetchRefused(f"ressource refusée par le guide : {url[:120]}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


class Engine:
    def __init__(self, fonts_dir: Path):
        # late: WeasyPrint is heavy and only print workers need it
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration


        install()  # SVG labels drawn a run at a time (see svg_text.py)
        tagging.install()  # table headers' scope, figures' descriptions (see tagging.py)
        self.fonts_dir = fonts_dir
        self.fetcher = local_fetcher((CSS_DIR, fonts_dir, files_root(fonts_dir)))
        self.font_config = FontConfiguration()
        self.fonts_css = CSS(string=font_faces(fonts_dir), font_config=self.font_config, url_fetcher=self.fetcher)
        self._sheets: dict[str, object] = {}
        self.image_cache: dict = {}
        self.jinja = templates()

    def sheet(self, name: str):
        # late: WeasyPrint is heavy and only print workers need it
        from weasyprint import CSS

        if name not in self._sheets:
            self._sheets[name] = CSS(filename=str(CSS_DIR / name), font_config=self.font_config,
                                     url_fetcher=self.fetcher)
        return self._sheets[name]

    def widths(self, weight: int):
        """The advance widths of the upright font of this weight (to estimate line counts)."""

        return text_widths(self.fonts_dir / FONT_FILES[(weight, "normal")])

    def html(self, template: str, **context) -> str:
        return self.jinja.get_template(template).render(**context)

    def render(self, html: str, *sheets: str, base_url: str | None = None, images: dict | None = None):
        """Lay out a document; its pages can then be counted, inspected and written.

        images: where parsed images are kept, if not the engine's own cache (kept for all documents)."""
        # late: WeasyPrint is heavy and only print workers need it
        from weasyprint import HTML

        stylesheets = [self.fonts_css, *(self.sheet(s) for s in sheets)]
        return HTML(string=html, base_url=base_url or str(HERE), url_fetcher=self.fetcher).render(
            font_config=self.font_config, stylesheets=stylesheets,
            cache=self.image_cache if images is None else images)

    def close(self) -> None:
        # Free fontconfig while Python can still run WeasyPrint's clean-up (not at interpreter exit).

        self._sheets.clear()
        self.fonts_css = self.font_config = None
        gc.collect()

    @staticmethod
    def write(document, tagged: bool = True) -> bytes:
        """The PDF's bytes: tagged PDF/UA-1 (structure tree, language, title shown by the viewer,
        decoration as artifacts), unless it is only a piece to stamp into a tagged one."""
        # No /ID (pdf_identifier None) and dates only from the <meta> of the page: same input, same bytes.
        options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
        return document.write_pdf(**options)


def svg_image(svg: str, alt: str) -> Markup:
    """An SVG handed to WeasyPrint as an image (an <img> whose source is the SVG itself).

    Inline, every element of the drawing would go through the document's HTML parser and style
    cascade, at each layout of the document; as an image WeasyPrint parses it once (into the
    image cache given to the layout) and only draws it: the same drawing, a fifth less time for a
    leaflet (measured, with its diagram of a few hundred elements). An SVG that is not
    well-formed XML stays inline, where the HTML parser forgives it."""

    try:
        ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return Markup(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup('<img src="data:image/svg+xml;base64,{}" alt="{}">').format(Markup(data), alt)


# Characters left as they are in a CSS string; every other one is written as a CSS escape.
_CSS_PLAIN = frozenset(" '’-.,:;!?()«»")


def css_string(text: str) -> str:
    """text as a quoted CSS string: letters, digits and plain punctuation as they are, anything
    else (quotes, backslash, <, newline…) as a hexadecimal escape, so data cannot end the string
    or the <style> element."""
    return '"' + "".join(c if c.isalnum() or c in _CSS_PLAIN else f"\\{ord(c):x} " for c in text) + '"'


def page_title_css(title: str, box: str) -> Markup:
    """A <style> putting the guide's title (circuits/territoire.yaml) in a page margin box."""
    return Markup(f"<style>@page {{ {box} {{ content: {css_string(title)}; }} }}</style>")


def meta_dates(edition: date | None) -> Markup:
    """<meta> for the PDF's creation and modification dates: the edition, never the clock."""
    if edition is None:
        return Markup("")
    stamp = edition.isoformat()
    return Markup(f'<meta name="dcterms.created" content="{stamp}">'
                  f'<meta name="dcterms.modified" content="{stamp}">')


def human_size(size: int) -> str:
    """French file size: « 84 ko », « 1,2 Mo »."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))}\u00a0ko"
    return f"{size / 1000 / 1000:.1f}".replace(".", ",") + "\u00a0Mo"
