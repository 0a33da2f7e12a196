"""A failed build leaves the previous site/ exactly as it was, and no staging folder behind.

The fixture project "reel-sans-pdf" is built once per test run (test_built_site reads it too);
each test here works on its own copy of that built project.
Two ways to fail: bad data, which stops the build before anything is written, and a page asking
for a template that does not exist, which stops it while pages are being written to the staging
folder (a build writing straight into site/ would leave it half-replaced)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.projects import BAD, PROJECTS

# Built by scripts/build_site.py without PDFs, which play no part in how site/ is replaced.
REAL = PROJECTS["reel-sans-pdf"]


@pytest.fixture(scope="module")
def built_project(projects) -> Path:
    project = projects("reel-sans-pdf").require().project
    assert (project / "site" / "index.html").is_file()
    return project


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    """A copy of the built project, for one test to break."""
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy, symlinks=True)
    return copy


def snapshot(site: Path) -> dict[str, tuple]:
    """Every file and folder under site/: its bytes, size and modification time."""
    state: dict[str, tuple] = {".": ("dir", site.stat().st_ino)}
    for path in sorted(site.rglob("*")):
        info = path.lstat()
        rel = path.relative_to(site).as_posix()
        state[rel] = ("dir",) if path.is_dir() else (path.read_bytes(), info.st_size, info.st_mtime_ns)
    return state


def break_data(project: Path) -> str:
    shutil.copy(BAD / "unite-inconnue.yaml", project / "circuits")
    return "etapes[2].delai.unite"


def break_a_page(project: Path) -> str:
    (project / "content" / "zzz-gabarit-absent.md").write_text(
        "---\ntemplate: gabarit-absent.html\n---\n# Gabarit absent\n", encoding="utf-8")
    return "gabarit-absent.html"


@pytest.mark.parametrize("breaker", [break_data, break_a_page], ids=["donnees", "page"])
def test_failed_build_leaves_site_untouched(project, breaker):
    site = project / "site"
    before = snapshot(site)
    assert len(before) > 10

    clue = breaker(project)
    result = REAL.build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert clue in output, "the failure should say what is wrong"
    assert "site/ n'a pas été modifié" in output

    after = snapshot(site)
    assert after.keys() == before.keys(), f"files added or removed: {sorted(after.keys() ^ before.keys())[:10]}"
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"files changed by the failed build: {changed[:10]}"
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site-")]
    assert not leftovers, f"staging folders left behind: {leftovers}"
