"""Load YAML keeping the line of every field, so that each problem can point to its line."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from macros.data.problems import Problem, show

Path_ = tuple  # a field path: keys and list indexes


_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MAP, _SEQ = _TAG + "str", _TAG + "null", _TAG + "map", _TAG + "seq"
_PLAIN_SCALARS = {_TAG + "bool", _TAG + "int", _TAG + "float"}


class _NotPlain(Exception):
    """Something construct_plain leaves to PyYAML's own construction."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml when present), noting whether any mapping repeats a key.

    Every mapping of the document is built by construct_plain or construct_mapping, after its merge
    keys (<<) are expanded, so a document without this mark has no duplicate for _walk to report:
    its lines can wait until a problem needs one."""
    duplicate_keys = False
    _tags: dict = {}  # (short text, implicit) -> tag; the safe loader's rules never change

    def resolve(self, kind, value, implicit):
        # Called by libyaml for every node; the same keys and words come back in every file.
        if kind is yaml.ScalarNode and len(value) <= 80 and not self.yaml_path_resolvers:
            tag = self._tags.get((value, implicit))
            if tag is None:
                tag = self._tags[(value, implicit)] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        try:
            if len(node.value) > 1 and len({key.value for key, _ in node.value}) != len(node.value):
                self.duplicate_keys = True
        except TypeError:  # a key _walk could not compare either: let it decide
            self.duplicate_keys = True
        return mapping

    def construct_plain(self, node: yaml.Node):
        """construct_document, faster for the usual file: text keys, lists, text, numbers, booleans
        and null. Anchors, merge keys, dates and other tags go through construct_document."""
        try:
            return self._plain(node, set())
        except (_NotPlain, RecursionError):
            self.duplicate_keys = False
            return self.construct_document(node)

    def _plain(self, node: yaml.Node, containers: set):
        kind = node.__class__
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            if node.tag == _NULL:
                return None
            if node.tag in _PLAIN_SCALARS:
                return self.yaml_constructors[node.tag](self, node)
            raise _NotPlain
        if id(node) in containers:  # an alias: PyYAML shares the object (and handles cycles)
            raise _NotPlain
        containers.add(id(node))
        if kind is yaml.MappingNode and node.tag == _MAP:
            data = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode or key_node.tag != _STR:
                    raise _NotPlain  # a merge key, a number or a block as key
                key = key_node.value
                if key in data:
                    self.duplicate_keys = True
                data[key] = self._plain(value_node, containers)
            return data
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self._plain(item, containers) for item in node.value]
        raise _NotPlain


@dataclass
class YamlDocument:
    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    # The parsed text when no key is repeated, instead of `lines`: a line is looked up only when a
    # problem needs one, by parsing that one file again, instead of walking every node of every
    # file. (Keeping the node trees of hundreds of files alive would cost more, in garbage collection.)
    text: str | None = field(default=None, repr=False, compare=False)
    _node: yaml.Node | None = field(default=None, init=False, repr=False, compare=False)

    def line_of(self, path: Path_) -> int | None:
        # The closest ancestor that has a line is the best pointer for a missing field.
        path = tuple(path)
        if self.text is not None:
            if self._node is None:
                self._node = _nodes(self.text)
            while self._node is not None:
                line = _line_at(self._node, path)
                if line is not None or not path:
                    return line
                path = path[:-1]
            return None
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


def _line_at(node: yaml.Node, path: Path_) -> int | None:
    """What _walk would record for `path` in a tree without repeated keys (each path met once):
    the line of its key in a mapping, of its item in a list, None if there is no such field."""
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                return None
        elif isinstance(node, yaml.SequenceNode):
            # As a dict lookup would: True or 1.0 find item 1.
            found = [item for index, item in enumerate(node.value) if index == part]
            if not found:
                return None
            node = found[0]
            line = node.start_mark.line + 1
        else:
            return None
    return line


def read_data_file(path: Path, display_name: str) -> tuple[str | None, list[Problem]]:
    """The text of a data file, or one problem: a link, a folder, a file too large or not UTF-8
    is refused before anything of it is read (a link could show a file from outside the project)."""
    def refused(found: str, expected: str = "un fichier texte UTF-8 ordinaire, dans le dossier du projet"):
        return None, [Problem(display_name, None, "", found, expected)]

    if path.is_symlink():
        return refused("un lien symbolique" + ("" if path.exists() else " cassé"))
    if path.is_dir():
        return refused("un dossier")
    try:
        size = path.stat().st_size
        if size > 4 * MAX_FILE_CHARS:  # 4 bytes at most per character in UTF-8
            return refused(f"un fichier de {size // 1_000_000} Mo", f"au plus {MAX_FILE_CHARS:,} caractères".replace(",", "\u202f"))
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as exc:
        return refused("un fichier qui n'est pas en UTF-8", f"un fichier UTF-8 ({exc.reason})")
    except OSError as exc:
        return refused(f"un fichier illisible ({exc.strerror or type(exc).__name__})")


def load_yaml(path: Path, display_name: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file; on a syntax error return no document and one problem with its line."""
    text, problems = read_data_file(path, display_name)
    if text is None:
        return None, problems
    return parse_yaml(text, display_name)


