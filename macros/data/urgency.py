"""Urgency criteria (circuits/urgences.yaml): load, check, and compute what each landlord's tenant should do.

The file is checked against circuits/urgences.schema.json, then against itself and the landlords
(levels, themes, numbers, sources, landlord ids and level names). Every problem is collected before
stopping, with its file, line and field, like the circuit files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.data.guide import Guide
from macros.data.model import Citation, Delay, Landlord, Source, UrgencyLevel
from macros.data.problems import LOCAL_OR_SHARED_SOURCES, DataErrors, Problem, show, unknown_reference
from macros.data.datafile import localize
from macros.data.territory import FILE as TERRITORY_FILE
from macros.data.validation import schema_problems
from macros.data.yamlsource import YamlDocument, format_path, load_yaml

URGENCY_FILE = "urgences.yaml"
SCHEMA_FILE = "urgences.schema.json"
# Who pays, in the tenant's words.
PAYERS = {
    "locataire": "Vous",
    "bailleur": "Le bailleur",
    "contrat": "Un contrat d'entretien (payé dans vos charges)",
    "charges": "Vos charges",
    "inconnu": "À préciser",
    "sans-objet": "Pas une réparation",
}
# Kinds of channel a tenant can use in office hours to reach the landlord about a repair.
DAYTIME_CHANNELS = ("telephone", "accueil_agence", "gardien", "agent_proximite", "extranet")


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    name: str
    when: str
    citation: Citation


@dataclass(frozen=True)
class ExampleElsewhere:
    """A comparable level of a landlord outside the territory: an example, never a promise of one of the guide's landlords."""
    landlord: str
    level_name: str
    delay: Delay | None
    note: str | None
    citation: Citation


@dataclass(frozen=True)
class Level:
    id: str
    rank: int  # 0 = most urgent
    name: str
    when: str
    first_step: str
    evening: str
    emergency_services: bool
    on_call: bool
    while_waiting: tuple[str, ...]
    example: ExampleElsewhere | None
    citation: Citation
    to_check: str | None

    @property
    def src(self) -> str:
        return f"urgences/{self.id}.md"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True)
class Payer:
    kind: str
    text: str
    citations: tuple[Citation, ...]
    to_check: str | None

    @property
    def label(self) -> str:
        return PAYERS[self.kind]


@dataclass(frozen=True)
class Note:
    text: str
    landlord_id: str | None
    citation: Citation
    to_check: str | None


@dataclass(frozen=True)
class UnknownOnCall:
    """Where a tenant can look for an on-call number the guide does not know."""
    where: str
    citations: tuple[Citation, ...]
    to_check: str | None


@dataclass(frozen=True)
class ProblemType:
    id: str
    title: str
    question: str
    theme: Theme
    level: Level
    keywords: tuple[str, ...]
    call: tuple[EmergencyNumber, ...]
    right_now: tuple[str, ...]
    while_waiting: tuple[str, ...]
    payers: tuple[Payer, ...]
    notes: tuple[Note, ...]
    citations: tuple[Citation, ...]  # the first one is the problem's own source
    to_check: str | None

    @property
    def citation(self) -> Citation:
        return self.citations[0]

    @property
    def link(self) -> str:
        """Markdown link target from a page of urgences/."""
        return f"{self.level.id}.md#{self.id}"


@dataclass
class Urgencies:
    numbers: dict[str, EmergencyNumber]
    levels: list[Level]
    themes: list[Theme]
    problems: list[ProblemType]
    # landlord id -> guide level id -> that landlord's own level
    mapping: dict[str, dict[str, UrgencyLevel]]
    file: str
    unknown_on_call: UnknownOnCall

    def level(self, level_id: str) -> Level:
        return next(l for l in self.levels if l.id == level_id)

    def problems_of(self, level: Level) -> list[ProblemType]:
        return [p for p in self.problems if p.level is level]

    def problems_in(self, theme: Theme) -> list[ProblemType]:
        return [p for p in self.problems if p.theme is theme]

    def landlord_level(self, landlord: Landlord, level: Level) -> UrgencyLevel | None:
        return self.mapping.get(landlord.id, {}).get(level.id)

    def max_delay(self, landlord: Landlord, level: Level) -> Delay | None:
        own = self.landlord_level(landlord, level)
        return own.max_delay if own else None

    def guide_level_of(self, landlord: Landlord, own: UrgencyLevel) -> Level | None:
        """The guide level a landlord's own level is mapped to, if any."""
        for level_id, mapped in self.mapping.get(landlord.id, {}).items():
            if mapped is own:
                return self.level(level_id)
        return None


