"""Issue 16 on the built site: names as tenants know them, French elision taken from the data, an
honest "where to look" wherever an on-call number is unknown, and the recourse ladder's facts.

These tests read the site named by GUIDE_SITE (default site/), its PDFs and its open data."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.data.guide import load_guide
from macros.data.urgency import load_urgencies

ROOT = Path(__file__).resolve().parent.parent
# "de" (or "à", "du") followed by a name that starts with a vowel sound: « de ACTIS ».
_PREPOSITION = r"\b(?:de|De|du|Du)\s+"


@pytest.fixture(scope="module")
def data():
    guide = load_guide()
    return guide, load_urgencies(guide, ROOT)


def _bad_elisions(text: str, guide) -> list[str]:
    """« de ACTIS », « de SDH », « de OPAC 38 »: what the landlord's nom_court_de replaces."""
    found = []
    for l in guide.landlords:
        for name in {l.short_name, "OPAC 38"}:
            for m in re.finditer(_PREPOSITION + re.escape(name) + r"\b", text):
                if m.group(0).strip() not in l.of_name:
                    found.append(text[max(0, m.start() - 30):m.end() + 10].replace("\n", " "))
    return found


def _html_texts(site: Path):
    for page in site.rglob("*.html"):
        yield page, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")


def test_the_data_gives_each_name_with_its_preposition(data):
    guide, _ = data
    forms = {l.id: l.of_name for l in guide.landlords}
    assert forms.get("actis") == "d'ACTIS"
    assert forms.get("sdh") == "de la SDH"
    assert forms.get("opac38") == "d'Alpes Isère Habitat"


def test_no_de_before_a_vowel_or_a_bare_acronym_in_pages(site_dir, data):
    guide, _ = data
    bad = [f"{p.relative_to(site_dir)} : « {b} »" for p, text in _html_texts(site_dir)
           for b in _bad_elisions(text, guide)]
    assert not bad, "« de » mal écrit :\n" + "\n".join(bad[:20])


def test_no_de_before_a_vowel_in_open_data_labels(site_dir, data):
    guide, _ = data
    bad = []
    for f in list((site_dir / "donnees").rglob("*.csv")) + list((site_dir / "donnees").rglob("*.json")):
        bad += [f"{f.name} : « {b} »" for b in _bad_elisions(f.read_text(encoding="utf-8"), guide)]
    assert not bad, "\n".join(bad[:20])


def test_no_de_before_a_vowel_in_pdfs(site_dir, data):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent")
    pdfs = sorted((site_dir / "pdf").glob("*.pdf")) + sorted((site_dir / "jeu").rglob("*.pdf"))
    if not pdfs:
        pytest.skip("site construit sans PDF (GUIDE_PDF=0)")
    guide, _ = data
    bad = []
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-q", str(pdf), "-"], capture_output=True, text=True).stdout
        text = text.replace("\u2019", "'")
        bad += [f"{pdf.name} : « {b} »" for b in _bad_elisions(text, guide)]
    assert not bad, "\n".join(bad[:20])


def test_alpes_isere_habitat_is_the_name_shown_and_the_old_address_still_works(site_dir):
    page = (site_dir / "bailleurs" / "opac38" / "index.html").read_text(encoding="utf-8")
    h1 = BeautifulSoup(page, "html.parser").find("h1").get_text(" ", strip=True)
    assert "Alpes Isère Habitat" in h1 and "OPAC 38" not in h1
    assert "OPAC 38" in page, "l'ancien nom reste écrit une fois, pour ceux qui le connaissent"


