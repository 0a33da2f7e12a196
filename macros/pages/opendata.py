"""The circuits as open data: JSON exports, CSV tables, and the field list of the documentation page.

The exported records are the circuit files themselves (already checked against the schema);
only an envelope around them is added. Every CSV column and every documented field comes
from one list here or from the schema's own descriptions, so the files and their
documentation cannot drift apart."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


from macros.data.guide import Guide
from macros.data.model import Landlord

DATA_DIR = "donnees"
CIRCUIT_SCHEMA = "schema.json"
SHARED_SCHEMA = "commun.schema.json"
LICENCE = {
    "nom": "Licence Ouverte / Open Licence version 2.0 (Etalab)",
    "spdx": "etalab-2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


# ---------------------------------------------------------------- envelope and JSON

def schema_version(schema: dict) -> str:
    """A fingerprint of the schema's content: it changes exactly when the schema changes."""
    canonical = json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def data_date(guide: Guide, epoch: int | None = None) -> str | None:
    """SOURCE_DATE_EPOCH when the build sets it (reproducible builds), else the latest review date."""
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=timezone.utc).date().isoformat()
    reviews = [l.last_review for l in guide.landlords if l.last_review]
    return max(reviews) if reviews else None


# Envelope keys, in file order, with their documentation. The record itself follows the schema.
ENVELOPE_FIELDS = [
    ("version_schema", "Empreinte du schéma JSON utilisé (12 caractères). Elle change dès que le schéma change."),
    ("date", "Date des données : celle de la construction du guide si elle est fixée, sinon la dernière "
             "relecture d'une fiche (AAAA-MM-JJ). null si aucune fiche n'a été relue."),
    ("licence", "La licence des données : nom, identifiant SPDX et adresse du texte."),
    ("producteur", "Le nom du guide qui publie ces données."),
    ("adresse", "L'adresse de cette page de documentation."),
    ("commun", "Les données communes à tous les bailleurs (sources citées par plusieurs fiches, échelle "
               "des recours), telles que le fichier circuits/commun.yaml ; voir commun.schema.json."),
]
ALL_KEY = ("bailleurs", "Tous les bailleurs, triés par identifiant. Chaque élément suit schema.json.")
ONE_KEYS = [("page", "L'adresse de la fiche du bailleur dans le guide."),
            ("bailleur", "La fiche du bailleur. Elle suit schema.json.")]


@dataclass
class OpenData:
    """Everything the exports need, read once."""
    guide: Guide
    shared: dict
    circuit_schema: dict
    shared_schema: dict
    site_name: str
    site_url: str
    epoch: int | None = None

    @classmethod
    def load(cls, guide: Guide, circuits_dir: Path, site_name: str, site_url: str,
             epoch: int | None = None) -> "OpenData":
        schemas = [json.loads((circuits_dir / n).read_text(encoding="utf-8")) for n in (CIRCUIT_SCHEMA, SHARED_SCHEMA)]
        return cls(guide, guide.shared_data, *schemas, site_name, site_url if site_url.endswith("/") else site_url + "/", epoch)

    def landlords(self) -> list[Landlord]:
        return sorted(self.guide.landlords, key=lambda l: l.id)

    def envelope(self) -> dict:
        return {
            "version_schema": schema_version(self.circuit_schema),
            "date": data_date(self.guide, self.epoch),
            "licence": LICENCE,
            "producteur": self.site_name,
            "adresse": f"{self.site_url}{DATA_DIR}/",
            "commun": self.shared,
        }

    def all_json(self) -> dict:
        return {**self.envelope(), "bailleurs": [l.data for l in self.landlords()]}

    def one_json(self, landlord: Landlord) -> dict:
        return {**self.envelope(), "page": f"{self.site_url}bailleurs/{landlord.id}/", "bailleur": landlord.data}

    def files(self) -> dict[str, str]:
        """Every file of /donnees/ except its page: path inside the site -> text."""
        out = {
            f"{DATA_DIR}/circuits.json": dump_json(self.all_json()),
            f"{DATA_DIR}/{CIRCUIT_SCHEMA}": dump_json(self.circuit_schema),
            f"{DATA_DIR}/{SHARED_SCHEMA}": dump_json(self.shared_schema),
            f"{DATA_DIR}/canaux.csv": to_csv(CHANNEL_COLUMNS, channel_rows(self.landlords())),
            f"{DATA_DIR}/delais.csv": to_csv(DELAY_COLUMNS, delay_rows(self.landlords())),
        }
        for landlord in self.landlords():
            out[f"{DATA_DIR}/{landlord.id}.json"] = dump_json(self.one_json(landlord))
        return out


