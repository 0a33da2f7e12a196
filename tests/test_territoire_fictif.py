"""Another territory from data alone: the fixture project « territoire-fictif » is the guide with
tests/fixtures/territoire-fictif in place of the Isère's territory file, landlords and federations,
built with every PDF. Its site, its leaflets and its game show its own names and bodies, and no
name of the Isère.

The one thing the other territory keeps from the Isère is the source the guide's method comes
from: the project's bilan (circuits/commun.yaml, bilan-2017), cited by generic claims; its own
description names the bodies that wrote it. That description and the bilan's passages are taken
out of the text before the search, and nothing else is."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support.pdf import tool
from support.projects import FICTIONAL, ROOT

# The Isère's names: the territory, its places, its landlords and bodies, as the real data writes them.
ISERE = ["Isère", "Isere", "Grenoble", "grenobloise", "ACTIS", "Actis", "OPAC 38", "Alpes Isère Habitat", "SDH",
         "Grenoble Habitat", "ADIL 38", "Échirolles", "Villeneuve", "Mistral", "Teisseire", "Arlequin", "GEG",
         "TE38", "CNL 38", "Indecosa-CGT 38", "Pôle Habitat Social"]
TEXT_FILES = {".html", ".json", ".csv", ".xml", ".txt", ".svg", ".md", ".yaml"}
THEME_CODE = ("assets/javascripts", "assets/vendor", "assets/stylesheets")


def real_names() -> list[str]:
    """ISERE, plus every name the real data gives the territory, its bodies and its landlords."""
    territory = yaml.safe_load((ROOT / "circuits" / "territoire.yaml").read_text(encoding="utf-8"))
    names = set(ISERE) | {territory["nom"], territory["titre"]}
    names |= {b["nom"] for b in territory["organismes"].values()}
    for name in ("actis", "opac38", "sdh"):
        landlord = yaml.safe_load((ROOT / "circuits" / f"{name}.yaml").read_text(encoding="utf-8"))
        names |= {landlord["nom"], landlord["nom_court"]}
    return sorted(names, key=len, reverse=True)


def bilan_texts() -> list[str]:
    """The project's bilan as the guide cites it: its title and description, and every passage of it."""
    shared = yaml.safe_load((ROOT / "circuits" / "commun.yaml").read_text(encoding="utf-8"))
    bilan = next(s for s in shared["sources"] if s["id"] == "bilan-2017")
    return [" ".join(bilan["document"].split())]


def plain(text: str) -> str:
    """Words as the reader sees them: one kind of space and apostrophe, no space before a comma
    (an abbreviation's element leaves one in the HTML's text)."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").split())
    return re.sub(r" ([,.)])", r"\1", text)


def site_texts(site: Path) -> dict[str, str]:
    """Every text file of the built site as the reader gets it (HTML as text, JSON's strings)."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in TEXT_FILES or rel.startswith(THEME_CODE):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            raw = BeautifulSoup(raw, "html.parser").get_text(" ")
        elif path.suffix == ".json":
            raw = " ".join(_strings(json.loads(raw)))
        out[rel] = plain(raw)
    return out


def _strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def pdf_texts(site: Path) -> dict[str, str]:
    pdftotext = tool("pdftotext")
    return {p.relative_to(site).as_posix(): plain(subprocess.run([pdftotext, "-enc", "UTF-8", str(p), "-"],
                                                                 capture_output=True, text=True, check=True).stdout)
            for p in sorted(site.rglob("*.pdf"))}


def isere_names_in(texts: dict[str, str]) -> list[str]:
    names, bilan = real_names(), [plain(t) for t in bilan_texts()]
    found = []
    for rel, text in texts.items():
        for b in bilan:
            text = text.replace(b, " ")
        for name in names:
            for m in re.finditer(rf"(?<![\w-]){re.escape(plain(name))}(?![\w-])", text):
                found.append(f"{rel} : « {text[max(0, m.start() - 60):m.end() + 40]} »")
    return found


@pytest.fixture(scope="module")
def fictional(projects):
    return projects("territoire-fictif").require()


@pytest.fixture(scope="module")
def fixture_territory() -> dict:
    return yaml.safe_load((FICTIONAL / "circuits" / "territoire.yaml").read_text(encoding="utf-8"))


def test_the_other_territory_builds_its_leaflets_and_game(fictional):
    pdfs = {p.name for p in (fictional.site / "pdf").glob("*.pdf")}
    assert {"depliant-habitat-fictif.pdf", "depliant-logis-imaginaire.pdf", "depliant-habitat-fictif-ffv.pdf",
            "guide-des-reclamations.pdf"} <= pdfs, pdfs
    game = {p.name for p in (fictional.site / "jeu").glob("*.pdf")}
    assert any("habitat-fictif" in n for n in game) and any("logis-imaginaire" in n for n in game), game
    assert not (fictional.site / "bailleurs" / "actis").exists()


def test_its_site_names_nothing_of_the_isere(fictional):
    found = isere_names_in(site_texts(fictional.site))
    assert not found, "des noms de l'Isère dans le site du territoire fictif :\n" + "\n".join(found[:40])


def test_its_leaflets_guide_and_game_name_nothing_of_the_isere(fictional):
    texts = pdf_texts(fictional.site)
    assert any(rel.startswith("pdf/depliant-") for rel in texts) and any(rel.startswith("jeu/") for rel in texts)
    found = isere_names_in(texts)
    assert not found, "des noms de l'Isère dans les PDF du territoire fictif :\n" + "\n".join(found[:40])


def test_the_search_finds_a_planted_name(fictional, tmp_path):
    """The search above can fail: an Isère name written into a copy of a page is found."""
    page = tmp_path / "index.html"
    page.write_text((fictional.site / "index.html").read_text(encoding="utf-8").replace("</h1>", " à Grenoble</h1>", 1),
                    encoding="utf-8")
    assert any("Grenoble" in f for f in isere_names_in(site_texts(tmp_path)))


def test_its_pages_show_its_own_title_and_bodies(fictional, fixture_territory):
    t, site = fixture_territory, fictional.site
    texts = site_texts(site)
    home = texts["index.html"]
    assert t["titre"] in home and plain(t["credits"]) in home
    recourse = texts["recours/index.html"]
    assert f"auprès de l'{t['organismes']['adil']['nom']}" in recourse
    assert plain(t["organismes"]["commission"]["ou_chercher"]) in recourse
    # The letter to the conciliation commission is addressed to this territory's commission.
    letters = " ".join(v for k, v in texts.items() if k.startswith("lettres/"))
    assert f"{t['organismes']['commission']['nom']}, secrétariat" in letters
    # Its landlords have their pages, the phones nobody gave « À compléter ».
    landlord = texts["bailleurs/habitat-fictif/index.html"]
    assert "Habitat Fictif" in landlord and "À compléter" in landlord
    assert t["en"] in texts["sujets/demande-de-mutation/index.html"]


def test_its_printouts_carry_its_title(fictional, fixture_territory):
    texts = pdf_texts(fictional.site)
    title = fixture_territory["titre"]
    assert title in texts["pdf/depliant-habitat-fictif.pdf"]
    assert title in texts["pdf/guide-des-reclamations.pdf"]
    assert "FFV" in texts["pdf/depliant-habitat-fictif-ffv.pdf"]
