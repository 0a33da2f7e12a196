"""Where the project and its caches are: every module asks here rather than counting parents."""
from __future__ import annotations

from pathlib import Path

# The checkout (the folder of mkdocs.yml); a copy of the project (tests, bench) passes its own root.
ROOT = Path(__file__).resolve().parents[2]
