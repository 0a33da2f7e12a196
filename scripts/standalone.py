"""What the scripts that make PDFs without building the site share: mkdocs.yml and the data read
once, a pool of print workers, one French message per problem instead of a traceback, and the
PDFs written under --out (site/ by default), with the same bytes as the build."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.build.settings import Settings, SettingsError  # noqa: E402
from macros.data.bundle import Bundle  # noqa: E402
from macros.data.problems import DataErrors  # noqa: E402
from macros.diagrams.drawing import circuit_diagrams  # noqa: E402
from macros.diagrams.render import DiagramError  # noqa: E402
from macros.printing.engine import PrintError  # noqa: E402
from macros.printing.pool import close_pool, open_pool  # noqa: E402
from macros.printing.printer import Printer  # noqa: E402


def make_pdfs(description: str, log_name: str, start: Callable[[Printer, object], None], *,
              diagrams: bool, argv: list[str] | None = None) -> int:
    """Parse --out, hand the printer and an open pool to start(), wait for the PDFs and write them.

    diagrams: whether the documents show the circuits' diagrams (from the build's cache, or drawn
    with Chromium); without them no Chromium is needed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="dossier du site (les PDF vont dans pdf/)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    started = time.monotonic()
    try:
        settings = Settings.from_environment(site_url=config.get("site_url"), site_name=config.get("site_name", ""))
        bundle = Bundle.load(ROOT)
        docs = ROOT / config.get("docs_dir", "docs")
        drawn = circuit_diagrams(bundle.guide, settings) if diagrams else None
        printer = Printer(bundle, docs, settings, drawn, config.get("use_directory_urls", True))
        pool = open_pool(settings, docs / "assets" / "vendor" / "fonts")
        try:
            start(printer, pool)
            printer.finish(whole_catalogue=False)
        finally:
            close_pool(pool, settings)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    except (PrintError, DiagramError, SettingsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for path, data in printer.pdfs.items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    logging.getLogger(log_name).info(f"{len(printer.pdfs)} PDF écrits dans {args.out / 'pdf'} en "
                                     f"{time.monotonic() - started:.1f} s.")
    return 0
