"""The printed documents, checked on the PDFs of the built site (GUIDE_SITE or site/):
page counts, the words of each circuit, a vector diagram with text labels, a QR code that
decodes, embedded fonts, bookmarks and metadata, the same bytes when made again."""
from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ContentStream

from macros.data.guide import load_guide
from macros.printing import catalogue
from macros.printing.engine import human_size, svg_image
from macros.data.federations import load_federations
from macros.data.problems import DataErrors
from support.pdf import real_printer, squeeze, tool
from support.projects import ROOT, run_script

GUIDE = "pdf/guide-des-reclamations.pdf"
SHEET = "pdf/fiche-de-suivi.pdf"
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"].rstrip("/") + "/"
DATA = load_guide(root=ROOT)
FEDERATIONS = load_federations(ROOT / "circuits", ROOT, DATA.sources)
ITEMS = catalogue.items(DATA.landlords, FEDERATIONS)
LEAFLETS = [i for i in ITEMS if i.kind == "depliant"]
BASE_LEAFLETS = [i for i in LEAFLETS if i.federation is None]


@pytest.fixture(scope="module")
def pdf_dir(site_dir) -> Path:
    folder = site_dir / catalogue.PDF_DIR
    if not folder.is_dir():
        pytest.fail(f"{folder} n'existe pas : le site a été construit sans PDF (GUIDE_PDF=0, ou pas de Chromium ?).")
    return folder.parent


@lru_cache(maxsize=None)
def text_of(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = [tool("pdftotext"), "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_pdf_of_the_catalogue_is_built(pdf_dir):
    missing = [i.path for i in ITEMS if not (pdf_dir / i.path).is_file()]
    assert not missing, f"PDF absents du site : {missing}"
    assert len(LEAFLETS) == len(DATA.landlords) * (1 + len(FEDERATIONS))


@pytest.mark.parametrize("item", LEAFLETS, ids=lambda i: Path(i.path).stem)
def test_each_leaflet_is_exactly_two_pages(pdf_dir, item):
    assert len(PdfReader(pdf_dir / item.path).pages) == 2


@pytest.mark.parametrize("item", BASE_LEAFLETS, ids=lambda i: i.landlord.id)
def test_leaflet_names_every_step_of_its_circuit(pdf_dir, item):
    text = squeeze(text_of(pdf_dir / item.path))
    missing = [s.title for s in item.landlord.steps if squeeze(s.title) not in text]
    assert not missing, f"{item.path} : étapes absentes du texte : {missing}"
    assert squeeze(f"Votre réclamation chez {item.landlord.short_name}") in text


def _operators(reader: PdfReader, page) -> list[bytes]:
    """Every drawing operator of a page, including those inside its form XObjects."""
    ops: list[bytes] = []

    def walk(stream_owner, resources, depth=0):
        content = ContentStream(stream_owner, reader)
        ops.extend(op for _, op in content.operations)
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and depth < 5:
                walk(xobject, xobject.get("/Resources"), depth + 1)
            elif xobject.get("/Subtype") == "/Image":
                ops.append(b"IMAGE")

    walk(page.get_contents(), page.get("/Resources").get_object())
    return ops


@pytest.mark.parametrize("item", BASE_LEAFLETS, ids=lambda i: i.landlord.id)
def test_leaflet_diagram_is_vector_with_text_labels(pdf_dir, item):
    reader = PdfReader(pdf_dir / item.path)
    ops = _operators(reader, reader.pages[0])
    assert b"IMAGE" not in ops, "le schéma (ou autre chose) est une image bitmap en page 1"
    # Boxes and curved arrows: one curve at least per transition, one path per step.
    assert ops.count(b"c") >= len(item.landlord.transitions)
    assert ops.count(b"re") + ops.count(b"l") >= len(item.landlord.steps)
    # The transition labels exist only in the diagram: there, they are text, not outlines.
    text = squeeze(text_of(pdf_dir / item.path, 1, 1))
    conditions = [t.condition for t in item.landlord.transitions if t.condition]
    assert conditions, "aucune condition à chercher dans le schéma"
    missing = [c for c in conditions if squeeze(c) not in text]
    assert not missing, f"libellés du schéma absents du texte : {missing}"


# A public address for the leaflets made with one (never requested: a domain reserved for examples).
PUBLIC_URL = "https://guide.example.org/"


@pytest.fixture(scope="module")
def published_leaflets(tmp_path_factory) -> Path:
    """The leaflets of a build given a real address (GUIDE_SITE_URL), as `make publish` makes them."""
    out = tmp_path_factory.mktemp("publies")
    env = {**os.environ, "GUIDE_SITE_URL": PUBLIC_URL, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "leaflets.py"), "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def _qr_of(pdf: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    subprocess.run([tool("pdftoppm"), "-r", "200", "-f", "2", "-l", "2", "-png", "-singlefile",
                    str(pdf), str(tmp_path / "verso")], check=True)
    return subprocess.run([tool("zbarimg"), "--raw", "-q", str(tmp_path / "verso.png")], capture_output=True, text=True)


