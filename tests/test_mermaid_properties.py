"""The diagram pipeline holds whatever a circuit says, and a long circuit stays readable.

Property tests: Hypothesis writes step titles and conditions (any Unicode, Mermaid, Markdown and
HTML syntax, very long text); Mermaid must draw every circuit without error, and the SVG must
show each label. "Shows" means: the text content of one <text> element of the SVG, read line by
line (Mermaid wraps labels), spells the label as shown() cleans it. Only what no text can show
is left out: control characters, Unicode's non-characters and the byte-order mark; any run of
whitespace (str.isspace) counts as one space; code points of planes 15 and 16 (the pipeline's
own stand-ins) and lone surrogates come out as U+FFFD. Whether the font has a glyph is the
font's business: the text is there for screen readers, searching and printing. Each example
renders its circuits in one browser (one call to render_svgs), into a throw-away cache so that
Mermaid really draws them.

A circuit of 60 steps, built into a project copy, must keep its labels at 10 CSS px or more on
a phone and on a desktop screen: its frame scrolls sideways instead."""
from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from macros.build.settings import Settings
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import macros.diagrams.render as diagrams
from macros.data.build_model import build_landlord
from macros.diagrams.mermaid import flowchart
from macros.data.model import Source
from support.projects import LONG_ID, long_circuit
from support.serving import serve_folder
from support.svg import reads_as, text_elements

SHARED = {"doc": Source("doc", "Document d'essai", document="Note interne")}

# Pieces known to trouble Mermaid, Markdown, HTML or XML; labels are built from them and from
# arbitrary text.
PIECES = [
    '"', "'", "`", "``", "(", ")", "[", "]", "{", "}", "((", "))", "[[", "]]", "{{", "}}", "<", ">",
    "|", "||", "#", ";", "&", ":", "%", "%%", "%%{init: {'theme': 'dark'}}%%", "%%{wrap}%%",
    "<b>x</b>", "<script>alert(1)</script>", "<br>", "<br/>", "</text>", "<![CDATA[x]]>", "<!-- x -->",
    "&amp;", "&#35;", "&lt;", "&nbsp;", "#quot;", "#35;", "#amp;", "ﬂ°", "¶ß", "ﬂ°°",
    "end", "End", "graph", "subgraph", "click", "style", "classDef", "class", "flowchart", "direction",
    "TD", "LR", "linkStyle", "accTitle:", "callback", "call", "href", "default",
    "-->", "-.->", "==>", "---", "--o", "--x", "o", "x", "~~~",
    "*", "**", "_", "__", "~", "~~", "\\", "1. ", "2) ", "- ", "+ ", "> ", "# ", "===",
    "[lien](https://exemple.fr)", "http://a.fr", "www.a.fr", "a@b.fr", "<https://a.fr>",
    "\u200f", "\u202e", "\u2066", "שלום", "مرحبا", "e\u0301", "\u0301", "\u0308\u0308", "\u00ad",
    "👨\u200d👩\u200d👧", "🎉", "🇫🇷", "𝔘𝔫𝔦", "\U000F0022", "\U0010FFFD", "\ue000", "\ufffd",
    " ", "  ", "\u00a0", "\t", "\n", "\r\n", "\u2028", "\u3000", "\ufeff", "\x00", "\x01", "\x1b",
    "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\ud800",
    # The look-alikes escape_label uses must themselves come out unchanged.
    "\u02ba", "\uff03", "\uff05", "\uff06", "\uff1c", "\uff1e", "\u02cb", "\u2217", "\uff3f",
    "\u223c", "\uff3b", "\uff3d", "\uff3c", "\uff20", "\u2024", "\uff09", "\u2236", "\u2010", "\uff0b",
]

