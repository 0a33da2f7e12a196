"""Data is untrusted input: hostile text in every string field of every data file becomes text in
the built site, its PDFs and its exports, and nothing else (README, « Données non fiables »).

The fields are found from the JSON Schemas of circuits/: every string the schemas let a partner
write freely (and every empty field they let become a string) gets a hostile value, then the
whole project is built, PDFs included, and the output is searched for anything that value could
have turned into: an element, an attribute, a link, a request, a file attachment, a formula."""
from __future__ import annotations

import copy
import csv
import http.server
import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from support.projects import ROOT, copy_project_to
from support.serving import serve_folder

sys.path.insert(0, str(ROOT))
from macros.data.bundle import Bundle  # noqa: E402
from macros.data.datafile import fill_all  # noqa: E402
from macros.data.territory import territory_names  # noqa: E402
from macros.data.problems import DataErrors  # noqa: E402
from macros.data.validation import fast_accepts  # noqa: E402

SCHEMAS = {"commun.yaml": "commun.schema.json", "urgences.yaml": "urgences.schema.json",
           "glossaire.yaml": "glossaire.schema.json", "federations.yaml": "federations.schema.json",
           "jeu.yaml": "jeu.schema.json", "territoire.yaml": "territoire.schema.json"}
MARK = "hostile"

# What a partner might write, by mistake or not. {n} numbers the field, {url} is a listener of
# the test: any request to it during the build is a failure.
HOSTILE = [
    "<script>{m}()</script>",
    '<img src="{url}/{m}" onerror="{m}()">',
    "[lien]({url}/{m})",
    "[lien](javascript:{m}())",
    '<a href="javascript:{m}()">x</a>',
    'Titre {{: onclick="{m}()" }}',
    '<link rel="attachment" href="file:///etc/hostname">{m}',
    '<iframe src="{url}/{m}"></iframe>',
    "={m}(1)",
    "+{m} -{m} @{m}",
    "{{{{ config }}}}{{% raw %}}{m}",
    "**{m}** _{m}_ `{m}` | {m} |",
    "# {m}\n- {m}\n1. {m}",
    '<svg onload="{m}()">',
    "![{m}]({url}/{m}.png)",
    "<{url}/{m}> & « {m} » \"'",
]
SHORT = "<i>{m}</i>"
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def _files(project: Path) -> dict[str, str]:
    """Each data file of circuits/ with its schema."""
    out = dict(SCHEMAS)
    for path in sorted((project / "circuits").glob("*.yaml")):
        out.setdefault(path.name, "schema.json")
    return out


