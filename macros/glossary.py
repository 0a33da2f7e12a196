"""circuits/glossaire.yaml: every abbreviation of the guide, defined once.

The glossary hook turns it into tooltips (<abbr title>) on every page; the glossary page lists it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .model import Citation, Source
from .problems import DataErrors, Problem, show
from .validation import schema_problems
from .yamlsource import format_path, load_yaml

FILE = "glossaire.yaml"
SCHEMA = "glossaire.schema.json"


@dataclass(frozen=True)
class Term:
    acronym: str
    expansion: str | None
    definition: str
    citations: tuple[Citation, ...]
    to_check: str | None

    @property
    def tooltip(self) -> str:
        """The expansion when a source gives it; otherwise the plain-words definition."""
        return self.expansion or self.definition

    @property
    def anchor(self) -> str:
        """A stable id for the glossary entry, e.g. "indecosa-cgt"."""
        plain = unicodedata.normalize("NFKD", self.acronym).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def load_glossary(circuits_dir: Path, root: Path, shared_sources: dict[str, Source]) -> list[Term]:
    """Load and check the glossary; raise DataErrors listing every problem, each naming file and line."""
    path = circuits_dir / FILE
    try:
        name = str(path.relative_to(root))
    except ValueError:
        name = str(path)
    if not path.exists():
        raise DataErrors([Problem(name, None, "", "aucun fichier", "le glossaire des sigles (sigle, definition, source)")])
    doc, problems = load_yaml(path, name)
    if doc is None:
        raise DataErrors(problems)
    problems += schema_problems(doc, SCHEMA)
    if problems:
        raise DataErrors(problems)

    own = {s["id"]: Source.from_data(s) for s in doc.data["sources"]}
    for i, s in enumerate(doc.data["sources"]):
        if s["id"] in shared_sources:
            problems.append(Problem(name, doc.line_of(("sources", i, "id")), f"sources[{i}].id", show(s["id"]),
                                    "un identifiant qui n'est pas déjà une source de circuits/commun.yaml"))
    sources = {**shared_sources, **own}

    terms: list[Term] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data["sigles"]):
        if item["sigle"] in seen:
            problems.append(Problem(name, doc.line_of(("sigles", i, "sigle")), f"sigles[{i}].sigle",
                                    f"le sigle {show(item['sigle'])}, déjà défini en sigles[{seen[item['sigle']]}]",
                                    "chaque sigle une seule fois"))
            continue
        seen[item["sigle"]] = i
        if item["developpe"] is None and not item.get("a_verifier"):
            problems.append(Problem(name, doc.line_of(("sigles", i, "developpe")), f"sigles[{i}].developpe",
                                    "une forme développée vide sans note",
                                    "une note a_verifier qui dit ce qui manque"))
        refs = [(("source",), item["source"])] + [(("autres_sources", j), r) for j, r in enumerate(item.get("autres_sources", []))]
        unknown = [(where, r) for where, r in refs if r["ref"] not in sources]
        for where, r in unknown:
            field = ("sigles", i, *where, "ref")
            problems.append(Problem(name, doc.line_of(field), format_path(field), f"la source inconnue {show(r['ref'])}",
                                    "l'identifiant d'une source de ce fichier ou de circuits/commun.yaml"))
        if unknown:
            continue
        citations = tuple(Citation(sources[r["ref"]], r.get("passage")) for _, r in refs)
        terms.append(Term(item["sigle"], item["developpe"], item["definition"].strip(), citations, item.get("a_verifier")))
    if problems:
        raise DataErrors(problems)
    return sorted(terms, key=lambda t: t.acronym.casefold())


def abbreviations(terms: list[Term]) -> dict[str, str]:
    """What Python-Markdown's abbr extension takes as its `glossary`: acronym -> tooltip."""
    return {t.acronym: t.tooltip for t in terms}
