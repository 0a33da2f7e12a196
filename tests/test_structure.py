"""The code's layout: the pipeline's packages import each other one way only, and the core
(everything but the MkDocs adapter) runs without MkDocs."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "macros"
TESTS = ROOT / "tests"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import of this project's code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module:
                assert child.level == 0, f"{path}:{child.lineno}: relative import"
                for alias in child.names:
                    found.append((f"{child.module}.{alias.name}", child.lineno, in_function))
            elif isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            visit(child, nested)

    visit(tree, False)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for target, _, _ in imports(path):
            # "from macros.data import model" names a module; "from macros.data.model import X" a name in one.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def walk(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            walk(node)
    return found


def test_no_import_circle():
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_core_does_not_import_mkdocs():
    offenders = [f"{p.relative_to(ROOT)}:{line}" for p in PACKAGE.rglob("*.py")
                 if "adapter" not in p.relative_to(PACKAGE).parts
                 for target, line, _ in imports(p) if target.split(".")[0] in {"mkdocs", "material"}]
    assert offenders == []


def test_data_stage_makes_no_html():
    """The data package loads and checks; markup belongs to pages/ and printing/."""
    offenders = [f"{p.relative_to(ROOT)}:{line}" for p in (PACKAGE / "data").rglob("*.py")
                 for target, line, _ in imports(p)
                 if target.startswith(("macros.pages", "macros.printing", "macros.game", "macros.diagrams",
                                       "jinja2", "markupsafe"))]
    assert offenders == []


def test_imports_inside_functions_say_why():
    """A late import is for a heavy or optional dependency, and a comment above its block says so."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, inside in imports(path):
            if not inside:
                continue
            if target.startswith("macros"):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {target} (our own code: import it at the top)")
                continue
            above = line - 2
            while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                above -= 1
            if above < 0 or not lines[above].strip().startswith("# late"):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {target} (no « # late » comment above)")
    assert sorted(set(offenders)) == []


def test_readme_lists_every_setting():
    from macros.build.settings import settings_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- réglages:début -->\n", 1)[1].split("\n<!-- réglages:fin -->", 1)[0]
    assert table == settings_table()


def test_settings_refuse_unknown_names_and_malformed_values():
    import pytest

    from macros.build.settings import Settings, SettingsError

    with pytest.raises(SettingsError) as caught:
        Settings.from_environment({"GUIDE_PDF": "depliant", "GUIDE_PRINT_WORKERS": "deux", "GUIDE_PFD": "0"})
    lines = str(caught.value).splitlines()
    assert lines[0] == "Réglage(s) invalide(s) :"
    assert any("GUIDE_PFD : variable inconnue" in l for l in lines)
    assert any("GUIDE_PDF vaut « depliant »" in l for l in lines)
    assert any("GUIDE_PRINT_WORKERS vaut « deux »" in l for l in lines)
    settings = Settings.from_environment({"GUIDE_PDF": "depliants", "GUIDE_PRINT_WORKERS": "3", "GUIDE_CHROMIUM": "none"})
    assert settings.leaflets_only and settings.print_workers == 3 and settings.chromium is None


def test_only_the_settings_module_reads_the_environment():
    offenders = [f"{p.relative_to(ROOT)}" for p in PACKAGE.rglob("*.py")
                 if p.name != "settings.py" and ("os.environ" in p.read_text(encoding="utf-8")
                                                 or "getenv(" in p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_site_address_is_one_setting():
    import pytest

    from macros.build.settings import Settings, SettingsError

    from_file = Settings.from_environment({}, site_url="https://example.org/guide", site_name="Guide")
    assert (from_file.site_url, from_file.site_name) == ("https://example.org/guide/", "Guide")
    chosen = Settings.from_environment({"GUIDE_SITE_URL": "https://guide.example.org/"}, site_url="https://example.org/")
    assert chosen.site_url == "https://guide.example.org/"
    for bad in ("javascript:alert(1)", "guide.exemple.fr", "https://", "https://example.org/un espace/"):
        with pytest.raises(SettingsError) as caught:
            Settings.from_environment({"GUIDE_SITE_URL": bad})
        assert "GUIDE_SITE_URL vaut « " in str(caught.value)
        assert "attendu une adresse complète en http:// ou https://" in str(caught.value)


def imports_of_test_modules(folder: Path) -> list[str]:
    """Imports of a test module (or of conftest.py) by another file of the tests folder."""
    own = {p.stem for p in folder.glob("*.py")}
    return [f"{p.relative_to(folder).as_posix()}:{line}: {target}"
            for p in sorted([*folder.glob("*.py"), *(folder / "support").rglob("*.py")])
            for target, line, _ in imports(p) if target.split(".")[0] in own]


def test_test_modules_do_not_import_each_other():
    """What tests share is in tests/support/ (imported) and tests/conftest.py (fixtures, which
    pytest hands over by name): importing a test module would run its set-up again and tie two
    files together."""
    assert imports_of_test_modules(TESTS) == []


def test_the_test_import_check_finds_one(tmp_path):
    (tmp_path / "support").mkdir()
    (tmp_path / "conftest.py").write_text("", encoding="utf-8")
    (tmp_path / "test_a.py").write_text("from support.x import y\n", encoding="utf-8")
    (tmp_path / "test_b.py").write_text("import os\nfrom test_a import helper\n", encoding="utf-8")
    (tmp_path / "support" / "x.py").write_text("from conftest import ROOT\n", encoding="utf-8")
    assert imports_of_test_modules(tmp_path) == ["support/x.py:1: conftest.ROOT", "test_b.py:2: test_a.helper"]
