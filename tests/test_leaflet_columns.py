"""The leaflet's steps in two columns: two floated lists, split by leaflet.py, because CSS
`columns` took a third of a leaflet's layout time. They must look exactly like the CSS columns
they replace, and a column too long for the recto must never run on over the verso."""
from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest
import yaml
from PIL import Image, ImageChops

from macros.data.guide import load_guide
from macros.printing.columns import balanced_split, text_widths
from macros.printing.engine import FONT_FILES
from macros.printing.leaflet import FITS, leaflet_html, render_base
from support.pdf import real_printer, squeeze, tool
from support.projects import ROOT

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
DATA = load_guide(root=ROOT)
# What leaflet.css said before the split moved to Python: the reference to match.
CSS_COLUMNS = "<style>.steps { float: none !important; width: auto !important; columns: 2; column-gap: 8mm; }</style>"


@pytest.fixture(scope="module")
def printer(site_dir):
    made = real_printer()
    yield made
    made.close()


@pytest.mark.parametrize("heights, left", [
    ([], 0), ([5], 1),
    ([1, 1, 1, 1], 2),
    ([1, 1, 1], 2),        # a tie: the left column takes more, as CSS columns fill the first one first
    ([4, 1, 1, 1], 1), ([1, 1, 1, 4], 3),
    ([2, 1, 1, 1, 1], 2),
])
def test_balanced_split_makes_the_taller_column_as_short_as_it_can_be(heights, left):
    assert balanced_split(heights) == left


def test_line_count_follows_the_font_width_and_keeps_no_break_spaces_together():
    bold = text_widths(ROOT / "content" / "assets" / "vendor" / "fonts" / FONT_FILES[(700, "normal")])
    assert bold.lines("Le problème est réglé", 10, 85) == 1
    long = " ".join(["réclamation"] * 12)
    assert bold.lines(long, 10, 85) == 3 > bold.lines(long, 10, 170)
    # A no-break space is no place to break: one word too long for a line stays on one line.
    assert bold.lines("\u00a0".join(["mot"] * 40), 10, 85) == 1


def _page_png(pdf: bytes, page: int, folder, name: str) -> Image.Image:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run([tool("pdftoppm"), "-r", "100", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    str(path), str(folder / name)], check=True)
    return Image.open(folder / f"{name}.png").convert("RGB")


def _made(printer, landlord, figure_of=None):
    return render_base(printer.engine, printer.site, DATA, landlord, printer.figure(figure_of or landlord),
                       printer.landlord_url(figure_of or landlord))


def test_floated_columns_look_exactly_like_css_columns(printer, tmp_path):
    landlord = max(DATA.landlords, key=lambda l: len(l.steps))
    leaflet = _made(printer, landlord)
    assert 0 < leaflet.split < len(landlord.steps)
    # The same leaflet with its steps in one list, laid out in two columns by CSS.
    html = leaflet_html(printer.engine.jinja, printer.site, DATA, landlord, printer.figure(landlord),
                        printer.landlord_url(landlord), leaflet.fit, None).replace("</head>", CSS_COLUMNS + "</head>")
    reference = printer.engine.write(printer.engine.render(html, "print-base.css", "leaflet.css", images={}))
    for page in (1, 2):
        made, expected = (_page_png(pdf, page, tmp_path, f"{name}-{page}")
                          for pdf, name in ((leaflet.pdf, "floats"), (reference, "colonnes")))
        assert ImageChops.difference(made, expected).getbbox() is None, f"page {page} differs from CSS columns"


def test_steps_too_long_for_the_recto_make_the_type_smaller_not_run_onto_the_verso(printer, tmp_path):
    landlord = DATA.landlords[0]
    steps = [dataclasses.replace(landlord.steps[n % len(landlord.steps)],
                                 title=f"{landlord.steps[n % len(landlord.steps)].title} (n°{n + 1})")
             for n in range(16)]
    crowded = dataclasses.replace(landlord, steps=steps)
    leaflet = _made(printer, crowded, figure_of=landlord)
    # At the first size the columns spill over the recto's foot (floats do not push the verso away).
    assert leaflet.fit != FITS[0]
    path = tmp_path / "serre.pdf"
    path.write_bytes(leaflet.pdf)

    def page_text(page: int) -> str:
        return squeeze(subprocess.run([tool("pdftotext"), "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                                       str(path), "-"], capture_output=True, text=True, check=True).stdout)

    recto, verso = page_text(1), page_text(2)
    # Each step's own tag: one unbreakable word, that the step list alone has.
    tags = [f"(n°{n})" for n in range(1, len(steps) + 1)]
    assert not [t for t in tags if t not in recto]
    assert not [t for t in tags if t in verso], "des étapes débordent sur le verso"
    # Both columns are numbered as one list: the second one goes on from the first.
    numbers = [int(n) for n in re.findall(r"(\d+)\.", recto)]
    assert set(range(1, len(steps) + 1)) <= set(numbers)


def test_a_circuit_too_long_for_any_size_stops_with_the_file_to_shorten(printer):
    from macros.printing.engine import PrintError

    landlord = DATA.landlords[0]
    steps = [dataclasses.replace(landlord.steps[0], title=f"{landlord.steps[0].title} (n°{n})") for n in range(60)]
    with pytest.raises(PrintError, match=rf"ne tient pas sur 2 pages.*{re.escape(landlord.file)}"):
        _made(printer, dataclasses.replace(landlord, steps=steps), figure_of=landlord)
