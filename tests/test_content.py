"""The hand-written pages of content/: every claim cites its source, every practice they name
exists, every abbreviation is explained, every link works, and axe-core finds nothing.

How a claim is sourced (the rule these tests enforce):
- A page is cut into blocks at each h2 and h3 heading; the text before the first heading is a
  block too. A block that says anything (a paragraph, a list, a table) ends with a "Sources"
  box: `??? note "Sources"` (usually printed by the `sources()` macro), with at least one link,
  to a public page or to the list of sources (/a-propos/#source-<id>) for a document not online.
- In a definition list (the glossary), each entry carries its own `Source :` line instead.
- What needs no source: the "En bref" box (it sums up the blocks below it, which cite theirs),
  and a heading marked `{ .sans-source }` (links to other pages, a letter template): the mark
  says, in the page itself, that its block asserts nothing.
- Blocks that hooks append to a hand-written page (GENERATED_BLOCKS): "Qui l'applique déjà ?" on
  each fiche comes from the landlords' data, whose sources are on the landlords' pages; "Imprimer
  et diffuser" on the home page only lists downloads.

These tests read the site named by GUIDE_SITE (default site/)."""
from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from macros.data.glossary import load_glossary
from macros.data.guide import load_guide, load_shared, split_front_matter
from macros.data.problems import DataErrors
from support.browser import AXE, RUN_AXE, WCAG_TAGS, describe
from support.pages import internal_target, resolve_file
from support.projects import PROJECTS, ROOT

CONTENT = ROOT / "content"
PAGES = sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.md"))
PRACTICE_IDS = sorted(p.stem for p in (CONTENT / "bonnes-pratiques").glob("*.md") if p.name != "index.md")
NO_SOURCE_CLASS = "sans-source"
# Blocks that hooks append to hand-written pages: the landlords applying a fiche (circuits.py,
# from the landlords' data, sourced on their pages) and the downloads on the home page (print.py).
GENERATED_BLOCKS = {"Qui l'applique déjà ?", "Imprimer et diffuser"}
SUMMARY_CLASS = "abstract"  # the "En bref" box
FICHE_SECTIONS = ("probleme", "pratique", "pour-vous", "demander")
# One page of each new kind, for axe-core.
PAGE_KINDS = {
    "accueil": "",
    "recours": "recours/",
    "hors-circuit": "recours/hors-circuit/",
    "sujet": "sujets/suivre-ma-reclamation/",
    "sujets": "sujets/",
    "fiche": "bonnes-pratiques/accuse-reception/",
    "matrice": "bonnes-pratiques/",
    "glossaire": "glossaire/",
    "a-propos": "a-propos/",
}


