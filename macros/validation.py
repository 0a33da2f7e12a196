"""Check circuit files against the JSON Schema and against each other; collect every problem."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .problems import Problem, show
from .yamlsource import YamlDocument, format_path

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "circuits"

UNIT_WORDS = {"heures": "heures", "jours": "jours", "jours_ouvres": "jours ouvrés"}


@lru_cache(maxsize=None)
def _schemas() -> tuple[dict[str, dict], Registry]:
    """Every circuits/*.json schema by file name; they may refer to each other by $id."""
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA_DIR.glob("*.json"))}
    registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
    return schemas, registry


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
    schemas, registry = _schemas()
    validator = Draft202012Validator(schemas[schema_file], registry=registry)
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
                    problems.append(Problem(doc.file, doc.line_of(("transitions", i, end)), f"transitions[{i}].{end}",
                                            f"l'étape inconnue {show(move[end])}",
                                            "l'identifiant d'une étape de ce fichier : " + ", ".join(step_ids)))

        local_ids = {s["id"] for s in data["provenance"]["sources"]}
        known_sources = local_ids | shared_source_ids
        for path, ref in _source_refs(data):
            if ref not in known_sources:
                problems.append(Problem(doc.file, doc.line_of(path), format_path(path), f"la source inconnue {show(ref)}",
                                        "l'identifiant d'une source de provenance.sources ou de circuits/commun.yaml"))

        for i, practice in enumerate(data["pratiques"]):
            if practice not in practice_ids:
                problems.append(Problem(doc.file, doc.line_of(("pratiques", i)), f"pratiques[{i}]",
                                        f"la pratique inconnue {show(practice)}",
                                        "l'identifiant d'une fiche de content/bonnes-pratiques/ : " + ", ".join(sorted(practice_ids))))
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
