"""The letter catalogue: texts/lettres.yaml read once, checked, and split into segments.

A letter's text holds blanks written {champ}; each text becomes a list of segments, plain
strings and Blank objects, that the templates print (the blanks as spans the browser fills with
textContent, or as lines to fill by hand). Nothing in the file is HTML: the templates escape it."""
from __future__ import annotations

import copy
import re
from datetime import date
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.data.model import Landlord, Source
from macros.data.datafile import PLACEHOLDER, fill_all
from macros.data.problems import DataErrors, Problem, show
from macros.printing.edition import french_date
from macros.letters.deadlines import Rule

TEXTS = Path(__file__).resolve().parent / "texts" / "lettres.yaml"
FILE = "macros/letters/texts/lettres.yaml"
FIELD_KINDS = {"texte", "long", "date", "bailleur"}
BLANK = re.compile(r"\{([a-z_]+)\}")
# Filled from the data, never typed (the landlord's name comes from its fiche).
FROM_DATA = {"bailleur"}


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: str


@dataclass(frozen=True)
class Blank:
    field: Field


@dataclass(frozen=True)
class Paragraph:
    segments: tuple  # str | Blank
    optional: bool

    @property
    def fields(self) -> list[str]:
        return [s.field.id for s in self.segments if isinstance(s, Blank)]


@dataclass(frozen=True)
class Basis:
    source: Source
    passage: str | None


@dataclass(frozen=True)
class Dated:
    rule: Rule
    start: str  # the field the rule runs from on this letter


@dataclass(frozen=True)
class Letter:
    id: str
    title: str
    to: str                  # bailleur, mediateur, commission, conciliateur
    recipient: tuple         # segments of the recipient's line
    address_field: str
    address_help: str | None
    when: str
    why: str
    basis: tuple[Basis, ...]
    how: str
    rungs: tuple[str, ...]
    dates: tuple[Dated, ...]
    subject: tuple
    body: tuple[Paragraph, ...]
    enclosures: tuple

    @property
    def for_landlord(self) -> bool:
        return self.to == "bailleur"

    def names_landlord(self, catalogue: "Catalogue") -> bool:
        """Whether the letter has the landlord's name in it (else one PDF serves every landlord)."""
        return any(f.id == "bailleur" for f in self.fields(catalogue))

    def fields(self, catalogue: "Catalogue") -> list[Field]:
        """Every field the letter uses, in the form's order (the catalogue's), without duplicates."""
        used = {s.field.id for part in (self.recipient, self.subject, self.enclosures, *(p.segments for p in self.body))
                for s in part if isinstance(s, Blank)}
        used |= {"nom", "adresse", "ville", "date_lettre", self.address_field} | {d.start for d in self.dates}
        if self.for_landlord:
            used.add("bailleur")
        return [f for f in catalogue.fields.values() if f.id in used]


@dataclass(frozen=True)
class Catalogue:
    fields: dict[str, Field]
    rules: dict[str, Rule]
    letters: list[Letter]
    sources: dict[str, Source]     # every source a letter may cite (circuits/commun.yaml's)
    read_on: dict[str, str]        # source id -> date read, in words

    def letter(self, letter_id: str) -> Letter:
        return next(l for l in self.letters if l.id == letter_id)

    def for_rung(self, rung_id: str) -> list[Letter]:
        return [l for l in self.letters if rung_id in l.rungs]


def segments(text: str, fields: dict[str, Field], where: str, problems: list[Problem],
             names: dict[str, str] | None = None) -> tuple:
    """text as strings and Blanks. names: what ${key} stands for (the territory's names); a name
    is data, kept as one string (the templates escape it), never read for blanks or markup."""
    if names is not None and "${" in text:
        out: list = []
        for n, part in enumerate(PLACEHOLDER.split(text)):
            if n % 2 == 0:
                out += segments(part, fields, where, problems) if part else []
            elif part in names:
                out.append(names[part])
            else:
                problems.append(Problem(FILE, None, where, show(f"${{{part}}}"),
                                        "un nom du territoire (circuits/territoire.yaml)"))
        return tuple(out)
    out = []
    at = 0
    for match in BLANK.finditer(text):
        if match.start() > at:
            out.append(text[at:match.start()])
        field = fields.get(match.group(1))
        if field is None:
            problems.append(Problem(FILE, None, where, f"le blanc {show(match.group(0))}",
                                    "un champ déclaré sous « champs »"))
        else:
            out.append(Blank(field))
        at = match.end()
    if at < len(text):
        out.append(text[at:])
    if "<" in text or ">" in text:
        problems.append(Problem(FILE, None, where, show(text), "du texte simple, sans balise HTML"))
    return tuple(out)


_LOADED: dict = {}


