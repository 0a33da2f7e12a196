"""Reading a built site: where an internal link leads."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from support.projects import ROOT

# Any base will do for resolving relative links, as long as it is not a real host.
BASE = "http://site.invalid/"


def public_address() -> str:
    """The site's public address (site_url), or BASE when mkdocs.yml has none."""
    # Read the one line rather than load mkdocs.yml, which may hold MkDocs-only YAML tags.
    found = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return found.group(1) if found else BASE


def internal_target(href: str, page_rel: str, public_url: str):
    """(path inside the site, fragment) for a link that stays on the site, else None."""
    if href.startswith(public_url):
        href = "/" + href[len(public_url):]
    url = urlsplit(urljoin(BASE + page_rel, href))
    if url.scheme not in ("http", "https") or f"{url.scheme}://{url.netloc}/" != BASE:
        return None
    return unquote(url.path).lstrip("/"), unquote(url.fragment)


def resolve_file(site_dir: Path, path: str) -> Path | None:
    target = site_dir / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None
