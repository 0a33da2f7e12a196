"""The posters and the meeting kit (« Organiser une réunion »), checked on the PDFs of the built
site: one of each for every landlord, their pages and page sizes, fonts, text from the data, QR
codes that decode to the landlord's page (with a real address), the preview mark (with the example
one), tagged PDF, the /imprimer/ page, and the same bytes when made again."""
from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros.data.bundle import Bundle
from macros.letters.links import letter_links
from macros.printing import catalogue, meeting, poster
from support.pdf import real_printer, squeeze, tool
from support.projects import ROOT

BUNDLE = Bundle.load(ROOT)
DATA = BUNDLE.guide
KIT = catalogue.kit_items(DATA.landlords)
POSTERS = [i for i in KIT if i.kind == "affiche"]
SUMMARIES = [i for i in KIT if i.kind == "a-lire"]
ONE_PAGE = [i for i in KIT if i.kind != "animation"]
PREVIEW = "APERÇU — adresse du site à définir"
# A public address for a kit made with one (never requested: a domain reserved for examples).
PUBLIC_URL = "https://guide.example.org/"
# Page sizes in PDF points (ISO 216), within a rounding.
SIZES = {"a4": (595.28, 841.89), "a3": (841.89, 1190.55)}


def stem(item) -> str:
    return Path(item.path).stem


@pytest.fixture(scope="module")
def pdf_dir(site_dir) -> Path:
    if not (site_dir / catalogue.PDF_DIR).is_dir():
        pytest.fail(f"{site_dir / catalogue.PDF_DIR} n'existe pas : le site a été construit sans PDF.")
    return site_dir


