"""MkDocs hook for `make serve`: a saved file shows in the browser sooner.

MkDocs looks for changed files at a fixed interval and has no setting for it. Its watcher is
swapped, before it starts, for one that looks more often (README, « Performances »). This touches
MkDocs' LiveReloadServer internals (`observer`, `watch`, `unwatch`, the emitters' paths): when a
version lacks any of them, MkDocs' own watcher is kept and the preview only says so.
The search index is left out of the preview by the guide's plugin (macros/adapter/plugin.py)."""
from __future__ import annotations

import logging

from watchdog.observers.polling import PollingObserver

POLL_SECONDS = 0.1
log = logging.getLogger("mkdocs.plugins.guide.serve")


def on_serve(server, config, builder):
    paths = _watched_paths(server)
    if paths is None:
        log.info("Aperçu : la surveillance des fichiers reste celle de MkDocs (version non reconnue).")
        return server
    # MkDocs has already scheduled some folders (docs_dir, mkdocs.yml, the theme with
    # --watch-theme) on its own watcher; they move to the new one, as often as they were added.
    times = {}
    for path in paths:
        while True:
            try:
                server.unwatch(path)
            except KeyError:  # no longer watched at all
                break
            times[path] = times.get(path, 0) + 1
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, count in times.items():
        for _ in range(count):
            server.watch(path)
    return server


def _watched_paths(server) -> list[str] | None:
    """The folders MkDocs watches, or None when the server is not the one this hook knows."""
    if not all(callable(getattr(server, name, None)) for name in ("watch", "unwatch")):
        return None
    try:
        return sorted({emitter.watch.path for emitter in server.observer.emitters})
    except (AttributeError, TypeError):
        return None
