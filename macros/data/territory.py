"""circuits/territoire.yaml: everything that belongs to the guide's territory, in one file.

The code, the templates and the other data files name no territory: where a text needs one, it
writes ${key} (${en}, ${adil}…) and `localize` puts the value of this file there, after the
file's schema check, naming file, line and field of an unknown key. Another territory is another
territoire.yaml (see README, « Faire le guide d'un autre territoire »)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.data.datafile import citations, load_checked, localize
from macros.data.model import Citation, Source
from macros.data.problems import DataErrors, Problem, show
from macros.data.yamlsource import YamlDocument

FILE = "territoire.yaml"
SCHEMA = "territoire.schema.json"
# The names other files may write as ${key}, beside the bodies' names (${adil}, ${commission}…).
NAMES = ("nom", "article_nom", "en", "de", "hors", "departement", "titre", "oeuvre_commune")
BODY_TEXTS = ("ou_chercher", "a_verifier")


@dataclass(frozen=True)
class Body:
    """A local body (ADIL, conciliation commission…): only what a source gave; None is « À compléter »."""
    key: str
    name: str
    website: str | None
    phone: str | None
    address: str | None
    where: str | None
    citations: tuple[Citation, ...]
    to_check: str | None


@dataclass(frozen=True)
class Example:
    """A local example a page cites by id: its text, paragraphs separated by a blank line."""
    id: str
    title: str | None
    text: str
    citations: tuple[Citation, ...]
    to_check: str | None

    @property
    def paragraphs(self) -> list[tuple[bool, list[str]]]:
        """Each paragraph: (False, [its text on one line]), or, for a list (every line starts
        with "- "), (True, its items)."""
        out = []
        for p in self.text.split("\n\n"):
            lines = [l.strip() for l in p.strip().splitlines() if l.strip()]
            if lines and all(l.startswith("- ") for l in lines):
                out.append((True, [l[2:] for l in lines]))
            elif lines:
                out.append((False, [" ".join(" ".join(lines).split())]))
        return out

    @property
    def lead(self) -> str:
        """The first paragraph's text (or first item), for a page that quotes only that."""
        return self.paragraphs[0][1][0]


@dataclass(frozen=True)
class Territory:
    values: dict[str, str]  # what ${key} stands for
    description: str
    credits: str
    bodies: dict[str, Body]
    sources: dict[str, Source]
    examples: dict[str, Example]
    # (line, index, note) of each local fact for a problem of circuits/urgences.yaml
    urgency_notes: tuple = ()
    on_call_sources: tuple = ()  # references added to circuits/urgences.yaml's astreinte_inconnue
    sources_data: tuple = ()  # its sources as written, for the open data

    def __getattr__(self, key: str) -> str:
        # territory.en, territory.titre…: the names, for templates and page macros.
        try:
            return self.__dict__["values"][key]
        except KeyError:
            raise AttributeError(key) from None

    @property
    def title(self) -> str:
        return self.values["titre"]

    def example(self, example_id: str) -> Example | None:
        return self.examples.get(example_id)


WHAT = "le fichier du territoire (nom, département, organismes locaux, titre du guide)"


def names_of(data: dict) -> dict[str, str]:
    """What each ${key} stands for, from the checked territory file."""
    values = {key: data[key] for key in NAMES}
    values["En"] = data["en"][:1].upper() + data["en"][1:]  # at the start of a sentence
    values["distributeurs_gaz"] = data["distributeurs_gaz"] or "le distributeur de gaz"
    for key, b in data["organismes"].items():
        values[key] = b["nom"]
        # ${commission.ou_chercher}, ${adil.a_verifier}…: empty when this territory has none.
        values.update({f"{key}.{f}": b.get(f) or "" for f in BODY_TEXTS})
        # ${adil.source}: the id of the body's source, for a shared file that cites it.
        values[f"{key}.source"] = b["source"]["ref"] if "source" in b else ""
    return values


def read_territory(circuits_dir: Path, root: Path) -> YamlDocument:
    """circuits/territoire.yaml, parsed and valid against its schema; else DataErrors."""
    return load_checked(circuits_dir, root, FILE, SCHEMA, WHAT)


def territory_names(circuits_dir: Path, root: Path) -> dict[str, str]:
    """The values of ${key} alone, for a file that must be filled before its own schema check."""
    return names_of(read_territory(circuits_dir, root).data)


def load_territory(doc: YamlDocument, shared: dict[str, Source]) -> Territory:
    """The territory from its checked file (read_territory); raise DataErrors listing every problem."""
    data, problems = doc.data, []
    values = names_of(data)
    # The territory's own texts may use its names too (« ${en} » in the description).
    localize(doc, values)
    own: dict[str, Source] = {}
    for i, s in enumerate(data["sources"]):
        if s["id"] in shared or s["id"] in own:
            problems.append(Problem(doc.file, doc.line_of(("sources", i, "id")), f"sources[{i}].id", show(s["id"]),
                                    "un identifiant de source unique (pas déjà dans circuits/commun.yaml ni dans ce fichier)"))
        own[s["id"]] = Source.from_data(s)
    sources = {**shared, **own}
    bodies = {}
    for key, b in data["organismes"].items():
        cited = citations(doc, b, ("organismes", key), sources, problems) if "source" in b else ()
        bodies[key] = Body(key, b["nom"], b.get("site"), b.get("telephone"), b.get("adresse"), b.get("ou_chercher"),
                           cited or (), b.get("a_verifier"))
    examples = {}
    for i, e in enumerate(data["exemples"]):
        if e["id"] in examples:
            problems.append(Problem(doc.file, doc.line_of(("exemples", i, "id")), f"exemples[{i}].id", show(e["id"]),
                                    "un identifiant d'exemple unique"))
        cited = citations(doc, e, ("exemples", i), sources, problems)
        if cited is not None:
            examples[e["id"]] = Example(e["id"], e.get("titre"), e["texte"].strip(), cited, e.get("a_verifier"))
    if problems:
        raise DataErrors(problems)
    notes = tuple((doc.line_of(("urgences_a_savoir", i)), i, n) for i, n in enumerate(data["urgences_a_savoir"]))
    return Territory(values, data["description"], data["credits"], bodies, own, examples, notes,
                     tuple(data["astreinte_inconnue_sources"]), tuple(data["sources"]))


def body_contact(body: Body) -> str | None:
    """What the pages print to reach a body: what a source gave, or None (« À compléter »)."""
    parts = [p for p in (body.address, body.phone, body.website) if p]
    return " ; ".join(parts) if parts else None