# --- Loading and checking ---------------------------------------------------------------------

def load_urgencies(guide: Guide, root: Path) -> Urgencies:
    """Load and check circuits/urgences.yaml; raise DataErrors listing every problem."""
    path = root / "circuits" / URGENCY_FILE
    name = f"circuits/{URGENCY_FILE}"
    if not path.exists():
        raise DataErrors([Problem(name, None, "", "aucun fichier", "le fichier des critères d'urgence")])
    doc, problems = load_yaml(path, name)
    if doc is None:
        raise DataErrors(problems)
    problems += [_own_schema(p) for p in schema_problems(doc, SCHEMA_FILE)]
    if problems:
        raise DataErrors(problems)
    localize(doc, guide.territory.values)
    problems = add_local_notes(doc.data, guide.territory)
    if problems:
        raise DataErrors(problems)
    problems = cross_problems(doc, guide)
    if problems:
        raise DataErrors(problems)
    return _build(doc, guide)


def add_local_notes(data: dict, territory) -> list[Problem]:
    """The territory's own facts (circuits/territoire.yaml, urgences_a_savoir) join the « a_savoir »
    of their problem, after the shared ones."""
    by_id = {p["id"]: p for p in data["problemes"]}
    problems = []
    for line, i, note in territory.urgency_notes:
        problem = by_id.get(note["probleme"])
        if problem is None:
            problems.append(Problem(f"circuits/{TERRITORY_FILE}", line, f"urgences_a_savoir[{i}].probleme",
                                    f"le problème inconnu {show(note['probleme'])}",
                                    "l'identifiant d'un problème de circuits/urgences.yaml : " + ", ".join(sorted(by_id))))
            continue
        problem.setdefault("a_savoir", []).append({k: v for k, v in note.items() if k != "probleme"})
    data["astreinte_inconnue"].setdefault("autres_sources", []).extend(territory.on_call_sources)
    return problems


def _own_schema(problem: Problem) -> Problem:
    # validation.py names the circuit schema for unknown fields; this file has its own.
    if "circuits/schema.json" in problem.expected:
        return Problem(problem.file, problem.line, problem.field, problem.found,
                       problem.expected.replace("circuits/schema.json", f"circuits/{SCHEMA_FILE}"))
    return problem


