"""Printed documents made on every core, each kept in a cache under a hash of what shapes it.

WeasyPrint is single-threaded and spends most of a build: the documents are laid out by worker
processes, one per core, and an unchanged document (same HTML, stylesheets, fonts, engine
versions) is read back from .cache/documents/ instead of being made again. Same input, same bytes,
whichever path it took.

Workers are forked from the build: what they need besides a task's own arguments (the laid-out
data of the guide, the diagrams) is put in `shared` before the first task, and read there. The
build process itself never starts WeasyPrint, so no font library state is copied into a worker."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from macros.build.settings import Settings
from macros.build.stats import record
from macros.printing.engine import CSS_DIR, FONT_FILES, HERE, Engine
from importlib.metadata import version
import gc
import shutil
import tempfile
import time
import logging

log = logging.getLogger("mkdocs.plugins.guide.impression")

# What a worker reads besides its task's arguments; set by the build before the workers fork.
shared: dict = {}
_engine: Engine | None = None


def worker_engine() -> Engine:
    """The WeasyPrint set-up of this worker: fonts and stylesheets loaded once for all its tasks."""
    global _engine
    if _engine is None:
        _engine = Engine(shared["fonts_dir"])
    return _engine


def close_worker_engine() -> None:
    """Free this process's engine, if it made one, while Python can still run WeasyPrint's clean-up."""
    global _engine
    if _engine is not None:
        _engine.close()
        _engine = None


@lru_cache(maxsize=1)
def _fixed_inputs(fonts_dir: Path) -> bytes:
    """Everything shared by all documents that changes their bytes: engine versions, code, CSS, fonts."""

    digest = hashlib.sha256()
    for part in (version("weasyprint"), version("pydyf"), version("pypdf"), version("segno")):
        digest.update(part.encode() + b"\0")
    code = sorted(HERE.glob("*.py")) + sorted(CSS_DIR.glob("*.css")) + sorted((HERE / "templates").glob("*"))
    for path in code + [fonts_dir / name for name in FONT_FILES.values()]:
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"missing") + b"\0")
    return digest.digest()


class DocumentCache:
    """Each entry: a folder named by its key, with the task's PDFs and a little JSON about them.

    An entry is written under a temporary name and renamed in one step: a reader sees all or nothing."""

    def __init__(self, fonts_dir: Path, folder: Path):
        self.fonts_dir, self.folder = fonts_dir, folder
        self.used: set[str] = set()

    def key(self, kind: str, *parts: str | bytes) -> str:
        digest = hashlib.sha256(_fixed_inputs(self.fonts_dir) + kind.encode())
        for part in parts:
            digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8")))
        return f"{kind}-{digest.hexdigest()[:32]}"

    def get(self, key: str) -> tuple[dict[str, bytes], dict] | None:
        entry = self.folder / key
        if not entry.exists():
            return None
        try:
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            files = {name: (entry / f"{index}.pdf").read_bytes() for index, name in enumerate(meta["files"])}
            spoilt = [name for name, data in files.items() if not _whole_pdf(data)]
        except (OSError, ValueError, KeyError, TypeError):
            spoilt = ["meta.json"]
        if spoilt:
            # Made again, never published: a PDF cut short by a full disk or a killed build.
            log.info(f"Document en cache illisible ({key}, {', '.join(spoilt)}) : il est refait.")
            shutil.rmtree(entry, ignore_errors=True)
            return None
        self.used.add(key)
        return files, meta["meta"]

    def put(self, key: str, files: dict[str, bytes], meta: dict) -> None:

        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.folder))
        for index, data in enumerate(files.values()):
            (scratch / f"{index}.pdf").write_bytes(data)
        (scratch / "meta.json").write_text(json.dumps({"files": list(files), "meta": meta}), encoding="utf-8")
        try:
            scratch.rename(self.folder / key)
        except OSError:  # another build stored the same entry first: same key, same bytes
            shutil.rmtree(scratch, ignore_errors=True)
        self.used.add(key)

    def prune(self, spare: int = 2) -> None:
        """Keep what this build used, plus up to `spare` times as many older entries; drop the
        half-written entries an interrupted build left (their names start with a dot)."""

        if not self.folder.exists():
            return
        for scratch in self.folder.glob(".*"):
            if time.time() - scratch.stat().st_mtime > 3600:
                shutil.rmtree(scratch, ignore_errors=True)
        others = sorted((p for p in self.folder.iterdir() if p.is_dir() and p.name not in self.used),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for path in others[spare * max(1, len(self.used)):]:
            shutil.rmtree(path, ignore_errors=True)


def _whole_pdf(data: bytes) -> bool:
    """A PDF that begins as one and has its end-of-file marker: not cut short, not another file."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