def dump_json(data) -> str:
    # ensure_ascii off: French text stays readable; anything YAML gave that JSON cannot hold fails here.
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- CSV

@dataclass(frozen=True)
class Column:
    name: str
    schema_path: tuple = ()   # where the schema describes this column (and its allowed values), if it does
    text: str = ""            # our own description, when the schema has none or says it for a field


CHANNEL = ("properties", "canaux", "items", "properties")
SOURCE_TEXT = "Identifiant de la source (dans provenance.sources de la fiche, ou dans les données communes)."
PASSAGE = ("$defs", "reference", "properties", "passage")
DELAY_OBJECT = ("$defs", "delai", "oneOf", 1, "properties")
COMMON_COLUMNS = [
    Column("bailleur", text="Identifiant du bailleur, comme le champ id de sa fiche (ex. « opale »)."),
    Column("bailleur_nom_court", ("properties", "nom_court")),
]

CHANNEL_COLUMNS = COMMON_COLUMNS + [
    Column("ordre", text="Rang du canal dans la fiche : 1 pour le plus courant."),
    Column("type", CHANNEL + ("type",)),
    Column("libelle", CHANNEL + ("libelle",)),
    Column("details", CHANNEL + ("details",)),
    Column("coordonnees", CHANNEL + ("coordonnees",)),
    Column("horaires", CHANNEL + ("horaires",)),
    Column("numero_de_suivi", CHANNEL + ("numero_de_suivi",)),
    Column("accuse_de_reception", CHANNEL + ("accuse_de_reception",)),
    Column("source", text=SOURCE_TEXT),
    Column("passage", PASSAGE),
    Column("a_verifier", ("$defs", "a_verifier")),
]

DELAY_COLUMNS = COMMON_COLUMNS + [
    Column("genre", text="« etape » pour le délai d'une étape du circuit, « urgence » pour le délai maximal "
                         "d'un niveau d'urgence."),
    Column("ordre", text="Rang de l'étape ou du niveau d'urgence dans la fiche, à partir de 1."),
    Column("etape", text="Pour une étape : son identifiant (champ id de l'étape). Vide pour un niveau d'urgence."),
    Column("intitule", text="Le titre de l'étape, ou le nom du niveau d'urgence."),
    Column("exemples", text="Pour un niveau d'urgence : ses exemples, séparés par « ; ». Vide pour une étape."),
    Column("valeur", DELAY_OBJECT + ("valeur",), "Le délai, un nombre. Vide si aucune source ne le donne."),
    Column("unite", DELAY_OBJECT + ("unite",), "L'unité du délai. Vide quand la valeur est vide."),
    Column("source", text=SOURCE_TEXT),
    Column("passage", PASSAGE),
    Column("a_verifier", ("$defs", "a_verifier")),
]


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return spreadsheet_safe(str(value))


# A spreadsheet reads a cell starting with one of these as a formula. OWASP's advice on CSV
# injection: put a single quote before it, so the cell is shown as the text it is. Numbers are
# written as numbers; the JSON files keep every value exactly.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _delay(d: dict | None) -> tuple:
    return (d["valeur"], d["unite"]) if d else (None, None)


def channel_rows(landlords: list[Landlord]) -> list[dict]:
    rows = []
    for l in landlords:
        for n, c in enumerate(l.data["canaux"], start=1):
            rows.append({"bailleur": l.id, "bailleur_nom_court": l.short_name, "ordre": n, "type": c["type"],
                         "libelle": c["libelle"], "details": c.get("details"), "coordonnees": c.get("coordonnees"),
                         "horaires": c.get("horaires"), "numero_de_suivi": c.get("numero_de_suivi"),
                         "accuse_de_reception": c.get("accuse_de_reception"), "source": c["source"]["ref"],
                         "passage": c["source"].get("passage"), "a_verifier": c.get("a_verifier")})
    return rows


