"""One page per tenant federation, from circuits/federations.yaml and the glossary.

The federation's full name and description come from the glossary (where they are sourced once);
what it does for tenants from the `faits` of federations.yaml; contact details only where the
data gives them."""
from __future__ import annotations

from dataclasses import dataclass

from macros.data.federations import Federation
from macros.data.glossary import Term
from macros.data.model import Citation

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


def federation_pages(federations: list[Federation], glossary: list[Term]) -> list[FederationPage]:
    terms = {t.acronym: t for t in glossary}
    pages = []
    for f in federations:
        term = terms.get(f.acronym)
        pages.append(FederationPage(f.id, f.acronym, term.expansion if term else None,
                                    term.definition if term else None, term.citations if term else (),
                                    f.facts, f.contact))
    return pages
