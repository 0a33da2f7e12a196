"""The French elision of a landlord's name in printed sentences.

The other typography rules (no-break spaces, apostrophes) are in macros/pages/markup.py."""
from __future__ import annotations

from macros.data.model import de_name as elided
from macros.pages.markup import french


def de(landlord) -> str:
    """« de la Régie », « d’OPALE »: the landlord's short name after « de », as its file writes it
    (Landlord.of_name), with the print apostrophe."""
    return french(landlord.of_name)


def de_name(name: str) -> str:
    """For a name the data gives without its preposition (an organisation that answered), with the
    print apostrophe: « d’OPALE »."""
    return french(elided(name))