def _references(node, path=()):
    """Every (path, ref) of a `source`/`autres_sources` reference in the file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, dict) and "ref" in value:
                yield path + (key, "ref"), value["ref"]
            elif key == "autres_sources" and isinstance(value, list):
                for i, ref in enumerate(value):
                    yield path + (key, i, "ref"), ref["ref"]
            else:
                yield from _references(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _references(value, path + (i,))


def _unique(doc: YamlDocument, key: str, field: str, what: str) -> tuple[set[str], list[Problem]]:
    seen: dict[str, int] = {}
    problems = []
    for i, item in enumerate(doc.data[key]):
        value = item[field]
        if value in seen:
            path = (key, i, field)
            problems.append(Problem(doc.file, doc.line_of(path), format_path(path),
                                    f"{show(value)}, déjà pris par {key}[{seen[value]}]", f"un {what} unique"))
        else:
            seen[value] = i
    return set(seen), problems


def cross_problems(doc: YamlDocument, guide: Guide) -> list[Problem]:
    """What the schema cannot see: references inside the file and to the landlords' files."""
    data, problems = doc.data, []

    def problem(path: tuple, found: str, expected: str) -> None:
        problems.append(Problem(doc.file, doc.line_of(path), format_path(path), found, expected))

    source_ids, found = _unique(doc, "sources", "id", "identifiant de source")
    problems += found
    numbers, found = _unique(doc, "numeros", "numero", "numéro")
    problems += found
    level_ids, found = _unique(doc, "niveaux", "id", "identifiant de niveau")
    problems += found
    theme_ids, found = _unique(doc, "themes", "id", "identifiant de thème")
    problems += found
    _, found = _unique(doc, "problemes", "id", "identifiant de problème")
    problems += found

    known_sources = source_ids | set(guide.sources)
    for path, ref in _references(data):
        if ref not in known_sources:
            problems.append(unknown_reference("source", ref, doc.file, doc.line_of(path), format_path(path),
                                              LOCAL_OR_SHARED_SOURCES))

    levels = {l["id"]: l for l in data["niveaux"]}
    landlords = {l.id: l for l in guide.landlords}
    landlord_list = ", ".join(sorted(landlords))
    for i, p in enumerate(data["problemes"]):
        here = ("problemes", i)
        if p["niveau"] not in level_ids:
            problem(here + ("niveau",), f"le niveau inconnu {show(p['niveau'])}",
                    "l'identifiant d'un niveau de ce fichier : " + ", ".join(levels))
        if p["theme"] not in theme_ids:
            problem(here + ("theme",), f"le thème inconnu {show(p['theme'])}",
                    "l'identifiant d'un thème de ce fichier : " + ", ".join(t["id"] for t in data["themes"]))
        for j, number in enumerate(p["appeler"]):
            if number not in numbers:
                problem(here + ("appeler", j), f"le numéro inconnu {show(number)}",
                        "un numéro de la liste « numeros » : " + ", ".join(sorted(numbers)))
        # Safety first: a problem of a level that goes through the emergency services names them.
        if levels.get(p["niveau"], {}).get("secours") and not p["appeler"]:
            problem(here + ("appeler",), "une liste vide",
                    "au moins un numéro des secours (ce niveau passe d'abord par eux)")
        for j, payer in enumerate(p["qui_paie"]):
            where = here + ("qui_paie", j)
            if payer["qui"] == "inconnu" and not payer.get("a_verifier"):
                problem(where + ("a_verifier",), "un cas « inconnu » sans note",
                        "une note a_verifier qui dit ce qu'il faut chercher")
            elif payer["qui"] not in ("inconnu", "sans-objet") and "source" not in payer:
                problem(where + ("source",), "un cas sans source",
                        "une source (source: {ref: …}), ou qui: inconnu avec a_verifier")
        for j, note in enumerate(p.get("a_savoir", [])):
            if "bailleur" in note and note["bailleur"] not in landlords:
                problem(here + ("a_savoir", j, "bailleur"), f"le bailleur inconnu {show(note['bailleur'])}",
                        "l'identifiant d'un bailleur : " + landlord_list)

    for i, m in enumerate(data["correspondances"]):
        here = ("correspondances", i)
        landlord = landlords.get(m["bailleur"])
        if landlord is None:
            problem(here + ("bailleur",), f"le bailleur inconnu {show(m['bailleur'])}",
                    "l'identifiant d'un bailleur : " + landlord_list)
            continue
        own_names = [u.name for u in landlord.urgencies]
        for level_id, own in m["niveaux"].items():
            if level_id not in level_ids:
                problem(here + ("niveaux", level_id), f"le niveau du guide inconnu {show(level_id)}",
                        "l'identifiant d'un niveau de ce fichier : " + ", ".join(levels))
            elif own not in own_names:
                expected = ("un niveau du champ « urgences » de " + landlord.file + " : " + ", ".join(own_names)
                            if own_names else f"d'abord des niveaux dans le champ « urgences » de {landlord.file}")
                problem(here + ("niveaux", level_id), f"le niveau {show(own)}, absent de {landlord.file}", expected)
    return problems