def _leaves(value, path=()):
    """Every place that holds a string or nothing (a field left empty)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    elif value is None or isinstance(value, str):
        yield path


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def poison(project: Path, texts: list[str], url: str) -> dict[str, str]:
    """Write a hostile text into every field the schemas leave free, keep what the data's own
    checks accept; return {marker: "file: field"} for the fields that took one."""
    planted: dict[str, str] = {}
    counter = 0
    names = territory_names(project / "circuits", project)
    for name, schema in _files(project).items():
        path = project / "circuits" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for leaf in list(_leaves(data)):
            marker = f"{MARK}{counter}x"
            # The printed sheet and leaflets must keep their one or two pages: the names, the
            # recourse ladder and the federations' boxes they print get the shortest hostile text.
            short = leaf[:1] in (("nom_court",), ("recours",)) or name == "federations.yaml"
            text = (SHORT if short else texts[counter % len(texts)]).format(m=marker, url=url)
            before = _get(data, leaf)
            _set(data, leaf, text)
            # A shared file may name the territory (« ref: ${adil.source} »): checked as the guide checks it, filled.
            filled = fill_all(copy.deepcopy(data), names)[0] if name != "territoire.yaml" else data
            if fast_accepts(filled, schema):  # ids, addresses, dates keep their pattern
                planted[marker] = f"{name}: {'.'.join(map(str, leaf))}"
                counter += 1
            else:
                _set(data, leaf, before)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Values that refer to other data (a source, a practice, a landlord) only make sense as ids:
    # the checks across files say which, and those go back to what they were.
    for _ in range(5):
        try:
            Bundle.load(project)
            return planted
        except DataErrors as errors:
            for problem in errors.problems:
                original = yaml.safe_load((ROOT / problem.file).read_text(encoding="utf-8"))
                data = yaml.safe_load((project / problem.file).read_text(encoding="utf-8"))
                where = _path(problem.field)
                _set(data, where, _get(original, where))
                (project / problem.file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                    encoding="utf-8")
    Bundle.load(project)
    return planted


def _path(field: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


class _Listener(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def listener():
    _Listener.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Listener.hits
    server.shutdown()


def build(project: Path, cache: Path, pdf: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(cache / "diagrams"), "GUIDE_PDF": pdf}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--config",
                           str(project / "mkdocs.yml")], cwd=project, env=env, capture_output=True, text=True)


# ---------------------------------------------------------------- what the output may not hold

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "srcdoc", "poster", "xlink:href", "background")
RUN_TYPES = ("", "text/javascript", "module", "application/javascript")


def markup_from_data(html: str) -> list[str]:
    """Elements, attributes, links, scripts and styles that carry a marker: only the data could
    have put it there. A marker may be in text, and in what is derived from text (a heading's id,
    the link to it, a tooltip, a description, the filter's words)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.code = False

        def handle_starttag(self, tag, attrs):
            if MARK in tag:
                found.append(f"élément <{tag}>")
            for name, value in attrs:
                value = value or ""
                if MARK in name or name.startswith("on") and MARK in value:
                    found.append(f"<{tag} {name}={value[:60]!r}>")
                elif name == "style" and MARK in value:
                    found.append(f"<{tag} style={value[:60]!r}>")
                elif name in URL_ATTRIBUTES and (
                        (MARK in value and not value.startswith("#"))
                        or value.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))):
                    found.append(f"<{tag} {name}={value[:60]!r}>")
            kind = dict(attrs).get("type") or ""
            self.code = tag == "style" or (tag == "script" and kind.lower() in RUN_TYPES)

        def handle_endtag(self, tag):
            self.code = False

        def handle_data(self, data):
            if self.code and MARK in data:
                found.append(f"script ou style : {data[:80]!r}")

    Parser().feed(html)
    return found


def pdf_problems(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    out = []
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        out.append(f"{path.name} : fichier joint")
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/FileAttachment":
                out.append(f"{path.name} p. {number} : pièce jointe")
            action = annot.get("/A")
            if action is None:
                continue
            action = action.get_object()
            if action.get("/S") == "/URI":
                uri = str(action.get("/URI"))
                if not uri.startswith(LINK_SCHEMES) or MARK in uri and "exemple.org" not in uri:
                    out.append(f"{path.name} p. {number} : lien {uri[:80]!r}")
            elif action.get("/S") not in ("/GoTo", None):
                out.append(f"{path.name} p. {number} : action {action.get('/S')}")
    return out


def formula_cells(path: Path) -> list[str]:
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    return [f"{path.name} : {cell[:40]!r}" for row in rows for cell in row
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"-?\d+(\.\d+)?", cell)]


HOSTILE_LISTS = st.lists(st.sampled_from(HOSTILE), min_size=len(HOSTILE), max_size=len(HOSTILE) * 2, unique=False)


@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=HOSTILE_LISTS)
def test_hostile_text_in_every_field_stays_text(texts, tmp_path_factory, listener):
    url, hits = listener
    hits.clear()
    work = tmp_path_factory.mktemp("hostile")
    (work / "projet").mkdir()
    project = copy_project_to(work / "projet")
    planted = poison(project, texts, url)
    files = {where.split(":")[0] for where in planted.values()}
    assert files >= set(SCHEMAS) | {"actis.yaml", "opac38.yaml", "sdh.yaml"}, f"fichiers sans champ libre : {files}"
    assert len(planted) > 200, "les schémas devraient laisser des centaines de champs libres"
    result = build(project, work / "cache")
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"

    problems = []
    for page in site.rglob("*.html"):
        problems += [f"{page.relative_to(site)} : {p}" for p in markup_from_data(page.read_text(encoding="utf-8"))]
    for pdf in site.rglob("*.pdf"):
        problems += pdf_problems(pdf)
    for table in site.rglob("*.csv"):
        problems += formula_cells(table)
    assert problems == [], "\n".join(problems[:30])
    assert hits == [], f"la construction a fait des requêtes : {hits[:10]}"
    # The text itself is shown: a marker planted in a landlord's fields is on its page.
    actis = (site / "bailleurs" / "actis" / "index.html").read_text(encoding="utf-8")
    assert any(m in actis for m, where in planted.items() if where.startswith("actis.yaml"))
    # The whole guide's PDF holds no file of this machine.
    assert b"/EmbeddedFile" not in (site / "pdf" / "guide-des-reclamations.pdf").read_bytes()