def parse_yaml(text: str, display_name: str, first_line: int = 1) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text; `first_line` is where the text starts in its file (front matter)."""
    problems: list[Problem] = []
    if len(text) > MAX_FILE_CHARS:
        return None, [Problem(display_name, None, "", f"un texte de {len(text):,} caractères".replace(",", "\u202f"),
                              f"au plus {MAX_FILE_CHARS:,} caractères par fichier de données".replace(",", "\u202f"))]
    text = "\n" * (first_line - 1) + text
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return None, [Problem(display_name, line, "", f"le caractère de contrôle U+{ord(control.group()):04X}",
                              "du texte sans caractère de contrôle ni d'inversion du sens d'écriture")]
    try:
        # One parse gives both the nodes (for line numbers) and the data; libyaml when present.
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            shape = _shape_problems(node, display_name) if node is not None else []
            if shape:
                return None, shape
            data = loader.construct_plain(node) if node is not None else None
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
        if loader.duplicate_keys:
            _walk(node, (), doc.lines, problems, display_name)
        else:
            doc.text = text
    return doc, problems


# Limits on what a data file may hold: a file written by hand stays far below them, and a hostile
# one gets a message instead of a hang, a crash or a page of many megabytes.
MAX_FILE_CHARS = 1_000_000
MAX_DEPTH = 20
MAX_TEXT = 10_000
# C0 and C1 controls (but tab and line breaks), and the marks that reverse the writing direction.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shape_problems(root: yaml.Node, file: str) -> list[Problem]:
    """Aliases, nesting and text length, checked on the nodes before anything is built from them.

    An alias (*name) makes one node appear in several places: a few lines can then stand for
    millions of values. A file of data has no need for it, so it is refused."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [(root, (), 1, root.start_mark.line + 1)]
    while stack:
        node, path, depth, line = stack.pop()  # the line where the value is used: its key's, in a mapping
        if id(node) in seen:
            problems.append(Problem(file, line, format_path(path), "un alias YAML (*…) qui répète une ancre (&…)",
                                    "chaque valeur écrite en entier, sans ancre ni alias"))
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            problems.append(Problem(file, line, format_path(path), f"plus de {MAX_DEPTH} niveaux d'imbrication",
                                    f"au plus {MAX_DEPTH} niveaux"))
            continue
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_TEXT:
                problems.append(Problem(file, line, format_path(path), f"un texte de {len(node.value)} caractères",
                                        f"au plus {MAX_TEXT} caractères par valeur"))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((value, path + (name,), depth + 1, key.start_mark.line + 1))
                if isinstance(key, (yaml.MappingNode, yaml.SequenceNode)) or id(key) in seen:
                    stack.append((key, path, depth + 1, key.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            # An alias carries its anchor's position: the list's own line is closer to where it is used.
            stack.extend((item, path + (i,), depth + 1, max(item.start_mark.line + 1, line))
                         for i, item in reversed(list(enumerate(node.value))))
    return problems[:20]  # a file of thousands of aliases needs only a few lines to be understood


def _nodes(text: str) -> yaml.Node | None:
    """The node tree of text already parsed once, as construction leaves it (merge keys expanded)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            loader.construct_document(node)
        return node
    finally:
        loader.dispose()
