"""`make leaflets`: the leaflets (and the tracking sheet), without building the site: one per landlord and one per
landlord and federation (circuits/federations.yaml), in site/pdf/ unless --out says otherwise.

The diagrams come from the build's cache, or are drawn with Chromium. Same bytes as the build."""
from __future__ import annotations

import sys

from standalone import make_pdfs


def main(argv: list[str] | None = None) -> int:
    return make_pdfs("Fait les dépliants (bailleurs et fédérations) sans construire le site.", "leaflets",
                     lambda printer, pool: printer.start_leaflets(pool), diagrams=True, argv=argv)


if __name__ == "__main__":
    sys.exit(main())
