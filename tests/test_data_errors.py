"""Broken data stops both `make check` and the build, with one precise line per problem.

Each case drops one or two files from tests/fixtures/bad/ into circuits/ of a copy of the
project, then runs scripts/check_data.py and a real build of the copy. Every message must name
the file, the real line of the field, the field path, what was found and what was expected."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.projects import BAD, build, run_script


# "circuits/x.yaml:12: etapes[2].delai.unite: trouvé « semaines » ; attendu : une de ces valeurs : …"
MESSAGE = re.compile(r"(?P<file>circuits/[\w.-]+):(?P<line>\d+): (?P<field>\S+): trouvé (?P<found>.*?) ; attendu : (?P<expected>.*)$")


@dataclass(frozen=True)
class Expect:
    file: str          # name of the file in circuits/
    marker: str        # text found on the line the message must point to…
    nth: int           # …at its nth occurrence in the file
    field: str
    found: str         # must appear in what the message says was found
    expected: str      # must appear in what the message says was expected…
    exact: bool        # …or be all of it


def expect(file, marker, field, found, expected, nth=1, exact=False):
    return Expect(file, marker, nth, field, found, expected, exact)


UNITS = "une de ces valeurs : heures, jours, jours_ouvres"
CASES = {
    "yaml-mal-forme": (["yaml-mal-forme.yaml"], [
        expect("yaml-mal-forme.yaml", "titre: Attention : le bailleur", "(racine)", "du YAML mal formé", "du YAML valide")]),
    "unite-inconnue": (["unite-inconnue.yaml"], [
        expect("unite-inconnue.yaml", "unite: semaines", "etapes[2].delai.unite", "« semaines »", UNITS)]),
    "canal-inconnu": (["canal-inconnu.yaml"], [
        expect("canal-inconnu.yaml", "type: fax", "canaux[0].type", "« fax »",
               "une de ces valeurs : telephone, accueil_agence, gardien")]),
    # A missing field has no line of its own: the message points to the start of its step.
    # Null is suggested only where the schema accepts it: a title cannot be null, a delay can.
    "champ-manquant": (["champ-manquant.yaml"], [
        expect("champ-manquant.yaml", "- id: traitement", "etapes[1].titre", "le champ « titre » absent", "ce champ",
               exact=True)]),
    "delai-manquant": (["delai-manquant.yaml"], [
        expect("delai-manquant.yaml", "- id: depot", "etapes[0].delai", "le champ « delai » absent",
               "ce champ (mettez null s'il est inconnu)", exact=True)]),
    "etape-inconnue": (["etape-inconnue.yaml"], [
        expect("etape-inconnue.yaml", "vers: reponses", "transitions[1].vers", "l'étape inconnue « reponses »",
               "l'identifiant d'une étape de ce fichier : depot, traitement, reponse")]),
    "etape-en-double": (["etape-en-double.yaml"], [
        expect("etape-en-double.yaml", "- id: traitement", "etapes[2].id", "« traitement », déjà pris par etapes[1]",
               "un identifiant d'étape unique", nth=2)]),
    "pratique-inconnue": (["pratique-inconnue.yaml"], [
        expect("pratique-inconnue.yaml", "pratiques: [", "pratiques[1]", "la pratique inconnue « permanence-du-samedi »",
               "l'identifiant d'une fiche de content/bonnes-pratiques/ : ")]),
    "source-inconnue": (["source-inconnue.yaml"], [
        expect("source-inconnue.yaml", "ref: bilan-2071", "etapes[1].source.ref", "la source inconnue « bilan-2071 »",
               "l'identifiant d'une source de provenance.sources ou de circuits/commun.yaml")]),
    "id-en-double": (["id-en-double/doublon.yaml", "id-en-double/doublon-copie.yaml"], [
        expect("doublon-copie.yaml", "id: doublon", "id", "« doublon », déjà pris par circuits/doublon.yaml",
               "le nom du fichier, « doublon-copie »")]),
    "deux-problemes": (["deux-problemes.yaml"], [
        expect("deux-problemes.yaml", "de: depots", "transitions[0].de", "l'étape inconnue « depots »",
               "l'identifiant d'une étape de ce fichier"),
        expect("deux-problemes.yaml", "pratiques: [", "pratiques[0]", "la pratique inconnue « astreinte-du-dimanche »",
               "l'identifiant d'une fiche")]),
    "deux-fichiers": (["unite-inconnue.yaml", "yaml-mal-forme.yaml"], [
        expect("unite-inconnue.yaml", "unite: semaines", "etapes[2].delai.unite", "« semaines »", UNITS),
        expect("yaml-mal-forme.yaml", "titre: Attention : le bailleur", "(racine)", "du YAML mal formé", "du YAML valide")]),
}


def line_number(path: Path, marker: str, nth: int) -> int:
    """The real line (from 1) of the nth line of the file that contains marker."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if marker in line]
    assert len(hits) >= nth, f"fixture {path.name}: {marker!r} found {len(hits)} time(s)"
    return hits[nth - 1]


