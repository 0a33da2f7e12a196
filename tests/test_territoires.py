"""Many landlords: the index groups them by territory (with a search field and a territory list
when there are enough of them), and the comparison becomes one page per territory.

Two sites: the real guide (GUIDE_SITE), and the fixture project "cinquante-bailleurs" (the 3 real
landlords and 47 synthetic ones), built once per test run. Expected values come from the YAML files."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.data.guide import Guide, circuit_files
from macros.pages.landlords import FILTER_FROM, TABLE_MAX, territories
from support.browser import AXE, RUN_AXE, WCAG_TAGS, describe
from support.projects import MANY, ROOT
from support.serving import serve_folder

BASE = "http://site.invalid/"


def soup(site: Path, rel: str) -> BeautifulSoup:
    path = site / rel
    assert path.is_file(), f"page absente : {rel}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text("").replace("¶", " ").split())


def raw_landlords(circuits: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in circuit_files(circuits)]


def by_territory(circuits: Path) -> dict[str, set[str]]:
    """{territory: {landlord id}} straight from the YAML files."""
    out: dict[str, set[str]] = {}
    for d in raw_landlords(circuits):
        out.setdefault(" ".join(d["territoire"].split()), set()).add(d["id"])
    return out


def landlord_ids(links, page_rel: str) -> list[str]:
    """Ids of the landlord pages these links lead to (/bailleurs/<id>/, not the comparison)."""
    ids = []
    for a in links:
        path = urlsplit(urljoin(BASE + page_rel, a["href"])).path
        found = re.fullmatch(r"/bailleurs/([^/]+)/", path)
        if found and found.group(1) != "comparaison":
            ids.append(found.group(1))
    return ids


def broken_links(site: Path, rel: str) -> list[str]:
    """Links of the page's article that lead to no file, or to no such anchor."""
    broken = []
    page = soup(site, rel)
    for a in page.select("article a[href]"):
        url = urlsplit(urljoin(BASE + rel, a["href"]))
        if f"{url.scheme}://{url.netloc}/" != BASE:
            continue
        target = site / unquote(url.path).lstrip("/")
        if url.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{a['href']} → fichier absent")
        elif url.fragment and target.suffix == ".html":
            other = page if target == site / rel else soup(site, target.relative_to(site).as_posix())
            if other.find(id=unquote(url.fragment)) is None:
                broken.append(f"{a['href']} → ancre absente")
    return broken


def french_order(text: str) -> str:
    """Accents and case ignored, numbers by value: enough to check the order of the headings."""
    folded = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return re.sub(r"\d+", lambda m: m.group().zfill(8), folded)


def check_index_groups(site: Path, expected: dict[str, set[str]]) -> None:
    article = soup(site, "bailleurs/index.html").select_one("article")
    sections = article.select("section[data-territoire]")
    names = [s["data-territoire"] for s in sections]
    assert sorted(names) == sorted(expected), names
    assert names == sorted(names, key=french_order), names
    for section in sections:
        name = section["data-territoire"]
        heading = section.find("h2")
        assert heading is not None and words(heading) == name, f"titre du territoire « {name} »"
        ids = landlord_ids(section.select("li a[href]"), "bailleurs/index.html")
        assert len(ids) == len(set(ids)), f"{name} : bailleur en double {ids}"
        assert set(ids) == expected[name], f"{name} : {sorted(ids)} ≠ {sorted(expected[name])}"


# --- Slugs ---------------------------------------------------------------------------------

def fake_guide(*territory_names: str) -> Guide:
    landlords = [SimpleNamespace(id=f"b{i}", short_name=f"B{i}", territory=t) for i, t in enumerate(territory_names)]
    return Guide(landlords, {}, {}, [])


