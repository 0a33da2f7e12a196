"""The letters and their deadlines: the date arithmetic on dates checked by hand (a calendar on
the desk), the catalogue's checks, and the built pages and PDFs (site/ or GUIDE_SITE)."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from support.letters import BUNDLE, IDS, LETTERS
from macros.data.problems import DataErrors
from macros.letters import catalogue as cat
from macros.letters.deadlines import (add, holiday_table, holidays, is_working_day, next_working_day,
                                      previous_working_day)
from macros.letters.stage import MAX_LANDLORD_PDFS, letters_for

D = date.fromisoformat


# ---------------------------------------------------------------- arithmetic, checked by hand

@pytest.mark.parametrize("start, delay, expected", [
    ("2027-01-31", {"months": 1}, "2027-02-28"),   # no 31 February: the month's last day (art. 641)
    ("2028-01-31", {"months": 1}, "2028-02-29"),   # leap year
    ("2027-01-31", {"months": 2}, "2027-03-31"),   # same day number exists again in March
    ("2026-12-31", {"months": 2}, "2027-02-28"),   # across the year
    ("2028-02-29", {"years": 1}, "2029-02-28"),    # 29 February + 1 year
    ("2028-02-29", {"years": 4}, "2032-02-29"),
    ("2026-03-10", {"years": 1}, "2027-03-10"),
    ("2026-07-31", {"days": 15}, "2026-08-15"),    # days: the starting day does not count
    ("2026-01-31", {"months": 1, "days": 1}, "2026-03-01"),  # months first, then days
])
def test_delays_are_counted_as_article_641_says(start, delay, expected):
    assert add(D(start), **delay) == D(expected)


def test_public_holidays_are_the_eleven_of_the_labour_code():
    assert list(holidays(2026)) == [D(d) for d in (
        "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14",
        "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25")]
    # Easter 2027 is on 28 March: Easter Monday 29 March, Ascension 6 May, Whit Monday 17 May.
    assert {D("2027-03-29"), D("2027-05-06"), D("2027-05-17")} <= set(holidays(2027))
    assert holidays(2026)[D("2026-04-06")] == "Lundi de Pâques"
    assert len(holiday_table(2020, 2045)) == 26 * 11


@pytest.mark.parametrize("day, after, before", [
    ("2026-05-01", "2026-05-04", "2026-04-30"),  # 1 May, a Friday
    ("2027-05-01", "2027-05-03", "2027-04-30"),  # 1 May, a Saturday
    ("2026-08-15", "2026-08-17", "2026-08-14"),  # 15 August, a Saturday
    ("2027-08-15", "2027-08-16", "2027-08-13"),  # 15 August, a Sunday
    ("2027-02-28", "2027-03-01", "2027-02-26"),  # a Sunday
    ("2026-05-14", "2026-05-15", "2026-05-13"),  # Ascension, a Thursday
    ("2026-03-10", "2026-03-10", "2026-03-10"),  # a Tuesday: stays
])
def test_working_days_skip_weekends_and_holidays(day, after, before):
    assert next_working_day(D(day)) == D(after)
    assert previous_working_day(D(day)) == D(before)
    assert is_working_day(D(day)) == (day == "2026-03-10")


def rule_dates(start: str) -> dict[str, date]:
    rules = LETTERS.catalogue.rules
    return {i: rules[i].date_from(D(start)) for i in ("relance", "mediateur-debut", "mediateur-fin")}


def test_timeline_of_a_complaint_of_10_march_2026():
    assert rule_dates("2026-03-10") == {
        "relance": D("2026-04-10"),           # a Friday
        "mediateur-debut": D("2026-05-11"),   # 10 May is a Sunday: advice goes to Monday
        "mediateur-fin": D("2027-03-10"),     # a Wednesday: the legal limit stays
    }


def test_timeline_of_a_complaint_of_31_january():
    assert rule_dates("2027-01-31") == {
        "relance": D("2027-03-01"),           # 28 February 2027 is a Sunday
        "mediateur-debut": D("2027-03-31"),
        "mediateur-fin": D("2028-01-31"),
    }


def test_a_legal_limit_on_a_holiday_moves_earlier_never_later():
    # One year after 15 August 2025 is Saturday 15 August 2026: the safe last day is Friday 14.
    assert rule_dates("2025-08-15")["mediateur-fin"] == D("2026-08-14")
    # One month after 1 April 2026 is 1 May (Friday, a holiday): the reminder goes to Monday 4 May.
    assert rule_dates("2026-04-01")["relance"] == D("2026-05-04")


# ---------------------------------------------------------------- the catalogue

def test_every_letter_cites_a_known_source_and_fits_a_rung():
    rungs = {r.id for r in BUNDLE.guide.ladder}
    assert len(IDS) == 6
    for letter in LETTERS.catalogue.letters:
        assert letter.basis and all(b.source.url for b in letter.basis), letter.id
        assert set(letter.rungs) <= rungs
    for source in LETTERS.catalogue.sources:
        assert LETTERS.catalogue.read_on.get(source), f"{source} : date de lecture manquante"


def test_a_broken_letters_file_gives_one_french_message_per_problem(tmp_path):
    text = cat.TEXTS.read_text(encoding="utf-8")
    broken = text.replace("{probleme_court}", "{probleme_inconnu}", 1).replace("[relance-ecrite]", "[echelon-inconnu]", 1)
    broken = broken.replace("{ref: cpc-750-1,", "{ref: source-inconnue,", 1)
    path = tmp_path / "lettres.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        cat.load(BUNDLE.guide.sources, {r.id for r in BUNDLE.guide.ladder}, path, BUNDLE.guide.territory.values)
    report = str(caught.value)
    assert "« {probleme_inconnu} »" in report and "« echelon-inconnu »" in report and "« source-inconnue »" in report
    assert len(caught.value.problems) == 3
    assert "Traceback" not in report
    path.write_text(text + "\n  - id: [\n", encoding="utf-8")
    with pytest.raises(DataErrors, match="YAML mal formé"):
        cat.load(BUNDLE.guide.sources, set(), path)


def test_letter_text_from_data_is_escaped():
    letter = LETTERS.catalogue.letter("relance")
    html = str(LETTERS.sheet(letter, {"bailleur": "<script>alert(1)</script> & Cie"}))
    assert "<script>alert" not in html
    assert "<script>alert(1)</script> & Cie" in BeautifulSoup(html, "html.parser").get_text()


# ---------------------------------------------------------------- the built site

def page(site_dir: Path, path: str) -> BeautifulSoup:
    file = site_dir / path / "index.html"
    assert file.exists(), f"page absente : /{path}"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("letter_id", IDS)
def test_letter_page_has_the_blank_letter_the_form_and_the_data(site_dir, letter_id):
    soup = page(site_dir, f"lettres/{letter_id}")
    tool = soup.select_one(".lettre-outil")
    assert tool is not None and tool.select_one(".lettre-sansjs")
    assert tool.select_one("form.lettre-form").has_attr("hidden")  # shown by the script only
    blanks = tool.select(".lettre-feuille .blanc.vide")
    assert blanks and all(b.select_one(".indice").get_text(strip=True) for b in blanks)
    data = json.loads(soup.select_one("#lettres-donnees").string)
    assert data["lettre"] == letter_id
    assert {c["id"] for c in data["bailleurs"]} == {l.id for l in BUNDLE.guide.landlords}
    assert len(data["feries"]) == 26 * 11
    letter = LETTERS.catalogue.letter(letter_id)
    form_fields = {i["name"] for i in tool.select("form [name]")} - {"garder", "bailleur_nom"}
    assert form_fields == {f.id for f in letter.fields(LETTERS.catalogue)}
    # Every blank of the letter has its field in the form.
    assert {b["data-champ"] for b in blanks} <= form_fields
    # The page links the tracking sheet, and each landlord's version of the letter.
    hrefs = [a.get("href", "") for a in soup.select("article a")]
    assert any(h.endswith("pdf/fiche-de-suivi.pdf") for h in hrefs)
    for landlord in BUNDLE.guide.landlords:
        assert f"?bailleur={landlord.id}" in hrefs


def test_letters_index_lists_every_letter_and_an_example_timeline(site_dir):
    soup = page(site_dir, "lettres")
    text = soup.get_text(" ")
    for letter in LETTERS.catalogue.letters:
        assert soup.select_one(f'a[href="{letter.id}/"]'), letter.id
    for day in ("10 avril 2026", "11 mai 2026", "10 mars 2027"):
        assert day in text


@pytest.mark.parametrize("landlord", [l.id for l in BUNDLE.guide.landlords])
def test_landlord_page_links_its_letters(site_dir, landlord):
    soup = page(site_dir, f"bailleurs/{landlord}")
    hrefs = {a.get("href") for a in soup.select("a")}
    for letter_id in IDS:
        assert f"../../lettres/{letter_id}/?bailleur={landlord}" in hrefs, letter_id


def test_recourse_rungs_link_the_letter_that_fits(site_dir):
    soup = page(site_dir, "recours")
    for rung, letter_id in (("relance-ecrite", "relance"), ("mediateur-consommation", "mediateur"),
                            ("commission-conciliation", "commission"), ("juge", "conciliateur")):
        heading = soup.find(id=rung)
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(sibling)
        links = [a["href"] for s in section for a in s.select("a[href]")]
        assert any(f"lettres/{letter_id}/" in h for h in links), (rung, links)


def test_embeds_are_standalone_pages_with_the_height_script(site_dir):
    for path in ["integrer/lettres", *(f"integrer/lettres/{i}" for i in IDS)]:
        soup = page(site_dir, path)
        scripts = [s.get("src", "") for s in soup.select("script[src]")]
        assert any(s.endswith("assets/embed/hauteur.js") for s in scripts), path
        assert not soup.select(".md-header"), path
        for ref in [*scripts, *(l["href"] for l in soup.select("link[href]"))]:
            target = (site_dir / path / ref).resolve()
            assert target.exists(), f"{path} : {ref} introuvable"


# ---------------------------------------------------------------- the PDFs

def pdf_paths() -> list[str]:
    paths = [f"pdf/lettres/{i}.pdf" for i in IDS]
    if len(BUNDLE.guide.landlords) <= MAX_LANDLORD_PDFS:
        named = [l.id for l in LETTERS.catalogue.letters if l.names_landlord(LETTERS.catalogue)]
        assert len(named) == 5  # all but the conciliateur's, written to the other party
        paths += [f"pdf/lettres/{i}-{l.id}.pdf" for i in named for l in BUNDLE.guide.landlords]
    return paths


@pytest.mark.parametrize("path", pdf_paths(), ids=lambda p: Path(p).stem)
def test_letter_pdf_is_one_page_with_embedded_fonts_and_text(site_dir, path):
    file = site_dir / path
    assert file.exists(), f"{path} absent (construction sans PDF ?)"
    reader = PdfReader(file)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    fonts = subprocess.run([shutil.which("pdffonts"), str(file)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", r) for r in rows), fonts.stdout
    assert all("Atkinson-Hyperlegible" in r.split()[0] for r in rows), fonts.stdout
    text = " ".join(subprocess.run([shutil.which("pdftotext"), "-enc", "UTF-8", str(file), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Madame, Monsieur," in text and "salutations distinguées" in text
    stem = Path(path).stem
    landlord = next((l for l in BUNDLE.guide.landlords if stem.endswith("-" + l.id)), None)
    if landlord is not None:
        assert " ".join(landlord.name.split()) in text
    else:
        assert "votre bailleur" in text or "Objet" in text


def test_printed_guide_has_the_letters_index_but_not_the_forms(site_dir):
    guide = site_dir / "pdf" / "guide-des-reclamations.pdf"
    assert guide.exists()
    text = subprocess.run([shutil.which("pdftotext"), "-enc", "UTF-8", str(guide), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Les dates à retenir" in text
    assert "Imprimez cette page" not in text and "Remplissez, la lettre" not in text


def test_past_six_landlords_each_letter_has_one_pdf_with_blanks():
    """At 500 landlords, 2 500 letters at their names would cost minutes of CPU (README): past
    MAX_LANDLORD_PDFS, one PDF per letter, and the pages stop linking per-landlord PDFs."""
    base = BUNDLE.guide.landlords[0]
    many = [dataclasses.replace(base, id=f"bailleur-{i}", name=f"Bailleur {i}", short_name=f"B{i}")
            for i in range(MAX_LANDLORD_PDFS + 1)]
    bundle = dataclasses.replace(BUNDLE, guide=dataclasses.replace(BUNDLE.guide, landlords=many))
    letters = letters_for(bundle)
    assert sorted(letters.documents("", "")) == sorted(f"pdf/lettres/{i}.pdf" for i in IDS)
    page = letters.pages(pdf=True)["lettres/relance.md"]
    assert "avec son nom" not in page and "?bailleur=" not in page and "Choisissez votre bailleur" in page
    few = letters_for(dataclasses.replace(bundle, guide=dataclasses.replace(BUNDLE.guide, landlords=many[:2])))
    assert len(few.documents("", "")) == len(IDS) + 5 * 2


def test_landlord_card_gives_a_written_channel_only_when_the_data_has_one():
    landlord = BUNDLE.guide.landlords[0]
    assert cat.landlord_card(landlord)["canal"] is None  # no written channel with contact in today's data
    mail = dataclasses.replace(landlord.channels[0], kind="courrier", contact="1 rue Exemple, 38000 Grenoble")
    card = cat.landlord_card(dataclasses.replace(landlord, channels=[mail]))
    assert card["adresse"] == "1 rue Exemple, 38000 Grenoble" and card["canal"].endswith("1 rue Exemple, 38000 Grenoble")
