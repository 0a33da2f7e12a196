"""The whole guide as one PDF: a cover, a table of contents with page numbers, then every page
of the site in menu order, from the HTML that MkDocs made of it (the same diagrams, same words).

Each page becomes a chapter; its ids get the chapter's prefix so that "#sources" of two landlord
pages stay apart, and links between pages become links inside the PDF."""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString
from markupsafe import Markup

from macros.printing.engine import PrintError, meta_dates, page_title_css, svg_image
from macros.printing.leaflet import PREVIEW_TEXT, Site, display_url, qr_alt
from macros.printing.qr import qr_svg
from macros.pages.markup import french
from pathlib import Path

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_SVG_MARK = re.compile(r"<!--svg:(\d+)-->")
_KEEP_TEXT = {"code", "pre", "kbd", "samp", "script", "style"}
# What only makes sense on screen: the "on paper" line, the "embed this page" section.
WEB_ONLY_BLOCKS = (".imprimer-lien", "button")
WEB_ONLY_SECTIONS = ("integrer",)  # ids of <h2> whose whole section is left out
# Left as Mermaid source, a diagram would print as code: the build must have rendered it to SVG.
_MERMAID_SOURCE = re.compile(r'class="[^"]*\bmermaid\b')


@dataclass
class Chapter:
    url: str            # the page's URL in the site, e.g. "bailleurs/opale/" ("" for the home page)
    title: str
    html: str           # the page's article HTML, as MkDocs rendered it
    section: str | None = None  # the menu section it belongs to, if any
    src: str = ""       # its Markdown file, e.g. "bailleurs/opale.md"
    prefix: str = ""

    def __post_init__(self):
        self.prefix = "p-" + (re.sub(r"[^a-z0-9]+", "-", self.url.lower()).strip("-") or "accueil")


class Linker:
    """Where each link of a page goes in the PDF: a chapter, an anchor, or the public site."""

    def __init__(self, chapters: list[Chapter], site_url: str, files_by_url: dict[str, str]):
        self.by_path = {"/" + c.url: c for c in chapters}
        self.site_url = site_url
        self.files_by_url = files_by_url  # URL path in the site -> file on disk (images)

    def href(self, chapter: Chapter, href: str) -> tuple[str, bool]:
        """(new href, whether it points into another chapter)."""
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            return href, False
        if not parts.path:
            return (f"#{chapter.prefix}--{parts.fragment}" if parts.fragment else f"#{chapter.prefix}"), False
        path = urljoin("/" + chapter.url, parts.path)
        target = self.by_path.get(path) or self.by_path.get(path.rstrip("/") + "/")
        if target is None and path.endswith("/index.html"):
            target = self.by_path.get(path[: -len("index.html")])
        if target is not None:
            anchor = f"{target.prefix}--{parts.fragment}" if parts.fragment else target.prefix
            return f"#{anchor}", target is not chapter
        # A file of the site that is not a chapter (a PDF, the data): its public address.
        public = urljoin(self.site_url, path.lstrip("/"))
        return public + (f"#{parts.fragment}" if parts.fragment else ""), False

    def src(self, chapter: Chapter, src: str) -> str:
        parts = urlsplit(src)
        if parts.scheme in ("data", "http", "https", "file"):
            return src
        path = unquote(posixpath.normpath(urljoin("/" + chapter.url, parts.path))).lstrip("/")
        local = self.files_by_url.get(path)
        return local if local else urljoin(self.site_url, path)


_CIRCUIT_DESC = re.compile(r'(<desc id="circuit-([a-z0-9-]+)-desc">).*?(</desc>)', re.S)


