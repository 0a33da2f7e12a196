"""Data problems: one message per problem, naming file, line, field, what was found and expected."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    found: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = self.field or "(racine)"
        return f"{where}: {field}: trouvé {self.found} ; attendu : {self.expected}"


class DataErrors(Exception):
    """Raised when the data cannot be built into a guide; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problème{'s' if count > 1 else ''} dans les données :"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def show(value: object, limit: int = 60) -> str:
    """A short, quoted rendering of a found value for messages."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, (date, datetime)):
        # YAML reads an unquoted 2024-05-01 as a date, not as the text the schema expects.
        return f"la date {value.isoformat()} écrite sans guillemets"
    text = repr(value) if not isinstance(value, str) else f"« {value} »"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The one wording of a reference to something that does not exist, per kind of thing named.
# A scope says where the id may come from; `known` lists the ids a writer may use, when short.
_REFERENCES = {
    "source": ("la source inconnue", "l'identifiant d'une source {scope}"),
    "pratique": ("la pratique inconnue", "l'identifiant d'une fiche de content/bonnes-pratiques/"),
    "etape": ("l'étape inconnue", "l'identifiant d'une étape de ce fichier"),
    "federation": ("la fédération inconnue", "l'identifiant d'une fédération de ce fichier"),
}
SHARED_SOURCES = "de circuits/commun.yaml"
LOCAL_OR_SHARED_SOURCES = "de ce fichier ou de circuits/commun.yaml"
LANDLORD_OR_SHARED_SOURCES = "de provenance.sources ou de circuits/commun.yaml"


def unknown_reference(kind: str, value: object, file: str, line: int | None, field: str,
                      scope: str = "", known=None) -> Problem:
    found, expected = _REFERENCES[kind]
    expected = expected.format(scope=scope)
    if known:
        expected += " : " + ", ".join(sorted(known) if not isinstance(known, list) else known)
    return Problem(file, line, field, f"{found} {show(value)}", expected)