def html_path(md: str) -> str:
    """content/<md> -> its file in the built site (use_directory_urls)."""
    if md == "index.md":
        return "index.html"
    stem = md.removesuffix(".md")
    return f"{stem.removesuffix('index')}index.html" if stem.endswith("index") else f"{stem}/index.html"


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> BeautifulSoup:
    """A built page, parsed once (the tests only read it)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def ids_of(path: Path) -> frozenset[str]:
    return frozenset(el["id"] for el in parse(path).find_all(id=True))


def article(site_dir: Path, md: str) -> Tag:
    path = site_dir / html_path(md)
    assert path.exists(), f"content/{md} n'a pas de page dans le site construit ({html_path(md)})"
    node = parse(path).select_one("article")
    assert node is not None, f"{html_path(md)} : pas d'<article>"
    return node


def words(node) -> str:
    return " ".join(node.get_text(" ").replace("¶", " ").split())


def is_sources_box(node: Tag) -> bool:
    if "note" not in (node.get("class") or []):
        return False
    title = node.find("summary") if node.name == "details" else node.select_one(".admonition-title")
    return title is not None and words(title) == "Sources"


def blocks(art: Tag):
    """(heading or None, [elements]) for each block of the page, cut at h2 and h3."""
    heading, body = None, []
    for child in art.children:
        if not isinstance(child, Tag):
            continue
        if child.name in ("h2", "h3"):
            yield heading, body
            heading, body = child, []
        elif child.name != "h1":
            body.append(child)
    yield heading, body


def says_something(body: list[Tag]) -> bool:
    for el in body:
        if is_sources_box(el) or SUMMARY_CLASS in (el.get("class") or []):
            continue
        if el.name in ("p", "ul", "ol", "table", "dl", "div", "details", "blockquote") and words(el):
            return True
    return False


def block_is_sourced(body: list[Tag]) -> bool:
    boxes = [el for el in body if is_sources_box(el)]
    if any(box.find("a", href=True) for box in boxes):
        return True
    lists = [dl for el in body for dl in ([el] if el.name == "dl" else el.find_all("dl"))]
    return bool(lists) and all(dd.select_one(".source a[href]") for dl in lists for dd in dl.find_all("dd"))


# --- Every page is built --------------------------------------------------------------------

@pytest.mark.parametrize("md", PAGES)
def test_every_content_page_is_built(site_dir, md):
    """The site is built with `mkdocs build --strict` (make build): a page is there only if all of
    its links, macros and data passed."""
    art = article(site_dir, md)
    assert art.find("h1") is not None, f"content/{md} : pas de titre h1"


# --- Claims and their sources --------------------------------------------------------------

def unsourced_blocks(art: Tag) -> list[str]:
    """The headings of the blocks that say something without a "Sources" box."""
    missing = []
    for heading, body in blocks(art):
        if heading is not None and (NO_SOURCE_CLASS in (heading.get("class") or []) or words(heading) in GENERATED_BLOCKS):
            continue
        if says_something(body) and not block_is_sourced(body):
            missing.append(words(heading) if heading is not None else "(début de page)")
    return missing


@pytest.mark.parametrize("md", PAGES)
def test_each_claim_block_has_a_source(site_dir, md):
    missing = unsourced_blocks(article(site_dir, md))
    assert not missing, f"content/{md} : blocs sans encadré « Sources » avec un lien : {missing}"


@pytest.mark.parametrize("md", PAGES)
def test_long_pages_open_with_en_bref(site_dir, md):
    art = article(site_dir, md)
    first = next(el for el in art.children if isinstance(el, Tag) and el.name not in ("h1", "a"))
    if len(art.find_all("h2")) >= 2:
        assert SUMMARY_CLASS in (first.get("class") or []) and "En bref" in words(first), \
            f"content/{md} : une page longue commence par un encadré « En bref »"


def test_the_claim_check_catches_an_unsourced_block():
    """Guard: the same functions flag a block without sources, and accept one with."""
    page = BeautifulSoup("""<article><h1>T</h1><div class="admonition abstract"><p>En bref</p></div>
        <h2>Sourcé</h2><p>Un fait.</p>
        <details class="note"><summary>Sources</summary><ul><li><a href="https://x.example">x</a></li></ul></details>
        <h2>Pas sourcé</h2><p>Un autre fait.</p>
        <h3>Source sans lien</h3><p>Un fait.</p><details class="note"><summary>Sources</summary><p>x</p></details>
        <h2 class="sans-source">Voir aussi</h2><ul><li><a href="a/">a</a></li></ul></article>""", "html.parser")
    assert unsourced_blocks(page.article) == ["Pas sourcé", "Source sans lien"]


def test_sources_of_documents_without_address_have_an_anchor(site_dir):
    """A source without a URL links to its entry on /a-propos/; every such entry exists."""
    page = parse(site_dir / "a-propos" / "index.html")
    for source in load_guide().sources.values():
        assert page.find(id=f"source-{source.id}") is not None, f"/a-propos/ : pas d'ancre pour {source.id}"


# --- The recourse ladder -------------------------------------------------------------------

def test_recourse_page_shows_every_rung_of_the_data(site_dir):
    data = yaml.safe_load((ROOT / "circuits" / "commun.yaml").read_text(encoding="utf-8"))["recours"]
    art = article(site_dir, "recours/index.md")
    headings = [h for h in art.find_all("h3")]
    assert [h.get("id") for h in headings] == [r["id"] for r in data], "un recours par section, dans l'ordre des données"
    by_id = {h["id"]: body for h, body in blocks(art) if h is not None and h.name == "h3"}
    for rung in data:
        text = " ".join(words(el) for el in by_id[rung["id"]])
        for label, field in (("Combien ça coûte", "cout"), ("En combien de temps", "delai"),
                             ("Ce qu'il faut apporter", "apporter")):
            assert label in text, f"{rung['id']} : « {label} » manque"
            expected = " ".join(rung[field].split()) if rung[field] else "À compléter"
            assert expected in text, f"{rung['id']} : {field} devrait afficher « {expected} »"
        assert "Pour qui" in text
        assert block_is_sourced(by_id[rung["id"]]), f"{rung['id']} : pas de sources"


# --- Practices -----------------------------------------------------------------------------

def test_practices_referenced_exist(site_dir):
    """Every link from a content page to a fiche, and every practice of the circuits, is a fiche."""
    guide = load_guide()
    fiches = set(guide.practices)
    for l in guide.landlords:
        assert {p.id for p in l.practices} <= fiches
    for md in PAGES:
        for a in article(site_dir, md).find_all("a", href=True):
            target = internal_target(a["href"], html_path(md), "https://unused.invalid/")
            if target and target[0].startswith("bonnes-pratiques/") and target[0].count("/") == 2:
                practice = target[0].split("/")[1]
                assert practice in fiches, f"content/{md} : lien vers la pratique inconnue « {practice} »"


@pytest.mark.parametrize("practice_id", PRACTICE_IDS)
def test_fiche_is_complete(site_dir, practice_id):
    md = f"bonnes-pratiques/{practice_id}.md"
    front, _ = split_front_matter((CONTENT / md).read_text(encoding="utf-8"))
    meta = yaml.safe_load(front)
    assert meta["id"] == practice_id and meta["titre"].strip() and meta["resume"].strip()
    art = article(site_dir, md)
    ids = [h.get("id") for h in art.find_all("h2")]
    for section in FICHE_SECTIONS:
        assert section in ids, f"{md} : il manque la section #{section}"
    assert "Qui l'applique déjà ?" in [words(h) for h in art.find_all("h2")]


def test_matrix_has_one_row_per_practice_and_one_column_per_landlord(site_dir):
    guide = load_guide()
    table = article(site_dir, "bonnes-pratiques/index.md").select_one("#qui-applique-quoi ~ div table")
    assert table is not None, "pas de tableau après « Qui applique quoi »"
    header = [words(th) for th in table.select("thead th")]
    assert header[1:] == [l.short_name for l in guide.landlords]
    # get_text() without a separator: a tooltip (<abbr>) inside a title must not add a space.
    rows = {" ".join(tr.find("td").get_text().split()): [words(td) for td in tr.find_all("td")[1:]]
            for tr in table.select("tbody tr")}
    assert set(rows) == {p.title for p in guide.practices.values()}
    for p in guide.practices.values():
        expected = ["Oui" if p in l.practices else "Pas connu" for l in guide.landlords]
        assert rows[p.title] == expected, p.id


# --- Glossary and abbreviations ------------------------------------------------------------

@pytest.fixture(scope="module")
def terms():
    sources, _, problems, _, territory = load_shared(ROOT / "circuits", ROOT)
    assert not problems
    return load_glossary(ROOT / "circuits", ROOT, sources, territory.values)


SKIP_PARENTS = ("abbr", "code", "pre", "script", "style", "svg", "title")


@pytest.mark.parametrize("md", PAGES)
def test_abbreviations_render_as_abbr_with_title(site_dir, terms, md):
    art = article(site_dir, md)
    tooltips = {t.acronym: t.tooltip for t in terms}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(tooltips, key=len, reverse=True))) + r")(?![\w-])")
    bare = []
    for string in art.find_all(string=True):
        if string.find_parent(SKIP_PARENTS) is not None:
            continue
        bare += pattern.findall(str(string))
    assert not bare, f"content/{md} : sigles sans bulle d'aide : {sorted(set(bare))}"
    for abbr in art.find_all("abbr"):
        assert abbr.get("title") == tooltips.get(words(abbr)), f"content/{md} : <abbr> {words(abbr)} au mauvais titre"


def test_abbreviations_are_used(site_dir):
    html = (site_dir / "sujets" / "qui-fait-quoi" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="conseillère en économie sociale et familiale">CESF</abbr>' in html


def test_glossary_page_lists_every_term_with_its_source(site_dir, terms):
    art = article(site_dir, "glossaire.md")
    entries = {dt.get("id"): dt for dt in art.find_all("dt")}
    for t in terms:
        dt = entries.get(t.anchor)
        assert dt is not None, f"glossaire : pas d'entrée #{t.anchor}"
        dd = dt.find_next_sibling("dd")
        assert (t.definition if t.word else (t.expansion or "À compléter")) in words(dd)
        assert dd.select_one(".source a[href]") is not None, f"glossaire : {t.acronym} sans source"


def test_glossary_errors_name_file_line_and_field(tmp_path):
    (tmp_path / "circuits").mkdir()
    (tmp_path / "circuits" / "glossaire.yaml").write_text(
        "sources: []\nsigles:\n"
        "  - {sigle: HLM, developpe: habitation, definition: Un logement., source: {ref: inconnue}}\n"
        "  - {sigle: HLM, developpe: null, definition: Encore., source: {ref: connue}}\n", encoding="utf-8")
    from macros.data.model import Source
    with pytest.raises(DataErrors) as caught:
        load_glossary(tmp_path / "circuits", tmp_path, {"connue": Source("connue", "Une source", "https://x.example")})
    report = caught.value.report()
    assert "circuits/glossaire.yaml:3: sigles[0].source.ref: trouvé la source inconnue « inconnue »" in report
    assert "circuits/glossaire.yaml:4: sigles[1].sigle" in report and "déjà défini" in report


# --- Links ---------------------------------------------------------------------------------

def test_no_broken_internal_link_from_content_pages(site_dir, public_url):
    broken = []
    for md in PAGES:
        rel = html_path(md)
        for a in parse(site_dir / rel).find_all("a", href=True):
            target = internal_target(a["href"], rel, public_url)
            if target is None:
                continue
            path, fragment = target
            file = resolve_file(site_dir, path)
            if file is None:
                broken.append(f"{rel} : {a['href']}")
            elif fragment and file.suffix == ".html" and fragment not in ids_of(file):
                broken.append(f"{rel} : {a['href']} (ancre absente)")
    assert not broken, "liens cassés :\n" + "\n".join(broken)


# --- Accessibility -------------------------------------------------------------------------

@pytest.mark.parametrize("path", list(PAGE_KINDS.values()), ids=list(PAGE_KINDS))
def test_no_wcag_violation_on_content_pages(site_url, viewport_page, path):
    page = viewport_page
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    assert response is not None and response.status == 200
    # Open every "Sources" box so that its links are checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the pages' CSP would block it
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, f"axe-core, /{path} à {page.viewport_size['width']} px :\n{describe(violations)}"


# --- The build refuses bad references ------------------------------------------------------

def build(project: Path) -> subprocess.CompletedProcess:
    """A copy of the project ("copie"), broken by the test, built strict without PDF nor Chromium."""
    return PROJECTS["copie"].build(project)


@pytest.mark.parametrize("call, message", [
    ('{{ sources("source-qui-nexiste-pas") }}', "source inconnue « source-qui-nexiste-pas »"),
    ('{{ pratique("pratique-qui-nexiste-pas") }}', "pratique inconnue « pratique-qui-nexiste-pas »"),
    ("[Lien](../sujets/page-absente.md)", "page-absente.md"),
], ids=["source", "pratique", "lien"])
def test_strict_build_fails_on_a_bad_reference(project_copy, call, message):
    page = project_copy / "content" / "sujets" / "suivre-ma-reclamation.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{call}\n", encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_strict_build_fails_on_a_glossary_error(project_copy):
    path = project_copy / "circuits" / "glossaire.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: {ref: gusp}", "source: {ref: gusp-absente}"),
                    encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "circuits/glossaire.yaml:" in result.stderr and "la source inconnue « gusp-absente »" in result.stderr
