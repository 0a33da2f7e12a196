"""What every shared data file of circuits/ needs: read it, check it against its schema, put the
territory's names in its ${key} (circuits/territoire.yaml), and turn its `source` / `autres_sources`
references into citations, naming file, line and field."""
from __future__ import annotations

import re
from pathlib import Path

from macros.data.model import Citation, Source
from macros.data.problems import LOCAL_OR_SHARED_SOURCES, DataErrors, Problem, show, unknown_reference
from macros.data.validation import schema_problems
from macros.data.yamlsource import YamlDocument, format_path, load_yaml


PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def load_checked(circuits_dir: Path, root: Path, file: str, schema: str, what: str,
                 territory: dict[str, str] | None = None) -> YamlDocument:
    """The file, parsed and valid against circuits/<schema>, the territory's names (if given) in
    its ${key}; else DataErrors with every problem."""
    path = circuits_dir / file
    try:
        name = str(path.relative_to(root))
    except ValueError:
        name = str(path)
    if not path.exists():
        raise DataErrors([Problem(name, None, "", "aucun fichier", what)])
    doc, problems = load_yaml(path, name)
    if doc is None:
        raise DataErrors(problems)
    problems += schema_problems(doc, schema)
    if problems:
        raise DataErrors(problems)
    if territory is not None:
        localize(doc, territory)
    return doc


def fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """text with each ${key} replaced by the territory's value, and the unknown keys."""
    unknown: list[str] = []

    def value(match: re.Match) -> str:
        key = match.group(1)
        if key not in values:
            unknown.append(key)
            return match.group(0)
        return values[key]

    return PLACEHOLDER.sub(value, text), unknown


def fill_all(data, values: dict[str, str]) -> tuple[object, list[tuple[tuple, str]]]:
    """data (parsed YAML) with each ${key} of its texts filled, in place, and the (path, key) of
    each unknown key."""
    unknown: list[tuple[tuple, str]] = []

    def walk(node, path: tuple):
        if isinstance(node, dict):
            for k, v in node.items():
                node[k] = walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                node[i] = walk(v, (*path, i))
        elif isinstance(node, str) and "${" in node:
            text, missing = fill(node, values)
            unknown.extend((path, key) for key in missing)
            return text
        return node

    return walk(data, ()), unknown


def localize(doc: YamlDocument, values: dict[str, str]) -> None:
    """Put the territory's values in every ${key} of a checked data file, in place; raise
    DataErrors naming file, line and field of each unknown key."""
    _, unknown = fill_all(doc.data, values)
    if unknown:
        names = ", ".join(f"${{{k}}}" for k in sorted(values))
        raise DataErrors([Problem(doc.file, doc.line_of(path), format_path(path), show(f"${{{key}}}"),
                                  f"un nom du territoire (circuits/territoire.yaml) : {names}")
                          for path, key in unknown])


def citations(doc: YamlDocument, item: dict, path: tuple, sources: dict[str, Source],
              problems: list[Problem]) -> tuple[Citation, ...] | None:
    """The item's `source` then `autres_sources` as citations; None (and a problem each) if any is unknown."""
    refs = [(("source",), item["source"])] + [(("autres_sources", j), r) for j, r in enumerate(item.get("autres_sources", []))]
    unknown = [(where, r) for where, r in refs if r["ref"] not in sources]
    for where, r in unknown:
        field = (*path, *where, "ref")
        problems.append(unknown_reference("source", r["ref"], doc.file, doc.line_of(field), format_path(field),
                                          LOCAL_OR_SHARED_SOURCES))
    if unknown:
        return None
    return tuple(Citation(sources[r["ref"]], r.get("passage")) for _, r in refs)
