"""The offline copy: the whole site as one zip, opened from a USB stick or a laptop with no network
(file:// addresses), for volunteers who hold meetings where there is no connection."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
# Material's search runs in a Web Worker, which browsers refuse to start from file://: the shim runs
# it in a hidden iframe instead (see the file). Its runtime sits beside it, in the same folder.
WORKER_SHIM = "assets/hors-ligne/iframe-worker.js"
WORKER_RUNTIME = "assets/hors-ligne/iframe-worker-runtime.js"


def worker_files() -> dict[str, str]:
    """The copy's own scripts, by their path in the site."""
    return {path: (HERE / path.rsplit("/", 1)[1]).read_text(encoding="utf-8")
            for path in (WORKER_SHIM, WORKER_RUNTIME)}


# The copy, in the site: one file, offered on /imprimer/.
ZIP = "guide-hors-ligne.zip"
# The folder the zip opens into, with a note on how to open the copy.
FOLDER = "guide-hors-ligne"
NOTE = "LISEZ-MOI.txt"
# Of no use in the copy: the sitemaps name the public address; 404.html is a server's page (its
# links start at a host's root); the copy's search reads search_index.js; the source maps are for
# developers; the word splitters of Japanese and Thai search. Mermaid too, when every diagram is
# already drawn (no page loads it).
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", "404.html", "search/search_index.json",
            "assets/javascripts/lunr/tinyseg.js", "assets/javascripts/lunr/wordcut.js"}
LEFT_OUT_SUFFIXES = (".map",)
MERMAID = "assets/vendor/mermaid/"


def home_notice(edition_text: str | None, site_url: str | None) -> str:
    """Markdown for the top of the copy's home page: a copy ages, the site is kept up to date.
    `site_url`: the public address, or None while it is the example one."""
    edition = f", édition du {edition_text}" if edition_text else ""
    where = f"sur <{site_url}>" if site_url else "sur le site en ligne"
    return (f'!!! note "Copie sans connexion{edition}"\n'
            f"    Les informations ont pu changer depuis. Le guide à jour est {where}.\n")
