"""The partners' round trip: the form /contribuer/<id>/ in a real browser, the file it downloads,
`make import` on a copy of the project, and the new facts in the rebuilt site, leaflet and open data.
Also: the form asks nothing of another host, has no axe-core violation, keeps hostile text as text,
and `make import` refuses bad files without changing circuits/."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from support.browser import AXE, RUN_AXE, VIEWPORTS, WCAG_TAGS, describe
from support.projects import ROOT, copy_project_to

FORM = "contribuer/actis/"
ROLE = "Responsable de la relation locataires (essai)"
# Test values only, never real facts: they live in a temporary copy of the project.
HOURS = "Essai : du lundi au vendredi, de 9 h à 12 h"
CONTACT = "Essai : 00 00 00 00 00"
RECEIVES = "Essai : le talon du carnet de souche"
ANSWER = "Essai : oui, le locataire reçoit le talon."
PAGE_TITLE = "Page d'essai du bailleur"
PAGE_URL = "https://exemple.invalid/reclamations"


def open_form(browser, site_url, width=1280, bypass_csp=False):
    # The page's Content-Security-Policy would block axe-core, injected as an inline script.
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", accept_downloads=True,
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/{FORM}")
    page.wait_for_selector("#contribuer-formulaire[data-pret]")
    return context, page, requests, errors


def field(page, path: str):
    return page.locator(f'[name="fiche{path}"]')


def fill_actis(page) -> None:
    page.fill("#qui-role", ROLE)
    field(page, "[canaux][0][horaires]").fill(HOURS)
    field(page, "[canaux][0][coordonnees]").fill(CONTACT)
    field(page, "[etapes][1][le_locataire_recoit]").fill(RECEIVES)
    for f in ("[canaux][0][horaires]", "[canaux][0][coordonnees]", "[etapes][1][le_locataire_recoit]"):
        field(page, f).dispatch_event("change")
    # The third fact comes from a public page; the others from the partner's own statement.
    block = page.locator('fieldset.contribuer-source[data-champ="etapes[1].le_locataire_recoit"]')
    block.locator("input[value=page]").check()
    block.locator("[data-role=titre]").fill(PAGE_TITLE)
    block.locator("[data-role=url]").fill(PAGE_URL)
    question = page.locator('.contribuer-question[data-question="etapes[1].a_verifier"]')
    question.locator("textarea").fill(ANSWER)


def download(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.click("#contribuer-telecharger")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def run_import(project: Path, answers: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "import_answers.py"), str(answers),
                           "--root", str(project), *extra], capture_output=True, text=True, cwd=ROOT)


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "circuits").iterdir())}


@pytest.fixture(scope="module")
def downloaded(browser, site_url, tmp_path_factory) -> tuple[Path, list[str]]:
    context, page, requests, errors = open_form(browser, site_url)
    fill_actis(page)
    path = download(page, tmp_path_factory.mktemp("reponses"))
    summary = page.locator("#contribuer-resume").inner_text()
    context.close()
    assert not errors, errors
    return path, requests, summary


def test_form_asks_nothing_of_another_host(downloaded, site_url):
    _, requests, _ = downloaded
    host = urlparse(site_url).netloc
    others = [u for u in requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != host]
    assert not others, others


def test_downloaded_file_holds_only_the_changes_with_sources(downloaded):
    path, _, summary = downloaded
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["fiche"] == {"type": "bailleur", "id": "actis"}
    assert data["repondu_par"]["role"] == ROLE
    changed = {c["champ"]: c for c in data["changements"]}
    assert set(changed) == {"canaux[0].horaires", "canaux[0].coordonnees", "etapes[1].le_locataire_recoit"}
    assert changed["etapes[1].le_locataire_recoit"]["source"] == {"titre": PAGE_TITLE, "url": PAGE_URL}
    assert changed["canaux[0].horaires"]["source"]["declaration"]["role"] == ROLE
    assert [r["question"] for r in data["reponses"]] == ["etapes[1].a_verifier"]
    assert HOURS in summary and ANSWER in summary


@pytest.fixture(scope="module")
def imported(downloaded, tmp_path_factory) -> Path:
    project = copy_project_to(tmp_path_factory.mktemp("projet"))
    result = run_import(project, downloaded[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "canaux[0].horaires" in result.stdout  # the readable list of changes
    env = {**os.environ, "GUIDE_PDF": "depliants", "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--config",
                            str(project / "mkdocs.yml")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    return project


def test_import_keeps_the_comments_and_the_schema_line(imported):
    text = (imported / "circuits" / "actis.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./schema.json\n# Circuit de traitement des réclamations d'ACTIS.")
    assert "# Ce qui n'est pas connu reste vide (null)" in text
    assert "statut: brouillon" in text  # never validated by an import
    assert f"role: {ROLE}" in text


def test_new_facts_on_the_landlord_page_with_their_sources(imported):
    html = (imported / "site" / "bailleurs" / "actis" / "index.html").read_text(encoding="utf-8")
    # Read as the page shows it: a glossary word inside a fact becomes a tooltip (<abbr>).
    shown = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    for fact in (HOURS, CONTACT, RECEIVES, ANSWER):
        assert " ".join(fact.split()) in shown, fact
    assert PAGE_URL in html and "essai du bailleur" in html  # the public page cited, with its address
    assert "Complété par ACTIS" in html


def test_new_facts_in_the_open_data_and_the_leaflet(imported):
    data = json.loads((imported / "site" / "donnees" / "actis.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    for fact in (HOURS, CONTACT, RECEIVES):
        assert fact in text
    leaflets = list((imported / "site" / "pdf").glob("*actis*.pdf"))
    assert leaflets
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(leaflets[0]), "-"], capture_output=True, text=True).stdout
    flat = " ".join(pdf.split())
    assert " ".join(CONTACT.split()) in flat or "00 00 00 00 00" in flat


def test_answered_facts_leave_the_list_to_check(imported):
    from html import unescape
    page = unescape((imported / "site" / "a-verifier" / "index.html").read_text(encoding="utf-8"))
    start = page.index("Fichier : <code>circuits/actis.yaml</code>")
    actis = page[start:page.index("<h2", start)]
    assert "canaux[0].horaires" in unescape((ROOT / "site" / "a-verifier" / "index.html").read_text(encoding="utf-8"))
    for gone in ("canaux[0].horaires", "canaux[0].coordonnees", "etapes[1].le_locataire_recoit",
                 "Le locataire reçoit-il le talon"):
        assert gone not in actis, gone
    assert "etapes[2].le_locataire_recoit" in actis  # the others stay


@pytest.mark.parametrize("width", [VIEWPORTS["telephone"]["width"], VIEWPORTS["ordinateur"]["width"]])
def test_form_has_no_wcag_violation(browser, site_url, width):
    context, page, _, _ = open_form(browser, site_url, width, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    context.close()
    assert not violations, f"axe-core, /{FORM} à {width} px :\n{describe(violations)}"


def test_a_source_block_stays_in_place_while_other_fields_change(browser, site_url):
    # A block taken out and put back between the press and the release of a click loses the click.
    context, page, _, errors = open_form(browser, site_url)
    field(page, "[canaux][0][horaires]").fill(HOURS)
    field(page, "[canaux][0][horaires]").dispatch_event("change")
    block = page.locator('fieldset.contribuer-source[data-champ="canaux[0].horaires"]')
    block.wait_for()
    block.evaluate("""box => { window.__moved = 0;
        new MutationObserver(records => records.forEach(r => r.removedNodes.forEach(n => {
            if (n === box) window.__moved += 1; }))).observe(box.parentNode, {childList: true}); }""")
    field(page, "[canaux][0][coordonnees]").fill(CONTACT)
    field(page, "[canaux][0][coordonnees]").dispatch_event("change")
    page.locator('fieldset.contribuer-source[data-champ="canaux[0].coordonnees"]').wait_for()
    assert page.evaluate("window.__moved") == 0
    assert page.locator("#contribuer-sources > fieldset").count() == 2
    assert "Aucun changement" not in page.locator("#contribuer-sources").inner_text()
    context.close()
    assert not errors


def test_hostile_values_end_as_text_or_are_refused(browser, site_url):
    # Without the page's Content-Security-Policy: the form itself must keep hostile text as text.
    context, page, _, errors = open_form(browser, site_url, bypass_csp=True)
    page.evaluate("window.__hacked = false")
    hostile = '<img src=x onerror="window.__hacked=true"><script>window.__hacked=true</script>'
    page.fill("#qui-role", hostile)
    field(page, "[canaux][0][horaires]").fill(hostile)
    field(page, "[canaux][0][horaires]").dispatch_event("change")
    block = page.locator('fieldset.contribuer-source[data-champ="canaux[0].horaires"]')
    block.locator("input[value=page]").check()
    block.locator("[data-role=titre]").fill(hostile)
    block.locator("[data-role=url]").fill("javascript:window.__hacked=true")
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#contribuer-telecharger")
    problems = page.locator("#contribuer-problemes").inner_text()
    assert "https://" in problems  # the javascript: address is refused
    assert "comme du code" in problems and "<img" in problems  # refused, and shown as text
    page.wait_for_timeout(300)
    assert not downloads
    assert page.evaluate("window.__hacked") is False
    assert page.locator("#contribuer img, #contribuer script:not([type])").count() == 0
    context.close()
    assert not errors


# ---- make import refuses bad files, circuits/ unchanged -------------------------------------------

GOOD = """format: reponses-guide-reclamations/1
fiche: {type: bailleur, id: actis}
repondu_par: {organisation: ACTIS, role: Essai, date: "2026-12-03"}
changements:
  - champ: canaux[0].horaires
    avant: null
    valeur: "Essai"
    source: {declaration: {organisation: ACTIS, role: Essai, date: "2026-12-03"}}