@pytest.mark.parametrize("item", BASE_LEAFLETS, ids=lambda i: i.landlord.id)
def test_leaflet_qr_code_opens_the_landlord_page(published_leaflets, item, tmp_path):
    result = _qr_of(published_leaflets / item.path, tmp_path)
    assert result.stdout.strip() == f"{PUBLIC_URL}bailleurs/{item.landlord.id}/"
    assert "APERÇU" not in text_of(published_leaflets / item.path)


@pytest.mark.parametrize("item", BASE_LEAFLETS, ids=lambda i: i.landlord.id)
def test_with_the_example_address_a_leaflet_is_a_marked_preview_without_qr_code(pdf_dir, item, tmp_path):
    assert SITE_URL.endswith(".example/"), "mkdocs.yml porte l'adresse d'exemple"
    result = _qr_of(pdf_dir / item.path, tmp_path)
    assert result.returncode == 4 and result.stdout.strip() == ""  # zbarimg: no code found
    assert squeeze("APERÇU — adresse du site à définir") in squeeze(text_of(pdf_dir / item.path, 2, 2))
    for other in ("pdf/guide-des-reclamations.pdf", "pdf/fiche-de-suivi.pdf", "jeu/cartes-generique.pdf"):
        text = squeeze(text_of(pdf_dir / other))
        assert squeeze("APERÇU — adresse du site à définir") in text and "example/" not in text, other


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: Path(i.path).stem)
def test_fonts_are_embedded_and_none_is_a_fallback(pdf_dir, item):
    out = subprocess.run([tool("pdffonts"), str(pdf_dir / item.path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out, "aucune police"
    for row in out:
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), f"police non incorporée : {row}"
        # A glyph missing from Atkinson Hyperlegible would come out in another (fallback) font.
        assert "Atkinson-Hyperlegible" in row.split()[0], f"police de secours (glyphe manquant ?) : {row}"


def test_guide_has_bookmarks_title_language_and_date(pdf_dir):
    reader = PdfReader(pdf_dir / GUIDE)
    top = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert "Sommaire" in top
    for landlord in DATA.landlords:
        assert any(landlord.short_name in title for title in top), f"pas de signet pour {landlord.short_name}"
    assert any(isinstance(entry, list) for entry in reader.outline), "pas de signets de second niveau"
    assert reader.metadata.title == "Guide des réclamations HLM en Isère"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.metadata.get("/CreationDate"), "pas de date dans les métadonnées"
    assert len(reader.pages) > 2 + len(DATA.landlords)


def test_guide_table_of_contents_has_page_numbers(pdf_dir):
    toc = text_of(pdf_dir / GUIDE, 2, 2)
    assert "Sommaire" in toc
    first = DATA.landlords[0]
    line = next(l for l in toc.splitlines() if f"chez {first.short_name}" in l)
    assert re.search(r"\.\s*\d+\s*$", line), f"pas de numéro de page : {line!r}"
    # A word marked up inside an elision (« L’<abbr>astreinte</abbr> ») keeps its apostrophe tight.
    entries = [l for l in text_of(pdf_dir / GUIDE, 2, 4).splitlines() if re.search(r"\. \.", l)]
    assert any("’astreinte" in l for l in entries)
    assert not [l for l in entries if re.search(r"[’'] \w", l)]


def test_guide_prints_french_characters_without_missing_glyphs(pdf_dir):
    text = text_of(pdf_dir / GUIDE)
    for char in "éèàçœ’«»":
        assert char in text, f"{char!r} absent du guide"
    assert "\ufffd" not in text
    assert "flowchart" not in text, "un schéma est imprimé comme du code Mermaid"
    # pdftotext turns non-breaking spaces into spaces; pypdf keeps them (cover and contents suffice).
    reader = PdfReader(pdf_dir / GUIDE)
    assert "\u00a0" in "".join(reader.pages[i].extract_text() for i in range(min(3, len(reader.pages))))


def test_leaflet_prints_french_characters(pdf_dir):
    text = "".join(page.extract_text() for page in PdfReader(pdf_dir / BASE_LEAFLETS[0].path).pages)
    for char in "éèàçœ’«»\u00a0":
        assert char in text, f"{char!r} absent du dépliant"


@pytest.mark.parametrize("item", [i for i in LEAFLETS if i.federation], ids=lambda i: Path(i.path).stem)
def test_federation_leaflet_prints_its_name_and_only_given_details(pdf_dir, item):
    verso = text_of(pdf_dir / item.path, 2, 2)
    assert item.federation.acronym in verso
    given = [value for _, value in item.federation.contact if value]
    for value in given:
        assert squeeze(value) in squeeze(verso)
    if not any(value for label, value in item.federation.contact if label in ("Téléphone", "Courriel")):
        # Nothing invented: no phone number, no e-mail address the data does not give. The only
        # numbers allowed are those the shared data gives with a source (the recourse ladder's).
        sourced = {squeeze(m.group(0)) for r in load_guide().ladder if r.reach
                   for m in re.finditer(r"\b0\d([ .]?\d\d){4}\b", r.reach)}
        found = {squeeze(m.group(0)) for m in re.finditer(r"\b0\d([ .]?\d\d){4}\b", verso)}
        assert found <= sourced, found - sourced
        assert "@" not in verso


@pytest.mark.parametrize("item", [i for i in LEAFLETS if i.federation], ids=lambda i: Path(i.path).stem)
def test_federation_leaflet_is_the_laid_out_leaflet_plus_a_small_update(pdf_dir, item):
    """Each copy of a landlord's leaflet (blank box or a federation's) is the same laid-out PDF
    followed by an incremental update: the box, the title. Not a second layout, not a rewrite."""
    blank = (pdf_dir / next(i for i in BASE_LEAFLETS if i.landlord == item.landlord).path).read_bytes()
    copy = (pdf_dir / item.path).read_bytes()
    assert copy.count(b"%%EOF") == blank.count(b"%%EOF") == 2  # the leaflet's end, then the update's
    laid_out = blank[:blank.index(b"%%EOF") + len(b"%%EOF")]
    assert copy.startswith(laid_out), "la copie ne reprend pas le dépliant mis en page"
    assert len(copy) - len(laid_out) < 20_000
    # The update's cross-reference stream points at each object it adds or replaces, byte for byte.
    reader = PdfReader(io.BytesIO(copy), strict=True)
    for number, offset in reader.xref[0].items():
        assert copy[offset:].startswith(b"%d 0 obj" % number), f"objet {number} : mauvais décalage {offset}"


@pytest.mark.parametrize("item", LEAFLETS, ids=lambda i: Path(i.path).stem)
def test_every_leaflet_opens_in_ghostscript_without_error(pdf_dir, item):
    """A second reader besides poppler, of the kind print shops' software is built on: every copy
    of a leaflet is the laid-out leaflet plus an update written by stamping.py, and must read there
    too. (The whole guide, written by WeasyPrint in one go, takes Ghostscript minutes.)"""
    done = subprocess.run([tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage",
                           str(pdf_dir / item.path)], capture_output=True, text=True)
    report = done.stdout + done.stderr
    assert done.returncode == 0 and "error" not in report.lower(), report


def test_tracking_sheet_is_two_pages_built_from_the_data(pdf_dir):
    assert len(PdfReader(pdf_dir / SHEET).pages) == 2
    text = squeeze(text_of(pdf_dir / SHEET))
    assert squeeze("Fiche de suivi de ma réclamation") in text
    for landlord in DATA.landlords:
        assert squeeze(landlord.short_name) in text
    for rung in DATA.ladder:
        assert squeeze(rung.title) in text, rung.title


def test_print_page_lists_every_pdf_with_its_real_size_and_pages(site_dir, pdf_dir):
    html = (site_dir / "imprimer" / "index.html").read_text(encoding="utf-8")
    assert "imprimer-liste" not in html, "un marqueur de liste n'a pas été remplacé"
    for item in ITEMS:
        data = (pdf_dir / item.path).read_bytes()
        pages = len(PdfReader(io.BytesIO(data)).pages)
        assert f'href="../{item.path}"' in html, item.path
        assert human_size(len(data)).replace("\u00a0", "&nbsp;") in html or human_size(len(data)) in html
        assert f"{pages}\u00a0page" in html or f"{pages}&nbsp;p" in html or f"{pages}\u00a0p" in html


def test_landlord_pages_and_home_page_link_the_pdfs(site_dir):
    for landlord in DATA.landlords:
        html = (site_dir / "bailleurs" / landlord.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../pdf/depliant-{landlord.id}.pdf"' in html
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{GUIDE}"' in home and f'href="{SHEET}"' in home


def test_a_leaflet_made_again_has_the_same_bytes(pdf_dir):
    printer = real_printer()
    landlord, federation = DATA.landlords[0], FEDERATIONS[0]
    try:
        assert printer.leaflet(landlord) == (pdf_dir / catalogue.leaflet_path(landlord)).read_bytes()
        made = printer.leaflet(landlord, federation)
    finally:
        printer.close()
    assert made == (pdf_dir / catalogue.leaflet_path(landlord, federation)).read_bytes()


def test_federation_data_problems_name_file_and_line(project_copy):
    path = project_copy / "circuits" / "federations.yaml"
    original = path.read_text(encoding="utf-8")
    cases = [(original.replace("    sigle: CLCV\n", "", 1), "sigle"),
             (original.replace("{ref: bilan-2017", "{ref: source-inconnue", 1), "source-inconnue")]
    for broken, expected in cases:
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(DataErrors) as caught:
            load_federations(project_copy / "circuits", project_copy, DATA.sources)
        report = caught.value.report()
        assert re.search(r"circuits/federations\.yaml:\d+: ", report), report
        assert expected in report, report


def test_make_leaflets_alone_gives_the_built_bytes(pdf_dir, tmp_path):
    done = run_script("leaflets.py", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.pdf"))
    leaflets = [item.path for item in ITEMS if item.kind == "depliant"]
    assert {str(p) for p in made} >= set(leaflets)
    for path in leaflets:
        assert (tmp_path / path).read_bytes() == (pdf_dir / path).read_bytes(), path


def test_an_svg_goes_to_weasyprint_as_an_image_unless_it_is_not_xml():
    """Diagrams and boards are handed over as images (parsed once, no HTML cascade over their
    elements); one that an XML parser refuses stays inline, where the HTML parser forgives it."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><title>Schéma</title><rect width="4" height="3"/></svg>'
    image = svg_image(svg, "Plateau « A & B »")
    assert image.startswith('<img src="data:image/svg+xml;base64,')
    assert 'alt="Plateau « A &amp; B »"' in image
    assert base64.b64decode(image.split("base64,", 1)[1].split('"', 1)[0]).decode("utf-8") == svg
    broken = '<svg><g></svg>'
    assert svg_image(broken, "x") == broken