def test_territory_slugs_are_ascii_unique_and_stable():
    names = ["Isère", "Isere", "ISÈRE ", "Nord-Isère", "Nord Isère", "Index", "Œuvre", "—", "Territoire 2", "Territoire 10"]
    found = territories(fake_guide(*names))
    slugs = [t.slug for t in found]
    assert len(set(slugs)) == len(slugs), slugs
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs), slugs
    assert "index" not in slugs  # would take the comparison overview's own address
    assert {t.name: t.slug for t in found}["Œuvre"] == "oeuvre"
    # French order, numbers by value.
    order = [t.name for t in found]
    assert order.index("Territoire 2") < order.index("Territoire 10")
    assert order.index("Isère") < order.index("Nord-Isère") < order.index("Œuvre")
    # Same data, same slugs; a landlord more in an existing territory changes none.
    assert [t.slug for t in territories(fake_guide(*names))] == slugs
    assert [t.slug for t in territories(fake_guide(*names, "Isère"))] == slugs


# --- The real guide --------------------------------------------------------------------------

def test_real_index_groups_landlords_by_territory(site_dir):
    expected = by_territory(ROOT / "circuits")
    check_index_groups(site_dir, expected)
    page = soup(site_dir, "bailleurs/index.html")
    if len(raw_landlords(ROOT / "circuits")) < FILTER_FROM:
        # A short list reads as it is: no form, no script.
        assert page.select_one("[data-filtre-place]") is None
        assert not [s for s in page.find_all("script", src=True) if "filtre.js" in s["src"]]


@pytest.mark.parametrize("rel", ["bailleurs/index.html", "bailleurs/comparaison/index.html"])
def test_real_index_and_comparison_links_work(site_dir, rel):
    assert not broken_links(site_dir, rel), broken_links(site_dir, rel)


def test_real_comparison_is_one_table_when_few(site_dir):
    count = len(raw_landlords(ROOT / "circuits"))
    if count > TABLE_MAX:
        pytest.skip(f"{count} bailleurs : la comparaison est par territoire")
    page = soup(site_dir, "bailleurs/comparaison/index.html")
    assert len(page.select("article table")) == 1
    assert not [p for p in (site_dir / "bailleurs" / "comparaison").iterdir() if p.is_dir()]


# --- A guide with 50 landlords ---------------------------------------------------------------

@pytest.fixture(scope="module")
def many(projects) -> SimpleNamespace:
    """The fixture project "cinquante-bailleurs", built once (no PDF) with --strict."""
    project = projects("cinquante-bailleurs").require().project
    return SimpleNamespace(site=project / "site", expected=by_territory(project / "circuits"),
                           names={d["id"]: d["nom_court"] for d in raw_landlords(project / "circuits")})


@pytest.fixture(scope="module")
def many_url(many):
    url, server = serve_folder(many.site)
    yield url
    server.shutdown()


def test_many_index_lists_all_grouped_by_territory(many):
    assert sum(len(ids) for ids in many.expected.values()) == MANY
    assert len(many.expected) > 2
    check_index_groups(many.site, many.expected)
    page = soup(many.site, "bailleurs/index.html")
    assert page.select_one("[data-filtre-place]") is not None
    scripts = [s for s in page.find_all("script", src=True) if s["src"].endswith("filtre.js")]
    assert len(scripts) == 1 and scripts[0].has_attr("defer"), scripts
    # Only the index loads the filter.
    other = soup(many.site, "bailleurs/comparaison/index.html")
    assert not [s for s in other.find_all("script", src=True) if "filtre" in s["src"]]


def require_styles(many) -> None:
    page = soup(many.site, "bailleurs/index.html")
    assert [l for l in page.find_all("link", href=True) if l["href"].endswith("assets/filtre.css")], (
        "assets/filtre.css n'est pas chargé : ajoutez « - assets/filtre.css » à extra_css dans mkdocs.yml")


def test_many_index_loads_the_filter_styles(many):
    require_styles(many)


