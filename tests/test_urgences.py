"""Urgency criteria and the /urgences/ pages: the data, the generated pages, the decision aid with
and without JavaScript, the chart, and accessibility on a phone and a desktop screen.

The built site comes from GUIDE_SITE (default site/). Two tests build a small copy of the project:
one with a broken urgences.yaml (the build must stop and name file, line and field), one where a
landlord has published its delays (the chart must then be drawn)."""
from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.data.guide import load_guide
from macros.data.model import Delay
from macros.data.urgency import load_urgencies
from macros.pages.urgency_chart import delay_chart
from support.projects import PROJECTS, ROOT
from support.serving import serve_folder

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"360": {"width": 360, "height": 800}, "1280": {"width": 1280, "height": 900}}
AID = "urgences/mon-probleme-est-il-urgent/"
COMPARISON = "urgences/comparaison/"
# One page of each new kind: overview, decision aid, a level with the emergency services, a level
# with landlord delays, the comparison (table and chart).
PAGE_KINDS = ["urgences/", AID, "urgences/danger/", "urgences/tres-urgent/", COMPARISON]
# Facts the fact sheet marks as unverified ([U]): their problem must say so.
UNVERIFIED = {"personne-bloquee-ascenseur", "chauffage-panne"}


@pytest.fixture(scope="module")
def data():
    guide = load_guide(root=ROOT)
    return guide, load_urgencies(guide, ROOT)


