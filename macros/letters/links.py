"""Which letter goes with which recourse rung, for the landlord pages and the recourse page.

The letters file is read once per guide (catalogue_for): a landlord page is made for each of hundreds of landlords."""
from __future__ import annotations

from dataclasses import dataclass

from macros.letters.catalogue import catalogue_for

FOLDER = "lettres"


@dataclass(frozen=True)
class LetterLink:
    id: str
    title: str
    when: str
    rungs: tuple[str, ...]

    @property
    def src(self) -> str:
        """The letter's page in the docs, e.g. "lettres/relance.md"."""
        return f"{FOLDER}/{self.id}.md"


def letter_links(guide) -> list[LetterLink]:
    return [LetterLink(l.id, l.title, l.when, l.rungs) for l in catalogue_for(guide).letters]
