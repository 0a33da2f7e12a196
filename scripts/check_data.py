"""`make check`: validate all the data without building the site."""
from __future__ import annotations

import sys

from macros.guide import load_guide
from macros.problems import DataErrors


def main() -> int:
    try:
        guide = load_guide()
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    steps = sum(len(l.steps) for l in guide.landlords)
    print(f"Données valides : {len(guide.landlords)} bailleurs, {steps} étapes, "
          f"{len(guide.practices)} bonnes pratiques, {len(guide.sources)} sources communes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
