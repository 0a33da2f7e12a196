"""Every PDF of the built site is a tagged PDF/UA-1 file, checked by pdfua (the machine-checkable
part of PDF/UA-1, without a JVM and without the network): structure tree, language, a title the
viewer shows, figures with alternative text, table headers with their scope, decoration as
artifacts. The leaflets' copies stay tagged through the stamping of their association box."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfWriter

from macros.data.federations import load_federations
from macros.data.guide import load_guide
from macros.printing import catalogue
from macros.printing.engine import templates
from macros.printing.guide_pdf import Linker, guide_html
from macros.printing.leaflet import Site
from support.pdf import marked_outside_the_tree, pdf_ua_problems, structure_elements, tool
from support.projects import ROOT

DATA = load_guide(root=ROOT)
FEDERATIONS = load_federations(ROOT / "circuits", ROOT, DATA.sources)
LANDLORD = DATA.landlords[0]
GUIDE = "pdf/guide-des-reclamations.pdf"
# A public address for printables made with one (never requested: a domain reserved for examples).
PUBLIC_URL = "https://guide.example.org/"


@pytest.fixture(scope="module")
def pdfs(site_dir) -> list[Path]:
    found = sorted(site_dir.rglob("*.pdf"))
    if not any(p.parent.name == "pdf" for p in found):
        pytest.fail(f"{site_dir} n'a pas de PDF : le site a été construit sans (GUIDE_PDF=0, ou pas de Chromium ?).")
    return found


def test_every_pdf_of_the_site_passes_the_pdf_ua_checker(site_dir, pdfs):
    """All of them, whichever part of the build made them (leaflets and their copies, the sheet,
    the guide, the letters, the questionnaires, the game, the posters and the meeting kit)."""
    kinds = {"depliant-", "fiche-de-suivi", "guide-des-reclamations", "lettres/", "questionnaires/"}
    names = [str(p.relative_to(site_dir)) for p in pdfs]
    assert all(any(kind in name for name in names) for kind in kinds), names
    failed = {name: problems for name, path in zip(names, pdfs) if (problems := pdf_ua_problems(path))}
    report = "\n".join(f"{name} :\n  " + "\n  ".join(problems) for name, problems in failed.items())
    assert not failed, f"{len(failed)} PDF sur {len(pdfs)} ne passent pas le contrôle PDF/UA-1 (pdfua) :\n{report}"


def test_all_marked_content_is_in_the_structure_tree_and_pagination_is_an_artifact(site_dir, pdfs):
    """Beyond the checker: no text is tagged for a structure element outside the tree (WeasyPrint
    does so with the running title and page numbers, which are pagination: artifacts)."""
    stray = {}
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            if "/StructTreeRoot" in pdf.Root and (count := marked_outside_the_tree(pdf)):
                stray[str(path.relative_to(site_dir))] = count
    assert not stray, f"contenu balisé hors de l'arbre de structure : {stray}"
    with pikepdf.open(site_dir / catalogue.leaflet_path(LANDLORD)) as pdf:
        verso = list(pikepdf.parse_content_stream(pdf.pages[1]))
    artifacts = [op for op in verso if str(op.operator) == "BMC" and str(op.operands[0]) == "/Artifact"]
    assert artifacts, "ni fond, ni filet, ni numéro de page marqués comme artefacts"


def test_the_checker_finds_an_untagged_pdf(tmp_path):
    """The check can fail: a PDF with no structure tree, no language, no title is reported."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(tmp_path / "nu.pdf")
    problems = "\n".join(pdf_ua_problems(tmp_path / "nu.pdf"))
    for rule in ("UA-01-005", "UA-01-002", "UA-06-001", "UA-07-002"):
        assert rule in problems, problems