class PrintPool:
    """Worker processes for WeasyPrint, started on the first document that is not in the cache."""

    def __init__(self, cache: DocumentCache, workers: int):
        self.cache = cache
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self.made = self.reused = 0
        self.seconds: dict[str, float] = {}  # workers' time by kind of document (made ones only)
        self.made_by_kind: dict[str, int] = {}
        self.layouts: dict[str, int] = {}  # layouts by kind, where a task counts them (the leaflets' tries)

    def submit(self, key: str, task, *args) -> Future:
        """Run task(*args) -> ({name: pdf bytes}, meta) in a worker, or give back the cached result.

        The cache is filled as soon as the task is done."""
        cached = self.cache.get(key)
        if cached is not None:
            self.reused += 1
            return _done(cached)
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_start,
                                                 mp_context=multiprocessing.get_context("fork"))
        self.made += 1
        kind = key.split("-", 1)[0]
        self.made_by_kind[kind] = self.made_by_kind.get(kind, 0) + 1
        future = self._executor.submit(_timed, task, *args)
        future.add_done_callback(lambda f: self._done(key, f))
        return future

    def _done(self, key: str, future: Future) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        files, meta = future.result()
        kind = key.split("-", 1)[0]
        self.seconds[kind] = self.seconds.get(kind, 0.0) + meta.get("secondes", 0.0)
        if "mises_en_page" in meta:
            self.layouts[kind] = self.layouts.get(kind, 0) + meta["mises_en_page"]
        self.cache.put(key, files, meta)

    def report(self) -> str:
        """Where the workers' time went, by kind of document: « dépliants 41,2 s, guide 18,0 s »."""
        parts = sorted(self.seconds.items(), key=lambda item: -item[1])
        return ", ".join(f"{kind} {seconds:.1f} s".replace(".", ",") for kind, seconds in parts) or "rien"

    def close(self, cancel: bool = False) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None


def _worker_start() -> None:
    # WeasyPrint makes and drops objects by the hundred thousand per document, so Python's cycle
    # collector runs often, and each full pass walks everything the worker inherited (the whole
    # guide, every diagram). Frozen, the inherited objects are skipped (and their memory pages stay
    # shared with the build); rarer passes make each leaflet quicker (README, « Performances »).

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _timed(task, *args):

    started = time.process_time()
    files, meta = task(*args)
    return files, {**meta, "secondes": round(time.process_time() - started, 3)}


def html_to_pdf(html: str, sheets: tuple[str, ...] = (), tagged: bool = True,
                base_url: str | None = None) -> tuple[dict[str, bytes], dict]:
    """A worker task: one HTML document to PDF (named "pdf"), with its page count."""
    engine = worker_engine()
    document = engine.render(html, *sheets, base_url=base_url)
    return {"pdf": engine.write(document, tagged=tagged)}, {"pages": len(document.pages)}


def open_pool(settings: Settings, fonts_dir: Path) -> PrintPool:
    """The build's pool: made once by the build and handed to every stage that prints."""
    shared.setdefault("fonts_dir", fonts_dir)
    return PrintPool(DocumentCache(fonts_dir, settings.cache_root / "documents"), settings.print_workers)


def close_pool(pool: PrintPool, settings: Settings, cancel: bool = False) -> None:
    """Stop the workers; after a build that went through, prune the cache and record the figures."""
    pool.close(cancel=cancel)
    if not cancel:
        pool.cache.prune()
        record(settings, "impression", {"faits": pool.made, "repris": pool.reused, "travailleurs": pool.workers,
                                        "faits_par_type": pool.made_by_kind, "secondes": pool.seconds,
                                        "mises_en_page": pool.layouts})
    shared.clear()