def test_hostile_pages_open_no_dialog_and_break_no_policy(tmp_path_factory, listener, browser):
    """A real browser on every page of a hostile build: no dialog opens, no request leaves the site,
    and the Content-Security-Policy reports no violation."""
    url, hits = listener
    work = tmp_path_factory.mktemp("hostile-browser")
    (work / "projet").mkdir()
    project = copy_project_to(work / "projet")
    poison(project, HOSTILE, url)
    env_build = build(project, work / "cache", pdf="0")  # the pages are what a browser opens
    assert env_build.returncode == 0, env_build.stderr[-3000:]
    hits.clear()
    site = project / "site"
    base, server = serve_folder(site)
    events: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda d: (events.append(f"dialogue {d.message}"), d.dismiss()))
    page.on("console", lambda m: events.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: events.append(f"requête {r.url}") if not r.url.startswith(base) else None)
    try:
        pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
        for name in pages:
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_timeout(30)
    finally:
        page.close()
        server.shutdown()
    assert len(pages) > 40
    assert events == [], "\n".join(events[:20])
    assert hits == []


# ---------------------------------------------------------------- one test per rule (points 5 to 9)

def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check_data.py"), "--root", str(project)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One copy of the project per case, checked by `make check`; returns its output."""
    def run(files: dict[str, bytes | str | None], links: dict[str, str] | None = None) -> str:
        project = copy_project_to(tmp_path_factory.mktemp("cas"))
        for name, content in files.items():
            path = project / "circuits" / name
            if content is None:
                path.mkdir()
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        for name, target in (links or {}).items():
            (project / "circuits" / name).symlink_to(target)
        result = check(project)
        assert result.returncode != 0
        assert "Traceback" not in result.stdout + result.stderr
        return result.stdout + result.stderr
    return run


def test_aliases_are_refused_at_once(checked):
    import time

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    started = time.monotonic()
    out = checked({"bombe.yaml": bomb})
    assert time.monotonic() - started < 60  # the expansion would be 9^10 values
    assert ("circuits/bombe.yaml:2: b[0]: trouvé un alias YAML (*…) qui répète une ancre (&…) ; "
            "attendu : chaque valeur écrite en entier, sans ancre ni alias") in out


def test_limits_on_depth_size_length_controls_and_dates(checked):
    deep = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 40))
    out = checked({"profond.yaml": deep, "long.yaml": "nom: " + "x" * 20_000 + "\n",
                   "gros.yaml": "# " + "x" * 1_100_000 + "\n", "controle.yaml": "nom: a\x1bb\n",
                   "sens.yaml": "nom: 'a\u202eb'\n"})
    assert "circuits/profond.yaml:21: a" in out and "trouvé plus de 20 niveaux d'imbrication ; attendu : au plus 20 niveaux" in out
    assert "circuits/long.yaml:1: nom: trouvé un texte de 20000 caractères ; attendu : au plus 10000 caractères par valeur" in out
    assert "circuits/gros.yaml: (racine): trouvé un texte de 1\u202f100\u202f003 caractères" in out
    assert ("circuits/controle.yaml:1: (racine): trouvé le caractère de contrôle U+001B ; attendu : du texte sans "
            "caractère de contrôle ni d'inversion du sens d'écriture") in out
    assert "circuits/sens.yaml:1: (racine): trouvé le caractère de contrôle U+202E" in out
    # A value a long as a page is shortened in the message.
    assert max(len(line) for line in out.splitlines()) < 400


def test_an_unquoted_date_is_said_in_words(checked):
    text = (ROOT / "circuits" / "actis.yaml").read_text(encoding="utf-8")
    out = checked({"actis.yaml": re.sub(r"(derniere_revue: ).*", r"\g<1>2024-05-01", text, count=1)})
    assert "trouvé la date 2024-05-01 écrite sans guillemets" in out
    assert "datetime" not in out


