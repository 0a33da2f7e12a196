"""The only presentation helpers of the pages and printouts: the visible "À compléter" marker,
filling a value, and the contact lines shown for an urgency level.

Everything here returns HTML or Markdown; the data stage never does."""
from __future__ import annotations

from dataclasses import dataclass

from macros.data.model import TO_COMPLETE, Landlord
from macros.data.urgency import DAYTIME_CHANNELS, Level

TODO_HTML = f'<span class="a-completer">{TO_COMPLETE}</span>'


def fill(value) -> str:
    """A value to show, or the visible "À compléter" marker when the data leaves it empty."""
    if value is None or value == "" or value == []:
        return TODO_HTML
    if value is True:
        return "Oui"
    if value is False:
        return "Non"
    return str(value)


@dataclass(frozen=True)
class Contact:
    """Whom a tenant of one landlord calls for one level: in office hours, and in the evening."""
    daytime: str
    after_hours: str | None  # None: this level waits for opening hours


def daytime_contact(landlord: Landlord) -> str:
    """The landlord's usual way in for a repair, from its channels; "À compléter" if none is known."""
    channel = next((c for c in landlord.channels if c.kind in DAYTIME_CHANNELS), None)
    if channel is None:
        return f"le service {landlord.of_name} qui reçoit les demandes : {TODO_HTML}"
    detail = channel.contact or TODO_HTML
    return f"{channel.label[0].lower()}{channel.label[1:]} (coordonnées : {detail})"


def after_hours_contact(landlord: Landlord, where: str | None = None) -> str:
    """The on-call service (astreinte) as far as the landlord's file knows it; when its number is
    unknown, `where` (from urgences.yaml, sourced) says where a tenant can look for it."""
    oc = landlord.on_call
    if oc.exists is False:
        return f"{landlord.short_name} n'a pas d'astreinte : appelez dès l'ouverture"
    if oc.exists and oc.how_to_reach:
        hours = f", {oc.hours}" if oc.hours else ""
        return f"l'astreinte {landlord.of_name} (numéro : {oc.how_to_reach}{hours})"
    missing = f"le numéro de l'astreinte {landlord.of_name} n'est pas encore dans ce guide ({TODO_HTML})"
    return f"{missing}. {where.rstrip('.')}" if where else missing


def contact(landlord: Landlord, level: Level, where: str | None = None) -> Contact:
    return Contact(daytime_contact(landlord), after_hours_contact(landlord, where) if level.on_call else None)