def broken_copy(copy: Path, files: list[str]) -> Path:
    for name in files:
        shutil.copy(BAD / name, copy / "circuits" / Path(name).name)
    return copy


def problem_messages(output: str) -> list[re.Match]:
    return [m for m in (MESSAGE.search(line) for line in output.splitlines()) if m]


def check_messages(messages: list[re.Match], copy: Path, wanted: list[Expect]) -> None:
    """Exactly one distinct message per expected problem, each with the right file, line and words."""
    distinct = {m.group(0): m for m in messages}
    assert len(distinct) == len(wanted), "one message per problem expected, got:\n" + "\n".join(distinct)
    for want in wanted:
        line = line_number(copy / "circuits" / want.file, want.marker, want.nth)
        matching = [m for m in distinct.values() if m["file"] == f"circuits/{want.file}" and m["field"] == want.field]
        assert len(matching) == 1, f"no single message for {want.file} {want.field} in:\n" + "\n".join(distinct)
        m = matching[0]
        assert int(m["line"]) == line, f"{m.group(0)}\n→ the field is on line {line}"
        assert want.found in m["found"], m.group(0)
        assert (m["expected"] == want.expected) if want.exact else (want.expected in m["expected"]), m.group(0)


def test_copy_without_broken_files_is_valid(project_copy):
    # The cases below must fail because of their fixture, not because of the copy.
    result = run_script("check_data.py", "--root", str(project_copy))
    assert result.returncode == 0, result.stderr
    assert "Données valides" in result.stdout


@pytest.mark.parametrize("case", CASES)
def test_check_data_reports_each_problem_once(project_copy, case):
    files, wanted = CASES[case]
    copy = broken_copy(project_copy, files)
    result = run_script("check_data.py", "--root", str(copy))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Données valides" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(lines) == len(wanted), result.stderr
    count = len(wanted)
    assert f"{count} problème{'s' if count > 1 else ''} dans les données" in result.stderr
    check_messages(problem_messages(result.stderr), copy, wanted)


@pytest.mark.parametrize("case", CASES)
def test_build_stops_with_the_same_messages(project_copy, case):
    files, wanted = CASES[case]
    copy = broken_copy(project_copy, files)
    result = build(copy, atomic=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    check_messages(problem_messages(output), copy, wanted)
    assert not (copy / "site").exists(), "a failed first build must not leave a site/ folder"
    assert not list(copy.glob(".site-*")), "a failed build must not leave its staging folder"


def test_build_prints_each_problem_only_once(project_copy):
    copy = broken_copy(project_copy, ["deux-problemes.yaml"])
    result = build(copy, atomic=True)
    assert result.returncode != 0
    printed = [m.group(0) for m in problem_messages(result.stdout + result.stderr)]
    assert len(printed) == len(set(printed)) == 2, "\n".join(printed)
