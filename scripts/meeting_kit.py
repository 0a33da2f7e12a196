"""The posters and the meeting kit (invitation, facilitator's guide, texts to read aloud), without
building the site, in site/pdf/ unless --out says otherwise. Same bytes as the build.

They need only the data (no diagram, so no Chromium): `python scripts/meeting_kit.py --out DIR`."""
from __future__ import annotations

import sys

from standalone import make_pdfs


def start(printer, pool) -> None:
    printer.pool, printer.jobs = pool, []
    printer.start_kit()


def main(argv: list[str] | None = None) -> int:
    return make_pdfs("Fait les affiches et le kit de réunion sans construire le site.", "kit", start,
                     diagrams=False, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
