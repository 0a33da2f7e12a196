"""Load circuits/jeu.yaml: sticking points, practice bonuses, geese and the generic circuit."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.data.guide import Guide
from macros.data.model import Citation
from macros.data.problems import SHARED_SOURCES, DataErrors, unknown_reference
from macros.data.datafile import localize
from macros.data.validation import schema_problems
from macros.data.yamlsource import load_yaml

GAME_FILE = "jeu.yaml"


@dataclass(frozen=True)
class Effect:
    kind: str  # avancer, reculer, passer_un_tour, rejouer
    squares: int | None

    @property
    def text(self) -> str:
        n = self.squares or 0
        return {
            "avancer": f"Avancez de {n} case{'s' if n > 1 else ''}.",
            "reculer": f"Reculez de {n} case{'s' if n > 1 else ''}.",
            "passer_un_tour": "Passez un tour.",
            "rejouer": "Rejouez.",
        }[self.kind]


@dataclass(frozen=True)
class SpecialRule:
    """What a special square says, does and where the guide explains it."""
    id: str
    kind: str  # "recul", "bonus", "oie"
    text: str
    effect: Effect
    page: str | None  # a page of content/ (src path)
    citation: Citation | None


@dataclass(frozen=True)
class GameData:
    setbacks: list[SpecialRule]
    bonuses: dict[str, SpecialRule]  # by practice id
    goose: SpecialRule
    generic_steps: list[tuple[str, Citation]]


def load_game(guide: Guide, root: Path) -> GameData:
    path = root / "circuits" / GAME_FILE
    name = f"circuits/{GAME_FILE}"
    doc, problems = load_yaml(path, name)
    if doc is None:
        raise DataErrors(problems)
    problems += schema_problems(doc, "jeu.schema.json")
    if problems:
        raise DataErrors(problems)
    localize(doc, guide.territory.values)
    data = doc.data

    def cite(ref: dict, where: tuple) -> Citation | None:
        if ref["ref"] not in guide.sources:
            problems.append(unknown_reference("source", ref["ref"], name, doc.line_of(where + ("ref",)),
                                              ".".join(map(str, where)) + ".ref", SHARED_SOURCES))
            return None
        return Citation(guide.sources[ref["ref"]], ref.get("passage"))

    def effect(d: dict) -> Effect:
        return Effect(d["type"], d.get("cases"))

    setbacks = [SpecialRule(p["id"], "recul", p["texte"], effect(p["effet"]), p["page"],
                            cite(p["source"], ("points_de_blocage", i, "source")))
                for i, p in enumerate(data["points_de_blocage"])]
    bonuses = {}
    for i, b in enumerate(data["bonus"]):
        practice = guide.practices.get(b["pratique"])
        if practice is None:
            problems.append(unknown_reference("pratique", b["pratique"], name, doc.line_of(("bonus", i, "pratique")),
                                              f"bonus[{i}].pratique", known=guide.practices))
            continue
        bonuses[practice.id] = SpecialRule(practice.id, "bonus", b["texte"], effect(b["effet"]), practice.src, None)
    g = data["oie"]
    goose = SpecialRule("oie", "oie", g["texte"], Effect("rejouer", None), g["page"], cite(g["source"], ("oie", "source")))
    generic = [(s["titre"], cite(s["source"], ("circuit_generique", i, "source")))
               for i, s in enumerate(data["circuit_generique"])]
    if problems:
        raise DataErrors(problems)
    return GameData(setbacks, bonuses, goose, generic)
