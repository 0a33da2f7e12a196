"""French print typography for text taken from the data and the pages: curly apostrophes and
non-breaking spaces inside « » and before : ; ! ?, so that no line starts with a lone sign."""
from __future__ import annotations

import re

NBSP = "\u00a0"
_BEFORE = re.compile(r"[ \u00a0]?([;:!?»])")
_AFTER_OPEN = re.compile(r"«[ \u00a0]?")
_URL = re.compile(r"\b(?:https?|mailto|ftp)://\S+|www\.\S+")


def french(text: str) -> str:
    if not text:
        return text
    # URLs keep their characters; only the prose around them changes.
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(_prose(text[last:match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_prose(text[last:]))
    return "".join(parts)


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


def de(landlord) -> str:
    """« de la SDH », « d’ACTIS »: the landlord's short name after « de », as its file writes it
    (Landlord.of_name), with the print apostrophe."""
    return french(landlord.of_name)
