"""circuits/federations.yaml: the tenant federations that hand out the guide on paper.

Checked like the circuits (schema, then references), every problem named with its file and line.
A contact detail the data does not give stays None: the leaflet then prints a blank line."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from macros.data.datafile import load_checked
from macros.data.model import Citation, Source
from macros.data.problems import LOCAL_OR_SHARED_SOURCES, SHARED_SOURCES, DataErrors, Problem, show, unknown_reference

FILE = "federations.yaml"
SCHEMA = "federations.schema.json"

# The box of a federation leaflet: one line per detail, in this order, with its printed label.
CONTACT_FIELDS = (("adresse", "Adresse"), ("telephone", "Téléphone"), ("courriel", "Courriel"),
                  ("site_web", "Site web"), ("permanence", "Permanence"))


@dataclass(frozen=True)
class Federation:
    id: str
    acronym: str
    name: str | None
    contact: tuple[tuple[str, str | None], ...]  # (label, value or None), in CONTACT_FIELDS order
    citation: Citation
    facts: tuple[tuple[str, Citation], ...] = ()  # what the shared sources say of it (its page shows them)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.name else self.acronym


def load_federations(circuits_dir: Path, root: Path, shared_sources: dict[str, Source],
                     territory: dict[str, str] | None = None) -> list[Federation]:
    """Load and check the federations; raise DataErrors listing every problem."""
    doc = load_checked(circuits_dir, root, FILE, SCHEMA,
                       "la liste des fédérations qui diffusent le guide (sigle, nom, coordonnées)", territory)
    name, problems = doc.file, []
    sources = {**shared_sources, **{s["id"]: Source.from_data(s) for s in doc.data["sources"]}}
    seen: dict[str, int] = {}
    federations = []
    for i, item in enumerate(doc.data["federations"]):
        if item["id"] in seen:
            problems.append(Problem(name, doc.line_of(("federations", i, "id")), f"federations[{i}].id",
                                    f"l'identifiant {show(item['id'])}, déjà pris par federations[{seen[item['id']]}]",
                                    "un identifiant de fédération unique"))
        seen.setdefault(item["id"], i)
        ref = item["source"]["ref"]
        if ref not in sources:
            problems.append(unknown_reference("source", ref, name, doc.line_of(("federations", i, "source", "ref")),
                                              f"federations[{i}].source.ref", LOCAL_OR_SHARED_SOURCES))
            continue
        contact = tuple((label, item["coordonnees"][key]) for key, label in CONTACT_FIELDS)
        federations.append(Federation(item["id"], item["sigle"], item["nom"], contact,
                                      Citation(sources[ref], item["source"].get("passage"))))
    known = {f.id for f in federations}
    facts: dict[str, list[tuple[str, Citation]]] = {f.id: [] for f in federations}
    for i, fact in enumerate(doc.data.get("faits", [])):
        ref = fact["source"]["ref"]
        if ref not in shared_sources:
            problems.append(unknown_reference("source", ref, name, doc.line_of(("faits", i, "source", "ref")),
                                              f"faits[{i}].source.ref", SHARED_SOURCES))
            continue
        citation = Citation(shared_sources[ref], fact["source"].get("passage"))
        for j, fed in enumerate(fact["federations"]):
            if fed not in known:
                problems.append(unknown_reference("federation", fed, name, doc.line_of(("faits", i, "federations", j)),
                                                  f"faits[{i}].federations[{j}]", known=known))
            else:
                facts[fed].append((" ".join(fact["texte"].split()), citation))
    if problems:
        raise DataErrors(problems)
    return [replace(f, facts=tuple(facts[f.id])) for f in federations]
