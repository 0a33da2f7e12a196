"""The diagrams of a build are drawn once, by whichever hook asks first: the print hook, which
goes before the others so that the leaflets start while the pages are still being generated."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT
from macros.diagrams import drawing
from macros.data.guide import load_guide


def test_one_guide_is_drawn_once_and_another_guide_again(monkeypatch):
    calls = []

    def render(sources, chromium, stats, keep_browser=False):
        calls.append(sorted(sources))
        stats.rendered += len(sources)
        return {name: f"<svg>{name}</svg>" for name in sources}

    monkeypatch.setattr(drawing, "render_svgs", render)
    monkeypatch.setattr(drawing, "find_chromium", lambda: "chromium")
    monkeypatch.setattr(drawing, "_last", None)
    guide = load_guide(root=ROOT)
    first = drawing.circuit_diagrams(guide)
    assert drawing.circuit_diagrams(guide) is first
    assert calls == [sorted(l.id for l in guide.landlords)]
    assert first.svgs["actis"] == "<svg>actis</svg>" and first.sources["actis"].startswith("flowchart")
    drawing.circuit_diagrams(load_guide(root=ROOT))  # a rebuild's guide: asked of the cache again
    assert len(calls) == 2


def test_the_print_hook_handles_the_files_before_the_hooks_that_generate_pages():
    # In a process of its own: loading the hooks reloads the macros package.
    script = ("import json, sys\nfrom mkdocs.config import load_config\n"
              f"config = load_config({str(ROOT / 'mkdocs.yml')!r})\n"
              "print(json.dumps([getattr(h, '__module__', '') for h in config.plugins.events['files']]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    order = [name for name in json.loads(done.stdout.strip().splitlines()[-1]) if name.startswith("overrides/hooks/")]
    assert order[0] == "overrides/hooks/print.py", order
    assert {"overrides/hooks/circuits.py", "overrides/hooks/embed.py"} <= set(order[1:])


def test_tidying_shortens_coordinates_but_leaves_the_labels_figures_alone():
    from macros.diagrams.figures import tidy_svg

    svg = ('<svg viewBox="0 0 120.123456 40.5"><path d="M1.23456,2.5 L10.98765,3"/>'
           '<text x="4.56789">Loyer de 1.500 € ou 3.14159</text></svg>')
    tidied = tidy_svg(svg)
    assert 'viewBox="0 0 120.12 40.5"' in tidied and 'd="M1.23,2.5 L10.98,3"' in tidied and 'x="4.56"' in tidied
    assert ">Loyer de 1.500 € ou 3.14159</text>" in tidied


def test_simplifying_draws_a_stadium_as_one_rounded_rectangle_and_a_line_as_one_tspan():
    from macros.diagrams.simplify import simplify

    # Mermaid's stadium: 2 r high, its top edge from -(w/2 - r) to w/2 - r, then half-circles.
    stadium = ('<g class="basic label-container outer-path"><path d="M-99.5 -16 C-47.1 -16, 5.1 -16, 99.5 -16 '
               'C99.8 -15.9, 100.1 -15.9, 100.5 -15.9 L0 16" stroke="none" stroke-width="0" fill="#eee" style="">'
               '</path><path d="M-99.5 -16 C0 -16, 0 -16, 99.5 -16" stroke="#999" stroke-width="1.3" fill="none" '
               'stroke-dasharray="0 0" style=""></path></g>')
    assert simplify(stadium) == ('<g class="basic label-container outer-path"><rect x="-115.5" y="-16" width="231" '
                                 'height="32" rx="16" ry="16" fill="#eee" stroke="#999" stroke-width="1.3" style="">'
                                 '</rect></g>')
    lopsided = stadium.replace("M-99.5 -16", "M-90 -16", 1)
    assert simplify(lopsided) == lopsided  # not the shape we know: left as it is
    plain, bold = 'font-style="normal" font-weight="normal"', 'font-style="normal" font-weight="bold"'
    line = (f'<tspan class="text-outer-tspan" x="0"><tspan {plain}>Le</tspan><tspan {plain}> loyer</tspan>'
            f'<tspan {bold}> payé</tspan><tspan {plain}> en</tspan><tspan {plain}> retard</tspan></tspan>')
    assert simplify(line) == (f'<tspan class="text-outer-tspan" x="0"><tspan {plain}>Le loyer</tspan>'
                              f'<tspan {bold}> payé</tspan><tspan {plain}> en retard</tspan></tspan>')
