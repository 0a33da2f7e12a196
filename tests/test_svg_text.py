"""SVG labels in the PDFs are drawn a run at a time (macros/printing/svg_text.py), not a letter at
a time as WeasyPrint does: the same text in the same place, and text that places its letters one
by one still drawn by WeasyPrint's own function."""
from __future__ import annotations

import re
import subprocess
from importlib.metadata import version

import pytest
from PIL import Image, ImageOps

from support.pdf import tool
from support.projects import ROOT
from macros.printing import svg_text
from macros.printing.engine import Engine, svg_image

FONTS = ROOT / "content" / "assets" / "vendor" / "fonts"
LABEL = "Le bailleur répond : 1.500 € « sous 8 jours »"
# Mermaid's way: the words in an inner tspan, with no position of its own, centred on the node.
MERMAID_LABEL = (f'<g transform="translate(200, 40)"><text y="-10.1" text-anchor="middle">'
                 f'<tspan x="0" y="-0.1em" dy="1.1em"><tspan font-weight="bold">{LABEL}</tspan></tspan></text></g>'
                 '<text x="20" y="80">Relance <tspan font-style="italic">sans réponse</tspan></text>')
PER_LETTER = ('<text x="10 30 50 70" y="50">abcd</text><text x="10" y="90" rotate="30">tourné</text>'
              '<text x="10" y="120" dx="0 4 8">écart</text><text x="10" y="150" letter-spacing="3">espacé</text>')


@pytest.fixture(scope="module")
def engine():
    made = Engine(FONTS)
    yield made
    made.close()


def pdf_of(engine: Engine, drawing: str) -> bytes:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 170" '
           f'style="font-family: \'Atkinson Hyperlegible\'; font-size: 16px">{drawing}</svg>')
    html = f'<html lang="fr"><body style="margin: 0"><p style="width: 160mm">{svg_image(svg, "Schéma")}</p></body></html>'
    return engine.render(html).write_pdf(uncompressed_pdf=True)


def letter_by_letter(monkeypatch) -> None:
    """WeasyPrint's own function back in place, for the comparison."""
    from weasyprint import svg as weasy_svg

    original = weasy_svg.text.letter_by_letter
    for tag, draw in list(weasy_svg.TAGS.items()):
        if draw is weasy_svg.text:
            monkeypatch.setitem(weasy_svg.TAGS, tag, original)
    monkeypatch.setattr(weasy_svg, "text", original)


def placed_texts(pdf: bytes) -> int:
    """How many times a text is placed (one text matrix per run, or per letter)."""
    return len(re.findall(rb"(?m) Tm$", pdf))


def png(pdf: bytes, folder, name: str) -> Image.Image:
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run([tool("pdftoppm"), "-r", "150", "-png", "-singlefile", str(folder / f"{name}.pdf"),
                    str(folder / name)], check=True)
    return Image.open(folder / f"{name}.png").convert("L")


def pdf_text(pdf: bytes) -> str:
    return subprocess.run([tool("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_written_for_the_pinned_weasyprint():
    # svg_text.py stands in for a part of WeasyPrint's svg/text.py: an upgrade must look at it again.
    assert version("weasyprint") == svg_text.WRITTEN_FOR


def test_a_label_is_placed_once_with_the_same_words_in_the_same_place(engine, monkeypatch, tmp_path):
    runs = pdf_of(engine, MERMAID_LABEL)
    letter_by_letter(monkeypatch)
    letters = pdf_of(engine, MERMAID_LABEL)

    # Three runs (the label, then "Relance " and its italic tspan), against one per letter.
    assert placed_texts(runs) == 3
    assert placed_texts(letters) == len((LABEL + "Relance sans réponse").replace(" ", ""))
    assert LABEL in pdf_text(runs)
    assert "Relance sans réponse" in pdf_text(runs)

    # Same ink, in the same box: kerning moves a glyph by a fraction of a pixel at most.
    drawn = {name: png(pdf, tmp_path, name) for name, pdf in (("runs", runs), ("letters", letters))}
    boxes = {name: ImageOps.invert(image).getbbox() for name, image in drawn.items()}
    assert boxes["runs"] is not None
    assert all(abs(a - b) <= 2 for a, b in zip(boxes["runs"], boxes["letters"])), boxes
    ink = {name: sum(image.histogram()[:128]) for name, image in drawn.items()}
    assert abs(ink["runs"] - ink["letters"]) <= 0.03 * ink["letters"], ink


def test_letters_placed_one_by_one_are_drawn_by_weasyprint_itself(engine, monkeypatch):
    runs = pdf_of(engine, PER_LETTER)
    letter_by_letter(monkeypatch)
    assert pdf_of(engine, PER_LETTER) == runs
    assert placed_texts(runs) == len("abcd" + "tourné" + "écart" + "espacé")


def test_installing_twice_keeps_one_wrapper():
    from weasyprint import svg as weasy_svg

    before = weasy_svg.text
    svg_text.install()
    assert weasy_svg.text is before and before.draws_runs
    assert weasy_svg.TAGS["tspan"] is before and weasy_svg.TAGS["text"] is before
    assert weasy_svg.TAGS["textPath"] is before  # routed back to WeasyPrint's function inside


def test_another_weasyprint_version_keeps_its_own_drawing():
    """The patch touches WeasyPrint's internals: on any other version it must not apply."""
    import subprocess
    import sys

    script = ("import weasyprint\nfrom weasyprint import svg\noriginal = svg.TAGS['text']\n"
              "weasyprint.__version__ = '0.0'\nfrom macros.printing import svg_text\nsvg_text.install()\n"
              "assert svg.TAGS['text'] is original and svg.text is original, 'patched'\n"
              "weasyprint.__version__ = svg_text.WRITTEN_FOR\nsvg_text.install()\n"
              "assert svg.TAGS['text'] is not original, 'not patched on its own version'\nprint('ok')")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr
