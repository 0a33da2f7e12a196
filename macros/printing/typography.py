"""The French elision of a landlord's name in printed sentences.

The other typography rules (no-break spaces, apostrophes) are in macros/pages/markup.py."""
from __future__ import annotations

from macros.pages.markup import french


def de(landlord) -> str:
    """« de la SDH », « d’ACTIS »: the landlord's short name after « de », as its file writes it
    (Landlord.of_name), with the print apostrophe."""
    return french(landlord.of_name)


def de_name(name: str) -> str:
    """« de la CLCV » cannot be guessed; for a name the data gives without its preposition (an
    organisation that answered), the elision before a vowel: « d’ACTIS », « de CLCV »."""
    return ("d’" if name[:1].upper() in "AEIOUYÀÂÉÈÊÎÔÛ" else "de ") + name
