"""`make check`'s shortcuts give the same answers as the long way.

The schema: each document is first checked by a validator that fastjsonschema compiles from the
schema; only a document it rejects goes through jsonschema, whose errors give the French messages.
So whatever the fast check accepts, jsonschema must accept too (it may reject more: jsonschema
then decides). Checked on the real data files, on every broken fixture of test_data_errors.py, and
on Hypothesis mutations of a real circuit and of every shared file: fields removed, values of the
wrong type or form, unknown fields, repeated items, and values that YAML has but JSON lacks.

The lines: a file is no longer walked node by node when it is parsed; its lines are looked up when
a problem needs one. The data, the duplicate-key problems and the line of every field (or of its
closest ancestor) must be those of the full walk, on the fixtures and on Hypothesis-made YAML."""
from __future__ import annotations

import copy
import datetime
import functools
import pickle
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from support.projects import ROOT
from macros.data import validation
from macros.data.datafile import fill_all
from macros.data.territory import territory_names
from macros.data.yamlsource import YamlDocument, _walk, load_yaml, parse_yaml

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
CIRCUITS = ROOT / "circuits"
SHARED = {"commun.yaml": "commun.schema.json", "urgences.yaml": "urgences.schema.json",
          "glossaire.yaml": "glossaire.schema.json", "jeu.yaml": "jeu.schema.json",
          "federations.yaml": "federations.schema.json", "territoire.yaml": "territoire.schema.json"}
LANDLORDS = sorted(p.name for p in CIRCUITS.glob("*.yaml") if p.name not in SHARED)


def real_documents() -> dict[str, tuple[object, str]]:
    """Each data file of circuits/: (its data, its schema)."""
    docs = {}
    for name in LANDLORDS + list(SHARED):
        doc, problems = load_yaml(CIRCUITS / name, name)
        assert doc is not None and not problems, problems
        # The guide checks a shared file with the territory's names filled in (« ref: ${adil.source} »).
        data = fill_all(doc.data, territory_names(CIRCUITS, ROOT))[0]
        docs[name] = (data, SHARED.get(name, "schema.json"))
    return docs


REAL = real_documents()


def assert_agrees(data, schema: str, unchanged: bool = True) -> bool:
    """The fast check accepts only what jsonschema accepts, and leaves the data as it was."""
    before = copy.deepcopy(data) if unchanged else data
    fast = validation.fast_accepts(data, schema)
    assert data == before, "le contrôle rapide a modifié les données"
    if fast:
        problems = validation.full_schema_problems(YamlDocument("essai.yaml", data), schema)
        assert not problems, f"accepté par le contrôle rapide, refusé par jsonschema : {problems}"
    return fast


@pytest.mark.parametrize("schema", sorted(p.name for p in CIRCUITS.glob("*.json")))
def test_every_schema_has_a_fast_check(schema):
    # A keyword the fast path cannot vouch for turns it off for that schema: still correct, but slow.
    assert validation._fast_validator(schema) is not None, f"{schema} : pas de contrôle rapide"


@pytest.mark.parametrize("name", list(REAL))
def test_real_files_take_the_fast_path(name):
    data, schema = REAL[name]
    assert assert_agrees(data, schema)


def broken_fixtures():
    return sorted(str(p.relative_to(BAD)) for p in BAD.rglob("*.yaml"))


def parsable_broken_fixtures():
    """The broken fixtures that parse (a malformed YAML has nothing to validate)."""
    return [name for name in broken_fixtures() if load_yaml(BAD / name, name)[0] is not None]


@pytest.mark.parametrize("name", parsable_broken_fixtures())
def test_broken_fixtures(name):
    doc, _ = load_yaml(BAD / name, name)
    fast = assert_agrees(doc.data, "schema.json")
    if validation.full_schema_problems(doc, "schema.json"):
        assert not fast
    assert validation.schema_problems(doc) == validation.full_schema_problems(doc)


def paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, path + (index,))


# Texts that break one rule or another of the schemas (identifiers, web addresses, dates, enums…).
TEXTS = ["", " ", "x", "X", "a b", "a--b", "-a", "a-", "é", "2024-01-02", "2024-1-2", "２０２４-01-01",
         "https://exemple.fr", "http://a", "https://a b", "https://a\n", "https://a\x1cb", "ftp://a", "heures",
         "jours", "jours_ouvres", "semaines", "telephone", "fax", "OPH", "brouillon", "validé", "bilan-2017",
         "actis", "abc\n", "\n", "x" * 100]
# What YAML can build and JSON cannot: dates, bytes, sets, pairs, keys that are not text.
NOT_JSON = [datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4), b"x", {"a", "b"}, ("a", "b"),
            [("a", 1)], {1: "x"}, {None: "x"}, {True: "x"}, {"a": datetime.date(2024, 1, 2)}]
TEXT = st.sampled_from(TEXTS) | st.text(max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=True, allow_infinity=True) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6)
VALUES = TEXT | JSON | st.sampled_from(NOT_JSON)
SWEEP = [None, True, 0, -1, 1.5, float("nan"), "", "X Y", "https://a b", "abc\n", [], ["x"], {}, {"x": 1},
         *NOT_JSON[:5], {1: "x"}]


