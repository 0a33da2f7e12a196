"""Pictograms of the game, read from the Material Design Icons that Material for MkDocs ships
(Pictogrammers, Apache 2.0 licence: cited on the rules sheet and the board)."""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

# Each kind of square or card, and the icon that shows it.
NAMES = {"depart": "flag-variant", "etape": "shoe-print", "recul": "rewind", "bonus": "star-circle",
         "oie": "bird", "arrivee": "flag-checkered", "urgence": "alarm-light", "recours": "scale-balance",
         "question": "comment-question", "reponse": "book-open-page-variant",
         # the way on in a corner square: the track turns back below
         "virage-droite": "arrow-u-left-bottom", "virage-gauche": "arrow-u-right-bottom"}
LICENCE = "Material Design Icons (Pictogrammers), licence Apache 2.0"
_PATH = re.compile(r'<path d="([^"]+)"')


class IconError(Exception):
    pass


def icons_folder() -> Path:
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        raise IconError("Material for MkDocs est introuvable : lancez `make deps` (ses pictogrammes servent au jeu).")
    return Path(spec.origin).parent / "templates" / ".icons" / "material"


@lru_cache(maxsize=None)
def icon_path(kind: str) -> str:
    """The SVG path data (24 x 24 units) of a kind's pictogram."""
    file = icons_folder() / f"{NAMES[kind]}.svg"
    try:
        match = _PATH.search(file.read_text(encoding="utf-8"))
    except OSError:
        match = None
    if match is None:
        raise IconError(f"Pictogramme « {NAMES[kind]} » introuvable dans {file.parent} : la version de Material "
                        "for MkDocs a changé ; choisissez un autre nom dans macros/game/icons.py.")
    return match.group(1)


def icon_svg(kind: str, x: float, y: float, size: float, fill: str = "#000") -> str:
    scale = size / 24
    return (f'<path transform="translate({x:.2f} {y:.2f}) scale({scale:.4f})" fill="{fill}" '
            f'd="{icon_path(kind)}"/>')


def icon_file(kind: str, fill: str = "#000") -> str:
    """A standalone SVG of the pictogram (for a CSS background, which a tagged PDF keeps as an artifact)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="{fill}" '
            f'd="{icon_path(kind)}"/></svg>')