def text_of(path: Path, raw: bool = False) -> str:
    """The text as pdftotext reads it; raw: in the order it is drawn (two columns one after the
    other, not line by line across the page)."""
    args = [tool("pdftotext"), "-enc", "UTF-8", *(["-raw"] if raw else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_every_landlord_has_its_posters_and_its_text_to_read_aloud(pdf_dir):
    assert len(POSTERS) == 2 * len(DATA.landlords) and len(SUMMARIES) == len(DATA.landlords)
    missing = [i.path for i in KIT if not (pdf_dir / i.path).is_file()]
    assert not missing, f"PDF du kit absents : {missing}"
    assert {i.path for i in KIT} <= {i.path for i in catalogue.items(DATA.landlords, BUNDLE.federations)}


@pytest.mark.parametrize("item", KIT, ids=stem)
def test_page_count_and_page_size(pdf_dir, item):
    reader = PdfReader(pdf_dir / item.path)
    if item.kind == "animation":
        assert 1 <= len(reader.pages) <= meeting.ANIMATION_PAGES
    else:
        assert len(reader.pages) == 1, f"{item.path} : {len(reader.pages)} pages"
    size = "a3" if item.path.endswith("-a3.pdf") else "a4"
    for page in reader.pages:
        box = (float(page.mediabox.width), float(page.mediabox.height))
        assert all(abs(a - b) < 0.5 for a, b in zip(box, SIZES[size])), f"{item.path} : {box} au lieu de {size}"


@pytest.mark.parametrize("item", KIT, ids=stem)
def test_fonts_are_embedded(pdf_dir, item):
    rows = subprocess.run([tool("pdffonts"), str(pdf_dir / item.path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows, "aucune police"
    for row in rows:
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), f"police non incorporée : {row}"
        assert "Atkinson-Hyperlegible" in row.split()[0], f"police de secours : {row}"


@pytest.mark.parametrize("item", POSTERS, ids=stem)
def test_poster_text_comes_from_the_landlord_data(pdf_dir, item):
    text = squeeze(text_of(pdf_dir / item.path))
    landlord = item.landlord
    assert squeeze("Un problème dans votre logement ?") in text
    assert squeeze(landlord.short_name) in text
    for channel in landlord.channels:
        assert squeeze(channel.label) in text, channel.label
    for number in BUNDLE.urgencies.numbers.values():
        assert squeeze(f"{number.number}{number.name}") in text, number.number
    # The numbers' source, cited (pdftotext drops the hyphen of « Service-Public » at a line's end).
    assert squeeze("Quels sont les numéros d’urgence ?") in text and squeeze("fiche F33954), lu le") in text
    if not landlord.on_call.how_to_reach and landlord.on_call.exists is not False:
        assert squeeze(BUNDLE.urgencies.unknown_on_call.where) in text  # where to find the on-call number
    assert squeeze("Votre association de locataires") in text


def _text_sizes(path: Path) -> dict[str, float]:
    """Each run of text with the largest size it is drawn at on the page, in points."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, font_size):
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        if text.strip():
            sizes[text.strip()] = max(sizes.get(text.strip(), 0), font_size * scale)

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("landlord", DATA.landlords, ids=lambda l: l.id)
def test_poster_reads_from_two_metres_and_the_a3_is_the_a4_enlarged(pdf_dir, landlord):
    a4 = _text_sizes(pdf_dir / poster.poster_path(landlord, "a4"))
    a3 = _text_sizes(pdf_dir / poster.poster_path(landlord, "a3"))
    label = next(t for t in a4 if "Un problème dans" in t)
    assert a4[label] >= 40
    for channel in landlord.channels:
        runs = [size for text, size in a4.items() if squeeze(text) and squeeze(text) in squeeze(channel.label)]
        assert runs and min(runs) >= poster.BODY_PT - 0.1, (channel.label, runs)
    assert a3[label] == pytest.approx(a4[label] * math.sqrt(2), rel=0.01)


@pytest.mark.parametrize("item", SUMMARIES, ids=stem)
def test_text_to_read_aloud_tells_the_whole_circuit_with_its_sources(pdf_dir, item):
    text = squeeze(text_of(pdf_dir / item.path, raw=True))
    landlord = item.landlord
    assert squeeze(f"Votre réclamation chez {landlord.short_name}") in text
    for step in landlord.steps:
        assert squeeze(step.title) in text, step.title
    for channel in landlord.channels:
        assert squeeze(channel.label) in text, channel.label
    for rung in DATA.ladder_for(landlord):
        assert squeeze(rung.title) in text, rung.title
    assert squeeze("Sources :") in text
    for source in {c.source for c in [*(s.citation for s in landlord.steps), *(c.citation for c in landlord.channels)]}:
        assert squeeze(source.title) in text, source.title


def test_invitation_has_lines_to_fill_and_the_programme(pdf_dir):
    text = squeeze(text_of(pdf_dir / meeting.INVITATION))
    for label in ("Date :", "Heure :", "Lieu :", "Association :"):
        assert squeeze(label) in text, label
    for part in meeting.SESSION:
        assert squeeze(f"{part.title} ({part.minutes} min)") in text, part.title


def test_facilitators_guide_runs_ninety_minutes_with_the_letters_and_the_sheet(pdf_dir):
    text = squeeze(text_of(pdf_dir / meeting.ANIMATION))
    assert sum(p.minutes for p in meeting.SESSION) == 90
    assert squeeze("80 – 90 min") in text and squeeze("0 – 10 min") in text
    for part in meeting.SESSION:
        assert squeeze(part.title) in text, part.title
    for letter in letter_links(DATA):
        assert squeeze(letter.title) in text, letter.title
    assert squeeze("Fiche de suivi de ma réclamation") in text
    assert squeeze("Jeu de l’oie") in text


@pytest.mark.parametrize("item", KIT, ids=stem)
def test_tagged_pdf_with_language_title_and_structure(pdf_dir, item):
    reader = PdfReader(pdf_dir / item.path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == item.title


def _qr(pdf: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    subprocess.run([tool("pdftoppm"), "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    return subprocess.run([tool("zbarimg"), "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True)


@pytest.mark.parametrize("item", POSTERS + SUMMARIES, ids=stem)
def test_with_the_example_address_it_is_a_marked_preview_without_qr_code(pdf_dir, item, tmp_path):
    result = _qr(pdf_dir / item.path, tmp_path)
    assert result.returncode == 4 and result.stdout.strip() == ""  # zbarimg: no code found
    text = squeeze(text_of(pdf_dir / item.path))
    assert squeeze(PREVIEW) in text and "example/" not in text


@pytest.fixture(scope="module")
def published_kit(tmp_path_factory) -> Path:
    """The kit of a build given a real address (GUIDE_SITE_URL), as `make publish` makes it."""
    out = tmp_path_factory.mktemp("kit-publie")
    env = {**os.environ, "GUIDE_SITE_URL": PUBLIC_URL, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "meeting_kit.py"), "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


@pytest.mark.parametrize("item", POSTERS, ids=stem)
def test_poster_qr_code_opens_the_landlord_page(published_kit, item, tmp_path):
    path = published_kit / item.path
    assert _qr(path, tmp_path).stdout.strip() == f"{PUBLIC_URL}bailleurs/{item.landlord.id}/"
    assert "APERÇU" not in text_of(path)
    assert squeeze(f"guide.example.org/bailleurs/{item.landlord.id}") in squeeze(text_of(path))
    # The code is a figure with its alternative text, in the structure tree.
    figures = [e for e in _structure(PdfReader(path)) if e.get("/S") == "/Figure"]
    address = f"{PUBLIC_URL}bailleurs/{item.landlord.id}".removeprefix("https://")
    assert figures and all(str(f.get("/Alt", "")).startswith("Code QR qui ouvre")
                           and str(f.get("/Alt", "")).endswith(address) for f in figures)


def _structure(reader: PdfReader):
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if hasattr(node, "get"):
            yield node
            kids = node.get("/K")
            kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
            stack.extend(k for k in kids if hasattr(k, "get_object"))


@pytest.mark.parametrize("item", KIT, ids=stem)
def test_every_kit_pdf_passes_the_pdfua_checker(pdf_dir, item):
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(pdf_dir / item.path))
    found = [f"{f.rule_id} {f.severity.name} {f.message}" for f in report.findings
             if f.severity.name in ("ERROR", "WARNING")]
    assert not found, found


def test_the_print_page_lists_the_kit_under_its_own_heading(site_dir):
    html = (site_dir / "imprimer" / "index.html").read_text(encoding="utf-8")
    assert 'id="organiser-une-reunion"' in html
    section = html[html.index('id="organiser-une-reunion"'):]
    for item in KIT:
        assert f'href="../{item.path}"' in section, item.path


def test_made_again_the_same_data_gives_the_same_bytes(pdf_dir):
    printer = real_printer()
    try:
        for path in (meeting.INVITATION, meeting.ANIMATION, POSTERS[-1].path, SUMMARIES[0].path):
            assert printer.kit_document(path) == (pdf_dir / path).read_bytes(), path
    finally:
        printer.close()


def test_the_catalogue_names_each_file_once():
    paths = [i.path for i in catalogue.items(DATA.landlords, BUNDLE.federations)]
    assert len(paths) == len(set(paths))


def test_the_print_page_with_the_kit_has_no_wcag_violation(site_url, viewport_page):
    """/imprimer/ with its new section and table (header cells with their scope), on a phone and
    on a desktop screen, by axe-core as tests/test_accessibility.py runs it."""
    from support.browser import AXE, RUN_AXE, WCAG_TAGS, describe

    response = viewport_page.goto(f"{site_url}/imprimer/", wait_until="load")
    assert response is not None and response.status == 200
    viewport_page.evaluate(AXE.read_text(encoding="utf-8"))  # the pages' CSP blocks inline script tags
    violations = viewport_page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations)


def test_a_document_that_cannot_hold_on_its_page_stops_with_a_clear_message():
    """The type shrinks a notch at a time; past the smallest, the build stops and says which
    document and which template, in French (no traceback, no second page printed)."""
    from macros.build.settings import Settings
    from macros.printing.engine import PrintError
    from macros.printing.leaflet import Site
    from macros.printing.onepage import fitted_task
    from macros.printing.pool import close_worker_engine, shared

    shared.setdefault("fonts_dir", ROOT / "content" / "assets" / "vendor" / "fonts")
    site = Site(Settings.from_environment().site_name or "Guide", "https://guide.example.org/", None, None)
    try:
        with pytest.raises(PrintError) as caught:
            fitted_task("invitation.html.j2", meeting.invitation_context(site), meeting.a4(meeting.INVITATION),
                        (40.0, 36.0), meeting.STYLESHEETS, 1, "L'invitation")
    finally:
        close_worker_engine()
    message = str(caught.value)
    assert message.startswith("L'invitation ne tient pas sur 1 page") and "invitation.html.j2" in message
