"""The open data under /donnees/: each export is valid, says the same as the circuit files, and
every field and column is documented on the « Réutiliser les données » page."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from macros.pages import opendata
from macros.data.datafile import fill_all
from macros.data.guide import load_guide

ROOT = Path(__file__).resolve().parent.parent
CIRCUITS = ROOT / "circuits"


@pytest.fixture(scope="module")
def data_dir(site_dir) -> Path:
    return site_dir / "donnees"


@pytest.fixture(scope="module")
def guide():
    return load_guide()


@pytest.fixture(scope="module")
def validators():
    """(landlord validator, shared data validator), the shared schema resolving circuit.json."""
    schemas = {n: json.loads((CIRCUITS / n).read_text(encoding="utf-8")) for n in ("schema.json", "commun.schema.json")}
    registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
    return (Draft202012Validator(schemas["schema.json"], registry=registry),
            Draft202012Validator(schemas["commun.schema.json"], registry=registry))


@pytest.fixture(scope="module")
def page(site_dir) -> BeautifulSoup:
    path = site_dir / "donnees" / "index.html"
    assert path.exists(), "la page /donnees/ n'existe pas"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def source_yaml(landlord_id: str) -> dict:
    return yaml.safe_load((CIRCUITS / f"{landlord_id}.yaml").read_text(encoding="utf-8"))


def errors(validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))} : {e.message}" for e in validator.iter_errors(instance)]


# ---------------------------------------------------------------- JSON

def test_all_landlords_export(data_dir, guide, validators):
    landlord_schema, shared_schema = validators
    export = load(data_dir / "circuits.json")
    ids = [b["id"] for b in export["bailleurs"]]
    assert ids == sorted(l.id for l in guide.landlords)
    for record in export["bailleurs"]:
        assert not errors(landlord_schema, record), errors(landlord_schema, record)
        assert record == source_yaml(record["id"])
    assert not errors(shared_schema, export["commun"])
    # commun.yaml with the territory's names filled in and its sources added (the fiches cite them).
    shared, _ = fill_all(yaml.safe_load((CIRCUITS / "commun.yaml").read_text(encoding="utf-8")), guide.territory.values)
    territory = yaml.safe_load((CIRCUITS / "territoire.yaml").read_text(encoding="utf-8"))
    assert export["commun"] == {**shared, "sources": shared["sources"] + territory["sources"]}


def test_one_file_per_landlord(data_dir, guide, validators):
    landlord_schema, shared_schema = validators
    everything = load(data_dir / "circuits.json")
    for landlord in guide.landlords:
        export = load(data_dir / f"{landlord.id}.json")
        assert not errors(landlord_schema, export["bailleur"]), errors(landlord_schema, export["bailleur"])
        assert not errors(shared_schema, export["commun"])
        # Round trip: the record is the YAML file's data, unchanged; only the envelope is added.
        assert export["bailleur"] == source_yaml(landlord.id)
        added = set(export) - {"bailleur"}
        assert added == {name for name, _ in opendata.ENVELOPE_FIELDS} | {"page"}
        assert export["page"].endswith(f"/bailleurs/{landlord.id}/")
        assert {k: export[k] for k in added - {"page"}} == {k: everything[k] for k in added - {"page"}}


def test_envelope(data_dir):
    export = load(data_dir / "circuits.json")
    schema = json.loads((CIRCUITS / "schema.json").read_text(encoding="utf-8"))
    assert export["version_schema"] == opendata.schema_version(schema)
    assert export["licence"]["spdx"] == "etalab-2.0"
    assert "Licence Ouverte" in export["licence"]["nom"]
    assert export["date"] is None or len(export["date"]) == 10


def test_schemas_are_copies(data_dir):
    for name in ("schema.json", "commun.schema.json"):
        assert load(data_dir / name) == json.loads((CIRCUITS / name).read_text(encoding="utf-8"))


def test_date_comes_from_the_build_or_the_data(guide):
    assert opendata.data_date(guide, 1700000000) == "2023-11-14"
    reviews = [l.last_review for l in guide.landlords if l.last_review]
    assert opendata.data_date(guide) == (max(reviews) if reviews else None)


# ---------------------------------------------------------------- CSV

def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    text = path.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames), list(reader)


def documented_columns(page: BeautifulSoup, anchor: str) -> list[str]:
    heading = page.find(id=anchor)
    assert heading is not None, f"pas de section #{anchor} sur /donnees/"
    table = heading.find_next("table")
    return [row.find("td").get_text(strip=True) for row in table.select("tbody tr")]


def test_channels_csv(data_dir, guide, page):
    header, rows = read_csv(data_dir / "canaux.csv")
    assert header == documented_columns(page, "canaux-csv")
    assert header == [c.name for c in opendata.CHANNEL_COLUMNS]
    expected = [(l.id, n, c) for l in sorted(guide.landlords, key=lambda l: l.id)
                for n, c in enumerate(source_yaml(l.id)["canaux"], start=1)]
    assert len(rows) == len(expected)
    for row, (landlord_id, n, channel) in zip(rows, expected):
        assert (row["bailleur"], row["ordre"], row["type"], row["libelle"]) == (landlord_id, str(n), channel["type"], channel["libelle"])
        assert row["coordonnees"] == (channel.get("coordonnees") or "")
        known = channel.get("numero_de_suivi")
        assert row["numero_de_suivi"] == ("" if known is None else str(known).lower())


def test_delays_csv(data_dir, guide, page):
    header, rows = read_csv(data_dir / "delais.csv")
    assert header == documented_columns(page, "delais-csv")
    assert header == [c.name for c in opendata.DELAY_COLUMNS]
    for landlord in guide.landlords:
        data = source_yaml(landlord.id)
        steps = [r for r in rows if r["bailleur"] == landlord.id and r["genre"] == "etape"]
        levels = [r for r in rows if r["bailleur"] == landlord.id and r["genre"] == "urgence"]
        assert [r["etape"] for r in steps] == [s["id"] for s in data["etapes"]]
        assert [r["intitule"] for r in levels] == [u["niveau"] for u in data["urgences"]]
        for row, step in zip(steps, data["etapes"]):
            delay = step["delai"]
            assert (row["valeur"], row["unite"]) == ((f"{delay['valeur']:g}", delay["unite"]) if delay else ("", ""))
    assert {r["genre"] for r in rows} <= {"etape", "urgence"}


# ---------------------------------------------------------------- the documentation page

def schema_paths(node: dict, prefix: str = "") -> list[str]:
    """Every property path of a schema, written as the page writes them (canaux[].type)."""
    out = []
    for name, prop in node.get("properties", {}).items():
        out.append(prefix + name)
        if "properties" in prop:
            out += schema_paths(prop, f"{prefix}{name}.")
        if "properties" in prop.get("items", {}):
            out += schema_paths(prop["items"], f"{prefix}{name}[].")
    return out


def codes_under(page: BeautifulSoup, anchor: str, stop: set[str]) -> set[str]:
    """The <code> texts from a heading to the next heading whose id is in `stop`."""
    found = set()
    for element in page.find(id=anchor).find_all_next():
        if element.name in {"h2", "h3", "h4"} and element.get("id") in stop:
            break
        if element.name == "code":
            found.add(element.get_text())
    return found


def test_every_field_is_documented(page):
    circuit = json.loads((CIRCUITS / "schema.json").read_text(encoding="utf-8"))
    shared = json.loads((CIRCUITS / "commun.schema.json").read_text(encoding="utf-8"))
    documented = codes_under(page, "champs", {"commun"})
    missing = [p for p in schema_paths(circuit) if p not in documented]
    for name, node in circuit["$defs"].items():
        node = next((o for o in node.get("oneOf", []) if o.get("type") == "object"), node)
        if "properties" in node:
            assert page.find(id=f"type-{name}") is not None, f"pas de section pour le type {name}"
            missing += [f"{name}.{p}" for p in schema_paths(node) if p not in codes_under(page, f"type-{name}", {"commun"} | {f"type-{n}" for n in circuit["$defs"]})]
    missing += [f"commun.{p}" for p in schema_paths(shared) if p not in codes_under(page, "commun", {"csv"})]
    assert not missing, f"champs absents de /donnees/ : {missing}"
    # Each documented field says what it is.
    for row in page.select("table tbody tr"):
        assert row.find_all("td")[-1].get_text(strip=True), f"description vide : {row.get_text(' ', strip=True)}"


def test_unknown_schema_keyword_stops_the_documentation():
    """A field the page could not describe fully stops the build instead of being left out."""
    walker = opendata.SchemaWalker({})
    schema = {"type": "object", "properties": {"canal": {"type": "string", "const": "telephone"}}}
    with pytest.raises(ValueError, match="const"):
        walker.fields(schema, "circuit")
    assert [f.path for f in walker.fields({"properties": {"a": {"type": "string"}}}, "circuit")] == ["a"]


def test_page_links_every_file_and_the_licence(page, data_dir, guide):
    assert page.find("h1").get_text(strip=True).rstrip("¶") == "Réutiliser les données"
    links = {a["href"] for a in page.select("article a[href]")}
    for name in ["circuits.json", "schema.json", "commun.schema.json", "canaux.csv", "delais.csv",
                 *[f"{l.id}.json" for l in guide.landlords]]:
        assert name in links, f"pas de lien vers {name}"
        assert (data_dir / name).exists()
    text = page.find("article").get_text(" ")
    assert "Licence Ouverte" in text and "etalab-2.0" in text
    assert opendata.LICENCE["url"] in links
    for name, _ in opendata.ENVELOPE_FIELDS:
        assert name in codes_under(page, "enveloppe", {"champs"})
