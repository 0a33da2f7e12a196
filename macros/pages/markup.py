"""The only presentation helpers of the pages and printouts: the visible "À compléter" marker,
filling a value, citations, escaping, French typography, and the contact lines shown for an
urgency level.

Everything here returns HTML or Markdown; the data stage never does."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from macros.data.model import TO_COMPLETE, Citation, Delay, Landlord
from macros.data.urgency import DAYTIME_CHANNELS, Level

TODO_HTML = Markup(f'<span class="a-completer">{TO_COMPLETE}</span>')
NBSP = "\u00a0"


# ---------------------------------------------------------------- filling and escaping

def fill(value) -> Markup | str:
    """A value to show, or the visible "À compléter" marker when the data leaves it empty."""
    if value is None or value == "" or value == []:
        return TODO_HTML
    if value is True:
        return "Oui"
    if value is False:
        return "Non"
    return str(value)


def delay_text(delay: Delay | None) -> Markup | str:
    return fill(str(delay) if delay else None)


# Characters Python-Markdown reads as syntax; free text put in a heading or link is escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: str) -> str:
    """Free text (a territory's name) shown as itself in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def markdown_cell(text: str) -> str:
    """Plain text inside a Markdown table cell: one line, no HTML, no column break."""
    return html.escape(" ".join(str(text).split()), quote=False).replace("|", "&#124;")


def attribute(value) -> str:
    return html.escape(str(value), quote=True)


def field_code(path: str) -> str:
    # Long field paths may break after a dot, never inside a word.
    return "<code>" + html.escape(path).replace(".", ".<wbr>") + "</code>"


# ---------------------------------------------------------------- citations

def source_anchor(source_id: str) -> str:
    """The anchor of a source in a page's source list (and on the page listing every source)."""
    return f"source-{source_id}"


def cite(citation: Citation, prefix: str = "") -> str:
    """An inline link to the page's source list; the passage stays in the link text."""
    return f'<small class="source">Source : [{citation.label}]({prefix}#{source_anchor(citation.source.id)})</small>'


# ---------------------------------------------------------------- French typography

_BEFORE = re.compile(r"[ \u00a0]?([;:!?»])")
_AFTER_OPEN = re.compile(r"«[ \u00a0]?")
_URL = re.compile(r"\b(?:https?|mailto|ftp)://\S+|www\.\S+")


def french(text: str) -> str:
    """French typography for prose: curly apostrophes and no-break spaces inside « » and before
    : ; ! ?, so that no line starts with a lone sign. URLs keep their characters."""
    if not text:
        return text
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(_prose(text[last:match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_prose(text[last:]))
    return "".join(parts)


def french_spacing(text: str) -> str:
    """Only the no-break spaces of `french`, for a whole generated Markdown page: its syntax never
    puts a space before these signs, and its quotes (HTML attributes, code) must stay straight."""
    for mark in "?!:;":
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


def _prose(text: str) -> str:
    text = text.replace("'", "’")
    text = _AFTER_OPEN.sub("«" + NBSP, text)

    def before(match: re.Match) -> str:
        sign = match.group(1)
        start = match.start()
        # "12:30" or "a:b" (no space before the colon) is not a French sign to space.
        if sign in ":;!?" and not match.group(0).startswith((" ", NBSP)):
            return match.group(0)
        return NBSP + sign if start > 0 else sign

    return _BEFORE.sub(before, text)


# ---------------------------------------------------------------- whom to call

@dataclass(frozen=True)
class Contact:
    """Whom a tenant of one landlord calls for one level: in office hours, and in the evening."""
    daytime: str
    after_hours: str | None  # None: this level waits for opening hours


def daytime_contact(landlord: Landlord) -> str:
    """The landlord's usual way in for a repair, from its channels; "À compléter" if none is known."""
    channel = next((c for c in landlord.channels if c.kind in DAYTIME_CHANNELS), None)
    if channel is None:
        return f"le service de {landlord.short_name} qui reçoit les demandes : {TODO_HTML}"
    detail = channel.contact or TODO_HTML
    return f"{channel.label[0].lower()}{channel.label[1:]} (coordonnées : {detail})"


def after_hours_contact(landlord: Landlord) -> str:
    """The on-call service (astreinte) as far as the landlord's file knows it."""
    oc = landlord.on_call
    if oc.exists is False:
        return f"{landlord.short_name} n'a pas d'astreinte : appelez dès l'ouverture"
    if oc.exists is None:
        return f"astreinte de {landlord.short_name} : {TODO_HTML}"
    how = oc.how_to_reach or TODO_HTML
    hours = f", {oc.hours}" if oc.hours else ""
    return f"l'astreinte de {landlord.short_name} (numéro : {how}{hours})"


def contact(landlord: Landlord, level: Level) -> Contact:
    return Contact(daytime_contact(landlord), after_hours_contact(landlord) if level.on_call else None)


class Citer:
    """Citations a template makes by source id, as a hand-written page does with `sources(...)`:
    the ids live in the templates' prose, not in Python. It remembers what it cited, so the page's
    source list can follow."""

    def __init__(self, sources: dict, where: str):
        self.sources, self.where, self.used = sources, where, []

    def __call__(self, ref: str, passage: str | None = None) -> Citation:
        if ref not in self.sources:
            raise KeyError(f"{self.where} : source inconnue « {ref} » ; attendu : un identifiant de "
                           "circuits/commun.yaml")
        citation = Citation(self.sources[ref], passage)
        self.used.append(citation)
        return citation
