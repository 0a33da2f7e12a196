"""Load YAML keeping the line of every field, so that each problem can point to its line."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, show

Path_ = tuple  # a field path: keys and list indexes
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        # The closest ancestor that has a line is the best pointer for a missing field.
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk(node: yaml.Node, path: Path_, lines: dict, problems: list[Problem], file: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(file, key_node.start_mark.line + 1, format_path(path + (key,)),
                                        f"la clé {show(key)} en double (déjà ligne {seen[key]})",
                                        "chaque clé une seule fois"))
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines, problems, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, problems, file)


def load_yaml(path: Path, display_name: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file; on a syntax error return no document and one problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display_name, None, "", "un fichier qui n'est pas en UTF-8", f"un fichier UTF-8 ({exc.reason})")]
    return parse_yaml(text, display_name)


def parse_yaml(text: str, display_name: str, first_line: int = 1) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text; `first_line` is where the text starts in its file (front matter)."""
    problems: list[Problem] = []
    text = "\n" * (first_line - 1) + text
    try:
        # One parse gives both the nodes (for line numbers) and the data; libyaml when present.
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or "une erreur de syntaxe").strip()
        return None, [Problem(display_name, line, "", f"du YAML mal formé ({what})",
                              "du YAML valide (vérifiez l'indentation, les deux-points et les guillemets)")]
    except yaml.YAMLError as exc:
        return None, [Problem(display_name, None, "", f"du YAML illisible ({exc})", "du YAML valide")]
    doc = YamlDocument(display_name, data)
    if node is not None:
        _walk(node, (), doc.lines, problems, display_name)
    return doc, problems
