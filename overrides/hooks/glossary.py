"""MkDocs hook: every abbreviation of circuits/glossaire.yaml becomes a tooltip on every page.

on_config loads and checks the glossary (any problem stops the build, one line per problem) and
hands it to Python-Markdown's `abbr` extension as its `glossary`: each page then renders the
acronym as <abbr title="...">, without a line of Markdown per page or a generated file."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

# circuits.py, the hook listed before this one, drops the cached macros modules on each reload,
# so an edit in macros/ shows up here too under `make serve`.
from macros.data.glossary import abbreviations, load_glossary
from macros.data.guide import load_shared
from macros.data.problems import DataErrors, stop_build

log = logging.getLogger("mkdocs.hooks.glossary")


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    circuits_dir = root / "circuits"
    try:
        # The shared sources are checked by the circuits hook; here they only resolve references.
        sources, _, problems = load_shared(circuits_dir, root)
        if problems:
            raise DataErrors(problems)
        terms = load_glossary(circuits_dir, root, sources)
    except DataErrors as errors:
        stop_build(errors, log)
    if "abbr" not in config.markdown_extensions:
        raise PluginError("mkdocs.yml : l'extension Markdown « abbr » est nécessaire pour les bulles d'aide du glossaire.")
    config.mdx_configs.setdefault("abbr", {})["glossary"] = abbreviations(terms)
    return config
