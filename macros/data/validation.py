"""Check circuit files against the JSON Schema and against each other; collect every problem.

Most documents are valid, so each is first checked by a fast validator compiled from the schema
(fastjsonschema); only a document it rejects goes through jsonschema, whose errors give the French
messages. The fast path never decides alone that a document is wrong, and it is used only where its
semantics are those of JSON Schema 2020-12 (see _fast_schema and tests/test_validation_speedpath.py)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from macros.build.paths import ROOT
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag, urljoin

from macros.data.problems import LANDLORD_OR_SHARED_SOURCES, Problem, show, unknown_reference
from macros.data.yamlsource import YamlDocument, format_path

if TYPE_CHECKING:  # jsonschema is imported only when a document needs its messages
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_DIR = ROOT / "circuits"

UNIT_WORDS = {"heures": "heures", "jours": "jours", "jours_ouvres": "jours ouvrés"}


@lru_cache(maxsize=None)
def _schema_files() -> dict[str, dict]:
    """Every circuits/*.json schema by file name, read once."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA_DIR.glob("*.json"))}


@lru_cache(maxsize=None)
def _schemas() -> tuple[dict[str, dict], "Registry"]:
    """The schemas and a registry of them: they may refer to each other by $id."""
    # late: loaded only with jsonschema
    from referencing import Registry, Resource

    schemas = _schema_files()
    registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
    return schemas, registry


@lru_cache(maxsize=None)
def _full_validator(schema_file: str) -> "Draft202012Validator":
    # late: jsonschema is loaded only when a file fails the fast check
    from jsonschema import Draft202012Validator

    schemas, registry = _schemas()
    return Draft202012Validator(schemas[schema_file], registry=registry)


# --- The fast path --------------------------------------------------------------------------------
# fastjsonschema implements drafts 4 to 7. It is given a copy of our schema with every $ref replaced
# by its target, and only if every keyword left means the same in draft 7 as in 2020-12 for JSON
# data; any other schema is always checked by jsonschema alone.

class _Unsupported(Exception):
    """A schema the fast path does not handle exactly like jsonschema."""


_ANNOTATIONS = {"title", "description", "$comment", "examples"}
_SCHEMA_MAP = {"properties"}                          # keyword -> {name: schema}
_SCHEMA_LIST = {"oneOf", "anyOf", "allOf"}            # keyword -> [schema, …]
_SCHEMA_ONE = {"items", "not"}                        # keyword -> schema
_COUNTS = {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
_BOUNDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
_TYPES = {"null", "boolean", "number", "integer", "string", "array", "object"}


def _pointer(document: dict, fragment: str):
    target = document
    for part in fragment.split("/")[1:] if fragment else ():
        part = unquote(part).replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            raise _Unsupported(f"référence introuvable #{fragment}")
        target = target[part]
    return target


def _fast_schema(node, base: str, by_id: dict[str, dict], seen: tuple = ()) -> dict:
    """A copy of a schema without $ref, for the fast validator; _Unsupported where it could differ."""
    if not isinstance(node, dict):
        raise _Unsupported("un schéma booléen")
    out: dict = {}
    if "$ref" in node:
        uri, fragment = urldefrag(urljoin(base, node["$ref"]))
        if uri not in by_id or (fragment and not fragment.startswith("/")) or (uri, fragment) in seen:
            raise _Unsupported(f"la référence {node['$ref']}")
        target = _fast_schema(_pointer(by_id[uri], fragment), uri, by_id, seen + ((uri, fragment),))
        rest = {k: v for k, v in node.items() if k != "$ref"}
        # In 2020-12 the keywords beside a $ref apply too (draft 7 would ignore them).
        if set(rest) - _ANNOTATIONS:
            return {"allOf": [target, _fast_schema(rest, base, by_id, seen)]}
        return target
    if "$id" in node and (not isinstance(node["$id"], str) or urljoin(base, node["$id"]) != base):
        raise _Unsupported("un $id imbriqué")  # it would change what the $ref inside it point to
    for key, value in node.items():
        if key in _ANNOTATIONS or key in ("$schema", "$id", "$defs"):
            continue  # not validation; $defs are reached through the $ref that use them
        if key in _SCHEMA_MAP and isinstance(value, dict):
            out[key] = {name: _fast_schema(sub, base, by_id, seen) for name, sub in value.items()}
        elif key in _SCHEMA_LIST and isinstance(value, list) and value:
            out[key] = [_fast_schema(sub, base, by_id, seen) for sub in value]
        elif key in _SCHEMA_ONE:
            out[key] = _fast_schema(value, base, by_id, seen)  # a list under items (draft 7 tuples) is refused
        elif key == "additionalProperties":
            out[key] = value if value is False else _fast_schema(value, base, by_id, seen)
        elif key == "type" and all(t in _TYPES for t in (value if isinstance(value, list) else [value])):
            out[key] = value
        elif key == "enum" and isinstance(value, list) and all(v is None or isinstance(v, str) for v in value):
            out[key] = value  # numbers and booleans compare differently (1 == True in Python)
        elif key == "required" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = value
        elif key in _COUNTS and type(value) is int and value >= 0:
            out[key] = value
        elif key in _BOUNDS and type(value) in (int, float):
            out[key] = value
        elif key == "uniqueItems" and isinstance(value, bool):
            out[key] = value
        elif key == "pattern" and isinstance(value, str) and "$" not in value[:-1]:
            re.compile(value)
            # fastjsonschema reads $ as \Z: stricter at the very end, but not inside a (?!…).
            out[key] = value
        else:
            raise _Unsupported(f"le mot-clé {key}")
    return out


@lru_cache(maxsize=None)
def _fast_validator(schema_file: str):
    """The compiled fast check of circuits/<schema_file>, or None where only jsonschema is exact."""
    try:
        # late: the fast path is optional
        import fastjsonschema
    except ImportError:  # an environment without it still checks everything, only slower
        return None
    schemas = _schema_files()
    by_id = {s["$id"]: s for s in schemas.values() if isinstance(s, dict) and isinstance(s.get("$id"), str)}
    root = schemas[schema_file]
    try:
        definition = _fast_schema(root, root.get("$id", ""), by_id)
        definition["$schema"] = "http://json-schema.org/draft-07/schema#"
        # use_default=False: never write defaults into the data; no formats (2020-12 does not assert them).
        return fastjsonschema.compile(definition, handlers={}, use_default=False, use_formats=False,
                                      detailed_exceptions=False)
    except Exception:  # _Unsupported, a bad pattern, anything fastjsonschema refuses: full path only
        return None


_JSON_SCALARS = (str, int, float, bool, type(None))


def _plain_json(value) -> bool:
    """Only what JSON has: YAML dates, sets, pairs (tuples) or non-text keys go to jsonschema."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not _plain_json(item):
                return False
        return True
    if kind is list:
        for item in value:
            if not _plain_json(item):
                return False
        return True
    return kind in _JSON_SCALARS


def fast_accepts(data, schema_file: str = "schema.json") -> bool:
    """True only if the data is surely valid; False means "ask jsonschema", not "invalid"."""
    check = _fast_validator(schema_file)
    if check is None:
        return False
    try:
        if not _plain_json(data):
            return False
        check(data)
    except Exception:  # a rejection, or data the generated code did not expect (deep nesting…)
        return False
    return True


def _accepts_null(error: ValidationError, validator: Draft202012Validator) -> bool:
    """Whether the field a "required" error says is missing may be written as null."""
    missing = error.message.split("'")[1] if "'" in error.message else None
    field_schema = error.schema.get("properties", {}).get(missing) if isinstance(error.schema, dict) else None
    if field_schema is None:
        return False
    try:
        return validator.evolve(schema=field_schema).is_valid(None)
    except Exception:  # a reference this validator cannot follow: do not suggest null
        return False


def _expected(error: ValidationError, validator: Draft202012Validator) -> str:
    # Plain French for the people who edit the files, instead of jsonschema's English.
    v, value = error.validator, error.validator_value
    if v == "required":
        # Only suggest null where the schema accepts it (not for a title, an id, a source…).
        return "ce champ (mettez null s'il est inconnu)" if _accepts_null(error, validator) else "ce champ"
    if v == "enum":
        return "une de ces valeurs : " + ", ".join("null" if x is None else str(x) for x in value)
    if v == "type":
        names = {"string": "un texte", "null": "null (vide)", "boolean": "true ou false",
                 "number": "un nombre", "integer": "un nombre entier", "array": "une liste", "object": "un bloc de champs"}
        kinds = value if isinstance(value, list) else [value]
        return " ou ".join(names.get(k, k) for k in kinds)
    if v == "pattern":
        hints = {
            "^[a-z0-9]+(-[a-z0-9]+)*$": "un identifiant en minuscules, chiffres et tirets (ex. « mon-etape »)",
            "^https?://\\S+$": "une adresse web commençant par https://",
            "^\\d{4}-\\d{2}-\\d{2}$": "une date AAAA-MM-JJ",
        }
        return hints.get(value, f"un texte de la forme {value}")
    if v == "additionalProperties":
        return "seulement les champs prévus par circuits/schema.json"
    if v == "minItems":
        return f"au moins {value} élément(s)"
    if v == "minLength":
        return "un texte non vide"
    if v == "maxLength":
        return f"un texte de {value} caractères au plus"
    if v == "uniqueItems":
        return "chaque valeur une seule fois"
    if v == "exclusiveMinimum":
        return f"un nombre plus grand que {value}"
    if v in ("oneOf", "anyOf"):
        if error.schema.get("anyOf") and all("required" in s for s in error.schema["anyOf"]):
            return "un de ces champs : " + ", ".join(s["required"][0] for s in error.schema["anyOf"])
        return "null, ou un bloc avec valeur (nombre) et unite (heures, jours, jours_ouvres)"
    return error.message


def _found(error: ValidationError) -> str:
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"le champ « {missing} » absent"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "le champ inconnu " + ", ".join(f"« {e} »" for e in extra)
    return show(error.instance)


def _error_path(error: ValidationError) -> tuple:
    path = tuple(error.absolute_path)
    if error.validator == "required" and "'" in error.message:
        return path + (error.message.split("'")[1],)
    return path


def schema_problems(doc: YamlDocument, schema_file: str = "schema.json") -> list[Problem]:
    """Every schema violation of a document, checked against circuits/<schema_file>."""
    if fast_accepts(doc.data, schema_file):
        return []
    return full_schema_problems(doc, schema_file)


def full_schema_problems(doc: YamlDocument, schema_file: str = "schema.json") -> list[Problem]:
    """schema_problems through jsonschema alone, for every document (what the fast path must agree with)."""
    validator = _full_validator(schema_file)
    problems = []
    for error in validator.iter_errors(doc.data):
        # For oneOf/anyOf, a deeper error in the best branch is clearer than the umbrella one.
        if error.context and error.validator in ("oneOf", "anyOf"):
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if len(deepest.absolute_path) > len(error.absolute_path):
                error = deepest
        path = _error_path(error)
        problems.append(Problem(doc.file, doc.line_of(path), format_path(path), _found(error), _expected(error, validator)))
    return problems


def cross_problems(docs: list[YamlDocument], shared_source_ids: set[str], practice_ids: set[str]) -> list[Problem]:
    """What the schema cannot see: references between steps, sources, practices and files."""
    problems: list[Problem] = []
    files_by_id: dict[str, list[str]] = {}
    for doc in docs:
        files_by_id.setdefault(doc.data["id"], []).append(doc.file)
    for doc in docs:
        data = doc.data
        stem = Path(doc.file).stem
        # The id must be the file name, so two files sharing an id means at least one has the wrong
        # one: a single message on each such file, naming the other files with that id.
        if data["id"] != stem:
            others = [f for f in files_by_id[data["id"]] if f != doc.file]
            found = f"l'identifiant {show(data['id'])}, déjà pris par {', '.join(others)}" if others else show(data["id"])
            problems.append(Problem(doc.file, doc.line_of(("id",)), "id", found, f"le nom du fichier, « {stem} »"))

        step_ids: dict[str, int] = {}
        for i, step in enumerate(data["etapes"]):
            if step["id"] in step_ids:
                problems.append(Problem(doc.file, doc.line_of(("etapes", i, "id")), f"etapes[{i}].id",
                                        f"l'identifiant {show(step['id'])}, déjà pris par etapes[{step_ids[step['id']]}]",
                                        "un identifiant d'étape unique"))
            else:
                step_ids[step["id"]] = i
        for i, move in enumerate(data["transitions"]):
            for end in ("de", "vers"):
                if move[end] not in step_ids:
                    problems.append(unknown_reference("etape", move[end], doc.file, doc.line_of(("transitions", i, end)),
                                                      f"transitions[{i}].{end}", known=list(step_ids)))

        local_ids = {s["id"] for s in data["provenance"]["sources"]}
        known_sources = local_ids | shared_source_ids
        for path, ref in _source_refs(data):
            if ref not in known_sources:
                problems.append(unknown_reference("source", ref, doc.file, doc.line_of(path), format_path(path),
                                                  LANDLORD_OR_SHARED_SOURCES))

        for i, practice in enumerate(data["pratiques"]):
            if practice not in practice_ids:
                problems.append(unknown_reference("pratique", practice, doc.file, doc.line_of(("pratiques", i)),
                                                  f"pratiques[{i}]", known=practice_ids))
    return problems


def _source_refs(node, path=()):
    """Every (path, ref) of a `source: {ref: …}` in a circuit."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, dict) and "ref" in value:
                yield path + ("source", "ref"), value["ref"]
            else:
                yield from _source_refs(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _source_refs(value, path + (i,))
