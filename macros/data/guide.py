"""Load the whole guide's data: shared sources, practice fiches and one circuit per landlord.

Every problem in every file is collected before stopping, so one run shows them all."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from macros.build.paths import ROOT

from macros.data.build_model import build_landlord
from macros.data.datafile import citations, localize
from macros.data.model import LadderRung, Landlord, Practice, Source
from macros.data.problems import DataErrors, Problem, show
from macros.data.territory import FILE as TERRITORY_FILE, Territory, load_territory, read_territory, names_of
from macros.data.validation import cross_problems, schema_problems
from macros.data.yamlsource import YamlDocument, load_yaml, parse_yaml, read_data_file

PRACTICES_DIR = "bonnes-pratiques"
PRACTICE_FIELDS = ("id", "titre", "resume")
SHARED_FILE = "commun.yaml"
# Data files of circuits/ that are not landlords; every other circuits/*.yaml is one landlord.
NOT_LANDLORDS = {SHARED_FILE, TERRITORY_FILE, "urgences.yaml", "federations.yaml", "glossaire.yaml", "jeu.yaml"}


@dataclass
class Guide:
    landlords: list[Landlord]
    practices: dict[str, Practice]
    sources: dict[str, Source]
    ladder: list[LadderRung]
    # circuits/commun.yaml as written (the territory's names filled in, its sources added), for the open data
    shared_data: dict = field(default_factory=dict)
    territory: Territory | None = None

    def landlord(self, landlord_id: str) -> Landlord:
        return next(l for l in self.landlords if l.id == landlord_id)

    def ladder_for(self, landlord: Landlord) -> list[LadderRung]:
        """The shared recourse ladder, without the rungs that do not apply to this landlord's form."""
        return [r for r in self.ladder if not r.legal_forms or landlord.legal_form in r.legal_forms]

    def landlords_applying(self, practice_id: str) -> list[Landlord]:
        return [l for l in self.landlords if any(p.id == practice_id for p in l.practices)]


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None, body) of a Markdown file."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---", 3)
    if end == -1:
        return None, text
    return text[4:end + 1], text[end + 4:].lstrip("\n")


def load_practices(content_dir: Path, root: Path) -> tuple[dict[str, Practice], list[Problem]]:
    practices: dict[str, Practice] = {}
    problems: list[Problem] = []
    for path in sorted((content_dir / PRACTICES_DIR).glob("*.md")):
        if path.name == "index.md":
            continue
        name = _relative(path, root)
        text, found = read_data_file(path, name)
        if text is None:
            problems += found
            continue
        front, _ = split_front_matter(text)
        if front is None:
            problems.append(Problem(name, 1, "", "aucun en-tête YAML", "un en-tête entre deux lignes --- avec id, titre, resume"))
            continue
        doc, found = parse_yaml(front, name, first_line=2)
        problems += found
        if doc is None:
            continue
        meta = doc.data if isinstance(doc.data, dict) else {}
        missing = [f for f in PRACTICE_FIELDS if not isinstance(meta.get(f), str) or not meta.get(f).strip()]
        for f in missing:
            problems.append(Problem(name, doc.line_of((f,)) or 2, f, show(meta.get(f)), "un texte non vide"))
        if missing:
            continue
        if meta["id"] != path.stem:
            problems.append(Problem(name, doc.line_of(("id",)), "id", show(meta["id"]), f"le nom du fichier, « {path.stem} »"))
            continue
        practices[meta["id"]] = Practice(meta["id"], meta["titre"], meta["resume"], f"{PRACTICES_DIR}/{meta['id']}.md")
    return practices, problems


def load_shared(circuits_dir: Path, root: Path) -> tuple[dict[str, Source], list[LadderRung], list[Problem], dict, Territory | None]:
    """circuits/commun.yaml: the sources every fiche may cite, and the recourse ladder; and
    circuits/territoire.yaml, whose names fill the ${key} of commun.yaml and whose sources join them."""
    path = circuits_dir / SHARED_FILE
    name = _relative(path, root)
    if not path.exists():
        return {}, [], [Problem(name, None, "", "aucun fichier", "le fichier des données communes (sources, recours)")], {}, None
    doc, problems = load_yaml(path, name)
    if doc is None:
        return {}, [], problems, {}, None
    # The territory's names go in first: a reference may be one (« ref: ${adil.source} »).
    # The territory file is read once: its names here, then the rest by load_territory.
    unfilled: list[Problem] = []
    territory_doc = None
    try:
        territory_doc = read_territory(circuits_dir, root)
        localize(doc, names_of(territory_doc.data))
    except DataErrors as errors:
        unfilled = errors.problems  # reported with the rest; the other checks go on
    problems += schema_problems(doc, "commun.schema.json")
    if problems:
        return {}, [], problems + unfilled, {}, None
    problems += unfilled
    sources: dict[str, Source] = {}
    for i, s in enumerate(doc.data["sources"]):
        if s["id"] in sources:
            problems.append(Problem(name, doc.line_of(("sources", i, "id")), f"sources[{i}].id", show(s["id"]),
                                    "un identifiant de source unique"))
        sources[s["id"]] = Source.from_data(s)
    if territory_doc is None:
        return sources, [], problems, {}, None
    try:
        territory = load_territory(territory_doc, sources)
    except DataErrors as errors:
        return sources, [], problems + errors.problems, {}, None
    sources.update(territory.sources)
    ladder = []
    for i, r in enumerate(doc.data["recours"]):
        cited = citations(doc, r, ("recours", i), sources, problems)
        if cited is not None:
            ladder.append(LadderRung(r["id"], r["titre"], r["quand"], r["cout"], r["delai"], r["apporter"],
                                     tuple(r.get("pour_statuts", ())), cited, r.get("a_verifier"),
                                     r.get("joindre"), r.get("ou_chercher"), r.get("contexte")))
    # The open data publishes the shared file with the territory's sources: the fiches cite both.
    published = {**doc.data, "sources": [*doc.data["sources"], *territory.sources_data]}
    return sources, ladder, problems, published, territory


def circuit_files(circuits_dir: Path) -> list[Path]:
    return sorted(p for p in circuits_dir.glob("*.yaml") if p.name not in NOT_LANDLORDS)


def load_guide(circuits_dir: Path | None = None, content_dir: Path | None = None, root: Path | None = None) -> Guide:
    """Load and check everything; raise DataErrors listing every problem if anything is wrong."""
    root = root or ROOT
    circuits_dir = circuits_dir or root / "circuits"
    content_dir = content_dir or root / "content"
    problems: list[Problem] = []

    sources, ladder, found, shared_data, territory = load_shared(circuits_dir, root)
    problems += found
    practices, found = load_practices(content_dir, root)
    problems += found

    docs: list[YamlDocument] = []
    for path in circuit_files(circuits_dir):
        doc, found = load_yaml(path, _relative(path, root))
        problems += found
        if doc is None:
            continue
        found = schema_problems(doc)
        problems += found
        if not found:
            docs.append(doc)
    if not docs and not problems:
        problems.append(Problem(_relative(circuits_dir, root), None, "", "aucun fichier de bailleur", "au moins un fichier <id>.yaml"))
    problems += cross_problems(docs, set(sources), set(practices))
    if problems:
        raise DataErrors(problems)
    landlords = [build_landlord(d.data, d.file, sources, practices) for d in docs]
    landlords.sort(key=lambda l: l.short_name.casefold())
    return Guide(landlords, practices, sources, ladder, shared_data, territory)
