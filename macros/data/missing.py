"""What the data still lacks: every empty field and every "a_verifier" note, by landlord.

This is the list the partners need to complete the guide; `make check` prints it."""
from __future__ import annotations

from dataclasses import dataclass

from macros.data.guide import Guide
from macros.data.urgency import to_check
from macros.data.yamlsource import format_path

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
        found += gaps_of(landlord.id, landlord.data, empty_lists=("urgences", "recours"))
    return found


def gaps_of(owner: str, data: dict, empty_lists: tuple = (), skip: tuple = ()) -> list[Gap]:
    """The gaps of one sheet (a landlord, a federation); the partners' form and questionnaire use
    the same list as /a-verifier/. A question's field is the element it is about."""
    found = []
    for path, value in _walk(data):
        name = path[-1] if path else ""
        if path and path[0] in skip:
            continue
        if name == "a_verifier":
            found.append(Gap(owner, format_path(path[:-1]), "à vérifier", value))
        elif value is None and name not in _NOT_GAPS:
            found.append(Gap(owner, format_path(path), "vide"))
    for key in empty_lists:
        if not data.get(key):
            found.append(Gap(owner, key, "vide"))
    return found


def report(bundle) -> str:
    guide = bundle.guide
    lines = []
    all_gaps = gaps(guide)
    for landlord in guide.landlords:
        mine = [g for g in all_gaps if g.landlord == landlord.id]
        empty = [g for g in mine if g.kind == "vide"]
        check = [g for g in mine if g.kind == "à vérifier"]
        lines.append(f"{landlord.short_name} ({landlord.file}) : {len(empty)} champs vides, {len(check)} points à vérifier")
        lines += [f"  - vide : {g.field}" for g in empty]
        lines += [f"  - à vérifier : {g.field} : {g.note}" for g in check]
    shared = shared_checks(bundle)
    lines.append(f"Données communes : {len(shared)} points à vérifier")
    lines += [f"  - {file} : {where} : {note}" for file, where, note in shared]
    return "\n".join(lines)


def shared_checks(bundle) -> list[tuple[str, str, str]]:
    """The "a_verifier" notes of the shared files, as (file, where, note)."""
    guide = bundle.guide
    found = [("circuits/commun.yaml", f"recours « {r.title} »", r.to_check) for r in guide.ladder if r.to_check]
    found += [("circuits/urgences.yaml", where, note) for where, note in to_check(bundle.urgencies)]
    found += [("circuits/glossaire.yaml", f"sigle {t.acronym}", t.to_check) for t in bundle.glossary if t.to_check]
    return found


def review_notes(guide: Guide) -> list[str]:
    """For `make check`: each landlord whose partner answered everything (no gap left outside its
    review fields). Only the people who keep the guide set provenance.statut to « validé »."""
    lines = []
    for landlord in guide.landlords:
        replies = landlord.data["provenance"].get("reponses") or []
        left = [g for g in gaps_of(landlord.id, landlord.data, ("urgences", "recours"), skip=("provenance",))]
        if replies and not left:
            last = replies[-1]
            line = (f"{landlord.short_name} a répondu à tout ({last['organisation']}, {last['date']}). ")
            if landlord.data["provenance"]["statut"] == "brouillon":
                line += ("Après relecture, passez provenance.statut à « validé » dans "
                         f"{landlord.file} (avec derniere_revue et relu_par).")
            else:
                line += "La fiche est validée."
            lines.append(line)
        elif replies:
            lines.append(f"{landlord.short_name} a répondu ({len(replies)} envoi{'s' if len(replies) > 1 else ''}) ; "
                         f"il reste {len(left)} point{'s' if len(left) > 1 else ''} à compléter ou à vérifier.")
    return lines
