"""The letters of the real guide, loaded once for the letters' tests."""
from __future__ import annotations

from macros.data.bundle import Bundle
from macros.letters.stage import letters_for
from support.projects import ROOT

BUNDLE = Bundle.load(ROOT)
LETTERS = letters_for(BUNDLE)
IDS = [l.id for l in LETTERS.catalogue.letters]
