"""What the data still lacks: every empty field and every "a_verifier" note, by landlord.

This is the list the partners need to complete the guide; `make check` prints it."""
from __future__ import annotations

from dataclasses import dataclass

from .guide import Guide
from .yamlsource import format_path

# Optional fields whose absence is not a gap worth asking a landlord about.
_NOT_GAPS = {"condition", "passage", "relance"}


@dataclass(frozen=True)
class Gap:
    landlord: str
    field: str
    kind: str  # "vide" or "à vérifier"
    note: str | None = None


def _walk(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, path + (i,))
    else:
        yield path, node


def gaps(guide: Guide) -> list[Gap]:
    found = []
    for landlord in guide.landlords:
        data = landlord.data
        for path, value in _walk(data):
            name = path[-1] if path else ""
            if name == "a_verifier":
                found.append(Gap(landlord.id, format_path(path[:-1]), "à vérifier", value))
            elif value is None and name not in _NOT_GAPS:
                found.append(Gap(landlord.id, format_path(path), "vide"))
        for key in ("urgences", "recours"):
            if not data.get(key):
                found.append(Gap(landlord.id, key, "vide"))
    return found


def report(guide: Guide) -> str:
    lines = []
    all_gaps = gaps(guide)
    for landlord in guide.landlords:
        mine = [g for g in all_gaps if g.landlord == landlord.id]
        empty = [g for g in mine if g.kind == "vide"]
        check = [g for g in mine if g.kind == "à vérifier"]
        lines.append(f"{landlord.short_name} ({landlord.file}) : {len(empty)} champs vides, {len(check)} points à vérifier")
        lines += [f"  - vide : {g.field}" for g in empty]
        lines += [f"  - à vérifier : {g.field} : {g.note}" for g in check]
    return "\n".join(lines)