def territory_pages(many) -> dict[str, str]:
    """{territory: page path} as the comparison overview links them."""
    rel = "bailleurs/comparaison/index.html"
    links = {}
    for a in soup(many.site, rel).select("article li a[href]"):
        path = urlsplit(urljoin(BASE + rel, a["href"])).path
        if re.fullmatch(r"/bailleurs/comparaison/[^/]+/", path):
            links[words(a)] = path.lstrip("/") + "index.html"
    return links


def test_many_comparison_links_one_page_per_territory(many):
    pages = territory_pages(many)
    assert set(pages) == set(many.expected)
    assert len(set(pages.values())) == len(pages), "deux territoires sur la même page"
    assert soup(many.site, "bailleurs/comparaison/index.html").select_one("article table") is None


def test_each_territory_page_compares_its_landlords_and_only_them(many):
    for name, rel in territory_pages(many).items():
        page = soup(many.site, rel)
        assert name in words(page.find("h1")), rel
        summary = page.select_one("article .admonition")
        assert summary is not None and "bonnes pratiques" in words(summary), f"{rel} : « En bref » vide"
        tables = page.select("article table")
        assert tables, f"{rel} : aucun tableau"
        shown = []
        for table in tables:
            ids = landlord_ids(table.select("thead th a[href]"), rel)
            assert 1 <= len(ids) <= TABLE_MAX, f"{rel} : {len(ids)} colonnes"
            for row in table.select("tbody tr"):
                assert len(row.find_all(["td", "th"])) == len(ids) + 1, f"{rel} : {words(row)}"
            shown += ids
        assert len(shown) == len(set(shown)), f"{rel} : bailleur en double"
        assert set(shown) == many.expected[name], f"{rel} : {sorted(shown)} ≠ {sorted(many.expected[name])}"


def test_many_index_and_comparison_links_work(many):
    rels = ["bailleurs/index.html", "bailleurs/comparaison/index.html", *territory_pages(many).values()]
    broken = {rel: broken_links(many.site, rel) for rel in rels}
    assert not any(broken.values()), broken


def test_territory_pages_are_in_the_menu(many):
    """Each territory page is in the menu, under the landlords, with the other territories."""
    pages = territory_pages(many)
    for rel in pages.values():
        nav = soup(many.site, rel).select_one("nav.md-nav--primary")
        active = [a for a in nav.select("a.md-nav__link--active[href]") if a["href"] in ("./", "")]
        assert len(active) == 1, f"{rel} n'est pas dans le menu"
        listed = {urlsplit(urljoin(BASE + rel, a["href"])).path.lstrip("/") + "index.html" for a in nav.select("a[href]")}
        assert set(pages.values()) <= listed, f"{rel} : territoires absents du menu"


def test_the_menu_holds_every_territory_and_only_its_own_landlords(many):
    """With many landlords, the menu has one sub-menu per territory: a landlord page lists its
    territory's landlords, and names the others (each a link to its first page), not all 50."""
    for name, ids in many.expected.items():
        rel = f"bailleurs/{sorted(ids)[0]}/index.html"
        nav = soup(many.site, rel).select_one("nav.md-nav--primary")
        text = words(nav)
        assert [t for t in many.expected if t not in text] == [], rel
        linked = set(landlord_ids(nav.select("a[href]"), rel))
        assert ids <= linked, f"{rel} : {sorted(ids - linked)} absents du menu"
        assert len(linked - ids) <= len(many.expected) - 1, f"{rel} : {len(linked)} bailleurs dans le menu"


# --- The filter, in Chromium -----------------------------------------------------------------

VISIBLE_NAMES = """() => [...document.querySelectorAll("section[data-territoire] li")]
  .filter(li => li.offsetParent !== null).map(li => li.querySelector("a").textContent.trim())"""
HEADING_TOP = "() => document.querySelector('section[data-territoire] h2').getBoundingClientRect().top + scrollY"


def open_index(page, many_url):
    page.goto(f"{many_url}/bailleurs/", wait_until="load")
    page.locator("form.filtre").wait_for()