def test_the_checker_runs_without_the_network(site_dir, pdfs):
    """pdfua fetches nothing: run over a leaflet's copy and the guide, in a process where opening
    any connection or resolving any name stops everything."""
    chosen = [str(site_dir / catalogue.leaflet_path(LANDLORD, FEDERATIONS[0])), str(site_dir / GUIDE)]
    script = (
        "import sys\n"
        "def guard(event, args):\n"
        "    if event.startswith(('socket.', 'urllib.', 'http.', 'ftplib.', 'smtplib.')):\n"
        "        raise SystemExit(f'réseau demandé : {event} {args!r}'[:300])\n"
        "sys.addaudithook(guard)\n"
        "from support.pdf import pdf_ua_problems\n"
        "for path in sys.argv[1:]:\n"
        "    print(path, len(pdf_ua_problems(path)))\n")
    done = subprocess.run([sys.executable, "-c", script, *chosen], cwd=ROOT / "tests", capture_output=True,
                          text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert done.stdout.count("\n") == len(chosen), done.stdout


def _described(alt: str, landlord) -> list[str]:
    """What of the circuit the figure's text leaves out: steps and conditions (those are in the drawing only)."""
    text = alt.replace("\u00a0", " ").replace("'", "’")
    wanted = [f"Étape {s.number}, « {s.title} »" for s in landlord.steps]
    wanted += [t.condition for t in landlord.transitions if t.condition]
    return [w for w in wanted if w.replace("'", "’") not in text]


def test_circuit_diagrams_are_described_in_words(site_dir):
    """The circuit's figure, in each leaflet and in the guide, says every step and every condition
    written in the drawing."""
    with pikepdf.open(site_dir / GUIDE) as guide:
        in_guide = [str(f.get("/Alt", "")) for f in structure_elements(guide, "/Figure")]
    for landlord in DATA.landlords:
        with pikepdf.open(site_dir / catalogue.leaflet_path(landlord)) as pdf:
            alts = [str(f.get("/Alt", "")) for f in structure_elements(pdf, "/Figure")]
        for where, found in (("dépliant", alts), ("guide", in_guide)):
            name = f"Schéma du circuit des réclamations {landlord.of_name}".replace("'", "’")
            diagram = next((alt for alt in found if alt.replace("'", "’").startswith(name)), None)
            assert diagram is not None, (where, found)
            assert not _described(diagram, landlord), (where, _described(diagram, landlord))


def test_guide_table_headers_have_their_scope(site_dir):
    pdf = pikepdf.open(site_dir / GUIDE)
    headers = structure_elements(pdf, "/TH")
    assert headers, "aucun en-tête de tableau balisé dans le guide"
    scopes = {str(h.A.get("/Scope")) for h in headers}
    assert scopes <= {"/Column", "/Row"} and "None" not in scopes, scopes


@pytest.mark.parametrize("federation", [None, *FEDERATIONS[:1]], ids=lambda f: f.id if f else "vierge")
def test_stamped_association_box_is_tagged_content(site_dir, federation):
    """The box stamped on a copy is one marked-content sequence of the box's paragraph, listed in
    the parent tree; the XMP title is the copy's own, as the document information's."""
    pdf = pikepdf.open(site_dir / catalogue.leaflet_path(LANDLORD, federation))
    verso = pdf.pages[1]
    marks = [op for op in pikepdf.parse_content_stream(verso) if str(op.operator) == "BDC"]
    mcid = int(marks[-1].operands[1].MCID)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owner = nums[list(nums).index(int(verso.StructParents)) + 1][mcid]
    assert owner.S == "/P" and list(owner.K) == [mcid] and owner.P.get("/S") is not None
    assert "/ID" not in owner
    kids = [k.objgen for k in owner.P.K if isinstance(k, pikepdf.Dictionary)]
    assert owner.objgen in kids, "le cadre n'est pas dans l'arbre de structure"
    with pdf.open_metadata() as xmp:
        assert xmp.get("dc:title") == str(pdf.trailer.Info.Title)
    assert str(pdf.Root.Lang) == "fr" and pdf.Root.ViewerPreferences.DisplayDocTitle


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The leaflets and the sheet of a build given a real address: they carry QR codes."""
    out = tmp_path_factory.mktemp("publies-ua")
    env = {**os.environ, "GUIDE_SITE_URL": PUBLIC_URL, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "leaflets.py"), "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def test_qr_code_says_where_it_leads_and_still_decodes(published, tmp_path):
    path = published / catalogue.leaflet_path(LANDLORD, FEDERATIONS[0])
    assert pdf_ua_problems(path) == []
    address = f"{PUBLIC_URL}bailleurs/{LANDLORD.id}/"
    pdf = pikepdf.open(path)
    alts = [str(f.get("/Alt", "")) for f in structure_elements(pdf, "/Figure")]
    assert any(alt.startswith("Code QR qui ouvre") and alt.endswith(address.removeprefix("https://").rstrip("/"))
               for alt in alts), alts
    subprocess.run([tool("pdftoppm"), "-r", "200", "-f", "2", "-l", "2", "-png", "-singlefile", str(path),
                    str(tmp_path / "verso")], check=True)
    read = subprocess.run([tool("zbarimg"), "--raw", "-q", str(tmp_path / "verso.png")], capture_output=True, text=True)
    assert read.stdout.strip() == address


def test_guide_cover_qr_code_says_where_it_leads():
    """With a real address, the guide's cover carries a QR code: an image whose text gives the address."""
    site = Site("Guide", PUBLIC_URL, None, None)
    html = guide_html(templates(), site, [], Linker([], PUBLIC_URL, {}), "Description", None, ["ACTIS"],
                      "Guide", "Territoire", "Ses auteurs")
    cover = html[html.index('class="cover-qr"'):]
    assert cover.index("<img") < cover.index("</div>")
    assert 'alt="Code QR qui ouvre la version en ligne du guide\u00a0: guide.example.org"' in cover
