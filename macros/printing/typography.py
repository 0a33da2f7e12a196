"""The French elision of a landlord's name in printed sentences.

The other typography rules (no-break spaces, apostrophes) are in macros/pages/markup.py."""
from __future__ import annotations


def de(name: str) -> str:
    """« de SDH », « d’ACTIS », « d’OPAC 38 »: the French elision before a vowel sound."""
    return ("d’" if name[:1].upper() in "AEIOUYÀÂÉÈÊÎÔÛ" else "de ") + name
