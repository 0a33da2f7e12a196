"""What the data still lacks: every empty field and every "a_verifier" note, by landlord.

This is the list the partners need to complete the guide; `make check` prints it."""
from __future__ import annotations

import re
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


# --- How fresh and how first-hand the sources are ------------------------------------------------

# A source whose own date is older than this, before the most recent reading in the data, is listed
# on /a-verifier/: in three years an address, a phone number, a procedure or a rule can change
# (the 750-1 rule went away in 2022 and came back in 2023), so it is read again before printing.
STALE_YEARS = 3


@dataclass(frozen=True)
class SourceAge:
    source: object  # model.Source
    year: int | None  # the last year the source's own date names; None when it has none


def _last_year(date: str | None) -> int | None:
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", date or "")]
    return max(years) if years else None


def all_sources(bundle) -> list:
    """Every source of every data file, once, by id."""
    seen = dict(bundle.guide.sources)
    for landlord in bundle.guide.landlords:
        for s in landlord.sources:
            seen.setdefault(s.id, s)
    for cite in _urgency_citations(bundle.urgencies):
        seen.setdefault(cite.source.id, cite.source)
    for term in bundle.glossary:
        for cite in term.citations:
            seen.setdefault(cite.source.id, cite.source)
    return list(seen.values())


def reference_date(bundle) -> str:
    """The most recent reading in the data (AAAA-MM-JJ): ages are counted from it, not from the
    clock, so that two builds of the same data list the same sources."""
    return max((s.read_on for s in all_sources(bundle) if s.read_on), default="")


def stale_sources(bundle) -> tuple[list[SourceAge], list[SourceAge]]:
    """(sources dated more than STALE_YEARS before the reference date, sources with no date),
    the oldest first. A source read more than STALE_YEARS ago is in the first list too."""
    ref = reference_date(bundle)
    limit = int(ref[:4]) - STALE_YEARS if ref else None
    old, undated = [], []
    for s in all_sources(bundle):
        year = _last_year(s.date)
        read_year = _last_year(s.read_on)
        if limit is not None and ((year is not None and year < limit) or (read_year is not None and read_year < limit)):
            old.append(SourceAge(s, year))
        elif year is None:
            undated.append(SourceAge(s, None))
    old.sort(key=lambda a: (a.year or 0, a.source.id))
    undated.sort(key=lambda a: a.source.id)
    return old, undated


def _urgency_citations(urg):
    for n in urg.numbers.values():
        yield n.citation
    for level in urg.levels:
        yield level.citation
        if level.example:
            yield level.example.citation
    for p in urg.problems:
        yield from p.citations
        for payer in p.payers:
            yield from payer.citations
        for note in p.notes:
            yield note.citation
    yield from urg.unknown_on_call.citations


def secondary_only(bundle) -> list[tuple[str, str, str]]:
    """Facts none of whose sources is primary (only copies or secondary pages), as
    (file, element, the sources' kinds): a primary source should be found and cited for them."""
    found = []

    def check(file: str, what: str, citations) -> None:
        sources = [c.source for c in citations]
        if sources and not any(s.is_primary for s in sources):
            kinds = ", ".join(sorted({s.kind or "?" for s in sources}))
            found.append((file, what, kinds))

    for l in bundle.guide.landlords:
        for f in l.presentation + l.notes:
            check(l.file, f"présentation : « {f.text[:60]} »", [f.citation])
        for c in l.channels:
            check(l.file, f"canal « {c.label} »", [c.citation])
        for s in l.steps:
            check(l.file, f"étape « {s.title} »", [s.citation])
        check(l.file, "astreinte", [l.on_call.citation])
    for r in bundle.guide.ladder:
        check("circuits/commun.yaml", f"recours « {r.title} »", r.citations)
    urg = bundle.urgencies
    for p in urg.problems:
        check("circuits/urgences.yaml", f"problème « {p.title} »", p.citations)
        for payer in p.payers:
            if payer.citations:
                check("circuits/urgences.yaml", f"« {p.title} », qui paie : « {payer.text[:50]} »", payer.citations)
        for note in p.notes:
            check("circuits/urgences.yaml", f"« {p.title} », à savoir : « {note.text[:50]} »", [note.citation])
    check("circuits/urgences.yaml", "où chercher un numéro d'astreinte inconnu", urg.unknown_on_call.citations)
    return found


def freshness_report(bundle) -> str:
    old, undated = stale_sources(bundle)
    weak = secondary_only(bundle)
    lines = [f"Sources datées de plus de {STALE_YEARS} ans avant le {reference_date(bundle)} : {len(old)}"]
    lines += [f"  - {a.source.id} ({a.source.date}) : {a.source.title}" for a in old]
    lines.append(f"Sources sans date : {len(undated)}")
    lines += [f"  - {a.source.id} : {a.source.title}" for a in undated]
    lines.append(f"Faits sans source primaire (seulement une copie ou une page secondaire) : {len(weak)}")
    lines += [f"  - {file} : {what} ({kinds})" for file, what, kinds in weak]
    return "\n".join(lines)


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