def _build(doc: YamlDocument, guide: Guide) -> Urgencies:
    data = doc.data
    sources: dict[str, Source] = {**guide.sources, **{s["id"]: Source.from_data(s) for s in data["sources"]}}

    def cite(ref: dict) -> Citation:
        return Citation(sources[ref["ref"]], ref.get("passage"))

    def cites(item: dict) -> tuple[Citation, ...]:
        refs = ([item["source"]] if "source" in item else []) + item.get("autres_sources", [])
        return tuple(cite(r) for r in refs)

    numbers = {n["numero"]: EmergencyNumber(n["numero"], n["nom"], n["quand"], cite(n["source"]))
               for n in data["numeros"]}
    levels = []
    for rank, l in enumerate(data["niveaux"]):
        ex = l["exemple_ailleurs"]
        example = (ExampleElsewhere(ex["bailleur"], ex["niveau"], Delay.from_data(ex["delai"]), ex.get("note"),
                                    cite(ex["source"])) if ex else None)
        levels.append(Level(l["id"], rank, l["nom"], l["quand"], l["reflexe"], l["le_soir"], l["secours"],
                            l["astreinte"], tuple(l["en_attendant"]), example, cite(l["source"]),
                            l.get("a_verifier")))
    by_level = {l.id: l for l in levels}
    themes = [Theme(t["id"], t["titre"]) for t in data["themes"]]
    by_theme = {t.id: t for t in themes}
    problems = [
        ProblemType(
            p["id"], p["titre"], p["question"], by_theme[p["theme"]], by_level[p["niveau"]], tuple(p["mots_cles"]),
            tuple(numbers[n] for n in p["appeler"]), tuple(p["tout_de_suite"]), tuple(p["en_attendant"]),
            tuple(Payer(x["qui"], x["texte"], cites(x), x.get("a_verifier")) for x in p["qui_paie"]),
            tuple(Note(n["texte"], n.get("bailleur"), cite(n["source"]), n.get("a_verifier"))
                  for n in p.get("a_savoir", [])),
            cites(p), p.get("a_verifier"))
        for p in data["problemes"]
    ]
    landlords = {l.id: l for l in guide.landlords}
    mapping: dict[str, dict[str, UrgencyLevel]] = {}
    for m in data["correspondances"]:
        own = {u.name: u for u in landlords[m["bailleur"]].urgencies}
        mapping[m["bailleur"]] = {level_id: own[name] for level_id, name in m["niveaux"].items()}
    oc = data["astreinte_inconnue"]
    unknown = UnknownOnCall(oc["ou_chercher"], cites(oc), oc.get("a_verifier"))
    return Urgencies(numbers, levels, themes, problems, mapping, doc.file, unknown)


def chart_series(guide: Guide, urgencies: Urgencies) -> list[tuple[str, list[tuple[str, Delay, int]]]]:
    """For the chart: per landlord, each of its own levels with a known maximum delay.

    A bar is (label, delay, pattern index); the pattern follows the guide level when the
    landlord's level is mapped to one, else the level's place in the landlord's own list."""
    series = []
    for landlord in guide.landlords:
        bars = []
        for place, own in enumerate(landlord.urgencies):
            if own.max_delay is None:
                continue
            mapped = urgencies.guide_level_of(landlord, own)
            label = f"{own.name} (« {mapped.name} » dans ce guide)" if mapped else own.name
            pattern = mapped.rank if mapped else place + 1
            bars.append((label, own.max_delay, pattern))
        series.append((landlord.short_name, bars))
    return series


def to_check(urgencies: Urgencies) -> list[tuple[str, str]]:
    """Every « a_verifier » note of the criteria, as (where, note): for the partners' checklist."""
    found = []
    for level in urgencies.levels:
        if level.to_check:
            found.append((f"niveau « {level.name} »", level.to_check))
    for p in urgencies.problems:
        if p.to_check:
            found.append((f"« {p.title} »", p.to_check))
        found += [(f"« {p.title} », qui paie", x.to_check) for x in p.payers if x.to_check]
        found += [(f"« {p.title} », à savoir", n.to_check) for n in p.notes if n.to_check]
    return found
