"""Mermaid flowchart source generated from a circuit; every label is quoted and escaped."""
from __future__ import annotations

import re

from .model import Landlord

# Mermaid decodes "#name;" and "#123;" entity codes inside quoted labels, so "#" itself is
# escaped first; quotes, angle brackets (HTML), backticks (Markdown strings) follow.
_ESCAPES = [("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"),
            ("&", "#amp;"), ("|", "#124;"), ("[", "#91;"), ("]", "#93;"), ("{", "#123;"), ("}", "#125;")]
_WHITESPACE = re.compile(r"\s+")


def escape_label(text: str) -> str:
    """Make any text safe inside a quoted Mermaid label, so it shows exactly as written."""
    text = _WHITESPACE.sub(" ", text).strip()
    out = []
    for char in text:
        for raw, code in _ESCAPES:
            if char == raw:
                char = code
                break
        out.append(char)
    return "".join(out) or " "


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
    return f"Schéma du circuit des réclamations de {landlord.short_name}"


def accessible_description(landlord: Landlord) -> str:
    steps = landlord.steps
    return (f"{len(steps)} étapes, de « {steps[0].title} » à « {steps[-1].title} ». "
            "La liste numérotée des étapes, sous le schéma, en donne le détail.")
