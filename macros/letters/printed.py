"""The letters' PDFs: one A4 page each, made by the build's print workers and cached like the
other documents (macros/printing/pool.py). The stylesheet is the site's own (lettres.css), so
the PDF and the browser's « Imprimer » lay the letter out by the same rules."""
from __future__ import annotations

from pathlib import Path

from macros.letters.stage import Letters
from macros.printing.edition import edition_date
from macros.printing.engine import PrintError, meta_dates
from macros.printing.pool import PrintPool, html_to_pdf

CSS = Path("assets") / "lettres.css"


def start(letters: Letters, pool: PrintPool, docs_dir: Path, source_date_epoch: int | None) -> None:
    """Hand every letter's PDF to the workers (or take it from the cache)."""
    css = (docs_dir / CSS).read_text(encoding="utf-8")
    guide = letters.bundle.guide
    edition = edition_date(letters.bundle.root, [l.last_review for l in guide.landlords], source_date_epoch)
    for path, html in letters.documents(css, meta_dates(edition)).items():
        letters.jobs.append((path, pool.submit(pool.cache.key("lettres", html), html_to_pdf, html, ("print-base.css",))))


def write(letters: Letters | None, site_dir: Path) -> int:
    """Wait for the letters' PDFs and write them; each must hold on one page."""
    if letters is None:
        return 0
    for path, future in letters.jobs:
        files, meta = future.result()
        if meta["pages"] != 1:
            raise PrintError(f"La lettre {path} fait {meta['pages']} pages au lieu d'une : "
                             "raccourcissez son texte dans macros/letters/texts/lettres.yaml.")
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files["pdf"])
    return len(letters.jobs)