def test_actis_page_no_longer_announces_the_merger(site_dir):
    text = BeautifulSoup((site_dir / "bailleurs" / "actis" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").get_text(" ")
    assert "était prévue en 2019" not in text
    assert "Métropole" in text


def test_home_page_gives_each_landlords_on_call_or_where_to_look(site_dir, data):
    guide, urg = data
    doc = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    box = doc.find(id="urgence").find_next(class_="admonition")
    links = {a.get_text(strip=True): a["href"] for a in box.find_all("a", href=True)}
    for l in guide.landlords:
        assert links.get(l.short_name, "").endswith(f"bailleurs/{l.id}/#astreinte"), links
    if any(not l.on_call.how_to_reach for l in guide.landlords):
        assert " ".join(urg.unknown_on_call.where.split()) in " ".join(box.get_text(" ").split())


@pytest.mark.parametrize("level_id", ["tres-urgent", "urgent"])
def test_urgency_cards_never_stop_at_an_unknown_on_call_number(site_dir, data, level_id):
    guide, urg = data
    text = " ".join(BeautifulSoup((site_dir / "urgences" / level_id / "index.html").read_text(encoding="utf-8"),
                                  "html.parser").get_text().split())
    for l in guide.landlords:
        if not l.on_call.how_to_reach:
            assert f"le numéro de l'astreinte {l.of_name} n'est pas encore dans ce guide" in text
    assert " ".join(urg.unknown_on_call.where.split()) in text


def test_the_finder_reaches_very_urgent_by_more_than_one_question(data):
    _, urg = data
    very = [p for p in urg.problems if p.level.id == "tres-urgent" and p.theme.id in ("eau", "chauffage")]
    ids = {p.id for p in very}
    assert {"fuite-importante", "fuite-du-dessus", "chauffage-hiver-fragile"} <= ids, ids


def test_recourse_ladder_facts(site_dir):
    text = " ".join(BeautifulSoup((site_dir / "recours" / "index.html").read_text(encoding="utf-8"),
                                  "html.parser").get_text().split())
    assert "Continuez à payer votre loyer" in text
    assert "750-1" in text and "conciliateur de justice" in text
    assert "Ce n'est pas un ordre obligatoire" in text
    cdc = text[text.index("commission départementale de conciliation"):]
    assert "Combien ça coûte : Gratuit" in cdc
    assert "90 jours" in text and "R612-5" in text
    assert "AME Conso" in text and "ne sait pas encore si" in text


# --- Dates on facts ---------------------------------------------------------------------------

def test_every_source_says_when_it_was_read_and_what_kind_it_is():
    from macros.data.bundle import Bundle
    from macros.data.missing import all_sources
    bundle = Bundle.load(ROOT)
    for s in all_sources(bundle):
        assert s.read_on and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.read_on), s.id
        assert s.kind in ("primaire", "copie", "secondaire"), s.id


def test_a_source_without_its_reading_date_is_refused(tmp_path):
    import shutil as sh
    project = tmp_path / "projet"
    sh.copytree(ROOT / "circuits", project / "circuits")
    sh.copytree(ROOT / "content", project / "content")
    sh.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = project / "circuits" / "actis.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('      lu_le: "2026-12-03"\n', "", 1), encoding="utf-8")
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "scripts" / "check_data.py"),
                             "--root", str(project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "circuits/actis.yaml" in result.stderr and "lu_le" in result.stderr, result.stderr


def test_gaps_page_lists_old_sources_and_facts_without_a_primary_source(site_dir):
    doc = BeautifulSoup((site_dir / "a-verifier" / "index.html").read_text(encoding="utf-8"), "html.parser")
    old = doc.find(id="sources-anciennes").find_next("table").get_text(" ")
    assert "fiche F1216" in old, "la fiche F1216 (vérifiée en 2017) doit être listée"
    assert "Défenseur des droits, 5 octobre 2023" not in old, "une source de 2023 n'est pas ancienne"
    weak = doc.find(id="sans-source-primaire").find_next("table")
    rows = weak.find_all("tr")[1:]
    assert rows, "des faits n'ont qu'une source secondaire : la liste ne peut pas être vide"
    assert any("Fondé en 1920" in r.get_text() for r in rows)


def test_make_check_lists_old_sources_and_weak_facts():
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "scripts" / "check_data.py"),
                             "--manques"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Sources datées de plus de 3 ans" in result.stdout
    assert "Faits sans source primaire" in result.stdout
    assert "cdc-service-public (2017-08-18)" in result.stdout