def catalogue_for(guide) -> Catalogue:
    """The letters file, read and checked once for a given guide (its sources and recourse rungs):
    the letters' pages, the landlord pages, the recourse page and the tracking sheet share it.
    The guide itself is kept and compared, not its id, so a later guide never gets a stale one."""
    stamp = TEXTS.stat().st_mtime_ns
    if _LOADED.get("guide") is not guide or _LOADED.get("stamp") != stamp:
        _LOADED.update(guide=guide, stamp=stamp, catalogue=load(guide.sources, {r.id for r in guide.ladder},
                                                                 territory=guide.territory.values))
    return _LOADED["catalogue"]


def load(shared_sources: dict[str, Source], rung_ids: set[str], path: Path = TEXTS,
         territory: dict[str, str] | None = None) -> Catalogue:
    """Read and check the letters file; raise DataErrors listing every problem. territory: the
    names its ${key} stand for (circuits/territoire.yaml)."""
    problems: list[Problem] = []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataErrors([Problem(FILE, mark.line + 1 if mark else None, "", "du YAML mal formé",
                                  "un fichier YAML valide")]) from None
    # The letters' own texts (read for blanks and markup) keep their ${key}: segments() puts the
    # names in as data; every other field gets them now.
    written = copy.deepcopy(raw)
    if territory is not None:
        raw, unknown = fill_all(raw, territory)
        problems += [Problem(FILE, None, where, show(f"${{{key}}}"), "un nom du territoire (circuits/territoire.yaml)")
                     for where, key in ((".".join(map(str, path)), key) for path, key in unknown)]
    own = {s["id"]: Source(s["id"], s["titre"], s.get("url")) for s in raw.get("sources", [])}
    sources = {**shared_sources, **own}
    # When each source was read, as the letter pages say it (circuits/commun.yaml's lu_le).
    read_on = {s.id: french_date(date.fromisoformat(s.read_on)) for s in sources.values() if s.read_on}
    fields = {}
    for fid, spec in raw["champs"].items():
        if spec.get("type") not in FIELD_KINDS:
            problems.append(Problem(FILE, None, f"champs.{fid}.type", show(spec.get("type")),
                                    f"une de ces valeurs : {', '.join(sorted(FIELD_KINDS))}"))
        fields[fid] = Field(fid, spec["libelle"], spec.get("type", "texte"))
    rules = {}
    for r in raw["delais"]:
        if r.get("source") and r["source"] not in sources:
            problems.append(Problem(FILE, None, f"delais.{r['id']}.source", show(r["source"]), "une source connue"))
        rules[r["id"]] = Rule(r["id"], r["depuis"], r.get("jours", 0), r.get("mois", 0), r.get("ans", 0),
                              r.get("decalage"), r["libelle"], r["quoi"], r["nature"])
    letters = []
    for i, (l, w) in enumerate(zip(raw["lettres"], written["lettres"])):
        where = f"lettres[{i}]"
        basis = []
        for b in l["base"]:
            if b["ref"] not in sources:
                problems.append(Problem(FILE, None, f"{where}.base", f"la source inconnue {show(b['ref'])}",
                                        "une source de ce fichier ou de circuits/commun.yaml"))
            else:
                basis.append(Basis(sources[b["ref"]], b.get("passage")))
        for rung in l["recours"]:
            if rung not in rung_ids:
                problems.append(Problem(FILE, None, f"{where}.recours", show(rung),
                                        "un échelon de circuits/commun.yaml (recours[].id)"))
        dates = []
        for d in l["delais"]:
            rule = rules.get(d["regle"])
            if rule is None:
                problems.append(Problem(FILE, None, f"{where}.delais", show(d["regle"]), "une règle de « delais »"))
            else:
                dates.append(Dated(rule, d.get("depuis", rule.start)))
        body = []
        for j, p in enumerate(w["corps"]):
            text, optional = (p["texte"], bool(p.get("facultatif"))) if isinstance(p, dict) else (p, False)
            body.append(Paragraph(segments(text, fields, f"{where}.corps[{j}]", problems, territory), optional))
        to = l["pour"]
        letters.append(Letter(
            l["id"], l["titre"], to,
            segments(w.get("destinataire", "{bailleur}"), fields, f"{where}.destinataire", problems, territory),
            "bailleur_adresse" if to == "bailleur" else "destinataire_adresse", l.get("adresse_aide"),
            l["quand"], l["pourquoi"], tuple(basis), l["envoi"], tuple(l["recours"]), tuple(dates),
            segments(w["objet"], fields, f"{where}.objet", problems, territory), tuple(body),
            segments(w["pieces"], fields, f"{where}.pieces", problems, territory)))
    if problems:
        raise DataErrors(problems)
    return Catalogue(fields, rules, letters, sources, read_on)


def landlord_card(landlord: Landlord) -> dict:
    """What a letter may say of a landlord: its name, and where to write when its fiche says so."""
    written = [c for c in landlord.channels if c.kind in ("courrier", "courriel", "extranet") and c.contact]
    return {"id": landlord.id, "nom": landlord.name, "court": landlord.short_name,
            "adresse": written[0].contact if written and written[0].kind == "courrier" else None,
            "canal": f"{written[0].label} : {written[0].contact}" if written else None}
