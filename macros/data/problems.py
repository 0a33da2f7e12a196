"""Data problems: one message per problem, naming file, line, field, what was found and expected."""
from __future__ import annotations

from dataclasses import dataclass


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
    text = repr(value) if not isinstance(value, str) else f"« {value} »"
    return text if len(text) <= limit else text[: limit - 1] + "…"
