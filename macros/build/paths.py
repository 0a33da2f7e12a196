"""Where the project and its caches are: every module asks here rather than counting parents."""
from __future__ import annotations

import posixpath
from pathlib import Path

# The checkout (the folder of mkdocs.yml); a copy of the project (tests, bench) passes its own root.
ROOT = Path(__file__).resolve().parents[2]


def page_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes the page made of `src_uri`, from the site's root: "lettres/relance/"
    with directory URLs (the site), "lettres/relance.html" without (the offline copy)."""
    stem = src_uri.removesuffix(".md")
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return (f"{folder}/" if folder else "") if directory_urls else f"{folder + '/' if folder else ''}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def up_to_root(src_uri: str, directory_urls: bool = True) -> str:
    """From the page made of `src_uri` to the site's root: "../../" for lettres/relance/, "../"
    for lettres/relance.html. For links written in a generated page's HTML, which MkDocs leaves as they are."""
    return "../" * page_path(src_uri, directory_urls).count("/")
