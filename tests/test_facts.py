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
                                  "html.parser").get_text(" ").split())
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
                                  "html.parser").get_text(" ").split())
    assert "Continuez à payer votre loyer" in text
    assert "750-1" in text and "conciliateur de justice" in text
    assert "Ce n'est pas un ordre obligatoire" in text
    cdc = text[text.index("commission départementale de conciliation"):]
    assert "Combien ça coûte : Gratuit" in cdc
    assert "90 jours" in text and "R612-5" in text
    assert "AME Conso" in text and "ne sait pas encore si" in text
