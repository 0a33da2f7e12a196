"""Plain French, measured: for each tenant-facing page of the built site, the mean number of words
per sentence, the share of sentences over 25 words and the longest sentence may not get worse
than the limits in tests/readability_limits.json (today's figures; lower them as pages improve,
with `scripts/readability.py site --limites`). The README shows the same table.

These tests read the site named by GUIDE_SITE (default site/)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import readability  # noqa: E402  (a script, not a package)

# A page with no limit yet (a new page) must at least meet these.
DEFAULT = {"moyenne": 15.0, "part_longues": 10.0, "plus_longue": 30}


@pytest.fixture(scope="module")
def figures(site_dir):
    return readability.figures(site_dir)


def test_every_tenant_page_is_measured(figures):
    for page in ("/", "/urgences/", "/recours/", "/bailleurs/actis/", "/urgences/tres-urgent/"):
        assert page in figures, f"{page} n'est pas mesurée"


def test_no_page_reads_worse_than_its_limit(figures):
    limits = json.loads(readability.LIMITS.read_text(encoding="utf-8"))
    worse = []
    for url, f in sorted(figures.items()):
        limit = limits.get(url, DEFAULT)
        for key in ("moyenne", "part_longues", "plus_longue"):
            if f[key] > limit[key]:
                worse.append(f"{url} : {key} {f[key]} > {limit[key]}")
    assert not worse, "des pages sont moins lisibles qu'avant :\n" + "\n".join(worse)


def test_the_measure_sees_a_long_sentence():
    html = ("<article><p>" + " ".join(["mot"] * 30) + ".</p><p>Une phrase courte ici.</p>"
            "<p>Qui agit :</p><details><summary>Sources</summary><p>" + " ".join(["source"] * 40)
            + ".</p></details></article>")
    assert sorted(readability.sentences(html)) == [4, 30]


def test_readme_shows_the_limits():
    limits = json.loads(readability.LIMITS.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- lisibilite:debut -->")[1].split("<!-- lisibilite:fin -->")[0]
    assert block.strip() == readability.table(limits).strip()
