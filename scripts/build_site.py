"""`make build`: run `mkdocs build` into a fresh folder, then swap it with site/.

A failed build leaves the previous site/ exactly as it was."""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(site: Path = ROOT / "site", config: Path = ROOT / "mkdocs.yml", extra_args: list[str] | None = None) -> int:
    staging = site.with_name(f".site-new-{os.getpid()}")
    previous = site.with_name(f".site-old-{os.getpid()}")
    left_behind(site)
    shutil.rmtree(staging, ignore_errors=True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    started = time.monotonic()
    result = subprocess.run([str(mkdocs), "build", "--strict", "--config-file", str(config),
                             "--site-dir", str(staging), *(extra_args or [])], cwd=config.parent)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"La construction a échoué : {site.name}/ n'a pas été modifié.", file=sys.stderr)
        return result.returncode
    # Two renames: the window where site/ is missing is as short as the file system allows.
    if site.exists():
        site.rename(previous)
    staging.rename(site)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Site construit dans {site.name}/ en {time.monotonic() - started:.1f} s.")
    return 0


def left_behind(site: Path) -> None:
    """Remove the folders of builds that were interrupted (killed, machine stopped): their process
    is gone. A build still running keeps its own."""
    for folder in site.parent.glob(f".{site.name}-*-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Construit le site sans jamais laisser un site/ à moitié écrit.")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site", type=Path, default=None, help="dossier de sortie (par défaut : site/ à côté de mkdocs.yml)")
    args, rest = parser.parse_known_args()
    config = args.config.resolve()
    sys.exit(build(site=(args.site or config.parent / "site").resolve(), config=config, extra_args=rest))
