"""`make import FICHIER=…`: bring a partner's answers (the file of /contribuer/<id>/) into circuits/.

Checks the whole file first; shows the changes; writes the one data file they change at once
(a temporary file renamed over it), or nothing at all."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from macros.build.paths import ROOT
from macros.contrib.answers import AnswerErrors, plan


def write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Importe les réponses d'un partenaire dans circuits/.")
    parser.add_argument("fichier", type=Path, help="le fichier YAML téléchargé depuis /contribuer/<id>/")
    parser.add_argument("--root", type=Path, default=ROOT, help="dossier du projet (celui de mkdocs.yml)")
    parser.add_argument("--ecraser", action="store_true",
                        help="remplacer une valeur déjà présente (après vérification avec le partenaire)")
    parser.add_argument("--essai", action="store_true", help="montrer les changements sans rien écrire")
    args = parser.parse_args(argv)
    if not args.fichier.is_file():
        print(f"{args.fichier} : fichier introuvable (aucun fichier n'a été modifié).", file=sys.stderr)
        return 1
    try:
        text = args.fichier.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        print(f"{args.fichier} : ce n'est pas un fichier texte UTF-8 (aucun fichier n'a été modifié).", file=sys.stderr)
        return 1
    try:
        result = plan(args.root.resolve(), text, args.fichier.name, overwrite=args.ecraser)
    except AnswerErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    print("\n".join(result.changes))
    print()
    print(result.diff())
    if args.essai:
        print(f"Essai : {result.relative} n'a pas été modifié.")
        return 0
    write_atomically(result.target, result.new_text)
    print(f"{result.relative} mis à jour. Relisez-le (git diff), puis `make check` et `make build`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
