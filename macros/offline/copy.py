"""Make the offline copy: a second `mkdocs build` of the same project (GUIDE_HORS_LIGNE=copie),
into a temporary folder, then one zip with the same bytes for the same site (sorted entries,
one fixed date, fixed permissions)."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from macros.build.settings import offline_pass_environment
from macros.offline import FOLDER, LEFT_OUT, LEFT_OUT_SUFFIXES, MERMAID, NOTE

# Zip dates start in 1980: the edition date, when it is older, becomes this.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class OfflineCopyError(RuntimeError):
    """The copy could not be made; the message says why, in French."""


def make(config_file: Path, target: Path, edition: date | None, strict: bool, main_site: Path | None = None) -> int:
    """Build the copy and write it as `target`; return its size in bytes. `main_site`: the main
    build's folder (by default, the zip's), whose game PDFs the copy takes."""
    with tempfile.TemporaryDirectory(prefix="guide-hors-ligne-") as folder:
        site = Path(folder) / "site"
        # MkDocs' own command, as scripts/build_site.py runs it: `python -m mkdocs` would import the
        # project folder's macros/ first (a copy's, in the bench), not the installed one.
        command = [str(Path(sys.executable).with_name("mkdocs")), "build", "--quiet", "--config-file", str(config_file),
                   "--site-dir", str(site), *(["--strict"] if strict else [])]
        result = subprocess.run(command, cwd=config_file.parent, env=offline_pass_environment())
        if result.returncode != 0:
            raise OfflineCopyError("La copie hors ligne n'a pas pu être construite (détail ci-dessus) ; "
                                   "GUIDE_HORS_LIGNE=0 construit le site sans elle.")
        write_zip(site, target, edition, main_site=main_site or target.parent)
    return target.stat().st_size


def write_zip(site: Path, target: Path, edition: date | None, main_site: Path | None = None) -> None:
    """Every file of the built copy under FOLDER/, with the note; same site, same bytes.

    The copy makes no PDF, but the game's page links its PDFs, left empty until made: they are
    taken from the main build (`main_site`) when it made them."""
    stamp = max(ZIP_EPOCH, (edition.year, edition.month, edition.day, 0, 0, 0)) if edition else ZIP_EPOCH
    files = kept(sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()), site)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
        put(NOTE, note().encode("utf-8"))
        for name in files:
            data = (site / name).read_bytes()
            made = main_site / name if main_site is not None else None
            if not data and made is not None and made.is_file():
                data = made.read_bytes()
            put(name, data)


def kept(files: list[str], site: Path) -> list[str]:
    """The files the copy needs (see LEFT_OUT)."""
    drawn = not any(MERMAID in (site / name).read_text(encoding="utf-8") for name in files if name.endswith(".html"))
    return [name for name in files if name not in LEFT_OUT and not name.endswith(LEFT_OUT_SUFFIXES)
            and not (drawn and name.startswith(MERMAID))]


def note() -> str:
    return ("Guide des réclamations : la copie sans connexion\n"
            "\n"
            "Pour l'ouvrir :\n"
            "1. Décompressez le fichier zip (clic droit, « Extraire tout »).\n"
            "2. Ouvrez le dossier guide-hors-ligne.\n"
            "3. Ouvrez le fichier index.html (double-clic) : le guide s'ouvre dans votre navigateur.\n"
            "\n"
            "Tout marche sans internet : les pages des bailleurs, les schémas, « Mon problème est-il\n"
            "urgent ? », les lettres et la recherche. Les documents à imprimer n'y sont pas (sauf ceux\n"
            "du jeu de l'oie) : imprimez-les avant la réunion, depuis la page « Imprimer et diffuser »\n"
            "du site en ligne.\n"
            "\n"
            "Ne déplacez pas les fichiers hors du dossier : les pages ne se trouveraient plus.\n")
