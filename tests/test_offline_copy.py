"""The offline copy (site/guide-hors-ligne.zip): the whole site, for meetings without a connection.

The zip of `make build` is unzipped into a temporary folder and opened from file:// in the
project's Chromium, as a volunteer would from a USB stick: links, diagrams, the urgency finder,
search and a letter, with no error and no request that fails or leaves the copy. The zip itself
stays under a size limit (README, « La copie hors ligne ») and is made the same way every time."""
from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from macros.offline import FOLDER, MERMAID, NOTE, ZIP
from macros.offline.copy import make, write_zip
from support.projects import ROOT
from support.browser import AXE, RUN_AXE, WCAG_TAGS, describe

# Today's zip (3 December 2026, the three landlords) weighs 1.36 MB: the limit leaves about a third
# more for the pages still to come. The README says the same.
LIMIT = 1_800_000
DESKTOP = {"width": 1280, "height": 900}
LANDLORD_PAGE = "bailleurs/actis.html"
FINDER_PAGE = "urgences/mon-probleme-est-il-urgent.html"
ATTRIBUTE = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)


@pytest.fixture(scope="module")
def zip_path(site_dir) -> Path:
    path = site_dir / ZIP
    if not path.is_file():
        pytest.fail(f"{path} manque : `make build` fait la copie hors ligne (sauf avec GUIDE_HORS_LIGNE=0).")
    return path


@pytest.fixture(scope="module")
def copy(zip_path, tmp_path_factory) -> Path:
    """The copy, unzipped as a volunteer would, into a folder of its own."""
    where = tmp_path_factory.mktemp("cle-usb")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(where)
    return where / FOLDER


def test_zip_stays_under_its_limit(zip_path):
    size = zip_path.stat().st_size
    assert size < LIMIT, (f"la copie hors ligne pèse {size:,} octets, plus que la limite de {LIMIT:,} : "
                          "voyez ce qui a grossi (unzip -v), ou relevez la limite dans ce test et le README")


def test_zip_is_made_the_same_way_every_time(zip_path, copy, tmp_path):
    """Sorted names, one date, the same permissions: zipping the same files again gives the same bytes."""
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names[0] == f"{FOLDER}/{NOTE}" and names[1:] == sorted(names[1:])
    assert len({i.date_time for i in infos}) == 1
    assert {i.external_attr for i in infos} == {0o644 << 16}
    # Again from the unzipped files (the note is written by the zip itself).
    site = tmp_path / "site"
    for info in infos[1:]:
        target = site / info.filename.removeprefix(FOLDER + "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((copy / info.filename.removeprefix(FOLDER + "/")).read_bytes())
    day = infos[0].date_time
    again = tmp_path / "encore.zip"
    write_zip(site, again, None if day[:3] == (1980, 1, 1) else date(*day[:3]))
    assert again.read_bytes() == zip_path.read_bytes()


def test_the_copy_built_again_has_the_same_bytes(zip_path, site_dir, tmp_path):
    """Same sources, same settings: a second build of the copy gives the zip of `make build`."""
    with zipfile.ZipFile(zip_path) as archive:
        day = archive.infolist()[0].date_time
    again = tmp_path / ZIP
    make(ROOT / "mkdocs.yml", again, None if day[:3] == (1980, 1, 1) else date(*day[:3]), strict=True, main_site=site_dir)
    assert again.read_bytes() == zip_path.read_bytes()


def test_copy_has_what_it_needs_and_leaves_out_the_rest(copy):
    files = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()}
    assert {"index.html", LANDLORD_PAGE, FINDER_PAGE, "lettres/index.html", "search/search_index.js",
            "assets/hors-ligne/iframe-worker.js", "assets/hors-ligne/iframe-worker-runtime.js", NOTE} <= files
    assert not [f for f in files if f.endswith(".map") or f.startswith("sitemap") or f.endswith("search_index.json")]
    pages = [copy / f for f in files if f.endswith(".html")]
    if not any(MERMAID in p.read_text(encoding="utf-8") for p in pages):
        assert not [f for f in files if f.startswith(MERMAID)], "Mermaid est dans la copie, mais aucune page ne le charge"
    assert not [f for f in files if f.startswith("pdf/")], "les PDF des locataires ne vont pas dans la copie (README)"


def test_the_games_pdfs_are_those_of_the_site(copy, site_dir):
    """The copy's game page links the game's PDFs: the copy has the site's, not empty files."""
    pdfs = sorted(p.relative_to(copy).as_posix() for p in (copy / "jeu").glob("*.pdf"))
    assert pdfs
    for name in pdfs:
        assert (copy / name).read_bytes() == (site_dir / name).read_bytes(), name


def test_every_link_of_the_copy_leads_to_a_file_of_the_copy(copy):
    """From file://, a link to a folder shows a file listing, or nothing: every link names its file."""
    broken = []
    for page in sorted(copy.rglob("*.html")):
        base = page.resolve().as_uri()
        for href in ATTRIBUTE.findall(page.read_text(encoding="utf-8")):
            url = urlsplit(urljoin(base, href))
            if url.scheme != "file":
                continue
            target = Path(unquote(url.path))
            if not target.is_file():
                broken.append(f"{page.relative_to(copy)} : {href}")
    assert broken == [], "liens qui ne mènent à aucun fichier de la copie :\n" + "\n".join(broken[:30])


def test_the_copy_does_not_offer_itself(copy):
    page = (copy / "imprimer.html").read_text(encoding="utf-8")
    assert ZIP not in page
    assert "la copie hors ligne ne les contient pas" in page


