"""Functions available to hand-written pages (with `render_macros: true` in their front matter)."""
from __future__ import annotations


def register(env) -> None:
    from macros.guide import load_guide

    guide_cache: dict = {}

    def guide():
        if "guide" not in guide_cache:
            guide_cache["guide"] = load_guide()
        return guide_cache["guide"]

    @env.macro
    def landlords():
        """The landlords of the guide, sorted by short name."""
        return guide().landlords

    @env.macro
    def practices():
        return list(guide().practices.values())
