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

NBSP = "\u00a0"


# ---------------------------------------------------------------- escaping
# Text from the data reaches a page only through `text` (or `Md`, which calls it): it shows as
# written and never becomes an element, an attribute, a link or Markdown syntax. HTML's own
# characters, and every character Markdown reads as syntax inside a line, become numeric
# character references, which Python-Markdown and browsers show as the character itself.
# (The apostrophe is left as it is: French needs it everywhere, and no template puts data in an
# attribute quoted with it.)
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in '&<>"\\`*_{}[]|'}
# What starts a block when it begins a line (heading, list, quote, admonition, definition…):
# its first character is escaped in the same way.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLOCK_START = re.compile(r"^([#=+\-:!?~]|\d+(?=[.)]))")


def text(value) -> str:
    """Data text for a page or a printout: one line (spaces and line breaks run together, as HTML
    shows them; the line break that ends a YAML block goes), every character of markup escaped."""
    plain = _SPACES.sub(" ", str(value).strip("\r\n"))
    escaped = plain.translate(_ESCAPES)
    match = _BLOCK_START.match(escaped)
    if match:
        first = match.group(1)
        if first[0].isdigit():  # "1. x" would start a numbered list: escape the dot or parenthesis
            cut = len(first)
            escaped = escaped[:cut] + f"&#{ord(escaped[cut])};" + escaped[cut + 1:]
        else:
            escaped = f"&#{ord(first)};" + escaped[1:]
    return escaped


class Md(Markup):
    """Markup of a page (Markdown or HTML) written here, in which every value from the data is
    escaped by `text`: `Md("[{}]({})").format(title, url)` keeps the link and escapes the title."""
    __slots__ = ()

    @classmethod
    def escape(cls, s) -> "Md":
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(text(s))


def finalize(value):
    """Jinja's last step for every {{ … }} of the guide's templates: data is escaped, markup kept."""
    if value is None or hasattr(value, "__html__"):
        return value
    return Md.escape(value)


def join(items, separator: str = "") -> Md:
    """Jinja's join for the guide's templates: the separator is the template's, items are escaped."""
    return Md(separator).join(items)


TODO_HTML = Md(f'<span class="a-completer">{TO_COMPLETE}</span>')


# ---------------------------------------------------------------- filling

def fill(value) -> Md:
    """A value to show, escaped, or the visible "À compléter" marker when the data leaves it empty."""
    if value is None or value == "" or value == []:
        return TODO_HTML
    if value is True:
        return Md("Oui")
    if value is False:
        return Md("Non")
    return Md.escape(value)


def marked(text: str) -> Md:
    """A text from data, escaped, with each « À compléter » it holds shown as the marker."""
    return Md(str(Md("{}").format(text)).replace(TO_COMPLETE, str(TODO_HTML)))


def delay_text(delay: Delay | None) -> Md:
    return fill(str(delay) if delay else None)


# The only schemes a link from the data may have; `make check` refuses any other (data/links.py).
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
# Characters that would end a Markdown link or an HTML attribute, or that no address holds as they are.
_URL_QUOTE = {ord(c): f"%{ord(c):02X}" for c in ' <>"\'()\\`[]{}|^'}


def url(value: str) -> Md:
    """An address from the data, for a link's target: one of LINK_SCHEMES, and no character that
    would end the Markdown link or the HTML attribute around it."""
    address = str(value).strip()
    if not address.lower().startswith(LINK_SCHEMES) or any(ord(c) < 32 or ord(c) == 127 for c in address):
        raise ValueError(f"adresse refusée : {address[:80]!r} (attendu : " + ", ".join(LINK_SCHEMES) + ")")
    return Md(address.translate(_URL_QUOTE).replace("&", "&amp;"))


def attribute(value) -> Markup:
    return Markup(html.escape(str(value), quote=True))


def code(value) -> Md:
    """Data shown as code. Not a Markdown code span, which would show the escapes themselves."""
    return Md("<code>{}</code>").format(value)


def field_code(path: str) -> Markup:
    # Long field paths may break after a dot, never inside a word.
    return Markup("<code>" + html.escape(path).replace(".", ".<wbr>") + "</code>")


# ---------------------------------------------------------------- citations

def source_anchor(source_id: str) -> str:
    """The anchor of a source in a page's source list (and on the page listing every source)."""
    return f"source-{source_id}"


def cite(citation: Citation, prefix: str = "") -> Md:
    """An inline link to the page's source list; the passage stays in the link text."""
    return Md('<small class="source">Source : [{}]({}#{})</small>').format(
        citation.label, Markup(prefix), Markup(source_anchor(citation.source.id)))


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
    daytime: Md
    after_hours: Md | None  # None: this level waits for opening hours


def daytime_contact(landlord: Landlord) -> Md:
    """The landlord's usual way in for a repair, from its channels; "À compléter" if none is known."""
    channel = next((c for c in landlord.channels if c.kind in DAYTIME_CHANNELS), None)
    if channel is None:
        return Md("le service {} qui reçoit les demandes : {}").format(landlord.of_name, TODO_HTML)
    return Md("{}{} (coordonnées : {})").format(channel.label[0].lower(), channel.label[1:], fill(channel.contact))


def after_hours_contact(landlord: Landlord, where: str | None = None) -> Md:
    """The on-call service (astreinte) as far as the landlord's file knows it; when its number is
    unknown, `where` (from urgences.yaml, sourced) says where a tenant can look for it."""
    oc = landlord.on_call
    if oc.exists is False:
        return Md("{} n'a pas d'astreinte : appelez dès l'ouverture").format(landlord.short_name)
    if oc.exists and oc.how_to_reach:
        hours = Md(", {}").format(oc.hours) if oc.hours else ""
        return Md("l'astreinte {} (numéro : {}{})").format(landlord.of_name, oc.how_to_reach, hours)
    missing = Md("le numéro de l'astreinte {} n'est pas encore dans ce guide ({})").format(landlord.of_name, TODO_HTML)
    return Md("{}. {}").format(missing, where.rstrip(".")) if where else missing


def contact(landlord: Landlord, level: Level, where: str | None = None) -> Contact:
    return Contact(daytime_contact(landlord), after_hours_contact(landlord, where) if level.on_call else None)


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