words = st.text(st.characters(codec="utf-8", exclude_categories=["Z", "C"]), min_size=1, max_size=12)
labels = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=10).map("".join),
    st.text(min_size=1, max_size=40),  # any code point except lone surrogates
    st.lists(words, min_size=15, max_size=30).map(" ".join),  # long, with spaces
    st.text(st.characters(codec="utf-8", exclude_categories=["Z", "C"]), min_size=60, max_size=160),  # one long word
)


def circuit_data(key: str, titles: list[str], actors: list[str | None], conditions: list[str | None]) -> dict:
    """A circuit whose steps and transitions carry the texts: a chain, a skip ahead and a reminder loop."""
    steps = [{"id": f"e{n}", "titre": title, "acteur": actor, "description": None, "le_locataire_recoit": None,
              "delai": None, "source": {"ref": "doc"}} for n, (title, actor) in enumerate(zip(titles, actors))]
    moves = [{"de": f"e{n}", "vers": f"e{n + 1}", "condition": conditions[n]} for n in range(len(steps) - 1)]
    moves.append({"de": f"e{len(steps) - 1}", "vers": "e0", "condition": conditions[-1], "relance": True})
    if len(steps) > 2:
        moves.append({"de": "e0", "vers": f"e{len(steps) - 1}", "condition": conditions[0]})
    return {
        "id": key, "nom": key, "nom_court": key, "territoire": "Isère", "site_web": None,
        "provenance": {"statut": "brouillon", "sources": [], "derniere_revue": None, "relu_par": None},
        "canaux": [], "etapes": steps, "transitions": moves, "urgences": [],
        "astreinte": {"existe": None, "comment_joindre": None, "horaires": None, "source": {"ref": "doc"}},
        "recours": [], "pratiques": [],
    }


@st.composite
def circuits(draw) -> tuple[list[str], list[str | None], list[str | None]]:
    size = draw(st.integers(2, 6))
    texts = st.lists(labels, min_size=size, max_size=size)
    maybe = st.lists(st.none() | labels, min_size=size, max_size=size)
    return draw(texts), draw(maybe), draw(maybe)


def shown(text: str) -> str:
    """What the diagram must show of a text (see the module's docstring)."""
    kept = []
    for char in text:
        code = ord(char)
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) == "Cc" or char == "\ufeff" or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            continue
        elif code >= 0xF0000 or 0xD800 <= code <= 0xDFFF:
            kept.append("\ufffd")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


@pytest.fixture(scope="module")
def render(tmp_path_factory):
    chromium = Settings.from_environment().chromium
    if chromium is None:
        pytest.fail("Chromium est introuvable : `make build` l'installe (ou indiquez GUIDE_CHROMIUM).")
    cache = tmp_path_factory.mktemp("cache") / "diagrams"
    yield lambda sources: diagrams.render_svgs(sources, chromium, cache)


# Every piece at least once as a title and as a condition, whatever Hypothesis draws.
EVERYTHING = [(chunk, chunk, chunk[::-1]) for chunk in (PIECES[i:i + 6] for i in range(0, len(PIECES), 6))
              if len(chunk) >= 2]


# Each example starts a browser (seconds): few examples, several circuits each, and no shrinking
# (the failure message already shows the Mermaid source and what was drawn).
@settings(max_examples=4, derandomize=True, database=None, deadline=None, print_blob=False,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example, HealthCheck.function_scoped_fixture])
@given(batch=st.lists(circuits(), min_size=2, max_size=4))
@example(batch=EVERYTHING)
def test_any_text_is_drawn(render, batch):
    circuits_data = {f"c{i}": circuit_data(f"c{i}", *texts) for i, texts in enumerate(batch)}
    landlords = {key: build_landlord(data, f"{key}.yaml", SHARED, {}) for key, data in circuits_data.items()}
    sources = {key: flowchart(landlord) for key, landlord in landlords.items()}
    svgs = render(sources)  # a DiagramError fails the test with Mermaid's message
    for key, landlord in landlords.items():
        svg = svgs[key]
        assert "<foreignobject" not in svg.lower(), "labels must be SVG text, not HTML"
        assert not re.search("[\U000F0000-\U0010FFFF]", svg), "a private-use stand-in was left in the SVG"
        texts = text_elements(svg)
        root = ET.fromstring(svg)
        assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1].lower() in ("script", "b", "br", "a")]
        # Actors are not drawn (the numbered list under the diagram gives them): titles and conditions are.
        expected = [shown(f"{step.number}. {step.title}") for step in landlord.steps]
        expected += [shown(move.condition) for move in landlord.transitions if move.condition]
        for label in filter(None, expected):
            assert any(reads_as(lines, label) for lines in texts), (
                f"{label!r} is not drawn as written.\nSource:\n{sources[key]}\nTexts drawn: {texts}")


