"""PDF helpers: the poppler, zbar and Ghostscript tools, comparing words, and the real guide's Printer."""
from __future__ import annotations

import re
import shutil

import pytest

from macros.build.settings import Settings
from support.projects import ROOT


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} est introuvable : installez poppler-utils, zbar-tools et ghostscript "
                    "(apt-get install poppler-utils zbar-tools ghostscript).")
    return found


def squeeze(text: str) -> str:
    """Compare words, not layout: no whitespace, no soft hyphens, one kind of apostrophe.
    Diagram labels wrap anywhere, even inside a word, so spaces are dropped altogether."""
    text = text.replace("\u00ad", "").replace("’", "'")
    return re.sub(r"\s+", "", text)


def real_printer():
    """A Printer of the real guide, as the build makes it (the diagrams from the build's cache)."""
    import yaml

    from macros.data.bundle import Bundle
    from macros.diagrams.drawing import circuit_diagrams
    from macros.printing.printer import Printer

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = Settings.from_environment(site_url=config.get("site_url"), site_name=config.get("site_name", ""))
    bundle = Bundle.load(ROOT)
    return Printer(bundle, ROOT / config.get("docs_dir", "docs"), settings,
                   circuit_diagrams(bundle.guide, settings), config.get("use_directory_urls", True))
