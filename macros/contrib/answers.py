"""A partner's answers (the file the form /contribuer/<id>/ downloads) merged into circuits/.

Pure planning: `plan()` reads the answers, checks them (format, the landlord or federation exists,
each field exists in the schema, no conflict with a value already there) and returns the new text
of the one file they change, with a readable list of the changes. The text is then checked by the
guide's own loader (schema and references, as `make check`). Nothing is written here: the script
writes the file once everything passed (scripts/import_answers.py).

The data file is edited with ruamel.yaml's round trip: its comments, its order and its first line
(`# yaml-language-server: $schema=…`) stay as they were."""
from __future__ import annotations

import difflib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from macros.contrib.schemas import federation_schema, field_schema, landlord_schema, parse_path
from macros.data.bundle import Bundle
from macros.data.federations import FILE as FEDERATIONS_FILE
from macros.data.problems import DataErrors, show
from macros.printing.typography import de_name

FORMAT = "reponses-guide-reclamations/1"
KINDS = {"bailleur", "federation"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Text that the pages would read as markup: an HTML tag, a script address, a Markdown link or image,
# an attribute list. The pages print the data as Markdown, so an answer carrying any of these is
# refused, by the form (the page gets this same pattern) and by `make import`.
MARKUP = r"<\s*[a-z!/?]|(java|vb)script\s*:|data\s*:\s*text/html|\]\s*\(|\{\s*[:.#]|\{[^}]*="
_MARKUP = re.compile(MARKUP, re.IGNORECASE)


class AnswerErrors(Exception):
    """Every problem of a returned file, one French sentence each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problème{'s' if n > 1 else ''} dans le fichier de réponses (aucun fichier n'a été modifié) :"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


@dataclass
class Plan:
    target: Path  # the data file the answers change
    old_text: str
    new_text: str
    changes: list[str] = field(default_factory=list)  # one readable line per change

    @property
    def relative(self) -> str:
        return f"circuits/{self.target.name}"

    def diff(self) -> str:
        """The lines of the data file that change, as `git diff` shows them."""
        return "".join(difflib.unified_diff(self.old_text.splitlines(True), self.new_text.splitlines(True),
                                            f"{self.relative} (avant)", f"{self.relative} (après)"))


def _yaml() -> YAML:
    rt = YAML()  # round trip
    rt.preserve_quotes = True
    rt.width = 110
    rt.indent(mapping=2, sequence=4, offset=2)
    # An empty field stays written "null", as the people who keep the guide write it.
    rt.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return rt


def _add_key_after(mapping: CommentedMap, after: str, key: str, value) -> None:
    """A new key right after another, so the blank line or comment that ends the mapping stays last."""
    keys = list(mapping)
    mapping.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _plain(value):
    """A ruamel value as plain Python, to compare it with the answer's."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _commented(value):
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _commented(v)
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 3:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        out = CommentedSeq(_commented(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            out.fa.set_flow_style()
        return out
    return value


def _read_answers(text: str, name: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" à la ligne {mark.line + 1}" if mark else ""
        raise AnswerErrors([f"{name} : ce n'est pas un fichier YAML lisible{where} "
                            f"({getattr(exc, 'problem', None) or 'syntaxe'}). Renvoyez le fichier tel que le formulaire l'a fait."]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswerErrors([f"{name} : ce n'est pas un fichier de réponses du guide (la ligne « format: {FORMAT} » manque)."])
    return data


def _check_source(source, where: str, problems: list[str]) -> None:
    if not isinstance(source, dict):
        problems.append(f"{where} : la source manque ; attendu : une page publique (titre et adresse) "
                        "ou la déclaration du partenaire (organisation, rôle, date).")
        return
    if "url" in source or "titre" in source:
        if not isinstance(source.get("titre"), str) or not source["titre"].strip():
            problems.append(f"{where}.source.titre : le titre de la page manque.")
        if not isinstance(source.get("url"), str) or not _URL.match(source["url"]):
            problems.append(f"{where}.source.url : trouvé {show(source.get('url'))} ; attendu : une adresse "
                            "qui commence par https:// (ou http://).")
    elif isinstance(source.get("declaration"), dict):
        d = source["declaration"]
        for key in ("organisation", "role"):
            if not isinstance(d.get(key), str) or not d[key].strip():
                problems.append(f"{where}.source.declaration.{key} : manque (qui fait cette déclaration ?).")
        if not isinstance(d.get("date"), str) or not _DATE.match(d["date"]):
            problems.append(f"{where}.source.declaration.date : trouvé {show(d.get('date'))} ; attendu : AAAA-MM-JJ.")
    else:
        problems.append(f"{where}.source : attendu : « titre » et « url » (page publique) ou « declaration ».")


def _source_entry(source: dict, new_id: str, today: str) -> dict:
    """A source for circuits/: read on the day of the import. An organisation's own statement is
    a primary source; a page a partner points to counts as secondary until the people who keep
    the guide have seen whose page it is (it is then listed on /a-verifier/)."""
    if "url" in source:
        return {"id": new_id, "titre": " ".join(source["titre"].split()), "url": source["url"],
                "lu_le": today, "nature": "secondaire"}
    d = source["declaration"]
    return {"id": new_id, "titre": f"Réponse {de_name(d['organisation'].strip())} ({d['role'].strip()}) au guide",
            "document": "Déclaration au questionnaire du guide des réclamations", "date": d["date"],
            "lu_le": today, "nature": "primaire"}


def _source_key(source: dict) -> tuple:
    if "url" in source:
        return ("url", source["url"], " ".join(source["titre"].split()))
    d = source["declaration"]
    return ("declaration", d["organisation"].strip(), d["role"].strip(), d["date"])


def _get(node, path: tuple):
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise KeyError(part)
        elif not isinstance(node, dict) or part not in node:
            raise KeyError(part)
        node = node[part]
    return node


def _format(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def plan(root: Path, text: str, name: str, overwrite: bool = False, today: str | None = None) -> Plan:
    """Check the answers against the data of root/circuits and return the merge, or raise AnswerErrors."""
    today = today or date.today().isoformat()
    circuits = root / "circuits"
    answers = _read_answers(text, name)
    problems: list[str] = []
    sheet = answers.get("fiche")
    kind, ident = (sheet.get("type"), sheet.get("id")) if isinstance(sheet, dict) else (None, None)
    if kind not in KINDS or not isinstance(ident, str) or not _ID.match(ident):
        raise AnswerErrors([f"{name} : fiche : trouvé {show(sheet)} ; attendu : {{type: bailleur ou federation, id: …}}."])
    who = answers.get("repondu_par")
    if not isinstance(who, dict) or not all(isinstance(who.get(k), str) and who[k].strip() for k in ("organisation", "role")):
        problems.append(f"{name} : repondu_par : attendu : l'organisation et le rôle de la personne qui répond.")
        who = {}
    elif not isinstance(who.get("date"), str) or not _DATE.match(who["date"]):
        problems.append(f"{name} : repondu_par.date : trouvé {show(who.get('date'))} ; attendu : AAAA-MM-JJ.")

    rt = _yaml()
    if kind == "bailleur":
        target = circuits / f"{ident}.yaml"
        if not target.is_file() or target.name in {FEDERATIONS_FILE, "commun.yaml"}:
            known = sorted(p.stem for p in circuits.glob("*.yaml") if (p.read_text(encoding="utf-8").find("\netapes:") != -1))
            raise AnswerErrors([f"{name} : le bailleur « {ident} » n'existe pas dans circuits/ "
                                f"(bailleurs connus : {', '.join(known)})."])
        doc = rt.load(target.read_text(encoding="utf-8"))
        if doc.get("id") != ident:
            raise AnswerErrors([f"{name} : circuits/{ident}.yaml porte l'identifiant {show(doc.get('id'))}, pas « {ident} »."])
        node, schema = doc, landlord_schema(circuits)
        label = str(doc.get("nom_court") or ident)
    else:
        target = circuits / FEDERATIONS_FILE
        doc = rt.load(target.read_text(encoding="utf-8"))
        matches = [f for f in doc["federations"] if f.get("id") == ident]
        if not matches:
            known = ", ".join(f["id"] for f in doc["federations"])
            raise AnswerErrors([f"{name} : la fédération « {ident} » n'existe pas dans circuits/{FEDERATIONS_FILE} "
                                f"(fédérations connues : {known})."])
        node, schema = matches[0], federation_schema(circuits)
        label = str(node.get("sigle") or ident)

    changes = answers.get("changements") or []
    questions = answers.get("reponses") or []
    if not isinstance(changes, list) or not isinstance(questions, list):
        raise AnswerErrors([f"{name} : « changements » et « reponses » doivent être des listes."])
    if not changes and not questions:
        raise AnswerErrors([f"{name} : aucun changement ni aucune réponse : rien à importer."])

    # Each change: the field exists in the schema, its place exists in the data (or is the next
    # item of a list), and it does not replace a value already there unless asked.
    edits = []
    for n, change in enumerate(changes):
        where = f"changements[{n}]"
        if not isinstance(change, dict):
            problems.append(f"{where} : attendu : champ, valeur et source.")
            continue
        path = parse_path(change.get("champ"))
        if path is None:
            problems.append(f"{where}.champ : trouvé {show(change.get('champ'))} ; attendu : un chemin comme canaux[0].horaires.")
            continue
        field_name = _format(path)
        if path[-1] in ("source", "a_verifier") or path[0] in ("id", "provenance", "pratiques") \
                or field_schema(schema, path) is None:
            problems.append(f"{where}.champ : le champ « {field_name} » n'existe pas dans la fiche "
                            f"(ou ne se change pas par un fichier de réponses).")
            continue
        _check_source(change.get("source"), where, problems)
        if "valeur" not in change:
            problems.append(f"{where} : la valeur de « {field_name} » manque.")
            continue
        value = change["valeur"]
        parent_path, key = path[:-1], path[-1]
        try:
            parent = _get(node, parent_path)
        except KeyError:
            problems.append(f"{where}.champ : « {field_name} » : l'élément qui le contient n'existe pas dans la fiche.")
            continue
        if isinstance(key, int):
            if not isinstance(parent, list) or key > len(parent):
                problems.append(f"{where}.champ : « {field_name} » : la liste n'a que {len(parent) if isinstance(parent, list) else 0} "
                                "éléments ; un nouvel élément se met à la suite.")
                continue
            current = parent[key] if key < len(parent) else None
        else:
            current = parent.get(key) if isinstance(parent, dict) else None
        if _plain(current) == value:
            continue  # already there: nothing to do
        if not _is_empty(current) and not overwrite:
            problems.append(f"{where} : « {field_name} » vaut déjà {show(_plain(current))} dans {target.name}, "
                            f"la réponse dit {show(value)} : conflit. Vérifiez avec le partenaire, puis relancez "
                            "avec ECRASER=1 pour remplacer la valeur.")
            continue
        if _is_empty(value):
            continue  # an empty answer leaves the field as it is
        edits.append((path, current, value, change.get("source"), field_name))

    answered = []
    for n, question in enumerate(questions):
        where = f"reponses[{n}]"
        if not isinstance(question, dict):
            problems.append(f"{where} : attendu : question, reponse et source.")
            continue
        path = parse_path(question.get("question"))
        if path is None or path[-1] != "a_verifier":
            problems.append(f"{where}.question : trouvé {show(question.get('question'))} ; attendu : le chemin "
                            "d'une question, comme etapes[1].a_verifier.")
            continue
        try:
            asked = _get(node, path)
        except KeyError:
            problems.append(f"{where}.question : « {_format(path)} » n'est pas (ou plus) une question ouverte de la fiche.")
            continue
        if question.get("texte_question") and " ".join(str(question["texte_question"]).split()) != " ".join(str(asked).split()):
            problems.append(f"{where} : la question « {_format(path)} » a changé depuis le formulaire "
                            f"(elle dit maintenant {show(str(asked), 100)}) : faites relire la nouvelle question.")
            continue
        reply = question.get("reponse")
        if not isinstance(reply, str) or not reply.strip():
            problems.append(f"{where}.reponse : la réponse à « {_format(path)} » est vide.")
            continue
        _check_source(question.get("source"), where, problems)
        answered.append((path, " ".join(reply.split()), question.get("source"), str(asked)))

    problems += _markup_problems(answers)
    if problems:
        raise AnswerErrors(problems)

    # The sources: one new entry per distinct source, with an id no other source has.
    if kind == "bailleur":
        source_list = doc["provenance"]["sources"]
    else:
        source_list = doc["sources"]
    taken = {str(s["id"]) for s in source_list} | _shared_source_ids(circuits)
    ids: dict[tuple, str] = {}

    def source_id(source: dict) -> str:
        key = _source_key(source)
        if key not in ids:
            base = f"reponse-{ident}-{who.get('date', today)}"
            new_id, n = base, 2
            while new_id in taken:
                new_id, n = f"{base}-{n}", n + 1
            taken.add(new_id)
            ids[key] = new_id
            source_list.append(_commented(_source_entry(source, new_id, today)))
        return ids[key]

    lines, record = [], []
    for path, current, value, source, field_name in edits:
        ref = source_id(source)
        parent, key = _get(node, path[:-1]), path[-1]
        if isinstance(key, int) and key == len(parent):
            item = dict(value) if isinstance(value, dict) else value
            if isinstance(item, dict) and field_schema(schema, path + ("source",)) is not None:
                item.setdefault("source", {"ref": ref})
            parent.append(_commented(item))
        else:
            parent[key] = _commented(value)
        lines.append(f"{field_name} : {show(_plain(current), 80) if not _is_empty(current) else '(vide)'} → "
                     f"{show(value, 80)}  [source : {ref}]")
        record.append({"champ": field_name, "source": {"ref": ref}})
    for path, reply, source, asked in answered:
        ref = source_id(source)
        holder = _get(node, path[:-1])
        del holder[path[-1]]
        if kind == "bailleur":
            if "notes" not in doc:
                _add_key_after(doc, "pratiques", "notes", CommentedSeq())
            doc["notes"].append(_commented({"texte": reply, "source": {"ref": ref}}))
        lines.append(f"{_format(path)} : question « {' '.join(asked.split())} » → réponse {show(reply, 80)}  "
                     f"[source : {ref}] (la question est retirée)")
        record.append({"champ": _format(path), "source": {"ref": ref}, "reponse": reply})

    entry = {"date": who.get("date", today), "organisation": who["organisation"].strip(),
             "role": who["role"].strip(), "importe_le": today, "champs": record}
    if kind == "bailleur":
        holder, entry = doc["provenance"], _commented(entry)
    else:
        holder, entry = doc, _commented({"federation": ident, **entry})
    if "reponses" not in holder:
        _add_key_after(holder, "sources", "reponses", CommentedSeq())
    holder["reponses"].append(entry)

    out = io.StringIO()
    rt.dump(doc, out)
    new_text = out.getvalue()
    result = Plan(target, target.read_text(encoding="utf-8"), new_text, [f"{label} ({target.name}) :", *(f"  - {line}" for line in lines)])
    _check_with_loader(root, result)
    return result


def _markup_problems(node, path: str = "") -> list[str]:
    """Every text of the answers that the pages would read as markup."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _markup_problems(v, f"{path}.{k}" if path else str(k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _markup_problems(v, f"{path}[{i}]")]
    if isinstance(node, str) and _MARKUP.search(node):
        at = _MARKUP.search(node).start()
        found = node[at:at + 30] + ("…" if len(node) > at + 30 else "")
        return [f"{path} : contient « {found} », que les pages liraient comme du code ; écrivez le texte seul, "
                "sans balise HTML, sans lien Markdown, sans adresse javascript:."]
    return []


def _shared_source_ids(circuits: Path) -> set[str]:
    data = yaml.safe_load((circuits / "commun.yaml").read_text(encoding="utf-8")) or {}
    return {s["id"] for s in data.get("sources", []) if isinstance(s, dict) and "id" in s}


def _check_with_loader(root: Path, result: Plan) -> None:
    """The merged file, checked by the guide's own loader on a copy of circuits/ (as `make check`)."""
    with tempfile.TemporaryDirectory(prefix="reponses-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "circuits", copy / "circuits")
        (copy / "circuits" / result.target.name).write_text(result.new_text, encoding="utf-8")
        try:
            Bundle.load(copy, content_dir=root / "content")
        except DataErrors as errors:
            raise AnswerErrors([f"après fusion, {p}" for p in errors.problems]) from None