# --- A long circuit on the built page --------------------------------------------------------

@pytest.fixture(scope="module")
def long_site(projects):
    """The fixture project "circuit-long" (the long circuit added, built without PDFs, with its own
    diagram cache); (site folder, its URL)."""
    site = projects("circuit-long").require().site
    url, server = serve_folder(site)
    yield site, url
    server.shutdown()


def test_long_circuit_is_drawn_whole(long_site):
    site, _ = long_site
    page = BeautifulSoup((site / "bailleurs" / LONG_ID / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = page.select_one("figure.circuit-diagram svg")
    assert svg is not None, "the long circuit was not drawn at build time"
    drawn = re.sub(r"\s+", "", svg.get_text(""))
    data = long_circuit()
    missing = [s["titre"] for n, s in enumerate(data["etapes"], 1) if re.sub(r"\s+", "", f"{n}. {s['titre']}") not in drawn]
    assert not missing, f"steps missing from the diagram: {missing}"
    assert len(svg.select("g.edgePaths path")) == len(data["transitions"]), "an arrow is missing"


# Text size of every label as drawn on screen, in CSS pixels, and what scrolls.
MEASURE = """() => {
  const figure = document.querySelector('figure.circuit-diagram');
  const frame = figure.querySelector('.diagram-scroll');
  const sizes = [...figure.querySelectorAll('svg text')].map(
    t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize));
  return {labels: sizes.length, smallest: Math.min(...sizes),
          frame: {tabindex: frame.getAttribute('tabindex'), role: frame.getAttribute('role'),
                  name: frame.getAttribute('aria-label'), overflows: frame.scrollWidth > frame.clientWidth + 1,
                  right: frame.getBoundingClientRect().right},
          pageWidth: document.documentElement.scrollWidth, screenWidth: innerWidth};
}"""


def test_long_circuit_keeps_readable_text(long_site, viewport_page):
    # Mermaid fits the drawing to the column (useMaxWidth): 60 steps would come out at a few
    # pixels. The frame scrolls sideways instead, and the keyboard can scroll it.
    page = viewport_page
    page.goto(f"{long_site[1]}/bailleurs/{LONG_ID}/")
    found = page.evaluate(MEASURE)
    assert found["labels"] >= 60
    assert found["smallest"] >= 10, f"labels drawn at {found['smallest']:.1f} px"
    frame = found["frame"]
    assert frame["tabindex"] == "0" and frame["role"] == "region" and "schéma" in frame["name"].lower()
    assert found["pageWidth"] <= found["screenWidth"] and frame["right"] <= found["screenWidth"], \
        "the frame scrolls, not the whole page"
    if found["screenWidth"] < 600:
        assert frame["overflows"], "on a phone, a diagram this wide should scroll in its frame"
    if frame["overflows"]:
        page.get_by_role("region", name=frame["name"]).focus()
        page.keyboard.press("ArrowRight")
        # Polled from here: the page's CSP forbids the eval wait_for_function would use.
        for _ in range(50):
            if page.evaluate("() => document.querySelector('.diagram-scroll').scrollLeft > 0"):
                break
            page.wait_for_timeout(100)
        assert page.evaluate("() => document.querySelector('.diagram-scroll').scrollLeft > 0")