def delay_rows(landlords: list[Landlord]) -> list[dict]:
    """One row per step and per urgency level, with an empty delay when no source gives it."""
    rows = []
    for l in landlords:
        base = {"bailleur": l.id, "bailleur_nom_court": l.short_name}
        for n, s in enumerate(l.data["etapes"], start=1):
            value, unit = _delay(s["delai"])
            rows.append({**base, "genre": "etape", "ordre": n, "etape": s["id"], "intitule": s["titre"],
                         "exemples": None, "valeur": value, "unite": unit, "source": s["source"]["ref"],
                         "passage": s["source"].get("passage"), "a_verifier": s.get("a_verifier")})
        for n, u in enumerate(l.data["urgences"], start=1):
            value, unit = _delay(u["delai_max"])
            rows.append({**base, "genre": "urgence", "ordre": n, "etape": None, "intitule": u["niveau"],
                         "exemples": " ; ".join(u["exemples"]), "valeur": value, "unite": unit,
                         "source": u["source"]["ref"], "passage": u["source"].get("passage"),
                         "a_verifier": u.get("a_verifier")})
    return rows


def to_csv(columns: list[Column], rows: list[dict]) -> str:
    names = [c.name for c in columns]
    for row in rows:
        if list(row) != names:
            raise ValueError(f"colonnes {list(row)} au lieu de {names}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([[_cell(row[n]) for n in names] for row in rows])
    return out.getvalue()


# ---------------------------------------------------------------- field documentation

TYPE_WORDS = {"string": "texte", "null": "null", "boolean": "booléen", "number": "nombre",
              "integer": "entier", "array": "liste", "object": "objet"}
# $defs that are one value: shown as a type name rather than a table of their own.
SIMPLE_DEFS = {"identifiant": "identifiant", "url_ou_vide": "adresse web ou null",
               "date_ou_vide": "date AAAA-MM-JJ ou null", "a_verifier": "texte"}
# Keywords this page knows how to show, or may leave out without hiding a field; any other
# stops the build, so a new kind of field is never silently missing from the documentation.
KNOWN_KEYWORDS = {"$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "examples", "default",
                  "type", "properties", "required", "additionalProperties", "items", "enum", "oneOf", "anyOf",
                  "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "format",
                  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
# Fields the schema leaves without a description; the schema's own text wins once it has one.
MISSING_DESCRIPTIONS = {
    ("source", "id"): "Identifiant de la source, cité par le champ ref des références.",
    ("source", "titre"): "Titre du document ou de la page.",
    ("source", "url"): "Adresse du document en ligne.",
    ("fait", "texte"): "Le fait, en une ou deux phrases.",
    ("reference", "ref"): "Identifiant d'une source (de la fiche ou des données communes).",
    ("commun", "sources"): "Les sources que toutes les fiches peuvent citer.",
    ("commun", "recours[].id"): "Identifiant du recours.",
}
REF_PREFIXES = ("#/$defs/", "circuit.json#/$defs/")


@dataclass(frozen=True)
class FieldDoc:
    path: str
    kind: str
    required: bool
    description: str
    values: tuple = ()
    link: str | None = None   # anchor of the $defs table this field's type points to


class SchemaWalker:
    """Reads the circuit schema's $defs (the shared schema points into them too)."""

    def __init__(self, defs: dict):
        self.defs = defs

    @staticmethod
    def def_name(ref: str) -> str:
        prefix = next((p for p in REF_PREFIXES if ref.startswith(p)), None)
        if prefix is None:
            raise ValueError(f"$ref inconnu dans le schéma : {ref}")
        return ref[len(prefix):]

    def resolve(self, node: dict) -> dict:
        for _ in range(10):
            if "$ref" not in node:
                return node
            node = self.defs[self.def_name(node["$ref"])]
        raise ValueError("boucle de $ref dans le schéma")

    def at(self, root: dict, path: tuple) -> dict:
        """The node at a path of keys, following $ref on the way; keeps the outer description."""
        node = root
        for key in path:
            node = self.resolve(node)[key]
        return node

    def description(self, node: dict) -> str:
        return (node.get("description") or self.resolve(node).get("description") or "").strip()

    def type_words(self, node: dict) -> tuple[str, str | None]:
        """(words for the type, anchor of a $defs table or None)."""
        if "$ref" in node:
            name = self.def_name(node["$ref"])
            return (SIMPLE_DEFS[name], None) if name in SIMPLE_DEFS else (name, f"type-{name}")
        if "enum" in node:
            return "une valeur de la liste", None
        if "oneOf" in node:
            return " ou ".join(self.type_words(option)[0] for option in node["oneOf"]), None
        kinds = node.get("type")
        if kinds is None:
            raise ValueError(f"type introuvable dans le schéma : {sorted(node)}")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        words, link = [TYPE_WORDS[k] for k in kinds], None
        items = node.get("items", {})
        if "array" in kinds and ("$ref" in items or items.get("type") in TYPE_WORDS.keys() - {"object", "array"}):
            inner, link = self.type_words(items)
            words[kinds.index("array")] = f"liste de {inner}"
        return " ou ".join(words), link

    @staticmethod
    def check(node: dict, where: str) -> None:
        unknown = set(node) - KNOWN_KEYWORDS
        if unknown:
            raise ValueError(f"mot-clé de schéma que la page des données ne sait pas décrire, sous « {where} » : "
                             f"{sorted(unknown)}")

    def fields(self, node: dict, owner: str, prefix: str = "") -> list[FieldDoc]:
        """One FieldDoc per property, depth first; named object $defs are documented apart."""
        self.check(node, prefix or owner)
        out: list[FieldDoc] = []
        required = set(node.get("required", ()))
        for name, prop in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            self.check(prop, f"{owner} : {path}")
            target = self.resolve(prop)
            text = self.description(prop) or MISSING_DESCRIPTIONS.get((owner, path), "")
            kind, link = self.type_words(prop)
            values = tuple("null" if v is None else str(v) for v in target.get("enum", ()))
            out.append(FieldDoc(path, kind, name in required, text, values, link))
            if "$ref" in prop or "$ref" in target.get("items", {}):
                continue  # a named type, documented in its own table or in the type words
            if "properties" in target:
                out += self.fields(target, owner, f"{path}.")
            items = target.get("items")
            if items is not None and "$ref" not in items:
                out += self.fields(items, owner, f"{path}[].")
        return out

    def object_types(self) -> list[tuple[str, str, list[FieldDoc]]]:
        """The named object types ($defs): (name, description, fields)."""
        out = []
        for name, node in self.defs.items():
            if name in SIMPLE_DEFS:
                continue
            description = node.get("description", "")
            if "oneOf" in node:  # "delai": null, or an object with its value and unit
                node = next(option for option in node["oneOf"] if option.get("type") == "object")
                description = description or "null si la valeur est inconnue, sinon un objet :"
            out.append((name, description, self.fields(node, name)))
        return out


def column_docs(walker: SchemaWalker, schema: dict, columns: list[Column]) -> list[FieldDoc]:
    out = []
    for c in columns:
        node = walker.at(schema, c.schema_path) if c.schema_path else {}
        values = tuple("null" if v is None else str(v) for v in walker.resolve(node).get("enum", ()) if v is not None)
        out.append(FieldDoc(c.name, "", False, c.text or walker.description(node), values))
    return out


def documentation(data: OpenData) -> dict:
    """What the « Réutiliser les données » page prints, computed here so its template only loops."""
    circuit, shared = data.circuit_schema, data.shared_schema
    walker = SchemaWalker(circuit.get("$defs", {}))
    return {
        "circuit_schema": circuit,
        "circuit_fields": walker.fields(circuit, "circuit"),
        "types": walker.object_types(),
        "shared_schema": shared,
        "shared_fields": walker.fields(shared, "commun"),
        "envelope": ENVELOPE_FIELDS,
        "all_key": ALL_KEY,
        "one_keys": ONE_KEYS,
        "csv": [("canaux.csv", "Une ligne par canal de réclamation de chaque bailleur.",
                 column_docs(walker, circuit, CHANNEL_COLUMNS)),
                ("delais.csv", "Une ligne par étape du circuit et par niveau d'urgence de chaque bailleur.",
                 column_docs(walker, circuit, DELAY_COLUMNS))],
        "landlords": data.landlords(),
        "licence": LICENCE,
        "version": schema_version(circuit),
        "date": data_date(data.guide, data.epoch),
        "site_name": data.site_name,
        "territory": data.guide.territory,
    }
