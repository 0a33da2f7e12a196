"""Every data file of circuits/ (and the practice fiches), loaded and checked once per build.

The landlords come first: the other files refer to their sources and practices. Then each
shared file is checked, and the problems of all of them are reported together, so one run of
`make check` or `make build` shows every problem."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.data.federations import Federation, load_federations
from macros.data.game import GameData, load_game
from macros.data.glossary import Term, load_glossary
from macros.data.guide import Guide, load_guide
from macros.data.problems import DataErrors
from macros.data.reserved import id_clashes
from macros.data.urgency import Urgencies, load_urgencies


@dataclass(frozen=True)
class Bundle:
    root: Path
    guide: Guide
    urgencies: Urgencies
    glossary: list[Term]
    federations: list[Federation]
    game: GameData

    @classmethod
    def load(cls, root: Path, content_dir: Path | None = None) -> Bundle:
        """Load everything; raise DataErrors with every problem of every file."""
        root = root.resolve()
        guide = load_guide(root=root, content_dir=content_dir or root / "content")
        circuits = root / "circuits"
        loaders = {
            "urgencies": lambda: load_urgencies(guide, root),
            "glossary": lambda: load_glossary(circuits, root, guide.sources, guide.territory.values),
            "federations": lambda: load_federations(circuits, root, guide.sources, guide.territory.values),
            "game": lambda: load_game(guide, root),
        }
        loaded, problems = {}, []
        for name, load in loaders.items():
            try:
                loaded[name] = load()
            except DataErrors as errors:
                problems += errors.problems
        if "federations" in loaded:
            problems += id_clashes(root, guide.landlords, loaded["federations"])
        if problems:
            raise DataErrors(problems)
        return cls(root, guide, **loaded)

    def counts(self) -> dict[str, int]:
        """What `make check` reports besides the landlords."""
        return {"critères d'urgence": len(self.urgencies.problems), "sigles et mots": len(self.glossary),
                "fédérations": len(self.federations), "points de blocage du jeu": len(self.game.setbacks)}
