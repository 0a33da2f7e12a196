"""`make check`: validate all the data without building the site."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.build.paths import ROOT
from macros.data.bundle import Bundle
from macros.data.missing import freshness_report, gaps, report, review_notes, secondary_only, stale_sources
from macros.data.problems import DataErrors
from macros.letters.stage import letters_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Valide les données du guide sans construire le site.")
    parser.add_argument("--root", type=Path, default=ROOT, help="dossier du projet (celui de mkdocs.yml)")
    parser.add_argument("--manques", action="store_true", help="liste aussi chaque champ vide ou à vérifier")
    args = parser.parse_args(argv)
    try:
        bundle = Bundle.load(args.root)
        letters = letters_for(bundle)  # the letters cite the shared sources and recourse rungs
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    guide = bundle.guide
    steps = sum(len(l.steps) for l in guide.landlords)
    print(f"Données valides : {len(guide.landlords)} bailleurs, {steps} étapes, "
          f"{len(guide.practices)} bonnes pratiques, {len(guide.sources)} sources communes, "
          + ", ".join(f"{n} {name}" for name, n in bundle.counts().items())
          + f", {len(letters.catalogue.letters)} modèles de lettres.")
    all_gaps = gaps(guide)
    print(f"Ce qu'il reste à compléter : {sum(g.kind == 'vide' for g in all_gaps)} champs vides, "
          f"{sum(g.kind != 'vide' for g in all_gaps)} points à vérifier"
          + (" :" if args.manques else " (détail : make check MANQUES=1)."))
    old, _ = stale_sources(bundle)
    print(f"Sources anciennes : {len(old)} ; faits sans source primaire : {len(secondary_only(bundle))}"
          + (" :" if args.manques else "."))
    for line in review_notes(guide):
        print(line)
    if args.manques:
        print(report(bundle))
        print(freshness_report(bundle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
