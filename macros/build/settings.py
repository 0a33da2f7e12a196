"""Build switches read from the environment, shared by the hooks that write printed matter."""
from __future__ import annotations

import os


def leaflets_only() -> bool:
    """GUIDE_PDF=depliants: of the printed documents, only the leaflets and the tracking sheet
    (what federations hand out most; the guide, the booklets and the game's PDFs are left out)."""
    return os.environ.get("GUIDE_PDF", "").strip() == "depliants"


def pdf_skip_reason(command: str | None, needs_chromium: bool = True) -> str | None:
    """Why this build writes no PDF, or None when it does.

    `mkdocs serve` rebuilds on every edit, so it skips them unless GUIDE_PDF=1 asks for them;
    GUIDE_PDF=0 turns them off everywhere; without Chromium the circuit diagrams cannot be drawn
    (documents that draw none, like the game's, pass needs_chromium=False)."""
    wanted = os.environ.get("GUIDE_PDF", "").strip()
    if wanted == "0":
        return "GUIDE_PDF=0 les a désactivés"
    if command == "serve" and wanted != "1":
        return "`mkdocs serve` ne les fait pas (GUIDE_PDF=1 pour les faire)"
    from macros.diagrams.render import find_chromium

    if needs_chromium and find_chromium() is None:
        return "pas de Chromium pour dessiner les schémas"
    return None
