"""Step titles and conditions with awkward characters reach the drawn diagram exactly as written.

All the diagrams are rendered in one browser session (one call to render_svgs), into a
throw-away cache so that Mermaid really draws them on every run."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from macros.build.settings import Settings

import macros.diagrams.render as diagrams
from macros.data.build_model import build_landlord
from macros.diagrams.mermaid import escape_label, flowchart, restore_labels
from macros.data.model import Source
from support.svg import reads_as, text_elements

# Each text is used as the title of step 1 and as the condition of the arrow 1 -> 2.
TRICKY = {
    "guillemets": 'Il a dit "urgent", puis ""très"" urgent"',
    "crochets": "Crochets [a] (b) {c}, [[d]] ((e)) {{f}} et ([{ }])",
    "barres": "oui | non || peut-être |",
    "end": "end",
    "o-initial": "o oui, on continue",
    "x-initial": "x non, on arrête",
    "accents": "Relancez l’agence « vite » : é è à ç œ Œ ù ê ë ï ô ’",
    "html": "<b>gras</b> & <script>alert(1)</script> <br> a < b > c",
    "diese": "# titre, #quot; et #35; et #amp; puis &amp; &quot; &#39; et 100 %",
    "accents-graves": "`code` et ``double`` et ```triple``` et un seul `",
    "markdown": r"*étoile* **gras** _souligné_ ~~barré~~ ~tilde~ \ antislash [lien](https://exemple.fr)",
    "adresses": "Écrivez à contact@bailleur.fr ou voyez www.bailleur.fr et https://bailleur.fr/aide",
    "tiret": "- comme une liste",
    "plus": "+ comme une liste",
    "numero": "1. comme une liste numérotée",
    "parenthese": "2) aussi",
    "fleches": "a --> b -.-> c ==> d --o e --x f",
    "mermaid-interne": "%% pas un commentaire ; style s1 fill:#f00; ﬂ°amp¶ß",
    "long": ("Le service des réclamations transmet la demande à l’entreprise sous-traitante, "
             "qui doit intervenir dans les meilleurs délais et prévenir le locataire de son passage"),
    # The characters escape_label uses as look-alikes must themselves come out unchanged.
    "sosies": "1\u2024 \u02ba \uff03 \uff06 \uff1c\uff1e \u02cb \u2217 \uff3f \u223c \uff3b\uff3d \uff3c \uff20 \u2236 \u2010 \uff0b \uff09",
    "mot-long": "Anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement fin",
}

SHARED = {"doc": Source("doc", "Document d'essai", document="Note interne")}


def landlord_with(text: str, key: str):
    step = {"acteur": None, "description": None, "le_locataire_recoit": None, "delai": None,
            "source": {"ref": "doc"}}
    data = {
        "id": key, "nom": key, "nom_court": key, "territoire": "Isère", "site_web": None,
        "provenance": {"statut": "brouillon", "sources": [], "derniere_revue": None, "relu_par": None},
        "canaux": [],
        "etapes": [{"id": "depart", "titre": text, **step}, {"id": "arrivee", "titre": "Fin", **step}],
        "transitions": [{"de": "depart", "vers": "arrivee", "condition": text}],
        "urgences": [],
        "astreinte": {"existe": None, "comment_joindre": None, "horaires": None, "source": {"ref": "doc"}},
        "recours": [], "pratiques": [],
    }
    return build_landlord(data, f"{key}.yaml", SHARED, {})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    chromium = Settings.from_environment().chromium
    if chromium is None:
        pytest.fail("Chromium est introuvable : `make build` l'installe (ou indiquez GUIDE_CHROMIUM).")
    sources = {key: flowchart(landlord_with(text, key)) for key, text in TRICKY.items()}
    stats = diagrams.RenderStats()
    svgs = diagrams.render_svgs(sources, chromium, tmp_path_factory.mktemp("cache") / "diagrams", stats)
    assert stats.rendered == len(sources), "the throw-away cache should make Mermaid draw every diagram"
    return sources, svgs


@pytest.mark.parametrize("key", TRICKY)
def test_label_is_drawn_exactly_as_written(rendered, key):
    sources, svgs = rendered
    svg = svgs[key]
    assert "<foreignobject" not in svg.lower(), "labels must be SVG text, not HTML in a foreignObject"
    assert not re.search("[\U000F0000-\U0010FFFF]", svg), "a private-use stand-in was left in the SVG"
    texts = text_elements(svg)
    for label in (f"1. {TRICKY[key]}", TRICKY[key], "2. Fin"):
        assert any(reads_as(lines, label) for lines in texts), (
            f"{label!r} is not drawn as written.\nSource:\n{sources[key]}\nTexts drawn: {texts}")


def test_long_labels_wrap_between_words(rendered):
    # A node label starting "1. " must not be read as a Markdown list item: Mermaid then treats
    # the whole label as one word and cuts it in the middle of words.
    _, svgs = rendered
    for label in (f"1. {TRICKY['long']}", TRICKY["long"]):
        wrapped = [lines for lines in text_elements(svgs["long"]) if reads_as(lines, label)]
        assert wrapped and len(wrapped[0]) > 1, f"{label!r} should be drawn on several lines"
        assert " ".join(line.strip() for line in wrapped[0]) == label, f"cut inside a word: {wrapped[0]}"


def test_script_in_a_label_stays_text(rendered):
    _, svgs = rendered
    root = ET.fromstring(svgs["html"])
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1].lower() in ("script", "b", "br")]


def test_every_label_is_one_quoted_string():
    # Nothing in an escaped label may end the quoted string or open an entity code, whatever the text.
    for text in [*TRICKY.values(), '"', "#", '"#"', "\U000F0022", "a\u00a0\u00a0b\n\tc", "1. x", "- x"]:
        out = escape_label(text)
        assert not set(out) & set('"#<>`&'), (text, out)
        assert "\n" not in out
        assert not re.match(r"\d+[.)]|[-+*#>] ", out), "a label must not open like a Markdown list or heading"


def test_restore_gives_back_the_text():
    for text in TRICKY.values():
        assert html.unescape(restore_labels(escape_label(text))) == " ".join(text.split())


def test_text_that_holds_stand_ins_is_not_mistaken_for_ours():
    assert restore_labels(escape_label("a\U000F0022b")) == "a\ufffdb"
    assert html.unescape(restore_labels(escape_label(TRICKY["sosies"]))) == TRICKY["sosies"]
