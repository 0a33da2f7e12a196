"""Data is untrusted input: hostile text in every string field of every data file becomes text in
the built site, its PDFs and its exports, and nothing else (README, « Données non fiables »).

The fields are found from the JSON Schemas of circuits/: every string the schemas let a partner
write freely (and every empty field they let become a string) gets a hostile value, then the
whole project is built, PDFs included, and the output is searched for anything that value could
have turned into: an element, an attribute, a link, a request, a file attachment, a formula."""
from __future__ import annotations

import csv
import functools
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

from conftest import ROOT, copy_project_to, serve_folder

sys.path.insert(0, str(ROOT))
from macros.data.bundle import Bundle  # noqa: E402
from macros.data.problems import DataErrors  # noqa: E402
from macros.data.validation import fast_accepts  # noqa: E402

SCHEMAS = {"commun.yaml": "commun.schema.json", "urgences.yaml": "urgences.schema.json",
           "glossaire.yaml": "glossaire.schema.json", "federations.yaml": "federations.schema.json",
           "jeu.yaml": "jeu.schema.json"}
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
            if fast_accepts(data, schema):  # ids, addresses, dates keep their pattern
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


def build(project: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(cache / "diagrams")}
    env.pop("GUIDE_PDF", None)
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
    project = copy_project_to(work / "projet")
    (work / "projet").mkdir(exist_ok=True)
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
    project = copy_project_to(work / "projet")
    poison(project, HOSTILE, url)
    env_build = build(project, work / "cache")
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
