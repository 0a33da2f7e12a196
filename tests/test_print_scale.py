"""Printing at scale: the documents are made by worker processes and kept in a cache keyed by
their content, and with many landlords the circuits leave the whole guide for one booklet per
territory. Checked on a copy of the project with 8 landlords (past the threshold), built three
times: cold, unchanged, then with one circuit edited."""
from __future__ import annotations

import json
import subprocess

import pytest

from macros.data.guide import load_guide
from macros.printing import catalogue
from support.projects import PRINT_SCALE_COUNT, PROJECTS, build

COUNT = PRINT_SCALE_COUNT
EDITED = "fictif-0002"


def _build(project, cache, name: str, pdf: str = "1") -> tuple[dict, dict]:
    """Build the copy into project/<name>; return (print stats, {pdf path: bytes})."""
    stats = project / f"{name}.json"
    done = build(project, {"GUIDE_CACHE_DIR": str(cache / "diagrams"), "GUIDE_STATS": str(stats), "GUIDE_PDF": pdf},
                 site=project / name)
    assert done.returncode == 0, done.stderr[-3000:]
    site = project / name
    pdfs = {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}
    return json.loads(stats.read_text(encoding="utf-8"))["impression"], pdfs


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The fixture project "grand-guide", built three times: these builds are what is tested."""
    project = PROJECTS["grand-guide"].copy_to(tmp_path_factory.mktemp("grand-guide"))
    cache = project / ".cache-essai"
    before = load_guide(root=project)
    cold = _build(project, cache, "site-froid")
    warm = _build(project, cache, "site-chaud")
    edited = project / "circuits" / f"{EDITED}.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Étape fictive 1 du bailleur 2",
                                                                  "Étape fictive 1 modifiée du bailleur 2"),
                      encoding="utf-8")
    after_edit = _build(project, cache, "site-modifie")
    return before, project, cold, warm, after_edit


def _text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _own_words(landlord) -> str:
    """A line only this landlord's chapter prints: its first step (synthetic titles are short,
    so the PDF never breaks them)."""
    return landlord.steps[0].title


def test_each_territory_has_a_booklet_with_its_landlords_only(builds):
    guide, _, (_, pdfs), _, _ = builds
    territories = catalogue.booklets(guide)
    assert len(territories) >= 2, "la copie doit dépasser le seuil et compter plusieurs territoires"
    synthetic = [l for l in guide.landlords if l.id.startswith("fictif-")]
    for territory in territories:
        text = _text(pdfs[catalogue.booklet_path(territory)])
        assert territory.name in text
        for landlord in territory.landlords:
            assert landlord.short_name in text, f"{landlord.id} manque au livret {territory.slug}"
        for landlord in synthetic:
            inside = landlord in territory.landlords
            assert (_own_words(landlord) in text) == inside, f"{landlord.id} et le livret {territory.slug}"


def test_the_guide_keeps_the_common_pages_and_leaves_the_circuits_out(builds):
    guide, _, (_, pdfs), _, _ = builds
    text = _text(pdfs[catalogue.GUIDE])
    assert "Sommaire" in text and "Faire une réclamation en 5 étapes" in text
    for landlord in guide.landlords:
        if landlord.id.startswith("fictif-"):
            assert _own_words(landlord) not in text, f"le circuit de {landlord.id} est resté dans le guide"


def test_the_print_page_links_every_booklet(builds):
    guide, project, _, _, _ = builds
    html = (project / "site-froid" / "imprimer" / "index.html").read_text(encoding="utf-8")
    for territory in catalogue.booklets(guide):
        assert f'href="../{catalogue.booklet_path(territory)}"' in html


def test_an_unchanged_build_makes_no_document_again_and_gives_the_same_bytes(builds):
    _, _, (cold_stats, cold), (warm_stats, warm), _ = builds
    assert cold_stats["faits"] > 0 and cold_stats["repris"] == 0
    # Each leaflet made counts its layouts (one per type size tried), for `make bench`.
    leaflets = cold_stats["faits_par_type"]["depliants"]
    assert leaflets <= cold_stats["mises_en_page"]["depliants"] <= leaflets * 4
    assert warm_stats["faits"] == 0 and warm_stats["repris"] == cold_stats["faits"]
    assert warm.keys() == cold.keys()
    assert [p for p in cold if cold[p] != warm[p]] == []


def test_one_edited_circuit_remakes_only_what_shows_it(builds):
    _, _, (_, cold), _, (stats, after) = builds
    made = stats["faits_par_type"]
    assert made.get("depliants") == 1  # the edited landlord's leaflet and its federation copies
    assert made.get("circuits") == 1   # the booklet of its territory
    assert made.get("guide", 0) == 0 and made.get("fiche", 0) == 0
    changed = sorted(p for p in cold if cold[p] != after[p])
    assert changed and all(EDITED in p or p.startswith("pdf/circuits-") for p in changed)
    assert any(p.startswith(f"pdf/depliant-{EDITED}") for p in changed)


def test_the_game_page_draws_only_the_shared_board_and_lists_the_others(builds):
    from bs4 import BeautifulSoup

    guide, project, _, _, _ = builds
    page = BeautifulSoup((project / "site-froid" / "jeu" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("figure.game-board svg")) == 1
    links = {a["href"] for a in page.select("a[href]")}
    for landlord in guide.landlords:
        assert f"plateau-{landlord.id}-a3.pdf" in links and f"cartes-{landlord.id}.pdf" in links


def test_leaflets_only_makes_the_leaflets_and_the_sheet_and_nothing_else(builds):
    guide, project, _, _, (_, after) = builds
    stats, pdfs = _build(project, project / ".cache-essai", "site-depliants", pdf="depliants")
    assert stats["faits"] == 0  # all in the cache since the last build
    leaflets = {p for p in pdfs if p.startswith("pdf/depliant-")}
    assert leaflets and leaflets == {p for p in after if p.startswith("pdf/depliant-")}
    assert all(pdfs[p] == after[p] for p in leaflets)
    assert catalogue.SHEET in pdfs and catalogue.GUIDE not in pdfs
    assert not [p for p in pdfs if p.startswith("pdf/circuits-")]
    assert all(not data for p, data in pdfs.items() if p.startswith("jeu/"))  # placeholders only
