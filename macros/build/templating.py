"""The Jinja environments of the guide's own templates (pages, embeds, macros, printed documents).

Each keeps its compiled templates on disk, beside the other caches: `mkdocs serve` makes new
environments at every rebuild, and each build's print workers make their own, so without it
every template would be compiled again each time. A template whose source changed is compiled
again; each kind of environment has its own folder because the same template compiles
differently with and without autoescaping."""
from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.utils import _PassArg

from macros.build.paths import ROOT

# Set once per build from the settings (GUIDE_CACHE_DIR), before any template is compiled.
_cache_root = {"path": ROOT / ".cache"}


def use_cache_root(folder: Path) -> None:
    _cache_root["path"] = folder


def compiled_cache(kind: str) -> FileSystemBytecodeCache:
    folder = _cache_root["path"] / "jinja" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def template_environment(folder: Path, kind: str, filters: dict | None = None, **options) -> Environment:
    """Strict about unknown names, blocks trimmed, compiled once: what every template here assumes.

    Compiled code depends on the environment too (autoescaping, finalize, how each filter is
    called), so the cache folder is named after all of it: changing one compiles afresh."""
    env = Environment(loader=FileSystemLoader(folder), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, **options)
    env.filters.update(filters or {})
    env.bytecode_cache = compiled_cache(f"{kind}-{_signature(env, options)}")
    return env


def _signature(env: Environment, options: dict) -> str:
    parts = [f"{k}={_name(v)}" for k, v in sorted(options.items())]
    parts += [f"{name}:{_name(f)}:{_PassArg.from_obj(f)}" for name, f in sorted(env.filters.items())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _name(value) -> str:
    return getattr(value, "__qualname__", None) or repr(value)
