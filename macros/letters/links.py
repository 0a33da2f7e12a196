"""Which letter goes with which recourse rung, for the landlord pages and the recourse page.

Read once per letters file and guide: a landlord page is made for each of hundreds of landlords."""
from __future__ import annotations

from dataclasses import dataclass

from macros.letters.catalogue import TEXTS, load

FOLDER = "lettres"
_CACHE: dict = {}


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
    key = (id(guide), TEXTS.stat().st_mtime_ns)
    if _CACHE.get("key") != key:
        catalogue = load(guide.sources, {r.id for r in guide.ladder})
        _CACHE.update(key=key, links=[LetterLink(l.id, l.title, l.when, l.rungs) for l in catalogue.letters])
    return _CACHE["links"]
