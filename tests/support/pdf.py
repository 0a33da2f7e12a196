"""PDF helpers: the poppler, zbar and Ghostscript tools, comparing words, the real guide's Printer, and
the PDF/UA-1 checker (pdfua) with what it reads of the structure tree."""
from __future__ import annotations

import re
import shutil
from functools import lru_cache

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


def pdf_ua_problems(path) -> list[str]:
    """What the pdfua checker finds wrong with a PDF against PDF/UA-1 (its machine-checkable part),
    one line per finding, and any of its rules that could not run: empty when all is well."""
    # late: pdfua (pikepdf) is only needed by the PDF/UA tests
    from pdfua import validate
    from pdfua.rules import ALL_RULES, RuleRegistry

    fixed = _heading_rule()
    rules = RuleRegistry(tuple(fixed if rule.id == fixed.id else rule for rule in ALL_RULES))
    report = validate(str(path), registry=rules)
    lines = [f"{f.rule_id} ({f.severity.name}, {f.location.describe()}) : {f.message}" for f in report.findings]
    lines += [f"{o.rule_id} n'a pas pu vérifier : {o.skipped_reason}" for o in report.outcomes if o.skipped_reason]
    return lines


@lru_cache(maxsize=1)
def _heading_rule():
    # late: pdfua (pikepdf) is only needed by the PDF/UA tests
    import pikepdf
    from pdfua.rules.structure import EmptyHeadingRule

    class HeadingsNotEmpty(EmptyHeadingRule):
        """pdfua 0.1.3's empty-heading rule stops with an error on any heading whose /K is an array
        (it asks a pikepdf Array for an attribute, which raises ValueError): the same decision,
        with the array handled."""

        @staticmethod
        def _has_text(element) -> bool:
            return _marks_content(element.obj)

    def _marks_content(node) -> bool:
        if isinstance(node, int) and not isinstance(node, bool):
            return True  # an MCID
        if isinstance(node, pikepdf.Array):
            return any(_marks_content(item) for item in node)
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/Type") == pikepdf.Name("/MCR"):
                return True
            return "/K" in node and _marks_content(node.get("/K"))
        return False

    return HeadingsNotEmpty()


def structure_elements(pdf, role: str) -> list:
    """Every structure element of this role (e.g. "/Figure") of an open pikepdf.Pdf, in tree order
    (pikepdf dictionaries: keep the Pdf open while reading them)."""
    # late: pikepdf is only needed by the PDF/UA tests
    import pikepdf

    found, stack = [], [pdf.Root.StructTreeRoot.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR":
            if node.get("/S") == role:
                found.append(node)
            if "/K" in node:
                stack.append(node.get("/K"))
    return found


def marked_outside_the_tree(pdf) -> int:
    """How many marked-content items of an open pikepdf.Pdf (the parent tree's entries) belong to a
    structure element that the tree does not reach: text a screen reader may read out of place."""
    # late: pikepdf is only needed by the PDF/UA tests
    import pikepdf

    reached, stack = set(), [pdf.Root.StructTreeRoot.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR":
            if node.is_indirect:
                reached.add(node.objgen)
            if "/K" in node:
                stack.append(node.get("/K"))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = [owner for value in list(nums)[1::2]
              for owner in (list(value) if isinstance(value, pikepdf.Array) else [value])]
    return sum(1 for owner in owners if owner.objgen not in reached)