def test_filter_by_name_and_territory(viewport_page, many, many_url):
    from playwright.sync_api import expect

    page = viewport_page
    open_index(page, many_url)
    status = page.locator("form.filtre [role=status]")
    expect(status).to_have_text(f"{MANY} bailleurs affichés")
    assert len(page.evaluate(VISIBLE_NAMES)) == MANY

    box = page.get_by_role("searchbox", name="Chercher un bailleur", exact=True)
    box.press_sequentially("fictif 12", delay=30)
    assert page.evaluate(VISIBLE_NAMES) == ["Fictif 12"]
    expect(status).to_have_text("1 bailleur affiché")
    # Accents and case do not matter.
    box.fill("")
    box.press_sequentially("ISERE", delay=30)
    assert {"Alpes Isère Habitat", "SDH"} <= set(page.evaluate(VISIBLE_NAMES))

    box.fill("")
    name = sorted(many.expected)[-1]
    page.get_by_label("Territoire", exact=True).select_option(label=name)
    expected = sorted(many.names[i] for i in many.expected[name])
    assert sorted(page.evaluate(VISIBLE_NAMES)) == expected
    expect(status).to_have_text(f"{len(expected)} bailleurs affichés")
    visible_sections = page.evaluate("""() => [...document.querySelectorAll("section[data-territoire]")]
        .filter(s => s.offsetParent !== null).map(s => s.dataset.territoire)""")
    assert visible_sections == [name]

    box.press_sequentially("zzz", delay=30)
    assert page.evaluate(VISIBLE_NAMES) == []
    expect(status).to_have_text("Aucun bailleur trouvé.")


def test_the_form_takes_no_room_it_had_not_kept(viewport_page, many, many_url):
    """No jump: the list starts where it would with the script not yet run (script blocked)."""
    require_styles(many)
    page = viewport_page
    open_index(page, many_url)
    page.evaluate("document.fonts.ready")
    with_form = page.evaluate(HEADING_TOP)
    form_box = page.locator("form.filtre").bounding_box()
    context = page.context.browser.new_context(viewport=page.viewport_size, locale="fr-FR")
    try:
        blocked = context.new_page()
        blocked.route("**/filtre.js", lambda route: route.abort())
        blocked.goto(f"{many_url}/bailleurs/", wait_until="load")
        blocked.evaluate("document.fonts.ready")
        assert blocked.locator("form.filtre").count() == 0
        assert abs(blocked.evaluate(HEADING_TOP) - with_form) < 1, (with_form, form_box)
    finally:
        context.close()
    # Typing changes the count, never the place of the field.
    box = page.get_by_role("searchbox", name="Chercher un bailleur", exact=True)
    before = box.bounding_box()
    box.press_sequentially("zzz", delay=30)
    page.wait_for_timeout(600)
    assert box.bounding_box() == before


def test_without_javascript_the_grouped_list_stays(browser, many, many_url):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{many_url}/bailleurs/", wait_until="load")
        assert page.locator("form.filtre").count() == 0
        assert len(page.evaluate(VISIBLE_NAMES)) == MANY
        assert page.locator("[data-filtre-place]").bounding_box()["height"] < 30, "place vide gardée sans JavaScript"
    finally:
        context.close()


@pytest.mark.parametrize("which", ["index", "territoire"])
def test_no_wcag_violation(viewport_page, many, many_url, which):
    if not AXE.exists():
        pytest.fail(f"{AXE} est absent : lancez `npm ci` (ou `make build`).")
    page = viewport_page
    if which == "index":
        open_index(page, many_url)
        page.get_by_role("searchbox", name="Chercher un bailleur", exact=True).press_sequentially("fictif", delay=20)
        path = "bailleurs/"
    else:
        path = "/" + sorted(territory_pages(many).values())[-1].removesuffix("index.html")
        page.goto(f"{many_url}{path}", wait_until="load")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the pages' CSP would block it
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    width = page.viewport_size["width"]
    assert not violations, f"axe-core, /{path.lstrip('/')} à {width} px de large :\n{describe(violations)}"