"""
BAD = {
    "malformed": GOOD.replace("changements:\n", "changements: [\n"),
    "unknown landlord": GOOD.replace("id: actis", "id: inconnu"),
    "unknown field": GOOD.replace("canaux[0].horaires", "canaux[0].couleur"),
    "conflicting value": GOOD.replace("canaux[0].horaires", "nom_court"),
    "no source": GOOD.replace('    source: {declaration: {organisation: ACTIS, role: Essai, date: "2026-12-03"}}\n', ""),
    "markup": GOOD.replace('valeur: "Essai"', 'valeur: "<img src=x onerror=alert(1)>"'),
    "unknown step in a transition": GOOD.replace("canaux[0].horaires", "transitions[9]").replace(
        'valeur: "Essai"', "valeur: {de: signalement, vers: nulle-part}"),
}
MESSAGES = {"malformed": "YAML", "unknown landlord": "n'existe pas", "unknown field": "n'existe pas",
            "conflicting value": "conflit", "markup": "comme du code", "no source": "source", "unknown step in a transition": "transitions"}


@pytest.mark.parametrize("case", list(BAD))
def test_import_refuses_a_bad_file_and_changes_nothing(project_copy, tmp_path, case):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(BAD[case], encoding="utf-8")
    before = snapshot(project_copy)
    result = run_import(project_copy, answers)
    assert result.returncode != 0
    assert MESSAGES[case] in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project_copy) == before


def test_import_overwrites_only_when_asked(project_copy, tmp_path):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(BAD["conflicting value"], encoding="utf-8")
    assert run_import(project_copy, answers).returncode != 0
    result = run_import(project_copy, answers, "--ecraser")
    assert result.returncode == 0, result.stderr
    assert "nom_court: Essai" in (project_copy / "circuits" / "actis.yaml").read_text(encoding="utf-8")


def test_make_check_says_when_a_partner_answered_everything():
    import copy
    from dataclasses import replace
    from types import SimpleNamespace

    from macros.data.bundle import Bundle
    from macros.data.missing import review_notes

    landlord = Bundle.load(ROOT).guide.landlords[0]

    def filled(node):
        if isinstance(node, dict):
            return {k: filled(v) for k, v in node.items() if k != "a_verifier"}
        if isinstance(node, list):
            return [filled(v) for v in node]
        return "x" if node is None else node

    data = filled(copy.deepcopy(landlord.data))
    data["urgences"], data["recours"] = ["x"], ["x"]
    data["provenance"] = {**landlord.data["provenance"], "reponses": [
        {"date": "2026-12-03", "organisation": "Essai", "role": "Essai", "importe_le": "2026-12-03", "champs": []}]}
    done = review_notes(SimpleNamespace(landlords=[replace(landlord, data=data)]))
    assert len(done) == 1 and "a répondu à tout" in done[0] and "« validé »" in done[0]
    partly = copy.deepcopy(data)
    partly["site_web"] = None
    assert "il reste 1 point" in review_notes(SimpleNamespace(landlords=[replace(landlord, data=partly)]))[0]
    assert review_notes(SimpleNamespace(landlords=[landlord])) == []  # no answer yet: nothing to say


def test_questionnaires_list_every_gap(site_dir):
    pdf = site_dir / "pdf" / "questionnaires" / "questionnaire-actis.pdf"
    if not pdf.exists():
        pytest.skip("PDF non construits (GUIDE_PDF=0)")
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                   text=True).stdout.split())
    for needle in ("Compléter la fiche : ACTIS", "Le locataire reçoit-il le talon", "(astreinte.comment_joindre)",
                   "(canaux[0].horaires)", "Source :"):
        assert needle in text, needle
    html = (site_dir / "a-verifier" / "index.html").read_text(encoding="utf-8")
    assert "pdf/questionnaires/questionnaire-actis.pdf" in html and "contribuer/actis/" in html


def test_import_completes_a_federation(project_copy, tmp_path):
    answers = tmp_path / "reponses-csf.yaml"
    answers.write_text("""format: reponses-guide-reclamations/1
