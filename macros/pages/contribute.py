"""/contribuer/<id>/: the form where a landlord or a federation completes its own sheet.

The fields come from the JSON Schemas of circuits/ (macros/contrib/schemas.py); the page carries
the sheet's data, its gaps and open questions (the list of /a-verifier/) as JSON, and
content/assets/contribuer.js draws the form with json-editor, checks it and makes the file of
answers that `make import` reads."""
from __future__ import annotations

import json
from dataclasses import dataclass

import yaml
from markupsafe import Markup

from macros.build.paths import up_to_root
from macros.contrib.answers import FORMAT, MARKUP
from macros.contrib.schemas import (ITEM_TITLES, federation_schema, field_schema, form_schema, landlord_schema,
                                    parse_path, title_of)
from macros.data.federations import FILE as FEDERATIONS_FILE
from macros.data.missing import gaps_of
from macros.pages.render import render
from macros.printing.questionnaire import questionnaire_path

FOLDER = "contribuer"


@dataclass(frozen=True)
class Item:
    field: str  # a path such as canaux[0].coordonnees
    label: str  # the same in words: « Moyen 1 (Auprès de votre agent…) › Coordonnées »
    help: str  # the schema's description
    question: str | None = None  # the open question, for "à vérifier"


@dataclass(frozen=True)
class Sheet:
    kind: str  # "bailleur" or "federation"
    id: str
    name: str
    data: dict
    missing: list[Item]
    questions: list[Item]

    @property
    def src(self) -> str:
        return f"{FOLDER}/{self.id}.md"


def label(path: tuple, data: dict) -> str:
    """A field's path in words, each list item named by its number and its title."""
    words, node = [], data
    for i, part in enumerate(path):
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else {}
            name = next((node.get(k) for k in ("libelle", "titre", "niveau") if isinstance(node, dict) and node.get(k)), None)
            words[-1] = f"{ITEM_TITLES.get(path[i - 1], 'Élément')} {part + 1}" + (f" (« {name} »)" if name else "")
        else:
            node = node.get(part) if isinstance(node, dict) else None
            words.append(title_of(part))
    return " › ".join(words)


def _items(owner: str, data: dict, schema: dict, empty_lists: tuple) -> tuple[list[Item], list[Item]]:
    missing, questions = [], []
    for gap in gaps_of(owner, data, empty_lists=empty_lists, skip=("provenance", "id")):
        path = parse_path(gap.field) or ()
        node = field_schema(schema, path) or {}
        if gap.kind == "vide":
            missing.append(Item(gap.field, label(path, data), node.get("description") or ""))
        else:
            questions.append(Item(f"{gap.field}.a_verifier" if gap.field else "a_verifier",
                                  label(path, data) if path else "La fiche", node.get("description") or "", gap.note))
    return missing, questions


def sheets(bundle) -> list[Sheet]:
    circuits = bundle.root / "circuits"
    out = []
    schema = landlord_schema(circuits)
    for landlord in bundle.guide.landlords:
        missing, questions = _items(landlord.id, landlord.data, schema, ("urgences", "recours"))
        out.append(Sheet("bailleur", landlord.id, landlord.short_name, landlord.data, missing, questions))
    fed_schema = federation_schema(circuits)
    raw = yaml.safe_load((circuits / FEDERATIONS_FILE).read_text(encoding="utf-8"))
    for item in raw["federations"]:
        missing, questions = _items(item["id"], item, fed_schema, ())
        out.append(Sheet("federation", item["id"], item["sigle"], item, missing, questions))
    ids = [s.id for s in out]
    clash = sorted({i for i in ids if ids.count(i) > 1})
    if clash:
        raise ValueError(f"un bailleur et une fédération ont le même identifiant ({', '.join(clash)}) : "
                         f"/{FOLDER}/<id>/ ne peut pas les distinguer")
    return out


def script_json(value) -> str:
    """JSON safe inside <script type="application/json">: no "</script>", no "<!--", no HTML parsing."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def pages(bundle, contact: str | None, paper: dict[str, str] | None = None, directory_urls: bool = True) -> dict[str, str]:
    """Every page of /contribuer/, by source path; paper: each sheet's questionnaire PDF, if made;
    `directory_urls`: MkDocs' setting (false in the offline copy)."""
    circuits = bundle.root / "circuits"
    schemas = {"bailleur": form_schema(landlord_schema(circuits)), "federation": form_schema(federation_schema(circuits))}
    all_sheets = sheets(bundle)
    out = {f"{FOLDER}/index.md": render("contribute_index.md.j2", sheets=all_sheets, contact=contact, paper=paper)}
    for sheet in all_sheets:
        payload = {"format": FORMAT, "fiche": {"type": sheet.kind, "id": sheet.id, "nom": sheet.name},
                   "schema": schemas[sheet.kind], "valeurs": sheet.data,
                   "manques": [i.field for i in sheet.missing],
                   "questions": [{"champ": q.field, "texte": q.question, "libelle": q.label} for q in sheet.questions],
                   "contact": contact, "refus": MARKUP, "guide": bundle.guide.territory.title}
        out[sheet.src] = render("contribute.md.j2", s=sheet, contact=contact, data=Markup(script_json(payload)),
                                up=up_to_root(sheet.src, directory_urls), paper=paper)
    return out


def questionnaires(bundle) -> dict[str, str]:
    """Each sheet's questionnaire PDF, by id (made by macros.printing.questionnaire)."""
    return {s.id: questionnaire_path(s) for s in sheets(bundle)}