def test_links_with_other_schemes_are_refused(checked):
    text = (ROOT / "circuits" / "actis.yaml").read_text(encoding="utf-8")
    out = checked({"actis.yaml": re.sub(r"url: https?://\S+", "url: javascript:alert(1)", text, count=1)})
    line = next(l for l in out.splitlines() if "javascript:alert(1)" in l)
    assert re.search(r"circuits/actis\.yaml:\d+: provenance\.sources\[\d+\]\.url: trouvé « javascript:alert\(1\) »", line)


def test_ids_that_would_replace_another_file_are_refused(checked):
    sdh = (ROOT / "circuits" / "sdh.yaml").read_text(encoding="utf-8")
    out = checked({"comparaison.yaml": sdh.replace("id: sdh", "id: comparaison", 1),
                   "actis-cnl.yaml": sdh.replace("id: sdh", "id: actis-cnl", 1)})
    assert ("circuits/comparaison.yaml:5: id: trouvé l'identifiant réservé « comparaison » ; attendu : un autre "
            "identifiant : celui-ci est pris par la comparaison des bailleurs (/bailleurs/comparaison/)") in out
    assert ("circuits/actis-cnl.yaml:5: id: trouvé l'identifiant « actis-cnl » ; attendu : un autre identifiant : "
            "son dépliant porterait le nom d'un autre, celui de « ACTIS » diffusé par « CNL » "
            "(pdf/depliant-actis-cnl.pdf)") in out


def test_the_build_writes_no_generated_file_twice(monkeypatch):
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from macros.adapter import plugin

    monkeypatch.setattr(plugin.File, "generated", staticmethod(lambda config, src_uri, content: src_uri))
    written: list[str] = []
    files = SimpleNamespace(get_file_from_path=lambda path: None, append=written.append)
    add = plugin._adder(files, config=None)
    add("bailleurs/x.md", "# x")
    with pytest.raises(PluginError, match="bailleurs/x.md : deux fichiers générés portent ce nom"):
        add("bailleurs/x.md", "# y")
    assert written == ["bailleurs/x.md"]


def test_links_folders_and_other_encodings_in_circuits(checked):
    out = checked({"dossier.yaml": None, "latin.yaml": "nom: caf\xe9\n".encode("latin-1")},
                  links={"lien.yaml": "/etc/hostname", "casse.yaml": "/nulle/part.yaml"})
    expected = "attendu : un fichier texte UTF-8 ordinaire, dans le dossier du projet"
    assert f"circuits/lien.yaml: (racine): trouvé un lien symbolique ; {expected}" in out
    assert f"circuits/casse.yaml: (racine): trouvé un lien symbolique cassé ; {expected}" in out
    assert f"circuits/dossier.yaml: (racine): trouvé un dossier ; {expected}" in out
    assert "circuits/latin.yaml: (racine): trouvé un fichier qui n'est pas en UTF-8" in out
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    if hostname:
        assert hostname not in out


def test_spoilt_caches_are_made_again_not_published(tmp_path, caplog):
    from macros.diagrams.render import _cached_svg
    from macros.printing.pool import DocumentCache

    svg = tmp_path / "abc.svg"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'><g>", encoding="utf-8")  # cut short
    with caplog.at_level("INFO"):
        assert _cached_svg(svg) is None
    assert not svg.exists() and "Schéma en cache illisible (abc.svg) : il est redessiné." in caplog.text
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert _cached_svg(svg) is not None

    cache = DocumentCache(ROOT / "content" / "assets" / "vendor" / "fonts", tmp_path / "documents")
    cache.put("depliants-1", {"a": b"%PDF-1.7\n...%%EOF\n"}, {"pages": 2})
    assert cache.get("depliants-1") == ({"a": b"%PDF-1.7\n...%%EOF\n"}, {"pages": 2})
    (tmp_path / "documents" / "depliants-1" / "0.pdf").write_bytes(b"%PDF-1.7\n... cut")
    with caplog.at_level("INFO"):
        assert cache.get("depliants-1") is None
    assert "Document en cache illisible (depliants-1, a) : il est refait." in caplog.text
    assert not (tmp_path / "documents" / "depliants-1").exists()


