"""The built HTML says what the data says: one page per circuit, its diagram, its steps, the
"À compléter" markers, the lists of landlords; and no internal link leads nowhere.

These tests read the site named by GUIDE_SITE (default site/); the expected values come from
the data files, read with macros.data.guide.load_guide() or straight from the YAML."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.data.guide import circuit_files, load_guide
from support.pages import BASE, internal_target, resolve_file
from support.projects import ROOT
# Every circuits/*.yaml is one landlord except the shared data files the loader sets aside
# (commun.yaml and the like); ask the loader which ones those are.
CIRCUIT_FILES = [p.name for p in circuit_files(ROOT / "circuits")]
PRACTICE_IDS = sorted(p.stem for p in (ROOT / "content" / "bonnes-pratiques").glob("*.md") if p.name != "index.md")
TODO = "À compléter"


@pytest.fixture(scope="session")
def guide():
    return load_guide()


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(site_dir: Path, rel: str) -> BeautifulSoup:
    path = site_dir / rel
    assert path.exists(), f"page absente du site construit : {rel}"
    return _parse(path)


def words(node) -> str:
    """Visible text of a node, without the ¶ permalinks, on one line.

    Pieces are joined as the browser shows them (no added space): the glossary wraps words such
    as "SDH" in <abbr>, and "SDH, Société…" must still read as one string."""
    text = node.get_text("") if hasattr(node, "get_text") else str(node)
    return " ".join(text.replace("¶", " ").split())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def landlord_for(guide, circuit_file: str):
    found = [l for l in guide.landlords if Path(l.file).name == circuit_file]
    assert len(found) == 1, f"{circuit_file} : aucun bailleur chargé depuis ce fichier"
    return found[0]


def section(start, stop_tags=("h2",)):
    """The elements after a heading, up to the next heading of the same level."""
    out = []
    for sib in start.find_next_siblings():
        if sib.name in stop_tags:
            break
        out.append(sib)
    return out


def bullet_items(ul) -> dict[str, object]:
    """Map the bold or plain label before ':' of each list item to the item."""
    items = {}
    for li in ul.find_all("li", recursive=False):
        label = words(li).split(" :")[0].split(" ?")[0].strip()
        items[label] = li
    return items


def assert_filled(li, value, what: str) -> None:
    """A null value shows the "À compléter" marker; a known one shows itself, unmarked."""
    marker = li.select_one("span.a-completer")
    if value is None:
        assert marker is not None and words(marker) == TODO, f"{what} est vide dans les données : « {TODO} » attendu, trouvé « {words(li)} »"
    else:
        shown = {True: "Oui", False: "Non"}.get(value, str(value)) if isinstance(value, bool) else str(value)
        assert marker is None, f"{what} est renseigné ({value!r}) mais la page affiche « {TODO} »"
        assert squeeze(shown) in squeeze(words(li)), f"{what} : « {shown} » absent de « {words(li)} »"


# --- One page per circuit -------------------------------------------------------------------

def test_one_page_per_circuit_file(site_dir, guide):
    assert CIRCUIT_FILES, "aucun fichier de circuit"
    for name in CIRCUIT_FILES:
        landlord_id = yaml.safe_load((ROOT / "circuits" / name).read_text(encoding="utf-8"))["id"]
        assert (site_dir / "bailleurs" / landlord_id / "index.html").exists(), f"{name} : pas de page bailleurs/{landlord_id}/"
    assert len(guide.landlords) == len(CIRCUIT_FILES)


@pytest.mark.parametrize("circuit_file", CIRCUIT_FILES)
def test_diagram_is_an_inline_accessible_svg(site_dir, guide, circuit_file):
    l = landlord_for(guide, circuit_file)
    page = soup(site_dir, f"bailleurs/{l.id}/index.html")
    figures = page.select("figure.circuit-diagram")
    assert len(figures) == 1, f"{l.id} : {len(figures)} figure(s) .circuit-diagram"
    svg = figures[0].find("svg")
    assert svg is not None, f"{l.id} : le schéma n'est pas un SVG dans la page (Mermaid non dessiné à la construction ?)"
    assert svg.get("role") == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert title is not None and words(title), f"{l.id} : <title> absent ou vide"
    assert desc is not None and words(desc), f"{l.id} : <desc> absent ou vide"
    assert l.short_name in words(title)
    # The name and description are wired to the image.
    assert svg.get("aria-labelledby") == title.get("id") and title.get("id")
    assert svg.get("aria-describedby") == desc.get("id") and desc.get("id")

    texts = [t.get_text("") for t in svg.find_all("text")]
    assert any(t.strip() for t in texts), f"{l.id} : le SVG ne contient aucun <text> (libellés en HTML ?)"
    # Mermaid breaks labels over several lines (sometimes inside a word): compare without spaces.
    drawn = squeeze("".join(texts))
    missing = [f"{s.number}. {s.title}" for s in l.steps if squeeze(f"{s.number}. {s.title}") not in drawn]
    assert not missing, f"{l.id} : étapes absentes du schéma : {missing}"


@pytest.mark.parametrize("circuit_file", CIRCUIT_FILES)
def test_numbered_step_headings(site_dir, guide, circuit_file):
    l = landlord_for(guide, circuit_file)
    page = soup(site_dir, f"bailleurs/{l.id}/index.html")
    total = len(l.steps)
    headings = page.select("h3[id^=etape-]")
    assert len(headings) == total, f"{l.id} : {len(headings)} titres d'étape pour {total} étapes"
    for step in l.steps:
        h = page.find(id=f"etape-{step.number}")
        assert h is not None and h.name == "h3", f"{l.id} : pas de titre #etape-{step.number}"
        assert words(h) == f"Étape {step.number} sur {total} : {step.title}", words(h)


@pytest.mark.parametrize("circuit_file", CIRCUIT_FILES)
def test_provenance_banner_follows_status(site_dir, guide, circuit_file):
    """A short plain sentence says the page is a draft; the review metadata lives on /a-verifier/."""
    l = landlord_for(guide, circuit_file)
    page = soup(site_dir, f"bailleurs/{l.id}/index.html")
    article = page.select_one("article")
    draft = f"Page en cours de vérification : {l.short_name} ne l'a pas encore relue."
    raw_status = yaml.safe_load((ROOT / "circuits" / circuit_file).read_text(encoding="utf-8"))["provenance"]["statut"]
    text = words(article)
    assert "Relue par" not in text and "Dernière relecture" not in text, f"{l.id} : métadonnées internes sur la page"
    if raw_status == "brouillon":
        assert draft in text, f"{l.id} : « {draft} » absent"
        link = article.select_one(".brouillon a[href]")
        assert link is not None and link["href"].endswith(f"a-verifier/#{l.id}")
    else:
        assert draft not in text, f"{l.id} est {raw_status} mais la page dit encore « {draft} »"
    gaps = words(soup(site_dir, "a-verifier/index.html").find(id=l.id).find_next("ul"))
    assert "Relue par" in gaps and "Dernière relecture" in gaps


@pytest.mark.parametrize("circuit_file", CIRCUIT_FILES)
def test_html_lang_is_french(site_dir, guide, circuit_file):
    l = landlord_for(guide, circuit_file)
    assert soup(site_dir, f"bailleurs/{l.id}/index.html").html.get("lang") == "fr"


def test_every_page_is_in_french(site_dir):
    wrong = [p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*.html"))
             if _parse(p).html is None or _parse(p).html.get("lang") != "fr"]
    assert not wrong, f"pages sans <html lang=\"fr\"> : {wrong}"


# --- "À compléter" where the data is empty -------------------------------------------------

@pytest.mark.parametrize("circuit_file", CIRCUIT_FILES)
def test_channels_show_missing_fields(site_dir, guide, circuit_file):
    l = landlord_for(guide, circuit_file)
    page = soup(site_dir, f"bailleurs/{l.id}/index.html")
    h2 = page.find("h2", id="comment-faire-une-reclamation")
    assert h2 is not None
    headings = [el for el in section(h2) if el.name == "h3"]
    assert [words(h) for h in headings] == [c.label for c in l.channels]
    for channel, h3 in zip(l.channels, headings):
        ul = h3.find_next_sibling("ul")
        items = bullet_items(ul)
        what = f"{l.id}, canal « {channel.label} »"
        assert_filled(items["Coordonnées"], channel.contact, f"{what}, coordonnées")
        assert_filled(items["Horaires"], channel.hours, f"{what}, horaires")
        assert_filled(items["Numéro de réclamation donné"], channel.tracking_number, f"{what}, numéro de suivi")
        assert_filled(items["Accusé de réception"], channel.acknowledgement, f"{what}, accusé de réception")


@pytest.mark.parametrize("circuit_file", CIRCUIT_FILES)
def test_steps_and_on_call_show_missing_fields(site_dir, guide, circuit_file):
    l = landlord_for(guide, circuit_file)
    page = soup(site_dir, f"bailleurs/{l.id}/index.html")
    for step in l.steps:
        items = bullet_items(page.find(id=f"etape-{step.number}").find_next_sibling("ul"))
        what = f"{l.id}, étape {step.number}"
        assert_filled(items["Qui agit"], step.actor, f"{what}, qui agit")
        assert_filled(items["Ce que vous recevez"], step.tenant_receives, f"{what}, ce que vous recevez")
        assert_filled(items["Délai habituel"], str(step.delay) if step.delay else None, f"{what}, délai")
    items = bullet_items(page.find("h2", id="astreinte").find_next("ul"))
    oc = l.on_call
    assert_filled(items["Existe-t-elle"], oc.exists, f"{l.id}, astreinte existe")
    assert_filled(items["Comment la joindre"], oc.how_to_reach, f"{l.id}, joindre l'astreinte")
    assert_filled(items["Quand"], oc.hours, f"{l.id}, horaires de l'astreinte")
    assert_filled(items["Pour quels problèmes"], oc.what_for, f"{l.id}, usage de l'astreinte")


def test_some_data_is_missing_and_marked(site_dir, guide):
    """The draft data has null fields: at least one page must show the marker (guards the test above)."""
    raw = [yaml.safe_load((ROOT / "circuits" / name).read_text(encoding="utf-8")) for name in CIRCUIT_FILES]
    null_contacts = [(d["id"], c["libelle"]) for d in raw for c in d["canaux"] if c.get("coordonnees") is None]
    for landlord_id, label in null_contacts:
        page = soup(site_dir, f"bailleurs/{landlord_id}/index.html")
        h3 = next(h for h in page.find_all("h3") if words(h) == label)
        li = bullet_items(h3.find_next_sibling("ul"))["Coordonnées"]
        assert words(li) == f"Coordonnées : {TODO}", words(li)


# --- Lists of landlords --------------------------------------------------------------------

def linked_landlords(links, page_rel: str) -> dict[str, str]:
    """{link text: resolved path} for links that lead to a landlord page."""
    found = {}
    for a in links:
        path = urlsplit(urljoin(BASE + page_rel, a["href"])).path
        if re.fullmatch(r"/bailleurs/[^/]+/", path) and path != "/bailleurs/comparaison/":
            found[words(a)] = path
    return found


def expected_links(guide) -> dict[str, str]:
    return {l.short_name: f"/bailleurs/{l.id}/" for l in guide.landlords}


def test_landlords_index_lists_every_landlord(site_dir, guide):
    rel = "bailleurs/index.html"
    page = soup(site_dir, rel)
    article = page.select_one("article")
    # One list per territory (tests/test_territoires.py checks the grouping).
    assert linked_landlords(article.select("section li a[href]"), rel) == expected_links(guide)
    text = words(article)
    for l in guide.landlords:
        assert l.name in text, f"le nom complet de {l.short_name} manque à l'index"


def test_comparison_lists_every_landlord(site_dir, guide):
    rel = "bailleurs/comparaison/index.html"
    page = soup(site_dir, rel)
    table = page.select_one("article table")
    assert table is not None, "la comparaison n'a pas de tableau"
    header = table.find("thead") or table
    assert linked_landlords(header.select("th a[href]"), rel) == expected_links(guide)
    columns = len(guide.landlords) + 1
    for row in table.select("tbody tr"):
        assert len(row.find_all(["td", "th"])) == columns, words(row)
    steps_row = next(r for r in table.select("tbody tr") if "Nombre d'étapes" in words(r))
    assert [words(c) for c in steps_row.find_all("td")[1:]] == [str(len(l.steps)) for l in guide.landlords]


def test_home_lists_every_landlord(site_dir, guide):
    page = soup(site_dir, "index.html")
    assert linked_landlords(page.select("article li a[href]"), "index.html") == expected_links(guide)


# --- Practice fiches -----------------------------------------------------------------------

@pytest.mark.parametrize("practice_id", PRACTICE_IDS)
def test_practice_fiche_lists_the_landlords_applying_it(site_dir, practice_id):
    rel = f"bonnes-pratiques/{practice_id}/index.html"
    page = soup(site_dir, rel)
    # Expected from the raw circuit files, not from the generator's own helper.
    raw = [yaml.safe_load((ROOT / "circuits" / name).read_text(encoding="utf-8")) for name in CIRCUIT_FILES]
    expected = {d["nom_court"]: f"/bailleurs/{d['id']}/" for d in raw if practice_id in (d.get("pratiques") or [])}
    heading = next((h for h in page.find_all("h2") if words(h) == "Qui l'applique déjà ?"), None)
    assert heading is not None, f"{practice_id} : pas de section « Qui l'applique déjà ? »"
    after = section(heading)
    links = [a for el in after for a in el.select("a[href]")]
    assert linked_landlords(links, rel) == expected, f"{practice_id} : bailleurs listés ≠ données"
    if not expected:
        assert "Aucun des bailleurs" in " ".join(words(el) for el in after)


# --- Markdown fully rendered ----------------------------------------------------------------

# Traces of Markdown left as text, e.g. a table or a link inside an HTML block without markdown="1".
LEFTOVER_MARKDOWN = [re.compile(p) for p in (r"\]\([^)]*\)", r"\|\s*---", r"^\s*\|.*\|\s*$", r"\*\*\S", r"^!!! ",
                                             r"\{\s*#[\w-]+\s*\}", r"\{\{|\{%")]


def test_no_markdown_left_unrendered(site_dir):
    leftovers = []
    for page_path in sorted(site_dir.rglob("*.html")):
        article = _parse(page_path).select_one("article")
        if article is None:
            continue
        for string in article.find_all(string=True):
            if string.parent.name in ("script", "style", "code", "pre") or string.find_parent("svg"):
                continue
            for line in str(string).splitlines():
                if any(p.search(line) for p in LEFTOVER_MARKDOWN):
                    leftovers.append(f"{page_path.relative_to(site_dir)} : {line.strip()[:120]}")
    assert not leftovers, "Markdown resté tel quel dans la page :\n" + "\n".join(leftovers)


# --- Links ---------------------------------------------------------------------------------

def test_internal_links_and_anchors_resolve(site_dir, public_url):
    broken = []
    checked = 0
    for page_path in sorted(site_dir.rglob("*.html")):
        page_rel = page_path.relative_to(site_dir).as_posix()
        for a in _parse(page_path).find_all("a", href=True):
            target = internal_target(a["href"], page_rel, public_url)
            if target is None:
                continue
            path, fragment = target
            checked += 1
            file = resolve_file(site_dir, path)
            if file is None:
                broken.append(f"{page_rel} : {a['href']} → fichier absent ({path})")
                continue
            if fragment and file.suffix == ".html" and _parse(file).find(id=fragment) is None:
                broken.append(f"{page_rel} : {a['href']} → pas d'id « {fragment} » dans {file.relative_to(site_dir)}")
    assert checked > 50, f"seulement {checked} liens internes vérifiés"
    assert not broken, "liens internes cassés :\n" + "\n".join(broken)


def test_assets_referenced_by_pages_exist(site_dir, public_url):
    missing = []
    for page_path in sorted(site_dir.rglob("*.html")):
        page_rel = page_path.relative_to(site_dir).as_posix()
        page = _parse(page_path)
        refs = [t["href"] for t in page.find_all("link", href=True) if t.get("rel") != ["canonical"]]
        refs += [t["src"] for t in page.find_all(["script", "img"], src=True)]
        for ref in refs:
            target = internal_target(ref, page_rel, public_url)
            if target is not None and resolve_file(site_dir, target[0]) is None:
                missing.append(f"{page_rel} : {ref}")
    assert not missing, "fichiers référencés absents :\n" + "\n".join(missing)


def test_ids_are_unique_on_each_page(site_dir):
    duplicated = []
    for page_path in sorted(site_dir.rglob("*.html")):
        ids = [el["id"] for el in _parse(page_path).find_all(id=True)]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            duplicated.append(f"{page_path.relative_to(site_dir)} : {dupes}")
    assert not duplicated, "identifiants en double :\n" + "\n".join(duplicated)


# --- The real project builds strictly ------------------------------------------------------

def test_strict_build_of_the_project_succeeds(projects):
    # The fixture project "reel-sans-pdf": the real guide built strict, without the printed PDFs
    # (they take minutes and have their own tests); this checks the site.
    built = projects("reel-sans-pdf")
    out = built.site
    if built.returncode != 0:
        lines = built.output.splitlines()
        # MkDocs' own problems first, then the end of the output (a traceback ends there).
        problems = [l for l in lines if l.startswith(("ERROR", "WARNING"))]
        pytest.fail("mkdocs build --strict a échoué :\n" + "\n".join(problems[:30] + ["…"] + lines[-25:]))
    assert (out / "index.html").exists()
    for l in load_guide().landlords:
        assert (out / "bailleurs" / l.id / "index.html").exists()