def fields(data):
    """(parent, key) of every field and item below the root."""
    found = []
    for path in paths(data):
        if path:
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            found.append((parent, path[-1]))
    return found


@pytest.mark.parametrize("name", list(REAL))
def test_each_field_broken_in_turn(name):
    """Every field of every file (a sample of 80 in the long ones), replaced by each kind of wrong
    value, removed, given an unknown neighbour, or its list given a repeated item."""
    data, schema = copy.deepcopy(REAL[name])
    check = functools.partial(assert_agrees, schema=schema, unchanged=False)  # copying each time is slow
    places = fields(data)
    for parent, key in places[::max(1, len(places) // 80)]:
        kept = parent[key]
        for value in SWEEP:
            parent[key] = value
            check(data)
        parent[key] = kept
        if isinstance(kept, dict):
            kept["champ_inconnu"] = "x"
            check(data)
            del kept["champ_inconnu"]
        if isinstance(kept, list) and kept:
            kept.append(copy.deepcopy(kept[0]))
            check(data)
            kept.pop()
        if isinstance(parent, dict):
            del parent[key]
            check(data)
            parent[key] = kept
        else:
            parent.pop(key)
            check(data)
            parent.insert(key, kept)


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(list(REAL)))
    data, schema = REAL[name]
    data = copy.deepcopy(data)
    # Mostly one change: a second one often hides the first behind an error both checks see.
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        path = draw(st.sampled_from(list(paths(data))))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        target = parent[path[-1]] if path else data
        action = draw(st.sampled_from(["remplacer", "remplacer", "supprimer", "ajouter", "répéter"]))
        if action == "remplacer" and path:
            # A copy: a sampled value is shared between examples, and a later step may change it in place.
            parent[path[-1]] = copy.deepcopy(draw(VALUES))
        elif action == "supprimer" and path:
            del parent[path[-1]]
        elif action == "ajouter" and isinstance(target, dict):
            # An earlier step may have emptied this dict: then only a new key can be drawn.
            keys = TEXT | st.sampled_from(list(target)) if target else TEXT
            target[draw(keys)] = copy.deepcopy(draw(VALUES))
        elif action == "répéter" and isinstance(target, list) and target:
            target.append(copy.deepcopy(draw(st.sampled_from(target))))
    return data, schema


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_check_never_accepts_what_jsonschema_rejects(case):
    assert_agrees(*case)


# --- Lines ---------------------------------------------------------------------------------------

def reference(text: str):
    """The full walk over every node, as each file was read before: (data, lines, problems)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines, problems = {}, []
    if node is not None:
        _walk(node, (), lines, problems, "essai.yaml")
    return data, lines, problems


def walked_line(lines: dict, path: tuple):
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def assert_same_lines(text: str) -> None:
    try:
        data, lines, problems = reference(text)
    except yaml.YAMLError:
        assert parse_yaml(text, "essai.yaml")[0] is None
        return
    doc, found = parse_yaml(text, "essai.yaml")
    if doc is None:
        # An alias is refused (a data file has no use for one): that, and only that, may stop it.
        assert "*ancre" in text and found and all("alias YAML" in p.found for p in found), found
        return
    assert pickle.dumps(doc.data) == pickle.dumps(data)
    assert found == problems
    probes = list(lines)  # a list: in a set, (1,) would hide (True,) and (1.0,)
    for path in lines:
        probes += [path + ("absent",), path + (0,), path + (1,), path + (True,), path + (1.0,), path + ("0",)]
    for path in probes:
        assert doc.line_of(path) == walked_line(lines, path), path


@pytest.mark.parametrize("name", broken_fixtures() + LANDLORDS + list(SHARED))
def test_lines_as_the_full_walk_gives_them(name):
    path = BAD / name if (BAD / name).exists() else CIRCUITS / name
    assert_same_lines(path.read_text(encoding="utf-8"))


# Pieces of YAML that change how a file is built: anchors, aliases, merge keys, tags, odd keys.
YAML_PIECES = ["a: 1", "a: 2", "'a': 3", "b:", "  a: 1", "  a: 1", "- x", "- a: 1", "  - y", "c: &ancre {a: 1, b: 2}",
               "d: *ancre", "e:", "  <<: *ancre", "  a: 9", "<<: {a: 5}", "f: !!set {x, y}", "g: !!omap [x: 1]",
               "h: 2024-01-02", "1: un", "'1': un", "true: oui", "~: rien", "i: [1, 1.0, .nan, 0x1f, 1_000]",
               "j: !!str 12", "k: {a: 1, a: 2}", "l: [{a: 1}, {a: 1, a: 1}]", "? [m]\n: n", "=: egal", "o: |\n  texte"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(YAML_PIECES), min_size=1, max_size=8) | JSON.map(yaml.safe_dump).map(lambda t: [t]))
@example(["c: &ancre {a: 1, b: 2}", "d: *ancre"])
@example(["c: &ancre {a: 1, b: 2}", "e:", "  <<: *ancre", "  a: 9"])
@example(["a: 1", "b:", "  a: 1", "  a: 1", "a: 2"])
@example(["i: [1, 1.0, .nan, 0x1f, 1_000]", "h: 2024-01-02", "1: un", "'1': un"])
def test_lines_of_any_yaml_as_the_full_walk_gives_them(pieces):
    assert_same_lines("\n".join(pieces) + "\n")
