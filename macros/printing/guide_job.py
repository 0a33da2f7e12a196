"""The whole guide's PDF as a background job, with a cache.

The guide takes most of the printing time. It is made by a second process (worker.py) while
this one makes the leaflets and MkDocs writes the pages. The result is kept in .cache/pdf/ under
a hash of everything that shapes it (HTML, CSS, fonts, images, engine versions), so an unchanged
guide is never made twice; the output is the same bytes either way."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..diagrams import CACHE_DIR as DIAGRAM_CACHE
from .engine import CSS_DIR, FONT_FILES, HERE, PrintError
from .guide_pdf import SHEETS

CACHE_DIR = DIAGRAM_CACHE.parent / "pdf"
KEEP = 6  # cached guides kept; older ones are removed
_LOCAL_FILE = re.compile(r'(?:src|href)="(file://[^"]+)"')


def cache_key(html: str, fonts_dir: Path, tagged: bool) -> str:
    from importlib.metadata import version

    digest = hashlib.sha256()
    for part in (version("weasyprint"), version("pydyf"), str(tagged), html,
                 *((CSS_DIR / s).read_text(encoding="utf-8") for s in SHEETS),
                 (HERE / "engine.py").read_text(encoding="utf-8"), (HERE / "worker.py").read_text(encoding="utf-8")):
        digest.update(part.encode("utf-8") + b"\0")
    files = [fonts_dir / name for name in FONT_FILES.values()]
    files += [Path(unquote(urlsplit(url).path)) for url in sorted(set(_LOCAL_FILE.findall(html)))]
    for path in files:
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()[:32]


class GuideJob:
    def __init__(self, html: str, fonts_dir: Path, tagged: bool = True):
        self.key = cache_key(html, fonts_dir, tagged)
        self.cached = CACHE_DIR / f"{self.key}.pdf"
        self.process = None
        self.result: tuple[bytes, int] | None = None
        self.seconds = 0.0  # the worker's own time
        if self.cached.exists():
            meta = json.loads(self.cached.with_suffix(".json").read_text(encoding="utf-8"))
            self.result = (self.cached.read_bytes(), meta["pages"])
            return
        self.scratch = Path(tempfile.mkdtemp(prefix="guide-pdf-"))
        (self.scratch / "guide.html").write_text(html, encoding="utf-8")
        args = [sys.executable, "-m", "macros.printing.worker", str(fonts_dir), str(self.scratch / "guide.html"),
                str(self.scratch / "guide.pdf")] + ([] if tagged else ["--untagged"])
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    @property
    def from_cache(self) -> bool:
        return self.process is None

    def wait(self) -> tuple[bytes, int]:
        if self.result is not None:
            return self.result
        out, err = self.process.communicate()
        try:
            if self.process.returncode != 0:
                raise PrintError(f"Le guide complet n'a pas pu être fait :\n{err.strip()[-2000:]}")
            pages, seconds = out.strip().splitlines()[-1].split()
            self.result = ((self.scratch / "guide.pdf").read_bytes(), int(pages))
            self.seconds = float(seconds)
        finally:
            _remove(self.scratch)
        self._store()
        return self.result

    def cancel(self) -> None:
        """The build failed: stop the worker, leave nothing behind."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
            _remove(self.scratch)

    def _store(self) -> None:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = self.cached.with_suffix(".tmp")
        tmp.write_bytes(self.result[0])
        self.cached.with_suffix(".json").write_text(json.dumps({"pages": self.result[1]}), encoding="utf-8")
        tmp.replace(self.cached)
        old = sorted(CACHE_DIR.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
            path.with_suffix(".json").unlink(missing_ok=True)


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
