"""`make leaflets`: the leaflets (and the tracking sheet), without building the site: one per landlord and one per
landlord and federation (circuits/federations.yaml), in site/pdf/ unless --out says otherwise.

The diagrams come from the build's cache, or are drawn with Chromium. Same bytes as the build."""
from __future__ import annotations

import argparse
import logging
import time
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.data.guide import load_guide  # noqa: E402
from macros.printing.engine import PrintError  # noqa: E402
from macros.printing.printer import Printer  # noqa: E402
from macros.data.problems import DataErrors  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fait les dépliants (bailleurs et fédérations) sans construire le site.")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="dossier du site (les PDF vont dans pdf/)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log = logging.getLogger("leaflets")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    try:
        guide = load_guide(root=ROOT)
        printer = Printer(ROOT, ROOT / config.get("docs_dir", "docs"), guide, config["site_name"],
                          config["site_url"], config.get("use_directory_urls", True))
        started = time.monotonic()
        printer.start_leaflets()
        printer.finish(whole_catalogue=False)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    except PrintError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path, data in printer.pdfs.items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    log.info(f"{len(printer.pdfs)} PDF écrits dans {args.out / 'pdf'} en {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
