"""The diagrams of a build are drawn in one go, and the guide's plugin handles the files before
every other plugin, so that the leaflets start while the pages are still being generated."""
from __future__ import annotations

import json
import subprocess
import sys

from support.projects import ROOT
from macros.build.settings import Settings
from macros.data.guide import load_guide
from macros.diagrams import drawing


def test_every_landlord_is_drawn_in_one_call(monkeypatch, tmp_path):
    calls = []

    def render(sources, chromium, cache, stats, keep_browser=False, tabs=1):
        calls.append(sorted(sources))
        stats.rendered += len(sources)
        return {name: f"<svg>{name}</svg>" for name in sources}

    monkeypatch.setattr(drawing, "render_svgs", render)
    settings = Settings(chromium="chromium", diagram_cache=tmp_path / "diagrams")
    guide = load_guide(root=ROOT)
    drawn = drawing.circuit_diagrams(guide, settings)
    assert calls == [sorted(l.id for l in guide.landlords)]
    assert drawn.svgs["actis"] == "<svg>actis</svg>" and drawn.sources["actis"].startswith("flowchart")


def test_without_chromium_nothing_is_drawn_and_the_sources_stay(monkeypatch, tmp_path):
    monkeypatch.setattr(drawing, "render_svgs", lambda *a, **k: (_ for _ in ()).throw(AssertionError("drawn")))
    drawn = drawing.circuit_diagrams(load_guide(root=ROOT), Settings(chromium=None, diagram_cache=tmp_path))
    assert set(drawn.svgs.values()) == {None} and all(s.startswith("flowchart") for s in drawn.sources.values())


def test_the_guide_plugin_handles_the_files_before_the_other_plugins():
    # In a process of its own: loading the hooks imports the macros package afresh.
    script = ("import json, sys\nfrom mkdocs.config import load_config\n"
              f"config = load_config({str(ROOT / 'mkdocs.yml')!r})\n"
              "print(json.dumps([type(getattr(h, '__self__', None)).__name__ for h in config.plugins.events['files']]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    order = json.loads(done.stdout.strip().splitlines()[-1])
    assert order[0] == "GuidePlugin", order


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