def prepare(chapter: Chapter, linker: Linker, circuits: dict[str, str] | None = None) -> str:
    """The chapter's HTML for print: prefixed ids, rewritten links, French typography.

    circuits: each landlord's circuit told in words, by id: the description of its diagram
    (the figure's alternative text in the PDF, where the drawing's conditions cannot be read)."""
    if _MERMAID_SOURCE.search(chapter.html):
        raise PrintError(f"La page {chapter.url or 'd’accueil'} contient un schéma Mermaid non dessiné : "
                         "le PDF l’imprimerait comme du code. Installez Chromium (`make chromium`).")
    svgs: list[str] = []

    def keep(match: re.Match) -> str:
        # The SVGs go through untouched (the site's own, byte for byte) but for a circuit's description.
        svg = match.group(0)
        if circuits:
            svg = _CIRCUIT_DESC.sub(lambda m: f"{m.group(1)}{html.escape(circuits[m.group(2)], quote=False)}{m.group(3)}"
                                    if m.group(2) in circuits else m.group(0), svg)
        svgs.append(svg)
        return f"<!--svg:{len(svgs) - 1}-->"

    soup = BeautifulSoup(_SVG.sub(keep, chapter.html), "html.parser")
    for link in soup.select("a.headerlink"):
        link.decompose()
    _drop_web_only(soup)
    for tag in soup.find_all(id=True):
        tag["id"] = f"{chapter.prefix}--{tag['id']}"
    for link in soup.find_all("a", href=True):
        link["href"], cross = linker.href(chapter, link["href"])
        if cross:
            link["class"] = [*link.get("class", []), "xref"]
        elif link["href"].startswith(("http://", "https://")) and link.get_text(strip=True) != link["href"]:
            # The site's name after the link, not the whole address: readable, and the online guide has it all.
            link["class"] = [*link.get("class", []), "external"]
            link["data-site"] = urlsplit(link["href"]).netloc.removeprefix("www.")
    for image in soup.find_all("img", src=True):
        image["src"] = linker.src(chapter, image["src"])
    for details in soup.find_all("details"):
        details["open"] = ""
    for text in soup.find_all(string=True):
        if isinstance(text, Comment) or not isinstance(text, NavigableString):
            continue
        if any(parent.name in _KEEP_TEXT for parent in text.parents):
            continue
        text.replace_with(french(str(text)))
    if soup.find("h1") is None:
        heading = soup.new_tag("h1")
        heading.string = french(chapter.title)
        soup.insert(0, heading)
    h1 = soup.find("h1")
    h1["id"] = chapter.prefix
    # The table of contents shows what the page shows; an <abbr> inside a word's elision
    # (« L’<abbr>astreinte</abbr> ») must not gain a space, so only the text's own spaces count.
    chapter.title = " ".join(h1.get_text().split())
    return _SVG_MARK.sub(lambda m: svgs[int(m.group(1))], str(soup))


def _drop_web_only(soup: BeautifulSoup) -> None:
    for block in soup.select(", ".join(WEB_ONLY_BLOCKS)):
        block.decompose()
    for heading in soup.find_all("h2", id=list(WEB_ONLY_SECTIONS)):
        section = [heading]
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h1", "h2"):
                break
            section.append(sibling)
        for node in section:
            node.decompose()


def guide_html(engine_templates, site: Site, chapters: list[Chapter], linker: Linker, description: str,
               partners: str | None, landlords: list[str], title: str, place: str, made_by: str,
               circuits: dict[str, str] | None = None) -> str:
    """The whole guide as one HTML document, ready for WeasyPrint (see worker.py).

    title, place (the territory's name) and made_by (who made the guide) come from
    circuits/territoire.yaml; circuits: each landlord's circuit in words, the diagrams' text."""
    bodies = [Markup(prepare(chapter, linker, circuits)) for chapter in chapters]
    return engine_templates.get_template("guide.html.j2").render(
        site=site, title=title, place=place, made_by=made_by, description=description, partners=partners, landlords=landlords,
        page_title_css=page_title_css(title, "@top-left"),
        chapters=list(zip(chapters, bodies)), qr=svg_image(qr_svg(site.url), qr_alt("la version en ligne du guide", site.url)) if not site.preview else "",
        preview_text=PREVIEW_TEXT,
        site_url_display=display_url(site.url), meta_dates=meta_dates(site.edition))


SHEETS = ("print-base.css", "guide.css")
_LOCAL_FILE = re.compile(r'(?:src|href)="(file://[^"]+)"')


def local_files(html: str) -> list[bytes]:
    """The bytes of every local file the guide's HTML points to (images): part of its cache key."""

    paths = [Path(unquote(urlsplit(url).path)) for url in sorted(set(_LOCAL_FILE.findall(html)))]
    return [path.read_bytes() if path.exists() else b"missing" for path in paths]