def test_the_site_offers_the_copy_with_its_size(site_dir):
    page = (site_dir / "imprimer" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<a href="\.\./' + re.escape(ZIP) + r'" download>Le site sans connexion</a> '
                      r'<span class="pdf-info">\(zip, ([\d,]+)\s(?:Mo|ko)\)</span>', page)
    assert found, "la page /imprimer/ n'offre pas la copie hors ligne avec sa taille"


class Watch:
    """Everything that would show the copy failing: page errors, console errors, failed requests,
    and requests that leave the copy."""

    def __init__(self, context, root: str):
        self.problems: list[str] = []
        self.root = root
        context.on("request", self.request)
        context.on("requestfailed", lambda r: self.problems.append(f"requête échouée : {r.url} ({r.failure})"))

    def request(self, request):
        if not request.url.startswith(self.root) and urlsplit(request.url).scheme not in ("data", "blob", "about"):
            self.problems.append(f"requête hors de la copie : {request.url}")

    def tab(self, tab):
        tab.on("pageerror", lambda e: self.problems.append(f"erreur de la page {tab.url} : {e}"))
        tab.on("console", lambda m: m.type == "error" and self.problems.append(f"console de {tab.url} : {m.text}"))
        return tab


def test_the_copy_works_from_file_urls(browser, copy):
    root = copy.resolve().as_uri() + "/"
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", service_workers="block")
    watch = Watch(context, root)
    context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort("blockedbyclient")
                  if urlsplit(route.request.url).scheme in ("http", "https") else route.continue_())
    tab = watch.tab(context.new_page())
    try:
        tab.goto(root + "index.html")
        # A copy ages: its home page says which edition it is.
        assert "Copie sans connexion" in tab.locator("article .admonition-title").first.inner_text()
        # The home page leads to a landlord's page, with its diagram.
        tab.locator(f'article a[href="{LANDLORD_PAGE}"]').first.click()
        tab.wait_for_url(root + LANDLORD_PAGE)
        assert tab.locator("figure.circuit-diagram svg").first.is_visible()
        # Back home, then to the urgency finder, and use it.
        tab.go_back()
        tab.locator(f'article a[href="{FINDER_PAGE}"]').first.click()
        tab.wait_for_url(root + FINDER_PAGE)
        field = tab.locator("[data-urg-filtre] input")
        assert field.is_visible(), "le filtre de l'aide aux urgences ne s'affiche pas (son script n'a pas tourné)"
        field.press_sequentially("eau")
        status = tab.locator("[data-urg-filtre] [role=status]")
        status.filter(has_text="trouvé").wait_for()
        assert tab.locator("[data-urg-aide] li[hidden]").count() > 0
        # Search finds the landlord, from the index written as a script, and leads to its page.
        search = tab.locator("input.md-search__input")
        search.click()
        search.press_sequentially("ACTIS", delay=30)
        result = tab.locator(f'.md-search-result__item a[href*="{LANDLORD_PAGE}"]').first
        result.wait_for(timeout=15_000)
        result.click()
        tab.wait_for_url(re.compile(re.escape(root + LANDLORD_PAGE)))
        # The letters: from the menu to the letters' page, then a letter, filled in.
        tab.locator('a[href$="lettres/index.html"]').first.click()
        tab.wait_for_url(root + "lettres/index.html")
        tab.locator('article a[href="reclamation.html"]').first.click()
        tab.wait_for_url(root + "lettres/reclamation.html")
        tab.fill("#champ-nom", "Awa Diallo")
        assert "Awa Diallo" in tab.locator(".lettre-feuille").inner_text()
        tab.wait_for_timeout(300)  # late errors (the search worker, the letter's dates)
    finally:
        context.close()
    assert watch.problems == []


@pytest.mark.parametrize("path", ["index.html", "imprimer.html", LANDLORD_PAGE])
def test_copy_pages_have_no_wcag_violation(viewport_page, copy, path):
    """The copy's own pages (its « Imprimer » page differs from the site's), with the search's hidden
    iframe in place."""
    page = viewport_page
    page.goto((copy / path).resolve().as_uri(), wait_until="load")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # the pages' CSP blocks inline script tags
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, f"axe-core, {path} de la copie :\n{describe(violations)}"



def test_the_setting_switches_the_copy_off_and_refuses_a_typo():
    from macros.build.settings import Settings, SettingsError

    assert Settings.from_environment({}).makes_offline_copy
    assert not Settings.from_environment({}, command="serve").makes_offline_copy
    assert not Settings.from_environment({"GUIDE_HORS_LIGNE": "0"}).makes_offline_copy
    copy_build = Settings.from_environment({"GUIDE_HORS_LIGNE": "copie"})
    assert copy_build.offline_pass and not copy_build.makes_offline_copy
    assert "copie hors ligne" in copy_build.pdf_skip_reason()
    with pytest.raises(SettingsError, match="GUIDE_HORS_LIGNE vaut « oui »"):
        Settings.from_environment({"GUIDE_HORS_LIGNE": "oui"})


def test_without_the_copy_the_site_offers_none(projects):
    """GUIDE_HORS_LIGNE=0 (the tests' own builds of the real guide): no zip, no section about it."""
    site = projects("reel-sans-pdf").require().site
    assert not (site / ZIP).exists()
    assert "Le site sans connexion" not in (site / "imprimer" / "index.html").read_text(encoding="utf-8")
