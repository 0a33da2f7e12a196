"""What every shared data file of circuits/ needs: read it, check it against its schema, and turn
its `source` / `autres_sources` references into citations, naming file, line and field."""
from __future__ import annotations

from pathlib import Path

from macros.data.model import Citation, Source
from macros.data.problems import LOCAL_OR_SHARED_SOURCES, DataErrors, Problem, unknown_reference
from macros.data.validation import schema_problems
from macros.data.yamlsource import YamlDocument, format_path, load_yaml


def load_checked(circuits_dir: Path, root: Path, file: str, schema: str, what: str) -> YamlDocument:
    """The file, parsed and valid against circuits/<schema>; else DataErrors with every problem."""
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
    return doc


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