fiche: {type: federation, id: csf}
repondu_par: {organisation: CSF, role: Essai, date: "2026-12-03"}
changements:
  - champ: coordonnees.permanence
    avant: null
    valeur: "Essai : le mardi"
    source: {titre: "Page d'essai", url: "https://exemple.invalid/csf"}
reponses:
  - question: a_verifier
    texte_question: "Le nom complet et les coordonnées à imprimer, à demander à la CSF."
    reponse: "Essai : voir la permanence."
    source: {declaration: {organisation: CSF, role: Essai, date: "2026-12-03"}}
""", encoding="utf-8")
    result = run_import(project_copy, answers)
    assert result.returncode == 0, result.stderr
    text = (project_copy / "circuits" / "federations.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./federations.schema.json\n")
    assert "permanence: 'Essai : le mardi'" in text or 'permanence: "Essai : le mardi"' in text
    assert "à demander à la CSF" not in text and "à demander à la CLCV" in text
    assert "federation: csf" in text
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_data.py"), "--root", str(project_copy)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_page_data_is_json_that_cannot_close_its_script(site_dir):
    from bs4 import BeautifulSoup

    from macros.pages.contribute import script_json
    hostile = {"x": "</script><script>alert(1)</script><!-- &amp; \u2028"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and json.loads(text) == hostile
    soup = BeautifulSoup((site_dir / "contribuer" / "actis" / "index.html").read_text(encoding="utf-8"), "html.parser")
    data = json.loads(soup.find("script", id="contribuer-donnees").string)
    assert data["fiche"] == {"type": "bailleur", "id": "actis", "nom": "ACTIS"}
    assert data["valeurs"]["id"] == "actis" and "canaux[0].horaires" in data["manques"]
    assert "id" not in data["schema"]["properties"] and "provenance" not in data["schema"]["properties"]
    assert {q["champ"] for q in data["questions"]} >= {"etapes[1].a_verifier", "astreinte.a_verifier"}
