"""The embeddable circuit of each landlord (/integrer/<id>/), its snippets and its oEmbed answer.

Python prepares every value; the templates beside it only loop and print. The embedded page is
plain HTML: it reads without JavaScript, and its one script only tells the parent its height."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass

from markupsafe import Markup

from macros.data.guide import Guide
from macros.data.model import Landlord, Step
from macros.pages.csp import with_policy
from macros.pages.render import render

EMBED_DIR = "integrer"
ASSETS = "assets/embed"
# The iframe's height before the optional script sizes it, and the oEmbed size. A phone shows
# a third of a long circuit at this height and scrolls inside the frame for the rest.
DEFAULT_WIDTH = 640
DEFAULT_HEIGHT = 900


@dataclass(frozen=True)
class Site:
    """The guide's name and absolute address (config.site_url), always ending with "/"."""
    name: str
    url: str

    @classmethod
    def from_settings(cls, settings) -> "Site":
        if not settings.site_url:
            raise ValueError("site_url est vide dans mkdocs.yml : les codes d'intégration ont besoin "
                             "de l'adresse publique du guide.")
        return cls(settings.site_name, settings.site_url)

    def page(self, landlord: Landlord) -> str:
        return f"{self.url}bailleurs/{landlord.id}/"

    def embed(self, landlord: Landlord) -> str:
        return f"{self.url}{EMBED_DIR}/{landlord.id}/"

    def oembed(self, landlord: Landlord) -> str:
        return f"{self.embed(landlord)}oembed.json"

    def resize_script(self) -> str:
        return f"{self.url}{ASSETS}/resize.js"


# ---------------------------------------------------------------- snippets and oEmbed

def frame_title(site: Site, landlord: Landlord) -> str:
    return f"Circuit des réclamations chez {landlord.short_name} ({site.name})"


def iframe_snippet(site: Site, landlord: Landlord) -> str:
    """The code a partner pastes: it works alone, where scripts are not allowed."""
    return (f'<iframe src="{html.escape(site.embed(landlord))}" title="{html.escape(frame_title(site, landlord))}" '
            f'style="width:100%;height:{DEFAULT_HEIGHT}px;border:0"></iframe>')


def script_snippet(site: Site) -> str:
    return f'<script src="{html.escape(site.resize_script())}" async></script>'


def oembed(site: Site, landlord: Landlord) -> dict:
    """oEmbed 1.0 answer of type "rich": the same iframe as the snippet."""
    return {
        "version": "1.0",
        "type": "rich",
        "title": f"Faire une réclamation chez {landlord.short_name}",
        "provider_name": site.name,
        "provider_url": site.url,
        "html": iframe_snippet(site, landlord),
        "width": DEFAULT_WIDTH,
        "height": DEFAULT_HEIGHT,
    }


def oembed_json(site: Site, landlord: Landlord) -> str:
    return json.dumps(oembed(site, landlord), ensure_ascii=False, indent=2) + "\n"


def head_link(site: Site, landlord: Landlord) -> str:
    """The discovery tag for the landlord page's <head>.

    The space after "alternate" is deliberate and valid HTML (rel is a set of space-separated
    tokens): Material's script fetches "sitemap.xml" beside every link matching exactly
    [rel=alternate], here a useless request (a 404, or another host when the site is served
    elsewhere than site_url). oEmbed consumers read the rel token or the type, and still find it."""
    return (f'<link rel="alternate " type="application/json+oembed" href="{html.escape(site.oembed(landlord))}" '
            f'title="{html.escape(frame_title(site, landlord))}">')


# ---------------------------------------------------------------- the embedded page

@dataclass(frozen=True)
class Next:
    number: int
    condition: str | None
    reminder: bool


def next_moves(landlord: Landlord, step: Step) -> list[Next]:
    return [Next(t.target.number, t.condition, t.reminder) for t in landlord.outgoing(step)]


def embed_page(guide: Guide, landlord: Landlord, figure_html: str, site: Site, has_svg: bool,
               icon: str | None = None) -> str:
    """The whole standalone HTML document of /integrer/<id>/ (relative links to its own assets).

    `icon` is the site's favicon path: without it, a browser opening the page alone asks for
    /favicon.ico, which the guide does not have."""
    page = render("embed_page.html.j2", l=landlord, site=site, figure=Markup(figure_html), has_svg=has_svg,
                  icon=icon,
                  ladder=guide.ladder_for(landlord), total=len(landlord.steps),
                  next_moves=lambda s: next_moves(landlord, s), assets=f"../../{ASSETS}",
                  vendor="../../assets/vendor")
    return with_policy(page)


def section(site: Site, landlord: Landlord) -> str:
    """The « Intégrer cette page à votre site » Markdown for the landlord page."""
    return render("embed_section.md.j2", l=landlord, iframe=iframe_snippet(site, landlord),
                  script=script_snippet(site), preview=f"../{EMBED_DIR}/{landlord.id}/index.html",
                  escape=html.escape)
