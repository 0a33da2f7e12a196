"""One page per tenant federation, from circuits/federations.yaml and the glossary.

The federation's full name and description come from the glossary (where they are sourced once);
what it does for tenants from the `faits` of federations.yaml; contact details only where the
data gives them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.data.glossary import load_glossary
from macros.data.guide import Guide
from macros.data.model import Citation
from macros.data.federations import FILE, load_federations
from macros.data.problems import DataErrors, Problem, show
from macros.data.yamlsource import load_yaml

FOLDER = "federations"


@dataclass(frozen=True)
class FederationPage:
    id: str
    acronym: str
    expansion: str | None
    definition: str | None
    definition_citations: tuple[Citation, ...]
    facts: tuple[tuple[str, Citation], ...]
    contact: tuple[tuple[str, str | None], ...]

    @property
    def src(self) -> str:
        return f"{FOLDER}/{self.id}.md"

    @property
    def title(self) -> str:
        return f"{self.expansion} ({self.acronym})" if self.expansion else self.acronym


def federation_pages(guide: Guide, root: Path) -> list[FederationPage]:
    circuits = root / "circuits"
    federations = load_federations(circuits, root, guide.sources)
    terms = {t.acronym: t for t in load_glossary(circuits, root, guide.sources)}
    doc, problems = load_yaml(circuits / FILE, f"circuits/{FILE}")
    known = {f.id for f in federations}
    facts: dict[str, list[tuple[str, Citation]]] = {f.id: [] for f in federations}
    for i, fact in enumerate(doc.data.get("faits", [])):
        ref = fact["source"]["ref"]
        if ref not in guide.sources:
            problems.append(Problem(doc.file, doc.line_of(("faits", i, "source", "ref")), f"faits[{i}].source.ref",
                                    f"la source inconnue {show(ref)}", "une source de circuits/commun.yaml"))
            continue
        citation = Citation(guide.sources[ref], fact["source"].get("passage"))
        for j, fed in enumerate(fact["federations"]):
            if fed not in known:
                problems.append(Problem(doc.file, doc.line_of(("faits", i, "federations", j)),
                                        f"faits[{i}].federations[{j}]", f"la fédération inconnue {show(fed)}",
                                        "l'identifiant d'une fédération de ce fichier : " + ", ".join(sorted(known))))
            else:
                facts[fed].append((" ".join(fact["texte"].split()), citation))
    if problems:
        raise DataErrors(problems)
    pages = []
    for f in federations:
        term = terms.get(f.acronym)
        pages.append(FederationPage(f.id, f.acronym, term.expansion if term else None,
                                    term.definition if term else None, term.citations if term else (),
                                    tuple(facts[f.id]), f.contact))
    return pages
