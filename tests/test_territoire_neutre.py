"""The territory is data (circuits/territoire.yaml): the code, the templates, the print CSS and the
browser scripts name no territory, and what the territory file says reaches the site and the
print, escaped.

The forbidden names are read from the data (the territory's name, number and bodies, each
landlord's names) plus the Isère's names the guide started with, so the test keeps its meaning for
any territory."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tinycss2
import yaml

from support.projects import QUICK, ROOT, build, copy_project_to

sys.path.insert(0, str(ROOT))
from macros.data.bundle import Bundle  # noqa: E402
from macros.data.guide import circuit_files  # noqa: E402
from macros.data.problems import DataErrors  # noqa: E402
from macros.printing.engine import css_string, page_title_css  # noqa: E402

# The guide started in the Isère: these names must never come back into the code.
ISERE = ["Isère", "Isere", "Grenoble", "ACTIS", "OPAC 38", "Alpes Isère Habitat", "SDH", "ADIL 38",
         "Échirolles", "Villeneuve", "Grenoble Habitat", "GEG", "TE38"]
# Generic files: the code, the site's templates, the print CSS and the scripts written for the guide.
CODE_DIRS = ("macros", "overrides")
SCRIPTS = ROOT / "content" / "assets"
TEXT_SUFFIXES = {".py", ".j2", ".html", ".css", ".js", ".md", ".yaml", ".yml", ".json", ".svg"}


def territory_data() -> dict:
    return yaml.safe_load((ROOT / "circuits" / "territoire.yaml").read_text(encoding="utf-8"))


def forbidden_names() -> list[str]:
    t = territory_data()
    names = set(ISERE) | {t["nom"], t["titre"]} | {b["nom"] for b in t["organismes"].values()}
    for path in circuit_files(ROOT / "circuits"):
        landlord = yaml.safe_load(path.read_text(encoding="utf-8"))
        names |= {landlord["nom"], landlord["nom_court"]}
    return sorted(n for n in names if n)


def generic_files() -> list[Path]:
    files = [p for d in CODE_DIRS for p in (ROOT / d).rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    files += [p for p in SCRIPTS.rglob("*.js") if "vendor" not in p.relative_to(SCRIPTS).parts]
    return sorted(files)


def test_the_code_templates_css_and_scripts_name_no_territory():
    names = forbidden_names()
    number = territory_data()["departement"]
    assert "Isère" in names and "ACTIS" in names, names
    found = []
    for path in generic_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(ROOT)
        for name in names:
            # Whole words only (« SDH », not « SDHX »); case-insensitive, comments included.
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE):
                found.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: « {m.group(0)} »")
        # The département's number, where it can only be one: « 38 » after a body's or a landlord's
        # kind of name, or in a phrase about the département.
        for m in re.finditer(rf"(?:ADIL|OPAC|CNL|CGT|département|departement|dept?\.?)\s*\(?{number}\b", text, re.IGNORECASE):
            found.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: « {m.group(0)} »")
    assert not found, "des noms du territoire dans le code (ils vont dans circuits/territoire.yaml) :\n" + "\n".join(found)


def test_the_test_finds_a_name_written_in_the_code(tmp_path):
    """The check above can fail: a name planted in a copy of a template is found."""
    text = "/* Guide pour l'Isère */\n@page { @top-left { content: \"OPAC 38\"; } }\n"
    hits = [n for n in forbidden_names() if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE)]
    assert {"Isère", "OPAC 38"} <= set(hits)


def test_the_print_css_takes_the_title_from_the_data():
    css = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "macros" / "printing" / "css").glob("*.css"))
    assert territory_data()["titre"] not in css
    assert 'content: "Guide' not in css


@pytest.mark.parametrize("title", ['Guide "du" Nord', "Guide </style><script>alert(1)</script>", "A\\B\nC;}",
                                   "Guide des réclamations HLM en Isère"])
def test_a_title_in_the_page_css_stays_one_css_string(title):
    style = str(page_title_css(title, "@top-left"))
    assert style.count("<") == 2 and style.startswith("<style>") and style.endswith("</style>")
    rules = tinycss2.parse_stylesheet(style.removeprefix("<style>").removesuffix("</style>"))
    (page,) = [r for r in rules if r.type == "at-rule"]
    (box,) = [r for r in tinycss2.parse_rule_list(page.content, skip_whitespace=True) if r.type == "at-rule"]
    (declaration,) = [d for d in tinycss2.parse_declaration_list(box.content, skip_whitespace=True) if d.type == "declaration"]
    (value,) = [t for t in declaration.value if t.type == "string"]
    assert value.value == title
    assert css_string("Isère") == '"Isère"'


def test_the_built_site_takes_its_name_and_footer_from_the_territory(site_dir):
    t = territory_data()
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"<title>Accueil - {t['titre']}</title>" in home
    assert " ".join(t["credits"].split()) in " ".join(home.split())
    # The page's own description names the territory through ${en}.
    assert f"bailleur social {t['en']}," in home


def _copy(tmp_path: Path) -> Path:
    return copy_project_to(tmp_path / "projet")


def test_an_unknown_territory_name_is_one_french_error_naming_file_line_and_field(tmp_path):
    project = _copy(tmp_path)
    path = project / "circuits" / "commun.yaml"
    text = path.read_text(encoding="utf-8")
    assert "l'${adil}" in text
    path.write_text(text.replace("l'${adil}", "l'${adill}", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        Bundle.load(project)
    (problem,) = caught.value.problems
    line = 1 + text[:text.index("l'${adil}")].count("\n")
    assert (problem.file, problem.line) == ("circuits/commun.yaml", line)
    assert problem.field.startswith("recours[") and "${adill}" in problem.found
    assert "circuits/territoire.yaml" in problem.expected and "${adil}" in problem.expected


def test_a_missing_territory_file_is_a_clear_error(tmp_path):
    project = _copy(tmp_path)
    (project / "circuits" / "territoire.yaml").unlink()
    with pytest.raises(DataErrors) as caught:
        Bundle.load(project)
    assert any(p.file == "circuits/territoire.yaml" and p.found == "aucun fichier" for p in caught.value.problems)


def test_a_hostile_territory_title_is_text_in_the_site(tmp_path):
    project = _copy(tmp_path)
    path = project / "circuits" / "territoire.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["titre"] = 'Guide <script>alert(1)</script> & "co"'
    data["credits"] = "<img src=x onerror=alert(2)> crédits"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = build(project, QUICK, strict=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in home and "<img src=x" not in home
    assert "Guide &lt;script&gt;alert(1)&lt;/script&gt; &amp; " in home


def test_a_territory_name_in_a_letter_is_data_not_a_blank_or_markup():
    """lettres.yaml writes « ${commission}, secrétariat »: the name goes in as one string (escaped
    by the templates), never read for {blanks} or refused as markup."""
    from macros.letters import catalogue as cat

    bundle = Bundle.load(ROOT)
    names = {**bundle.guide.territory.values, "commission": "<b>{probleme}</b> & co"}
    letters = cat.load(bundle.guide.sources, {r.id for r in bundle.guide.ladder}, cat.TEXTS, names)
    to = letters.letter("commission").recipient
    assert "<b>{probleme}</b> & co" in to and not any(isinstance(s, cat.Blank) for s in to)
