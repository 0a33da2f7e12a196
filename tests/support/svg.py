"""Reading the labels of a diagram Mermaid drew."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def text_elements(svg: str) -> list[list[str]]:
    """The lines of every <text> of the SVG: one string per line Mermaid wrapped the label into."""
    root = ET.fromstring(svg)  # also proves the SVG is well-formed XML
    found = []
    for text in root.iter(f"{SVG}text"):
        lines = ["".join(line.itertext()) for line in text.findall(f"{SVG}tspan")] or ["".join(text.itertext())]
        found.append([re.sub(r"\s+", " ", line) for line in lines])
    return found


def reads_as(lines: list[str], label: str) -> bool:
    """True if the wrapped lines spell the label; a line break may stand for one space or none."""
    pattern = r"\s?".join(re.escape(line) for line in lines)
    return re.fullmatch(pattern, " ".join(label.split())) is not None