def test_an_interrupted_build_leaves_no_staging_folder(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_site import left_behind

    dead = subprocess.run(["true"])  # a process id that no longer runs
    gone = tmp_path / f".site-new-{99_999_999}"
    gone.mkdir()
    mine = tmp_path / f".site-new-{os.getpid()}"
    mine.mkdir()
    left_behind(tmp_path / "site")
    assert not gone.exists() and mine.exists() and dead.returncode == 0


@pytest.mark.parametrize("chromium, message", [
    ("/nulle/part/chromium", "GUIDE_CHROMIUM vaut « /nulle/part/chromium » : ce n'est pas un programme exécutable"),
    ("crash", "n'a pas pu dessiner les schémas"),
])
def test_a_missing_or_crashing_chromium_says_what_to_do(tmp_path, chromium, message):
    (tmp_path / "projet").mkdir()
    project = copy_project_to(tmp_path / "projet")
    if chromium == "crash":
        chromium = tmp_path / "chromium"
        chromium.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
        chromium.chmod(0o755)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("avant", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CHROMIUM": str(chromium), "GUIDE_PDF": "0",
           "GUIDE_CACHE_DIR": str(tmp_path / "cache" / "diagrams")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--config",
                             str(project / "mkdocs.yml")], cwd=project, env=env, capture_output=True, text=True)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert message in out and "GUIDE_CHROMIUM=none" in out
    assert "Traceback" not in out
    assert (site / "index.html").read_text(encoding="utf-8") == "avant"


def test_a_document_weasyprint_cannot_make_is_named():
    from concurrent.futures import Future

    from macros.printing.engine import PrintError

    printer = object.__new__(__import__("macros.printing.printer", fromlist=["Printer"]).Printer)
    printer.collected = set()
    failed: Future = Future()
    failed.set_exception(RuntimeError("boom"))
    with pytest.raises(PrintError, match=r"Le PDF pdf/guide-des-reclamations.pdf n'a pas pu être fait "
                                         r"\(RuntimeError : boom\)\. Le site n'a pas été remplacé"):
        printer._collect("pdf/guide-des-reclamations.pdf", failed)


def test_unexpected_errors_are_one_line_unless_debugging(tmp_path):
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from macros.adapter.plugin import GuidePlugin
    from macros.build.settings import Settings

    plugin = GuidePlugin()
    plugin.build = SimpleNamespace(settings=Settings(), pool=None)
    with pytest.raises(PluginError, match=r"Erreur inattendue du guide \(on_nav\) : AttributeError"):
        plugin.on_nav(None, None, None)
    plugin.build = SimpleNamespace(settings=Settings(debug=True), pool=None)
    with pytest.raises(AttributeError):
        plugin.on_nav(None, None, None)


def test_pdfs_fetch_nothing_the_data_names(listener):
    from macros.printing.engine import Engine

    url, hits = listener
    hits.clear()
    engine = Engine(ROOT / "content" / "assets" / "vendor" / "fonts")
    html = (f'<html><head><link rel="attachment" href="file:///etc/hostname"><link rel="stylesheet" href="{url}/a.css">'
            f'</head><body><img src="file:///etc/hostname"><img src="{url}/i.png"><a rel="attachment" '
            f'href="file:///etc/hostname">x</a><p style="background:url({url}/b.png)">texte</p></body></html>')
    try:
        pdf = Engine.write(engine.render(html))
    finally:
        engine.close()
    assert hits == []
    assert b"/EmbeddedFile" not in pdf and b"/FileAttachment" not in pdf


def test_csv_cells_never_read_as_formulas():
    from macros.pages.opendata import _cell

    assert [_cell(v) for v in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "ok", -3, 2.0]] == [
        "'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "ok", "-3", "2"]


def test_the_diagrams_browser_requests_nothing(listener, tmp_path):
    from macros.build.settings import Settings
    from macros.diagrams.render import Renderer

    url, hits = listener
    hits.clear()
    renderer = Renderer(Settings.from_environment().chromium, tmp_path)
    try:
        async def probe():
            page = await renderer._open_tab()
            return await page.evaluate(
                "async (u) => { try { await fetch(u); return 'envoyé'; } catch (e) { return 'refusé'; } }",
                f"{url}/fuite")
        assert renderer._call(probe()) == "refusé"
        assert renderer.render({"k": 'flowchart TD\n  A["<img src=\'' + url + '/img\'>"] --> B'})["k"]
    finally:
        renderer.close()
    assert hits == []
