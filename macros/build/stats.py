"""What a build did and how long it took, for `make bench`: written only when GUIDE_STATS names a
JSON file. Each hook records its own section; a section is replaced, the others are kept."""
from __future__ import annotations

import json
import os
from pathlib import Path


def record(section: str, data: dict) -> None:
    target = os.environ.get("GUIDE_STATS")
    if not target:
        return
    path = Path(target)
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stats = {}
    stats[section] = data
    path.write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")


def reset() -> None:
    """At the start of a build: nothing left from the previous one (under `mkdocs serve`, say)."""
    target = os.environ.get("GUIDE_STATS")
    if target:
        Path(target).unlink(missing_ok=True)
