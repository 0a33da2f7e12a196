"""Functions available to hand-written pages (with `render_macros: true` in their front matter)."""
from __future__ import annotations


def register(env) -> None:
    from pathlib import Path

    from macros.guide import cached_guide

    guide_cache: dict = {}

    def guide():
        # Same data as the hook: the folder of this mkdocs.yml.
        if "guide" not in guide_cache:
            root = Path(env.conf.config_file_path).resolve().parent
            guide_cache["guide"] = cached_guide(root=root, content_dir=Path(env.conf.docs_dir))
        return guide_cache["guide"]

    @env.macro
    def landlords():
        """The landlords of the guide, sorted by short name."""
        return guide().landlords

    @env.macro
    def practices():
        return list(guide().practices.values())
