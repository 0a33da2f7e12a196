"""circuits/glossaire.yaml: every abbreviation of the guide, defined once.

The glossary hook turns it into tooltips (<abbr title>) on every page; the glossary page lists it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from macros.data.datafile import citations, load_checked
from macros.data.model import Citation, Source
from macros.data.problems import DataErrors, Problem, show
from macros.data.territory import FILE as TERRITORY_FILE, SCHEMA as TERRITORY_SCHEMA

FILE = "glossaire.yaml"
SCHEMA = "glossaire.schema.json"


@dataclass(frozen=True)
class Term:
    acronym: str
    expansion: str | None
    definition: str
    citations: tuple[Citation, ...]
    to_check: str | None
    word: bool = False  # a word of the trade (astreinte), not an acronym

    @property
    def tooltip(self) -> str:
        """The expansion when a source gives it; otherwise the plain-words definition."""
        return self.expansion or self.definition

    @property
    def anchor(self) -> str:
        """A stable id for the glossary entry, e.g. "indecosa-cgt"."""
        plain = unicodedata.normalize("NFKD", self.acronym).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def load_glossary(circuits_dir: Path, root: Path, shared_sources: dict[str, Source],
                  territory: dict[str, str] | None = None) -> list[Term]:
    """Load and check the glossary; raise DataErrors listing every problem, each naming file and line."""
    doc = load_checked(circuits_dir, root, FILE, SCHEMA, "le glossaire des sigles (sigle, definition, source)", territory)
    name, problems = doc.file, []
    own = {s["id"]: Source.from_data(s) for s in doc.data["sources"]}
    for i, s in enumerate(doc.data["sources"]):
        if s["id"] in shared_sources:
            problems.append(Problem(name, doc.line_of(("sources", i, "id")), f"sources[{i}].id", show(s["id"]),
                                    "un identifiant qui n'est pas déjà une source de circuits/commun.yaml"))
    sources = {**shared_sources, **own}

    terms: list[Term] = []
    seen: dict[str, str] = {}
    # The territory's own abbreviations (its landlords, its bodies) join the shared ones.
    local = ([load_checked(circuits_dir, root, TERRITORY_FILE, TERRITORY_SCHEMA, "le fichier du territoire", territory)]
             if territory is not None else [])
    for where in (doc, *local):
        for i, item in enumerate(where.data["sigles"]):
            if item["sigle"] in seen:
                problems.append(Problem(where.file, where.line_of(("sigles", i, "sigle")), f"sigles[{i}].sigle",
                                        f"le sigle {show(item['sigle'])}, déjà défini dans {seen[item['sigle']]}",
                                        "chaque sigle une seule fois"))
                continue
            seen[item["sigle"]] = where.file
            if item["developpe"] is None and not item.get("a_verifier"):
                problems.append(Problem(where.file, where.line_of(("sigles", i, "developpe")), f"sigles[{i}].developpe",
                                        "une forme développée vide sans note",
                                        "une note a_verifier qui dit ce qui manque"))
            cited = citations(where, item, ("sigles", i), sources, problems)
            if cited is not None:
                terms.append(Term(item["sigle"], item["developpe"], item["definition"].strip(), cited, item.get("a_verifier")))
    for i, item in enumerate(doc.data.get("mots", [])):
        if item["mot"] in seen:
            problems.append(Problem(name, doc.line_of(("mots", i, "mot")), f"mots[{i}].mot",
                                    f"le mot {show(item['mot'])}, déjà défini", "chaque mot une seule fois"))
            continue
        seen[item["mot"]] = i
        cited = citations(doc, item, ("mots", i), sources, problems)
        if cited is not None:
            terms.append(Term(item["mot"], None, " ".join(item["definition"].split()), cited,
                              item.get("a_verifier"), word=True))
    if problems:
        raise DataErrors(problems)
    return sorted(terms, key=lambda t: (t.word, t.acronym.casefold()))


def abbreviations(terms: list[Term]) -> dict[str, str]:
    """What Python-Markdown's abbr extension takes as its `glossary`: acronym -> tooltip."""
    return {t.acronym: t.tooltip for t in terms}