@functools.lru_cache(maxsize=None)
def soup(site_dir: Path, path: str) -> BeautifulSoup:
    page = site_dir / path / "index.html"
    assert page.exists(), f"page absente : /{path}"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def plain(text: str) -> str:
    """Text with ordinary spaces: the pages use no-break spaces before « : ? » as French does."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def answer_block(doc: BeautifulSoup, problem_id: str) -> str:
    """The text of one answer on a level page: from its heading to the next one."""
    heading = doc.find(id=problem_id)
    assert heading is not None and heading.name == "h2", f"#{problem_id} n'est pas un titre de réponse"
    parts = []
    for node in heading.find_next_siblings():
        if node.name == "h2":
            break
        parts.append(node.get_text(" ", strip=True))
    return plain(" ".join(parts))


def small_project(root: Path) -> Path:
    """A copy of the fixture project "petit": the project's data, pages and plugin, built without
    PDFs and without Chromium, so that these builds are quick."""
    return PROJECTS["petit"].copy_to(root)


def build(project: Path) -> subprocess.CompletedProcess:
    # Not strict: links to the pages left out would fail it. The full site is built strict elsewhere.
    return PROJECTS["petit"].build(project)


# --- The data ---------------------------------------------------------------------------------

def test_every_problem_type_names_a_level_and_a_source(data):
    _, urg = data
    assert len(urg.problems) >= 13
    for p in urg.problems:
        assert p.level in urg.levels, p.id
        assert p.citations and (p.citation.source.url or p.citation.source.document), f"{p.id} : aucune source"
        for payer in p.payers:
            assert payer.citations or payer.kind in ("inconnu", "sans-objet"), f"{p.id} : « {payer.text} » sans source"
            assert payer.kind != "inconnu" or payer.to_check, f"{p.id} : cas inconnu sans note à vérifier"


def test_the_required_problem_types_are_all_there(data):
    _, urg = data
    words = " ".join(f"{p.id} {p.title} {p.theme.title}".casefold() for p in urg.problems)
    for needed in ("chauffage", "eau chaude", "fuite", "électricité", "gaz", "ascenseur", "porte", "vitre",
                   "bouch", "nuisibles", "parties communes", "interphone", "voisinage"):
        assert needed in words, f"aucun type de problème pour « {needed} »"


def test_safety_first_problems_send_to_the_emergency_services(data):
    _, urg = data
    danger = [p for p in urg.problems if p.level.emergency_services]
    assert {"odeur-de-gaz", "feu-fumee", "personne-bloquee-ascenseur"} <= {p.id for p in danger}
    for p in danger:
        assert p.call, f"{p.id} : aucun numéro des secours"
        assert {n.number for n in p.call} & {"18", "112", "15", "17"}, p.id


def test_unverified_facts_carry_a_note(data):
    _, urg = data
    by_id = {p.id: p for p in urg.problems}
    for problem_id in UNVERIFIED:
        assert by_id[problem_id].to_check, f"{problem_id} repose sur un fait non vérifié : il faut une note a_verifier"


def test_example_delays_belong_to_another_landlord(data):
    _, urg = data
    examples = [level.example for level in urg.levels if level.example]
    assert examples, "les niveaux devraient montrer l'exemple d'un autre bailleur"
    guide, _ = data
    for ex in examples:
        assert ex.landlord not in {l.short_name for l in guide.landlords}


def test_chart_function_draws_patterns_in_grey_with_a_text_alternative():
    series = [("Bailleur A", [("Niveau 1", Delay(4, "heures"), 1), ("Niveau 2", Delay(5, "jours_ouvres"), 2)]),
              ("Bailleur B", [])]
    svg = delay_chart(series, "essai")
    doc = BeautifulSoup(svg, "html.parser").svg
    assert doc["role"] == "img"
    title, desc = (doc.find(id=i) for i in doc["aria-labelledby"].split())
    assert title.name == "title" and title.get_text(strip=True)
    alt = plain(desc.get_text())
    assert "Bailleur A : Niveau 1, 4 heures" in alt and "Bailleur B : délais à compléter" in alt
    fills = {r["fill"] for r in doc.find_all("rect") if r.find_parent("pattern") is None}
    assert fills == {"url(#essai-p1)", "url(#essai-p2)"}, "chaque niveau a son motif, pas seulement une couleur"
    for colour in re.findall(r"#([0-9a-fA-F]{6})\b", svg):
        r, g, b = colour[0:2], colour[2:4], colour[4:6]
        assert r == g == b, f"#{colour} n'est pas un gris : le graphique doit se lire en noir et blanc"
    assert delay_chart([("Bailleur A", []), ("Bailleur B", [])]) is None


# --- The broken file stops the build ----------------------------------------------------------

def test_broken_criteria_stop_the_build_with_file_line_and_field(tmp_path):
    project = small_project(tmp_path)
    path = project / "circuits" / "urgences.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    niveau: danger\n", "    niveau: tres-tres-urgent\n", 1)
    lines = text.split("\n")
    wrong_line = next(i for i, line in enumerate(lines, 1) if "niveau: tres-tres-urgent" in line)
    path.write_text(text, encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert f"circuits/urgences.yaml:{wrong_line}: problemes[0].niveau: trouvé le niveau inconnu « tres-tres-urgent »" \
        in result.stderr, result.stderr[-3000:]


# --- The built pages --------------------------------------------------------------------------

def test_each_answer_shows_its_level_and_its_source(site_dir, data):
    _, urg = data
    for p in urg.problems:
        doc = soup(site_dir, f"urgences/{p.level.id}/")
        text = answer_block(doc, p.id)
        assert f"Niveau : {p.level.name}" in text, p.id
        assert "Source" in text and p.citation.source.title in text, p.id
        assert "Tout de suite" in text and "Qui paie la réparation ?" in text and "En attendant" in text, p.id
        # The action comes first; on cards that call the landlord at once, who pays comes last.
        assert text.index("Tout de suite") < text.index("En attendant") < text.index("Qui paie la réparation ?"), p.id
        if p.to_check:
            assert "À vérifier" in text, p.id


def test_every_landlord_appears_in_every_per_landlord_column(site_dir, data):
    guide, urg = data
    names = [l.short_name for l in guide.landlords]
    doc = soup(site_dir, COMPARISON)
    tables = doc.find_all("table")
    assert len(tables) == 3
    for table in tables:
        headers = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
        for name in names:
            assert name in headers, f"{name} absent des colonnes : {headers}"
        # One cell per landlord in every row.
        for row in table.find("tbody").find_all("tr"):
            assert len(row.find_all("td")) == len(headers)
    for p in urg.problems:
        text = answer_block(soup(site_dir, f"urgences/{p.level.id}/"), p.id)
        for name in names:
            assert f"{name} En journée :" in text, f"{p.id} : {name} absent de « Qui appeler »"


def test_unknown_landlord_delays_say_to_complete(site_dir, data):
    guide, urg = data
    doc = soup(site_dir, COMPARISON)
    delays = doc.find_all("table")[0]
    for row, level in zip(delays.find("tbody").find_all("tr"), [l for l in urg.levels if not l.emergency_services]):
        cells = row.find_all("td")[1:1 + len(guide.landlords)]
        for cell, landlord in zip(cells, guide.landlords):
            if urg.max_delay(landlord, level) is None:
                assert plain(cell.get_text(strip=True)) == "À compléter", (level.id, landlord.id)


def test_example_delays_are_always_said_to_come_from_elsewhere(site_dir, data):
    _, urg = data
    values = {plain(str(level.example.delay)) for level in urg.levels if level.example and level.example.delay}
    elsewhere = {level.example.landlord for level in urg.levels if level.example}
    for path in PAGE_KINDS + [f"urgences/{l.id}/" for l in urg.levels]:
        doc = soup(site_dir, path)
        for node in doc.find("article").find_all(string=lambda s: any(v in plain(s) for v in values)):
            block = node.find_parent(["li", "tr", "p"]) or node.parent
            context = plain(block.get_text(" ", strip=True))
            assert any(w in context for w in ("hors Isère", "autre bailleur", *elsewhere)), f"/{path} : « {context} »"


def test_without_delays_the_chart_says_so_in_words(site_dir, data):
    guide, _ = data
    if any(u.max_delay for l in guide.landlords for u in l.urgencies):
        pytest.skip("un bailleur a publié des délais : le graphique est dessiné")
    doc = soup(site_dir, COMPARISON)
    section = doc.find(id="graphique")
    assert doc.find("svg", class_="urg-graphique") is None, "pas de barres vides"
    message = doc.find(class_="urg-graphique-vide")
    assert message is not None and "aucun délai maximal n'est connu" in plain(message.get_text())
    assert section is not None


# --- With published delays, the chart is drawn ------------------------------------------------

@pytest.fixture(scope="module")
def site_with_delays(projects):
    """The fixture project "delais-publies": OPAC 38 has published two levels and the guide maps them."""
    return projects("delais-publies").require().site


def test_published_delays_draw_an_accessible_chart(site_with_delays):
    doc = soup(site_with_delays, COMPARISON)
    svg = doc.find("svg", class_="urg-graphique")
    assert svg is not None and svg["role"] == "img"
    ids = svg["aria-labelledby"].split()
    texts = [plain(doc.find(id=i).get_text(" ", strip=True)) for i in ids]
    assert all(texts), "le titre et la description du graphique ne doivent pas être vides"
    assert "Alpes Isère Habitat : Urgence A (« Très urgent » dans ce guide), 6 heures" in texts[1]
    assert "ACTIS : délais à compléter" in texts[1]
    assert doc.find(class_="urg-graphique-vide") is None
    # The same delay reaches the problem table and the level page, for OPAC 38 only.
    row = next(tr for tr in doc.find_all("table")[2].find_all("tr") if "Grosse fuite d'eau" in tr.get_text())
    assert "6 heures" in plain(row.get_text())
    text = answer_block(soup(site_with_delays, "urgences/urgent/"), "eau-chaude")
    assert "Délai maximal : 3 jours ouvrés" in text and "Délai maximal : À compléter" in text


def test_chart_page_has_no_wcag_violation(site_with_delays, browser):
    url, server = serve_folder(site_with_delays)
    try:
        for viewport in VIEWPORTS.values():
            context = browser.new_context(viewport=viewport, locale="fr-FR")
            page = context.new_page()
            page.goto(f"{url}/{COMPARISON}", wait_until="load")
            assert run_axe(page) == [], describe(run_axe(page))
            context.close()
    finally:
        server.shutdown()


# --- The decision aid -------------------------------------------------------------------------

def test_decision_aid_without_javascript_reaches_every_answer_by_links(site_url, browser, data):
    _, urg = data
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["360"])
    page = context.new_page()
    page.goto(f"{site_url}/{AID}")
    assert not page.locator("form[data-urg-filtre]").is_visible(), "sans JavaScript, pas de champ inutile"
    links = page.locator("a[data-mots]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    targets = {href.split("#")[1]: href for href in hrefs}
    assert set(targets) == {p.id for p in urg.problems}, "chaque problème a sa question, et une seule"
    by_id = {p.id: p for p in urg.problems}
    for problem_id, href in targets.items():
        page.goto(f"{site_url}/{AID}")
        page.click(f'a[href="{href}"]')
        page.wait_for_load_state()
        assert page.url.endswith(f"/urgences/{by_id[problem_id].level.id}/#{problem_id}"), page.url
        heading = page.locator(f"h2#{problem_id}")
        assert heading.is_visible()
        assert heading.evaluate("h => h.getBoundingClientRect().top") < 800, "la réponse doit être à l'écran"
    context.close()


def test_decision_aid_filter_narrows_the_list_with_javascript(site_url, browser, data):
    _, urg = data
    context = browser.new_context(viewport=VIEWPORTS["360"])
    page = context.new_page()
    page.goto(f"{site_url}/{AID}")
    field = page.get_by_label("Tapez un mot pour trouver votre problème", exact=False)
    assert field.is_visible()
    visible = "document.querySelectorAll('a[data-mots]').length - document.querySelectorAll('li[hidden] a[data-mots]').length"
    assert page.evaluate(visible) == len(urg.problems)

    field.fill("electricite")  # without accents: the filter folds them
    shown = page.locator("li:not([hidden]) > a[data-mots]")
    assert 1 <= shown.count() < len(urg.problems)
    assert all("electricite" in shown.nth(i).get_attribute("data-mots") for i in range(shown.count()))
    assert "trouvé" in page.locator(".urg-compte").text_content()
    assert page.locator("#theme-voisinage").is_hidden(), "les groupes sans résultat disparaissent"

    field.fill("zzzz")
    assert page.evaluate(visible) == 0
    assert page.locator("[data-urg-aucun]").is_visible()

    field.fill("")
    assert page.evaluate(visible) == len(urg.problems)
    assert page.locator("[data-urg-aucun]").is_hidden()

    field.fill("chasse d'eau")
    assert page.locator("li:not([hidden]) > a[data-mots]").count() == 1
    field.press("Enter")
    page.wait_for_url(re.compile(r"/urgences/urgent/#chasse-eau$"))
    context.close()


# --- Accessibility ----------------------------------------------------------------------------

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}));
}"""


def run_axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} est absent : lancez `npm ci` (ou `make build`).")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the pages' CSP would block it
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['id']} : {v['help']} ({', '.join(v['nodes'][:5])})" for v in violations)


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_wcag_violation_on_urgency_pages(site_url, browser, path, width):
    context = browser.new_context(viewport=VIEWPORTS[width], locale="fr-FR")
    page = context.new_page()
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.status == 200
    violations = run_axe(page)
    if path == AID:
        # Also once filtered: the live message and the hidden groups must stay accessible.
        page.get_by_label("Tapez un mot", exact=False).fill("fuite")
        violations += run_axe(page)
    context.close()
    assert violations == [], describe(violations)
