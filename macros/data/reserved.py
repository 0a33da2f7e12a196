"""Ids that would give a generated file the path of another one.

A landlord's id names its page (/bailleurs/<id>/), its open data (donnees/<id>.json), its
leaflets (pdf/depliant-<id>.pdf, and -<federation> for each federation's copy), its embed and its
game board; a federation's id names its page. An id equal to one of the names below, or a
landlord id that reads as another landlord's leaflet for a federation, would silently replace a
file: `make check` refuses it. tests/test_untrusted.py checks these names against a real build,
and the build itself refuses to write any file twice."""
from __future__ import annotations

from pathlib import Path

from macros.data.problems import Problem, show

# What the build writes beside each landlord's own files, and where.
RESERVED_LANDLORD_IDS = {
    "index": "la liste des bailleurs (/bailleurs/)",
    "comparaison": "la comparaison des bailleurs (/bailleurs/comparaison/)",
    "circuits": "les données ouvertes de tous les bailleurs (donnees/circuits.json)",
    "schema": "le schéma des données ouvertes (donnees/schema.json)",
    "generique": "le plateau commun du jeu de l'oie (jeu/plateau-generique-a3.pdf)",
}
RESERVED_FEDERATION_IDS = {
    "index": "la liste des fédérations (/federations/)",
}


def id_clashes(root: Path, landlords: list, federations: list) -> list[Problem]:
    """One problem per id that would overwrite another generated file."""
    problems = []

    def line(file: str, key: str = "id", value: str | None = None) -> int | None:
        # Only read when there is a problem to point to: the first line that sets this id.
        try:
            lines = (root / file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        for number, text in enumerate(lines, start=1):
            words = text.strip().lstrip("- ").split(":", 1)
            if words[0].strip() == key and (value is None or words[1].strip().strip("'\"") == value):
                return number
        return None

    for l in landlords:
        if l.id in RESERVED_LANDLORD_IDS:
            problems.append(Problem(l.file, line(l.file), "id", f"l'identifiant réservé {show(l.id)}",
                                    f"un autre identifiant : celui-ci est pris par {RESERVED_LANDLORD_IDS[l.id]}"))
    ids = {l.id: l for l in landlords}
    for l in landlords:
        for f in federations:
            other = ids.get(f"{l.id}-{f.id}")
            if other is not None:
                problems.append(Problem(other.file, line(other.file), "id", f"l'identifiant {show(other.id)}",
                                        "un autre identifiant : son dépliant porterait le nom d'un autre, celui de "
                                        f"« {l.short_name} » diffusé par « {f.acronym} » (pdf/depliant-{other.id}.pdf)"))
    for f in federations:
        if f.id in RESERVED_FEDERATION_IDS:
            name = "circuits/federations.yaml"
            problems.append(Problem(name, line(name, "id", f.id), "federations.id",
                                    f"l'identifiant réservé {show(f.id)}",
                                    f"un autre identifiant : celui-ci est pris par {RESERVED_FEDERATION_IDS[f.id]}"))
    return problems
