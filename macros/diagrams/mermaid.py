"""Mermaid flowchart source generated from a circuit; every label is quoted and escaped."""
from __future__ import annotations

import html
import re

from macros.data.model import Landlord

# With text labels (htmlLabels off), Mermaid passes each label through its flowchart parser
# (a '"' ends the label), its "#code;" entity decoder, DOMPurify (a '<' makes it re-escape the
# whole label) and a Markdown lexer that drops what it does not draw: code spans, links, bare
# web and e-mail addresses, strikethrough, backslash escapes, and "1. " read as a list item.
# Before parsing, Mermaid also cuts "%%{...}%%" out of the whole source, labels included.
# Node labels decode entity codes before DOMPurify and Markdown, so no "#code;" survives there
# as the character it stands for. Instead each risky character travels as a look-alike that
# every stage leaves alone, and restore_labels() puts the real character back into the SVG
# (a browser drawing the source itself, without that step, still shows the look-alikes).
_LOOK_ALIKES = {
    '"': "\u02ba", "#": "\uff03", "&": "\uff06", "<": "\uff1c", ">": "\uff1e", "`": "\u02cb",
    "*": "\u2217", "_": "\uff3f", "~": "\u223c", "[": "\uff3b", "]": "\uff3d", "\\": "\uff3c",
    "@": "\uff20", "%": "\uff05",
    # Harmless, except where the patterns below find them.
    ".": "\u2024", ")": "\uff09", ":": "\u2236", "-": "\u2010", "+": "\uff0b",
}
_ALWAYS = frozenset('"#&<>`*_~[]\\@')
_IN_CONTEXT = [
    re.compile(r"^\d+([.)])"),                    # "1. " or "1) " opening a label: a list item
    re.compile(r"^([-+])"),                        # "- " or "+ " opening a label: a list item
    re.compile(r"(?i)(?:https?|ftp)(:)//"),        # a bare web address: a link
    re.compile(r"(?i)\bwww(\.)"),
    re.compile(r"(%)(?=%)"),                       # "%%{init: ...}%%": a directive, cut out
]
# Characters with no look-alike (the marks Mermaid's entity decoder works with, and the
# look-alikes themselves when the text holds them) travel as private-use code points instead.
_PRIVATE_BASE = 0xF0000
_PRIVATE = frozenset("\ufb02\u00b6" + "".join(_LOOK_ALIKES.values()))
_UNDO = {v: k for k, v in _LOOK_ALIKES.items()}
_STAND_INS = re.compile("[\U000F0000-\U000FFFFD" + "".join(map(re.escape, _UNDO)) + "]")
_WHITESPACE = re.compile(r"\s+")
# No text can show these, and XML may not hold most of them: control characters (whitespace
# aside), Unicode's non-characters, and the byte-order mark (whitespace to JavaScript).
_NONCHARACTERS = "".join(chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF))
_NOT_TEXT = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufeff{_NONCHARACTERS}]")
# Private-use code points of the text itself could not be told apart from ours; lone surrogates
# are not Unicode text and cannot be written as UTF-8.
_UNSHOWABLE = re.compile("[\U000F0000-\U0010FFFF\ud800-\udfff]")


def escape_label(text: str) -> str:
    """Make any text safe inside a quoted Mermaid label, so it shows exactly as written.

    Only what no text can show is dropped (see _NOT_TEXT), and any run of whitespace becomes one
    space. The SVG Mermaid draws from it reads right once it has gone through restore_labels()."""
    text = _UNSHOWABLE.sub("\ufffd", _WHITESPACE.sub(" ", _NOT_TEXT.sub("", text)).strip())
    risky = {i for i, char in enumerate(text) if char in _ALWAYS}
    for pattern in _IN_CONTEXT:
        risky.update(m.start(1) for m in pattern.finditer(text))
    out = []
    for i, char in enumerate(text):
        if char in _PRIVATE:
            char = chr(_PRIVATE_BASE + ord(char))
        elif i in risky:
            char = _LOOK_ALIKES[char]
        out.append(char)
    return "".join(out) or " "


def restore_labels(svg: str) -> str:
    """Put back, XML-escaped, the characters escape_label() replaced in a rendered SVG."""
    def real(match: re.Match) -> str:
        char = match.group(0)
        return html.escape(_UNDO.get(char) or chr(ord(char) - _PRIVATE_BASE))
    return _STAND_INS.sub(real, svg)


def node_id(index: int) -> str:
    # Generated ids never collide with Mermaid keywords such as "end" or "graph".
    return f"s{index}"


def flowchart(landlord: Landlord, direction: str = "TD") -> str:
    """The circuit as a Mermaid flowchart: one node per step, one edge per transition."""
    ids = {step.id: node_id(step.number) for step in landlord.steps}
    has_exit = {t.source.id for t in landlord.transitions if not t.reminder}
    lines = [f"flowchart {direction}"]
    for step in landlord.steps:
        label = escape_label(f"{step.number}. {step.title}")
        first_or_last = step.number == 1 or step.id not in has_exit
        lines.append(f'  {ids[step.id]}(["{label}"])' if first_or_last else f'  {ids[step.id]}["{label}"]')
    for move in landlord.transitions:
        arrow = "-.->" if move.reminder else "-->"
        text = f'|"{escape_label(move.condition)}"|' if move.condition else ""
        lines.append(f"  {ids[move.source.id]} {arrow}{text} {ids[move.target.id]}")
    return "\n".join(lines) + "\n"


def accessible_title(landlord: Landlord) -> str:
    return f"Schéma du circuit des réclamations {landlord.of_name}"


def accessible_description(landlord: Landlord) -> str:
    steps = landlord.steps
    return (f"{len(steps)} étapes, de « {steps[0].title} » à « {steps[-1].title} ». "
            "La liste numérotée des étapes, sous le schéma, en donne le détail.")
