"""The posters and the meeting kit (invitation, facilitator's guide, texts to read aloud), without
building the site, in site/pdf/ unless --out says otherwise. Same bytes as the build.

They need only the data (no diagram, so no Chromium): `python scripts/meeting_kit.py --out DIR`."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.build.settings import Settings, SettingsError  # noqa: E402
from macros.data.bundle import Bundle  # noqa: E402
from macros.data.problems import DataErrors  # noqa: E402
from macros.printing.engine import PrintError  # noqa: E402
from macros.printing.pool import close_pool, open_pool  # noqa: E402
from macros.printing.printer import Printer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fait les affiches et le kit de réunion sans construire le site.")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="dossier du site (les PDF vont dans pdf/)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    started = time.monotonic()
    try:
        settings = Settings.from_environment(site_url=config.get("site_url"), site_name=config.get("site_name", ""))
        bundle = Bundle.load(ROOT)
        docs = ROOT / config.get("docs_dir", "docs")
        printer = Printer(bundle, docs, settings, None, config.get("use_directory_urls", True))
        pool = open_pool(settings, docs / "assets" / "vendor" / "fonts")
        printer.pool, printer.jobs = pool, []
        try:
            printer.start_kit()
            printer.finish(whole_catalogue=False)
        finally:
            close_pool(pool, settings)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    except (PrintError, SettingsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for path, data in printer.pdfs.items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    logging.getLogger("kit").info(f"{len(printer.pdfs)} PDF écrits dans {args.out / 'pdf'} en "
                                  f"{time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
