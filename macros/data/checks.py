"""Every data file of circuits/, loaded and checked together: what `make check` runs.

The landlords come first (the other files refer to them); then each other file is checked and
all their problems are reported together."""
from __future__ import annotations

from pathlib import Path

from macros.data.guide import Guide, load_guide
from macros.data.problems import DataErrors, Problem


def check_everything(root: Path) -> tuple[Guide, dict[str, int]]:
    """Load all data; raise DataErrors with every problem of every file. Returns counts to show."""
    from macros.data.game import load_game
    from macros.data.glossary import load_glossary
    from macros.pages.federations import federation_pages
    from macros.data.urgency import load_urgencies

    guide = load_guide(root=root)
    circuits = root / "circuits"
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    loaders = {
        "critères d'urgence": lambda: len(load_urgencies(guide, root).problems),
        "sigles": lambda: len(load_glossary(circuits, root, guide.sources)),
        "fédérations": lambda: len(federation_pages(guide, root)),
        "points de blocage du jeu": lambda: len(load_game(guide, root).setbacks),
    }
    for name, load in loaders.items():
        try:
            counts[name] = load()
        except DataErrors as errors:
            problems += errors.problems
    if problems:
        raise DataErrors(problems)
    return guide, counts
