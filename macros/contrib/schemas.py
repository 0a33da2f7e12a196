"""The JSON Schemas of circuits/, as the partners' form and `make import` need them.

The schemas stay the only description of the fields: the form's schema is derived from them here
(references inlined, no request for another file; empty values as empty fields), and a field
named by a returned file is checked against them."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

LANDLORD_SCHEMA = "schema.json"
FEDERATION_SCHEMA = "federations.schema.json"
# Fields the partner does not edit in the form: the file's identity and review (kept by the people
# who keep the guide), the practices (a list of the guide's own fiches), and each element's source
# and open question, which the form asks for separately.
NOT_IN_FORM = {"id", "provenance", "pratiques", "source", "a_verifier"}
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def load(circuits: Path, name: str) -> dict:
    return json.loads((circuits / name).read_text(encoding="utf-8"))


def inline(node, defs: dict, seen: tuple = ()):
    """The schema with every "$ref" (to this file's or circuit.json's $defs) replaced by its target."""
    if isinstance(node, list):
        return [inline(n, defs, seen) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            raise ValueError(f"référence circulaire dans le schéma : {name}")
        target = inline(defs[name], defs, seen + (name,))
        rest = {k: inline(v, defs, seen) for k, v in node.items() if k != "$ref"}
        return {**target, **rest}
    return {k: inline(v, defs, seen) for k, v in node.items() if k not in ("$defs", "$schema", "$id")}


def landlord_schema(circuits: Path) -> dict:
    schema = load(circuits, LANDLORD_SCHEMA)
    return inline(schema, schema["$defs"])


def federation_schema(circuits: Path) -> dict:
    """The schema of one federation (an item of federations.yaml's list)."""
    circuit = load(circuits, LANDLORD_SCHEMA)
    schema = load(circuits, FEDERATION_SCHEMA)
    return inline(schema["properties"]["federations"]["items"], circuit["$defs"])


def parse_path(text: str) -> tuple | None:
    """"canaux[0].coordonnees" -> ("canaux", 0, "coordonnees"); None if malformed."""
    if not isinstance(text, str) or not text:
        return None
    parts, at = [], 0
    for match in _PART.finditer(text):
        start = match.start()
        if start != at and not (start == at + 1 and text[at] == "." and parts):
            return None
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        at = match.end()
    return tuple(parts) if at == len(text) and parts and isinstance(parts[0], str) else None


def field_schema(schema: dict, path: tuple) -> dict | None:
    """The schema of the field at path, or None when the schema has no such field."""
    node = schema
    for part in path:
        node = _object_branch(node)
        if isinstance(part, int):
            if "items" not in node:
                return None
            node = node["items"]
        else:
            props = node.get("properties")
            if props is None or part not in props:
                return None
            node = props[part]
    return node


def _object_branch(node: dict) -> dict:
    """Of a oneOf (a delay: null or an object), the branch that has fields."""
    for branch in node.get("oneOf", []):
        if "properties" in branch or "items" in branch:
            return branch
    return node


def form_schema(schema: dict) -> dict:
    """The schema as the form shows it: no empty-or-value choices (an empty field is left empty),
    the fields of NOT_IN_FORM left out, a title from each field's name. The page maps the values
    back (see contribuer.js) and the returned file is checked against the real schema."""
    return _form(copy.deepcopy(schema), "", True)


def _form(node: dict, name: str, top: bool = False) -> dict:
    if "oneOf" in node:  # a delay: null or {valeur, unite}: an object whose fields may stay empty
        node = {**_object_branch(node), "description": node.get("description")}
        node["required"] = []
        node.setdefault("options", {})["guide"] = "objet_ou_vide"
        node["properties"] = {k: dict(v) for k, v in node["properties"].items()}
        for key, prop in node["properties"].items():
            if "enum" in prop:  # the unit may stay unchosen while the delay is unknown
                prop["enum"] = ["", *prop["enum"]]
            elif prop.get("type") == "number":  # typed as text, so that it may stay empty
                node["properties"][key] = {"description": prop.get("description"), "type": "string",
                                           "pattern": "^$|^[0-9]+([.,][0-9]+)?$"}
    out = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf", "additionalProperties", "$comment")}
    if out.get("description") is None:
        out.pop("description", None)
    if name:
        out.setdefault("title", title_of(name))
    kind = out.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        out["type"] = rest[0] if len(rest) == 1 else rest
        if out["type"] == "boolean":
            # Yes, no, or not known: a list whose first choice leaves the field empty.
            out.pop("type")
            out["type"] = "string"
            out["enum"] = ["", "oui", "non"]
            out.setdefault("options", {}).update(enum_titles=["(je ne sais pas)", "Oui", "Non"], guide="oui_non")
        else:
            out.setdefault("options", {})["guide"] = "ou_vide"
            out.pop("minLength", None)
            if "pattern" in out:  # an empty field is allowed: it means "not known"
                out["pattern"] = f"^$|{out['pattern']}"
    if "enum" in out and "type" not in out:  # a list of words: one choice list, not a choice of types
        out["type"] = "string"
    if "enum" in out and None in out["enum"]:
        out["enum"] = ["" if v is None else v for v in out["enum"]]
        out["type"] = "string"
        out.setdefault("options", {})["guide"] = "ou_vide"
    if "properties" in out:
        out["properties"] = {k: _form(v, k) for k, v in out["properties"].items()
                             if k not in NOT_IN_FORM or (k == "id" and not top)}
        out["required"] = [k for k in out.get("required", []) if k in out["properties"]]
        # Every field is shown, filled or not; required ones are simply never left empty.
        out["defaultProperties"] = list(out["properties"])
    if "items" in out:
        out["items"] = _form(out["items"], name)
        out["items"]["title"] = title_of(name, item=True)
    return out


_TITLES = {
    "nom": "Nom", "nom_court": "Nom court", "statut_juridique": "Forme du bailleur", "territoire": "Territoire",
    "site_web": "Site web", "presentation": "Présentation", "canaux": "Moyens de faire une réclamation",
    "etapes": "Étapes", "transitions": "Passages d'une étape à l'autre", "urgences": "Niveaux d'urgence",
    "astreinte": "Astreinte", "recours": "Recours", "notes": "Notes", "type": "Type", "libelle": "Libellé",
    "details": "Détails", "coordonnees": "Coordonnées", "horaires": "Horaires", "numero_de_suivi": "Numéro de suivi",
    "accuse_de_reception": "Accusé de réception", "titre": "Titre", "acteur": "Qui agit", "description": "Description",
    "le_locataire_recoit": "Ce que le locataire reçoit", "delai": "Délai", "valeur": "Nombre", "unite": "Unité",
    "de": "De l'étape", "vers": "Vers l'étape", "condition": "Condition", "relance": "Relance", "niveau": "Niveau",
    "exemples": "Exemples", "delai_max": "Délai maximal", "existe": "Existe-t-elle ?",
    "comment_joindre": "Comment la joindre", "pour_quoi": "Pour quels problèmes", "texte": "Texte",
    "sigle": "Sigle", "adresse": "Adresse", "telephone": "Téléphone", "courriel": "Courriel",
    "permanence": "Permanence", "a_verifier": "Question à vérifier",
}
ITEM_TITLES = {"canaux": "Moyen", "etapes": "Étape", "transitions": "Passage", "urgences": "Niveau d'urgence",
         "recours": "Recours", "presentation": "Fait", "notes": "Note", "exemples": "Exemple"}


def title_of(name: str, item: bool = False) -> str:
    """The field's label: its name written out (the schema's description says the rest)."""
    if item:
        return ITEM_TITLES.get(name, "Élément")
    return _TITLES.get(name, name.replace("_", " ").capitalize())
