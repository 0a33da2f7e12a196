"""What a build did and how long it took, for `make bench`: written only when GUIDE_STATS names a
JSON file. Each stage records its own section; a section is replaced, the others are kept."""
from __future__ import annotations

import json

from macros.build.settings import Settings


def record(settings: Settings, section: str, data: dict) -> None:
    path = settings.stats_file
    if path is None:
        return
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stats = {}
    stats[section] = data
    path.write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")


def reset(settings: Settings) -> None:
    """At the start of a build: nothing left from the previous one (under `mkdocs serve`, say)."""
    if settings.stats_file is not None:
        settings.stats_file.unlink(missing_ok=True)
