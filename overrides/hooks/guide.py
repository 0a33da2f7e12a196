"""The guide's single MkDocs entry point: the events of macros.adapter.plugin.GuidePlugin."""
from macros.adapter.plugin import hook_functions; globals().update(hook_functions())  # noqa: E702,E402
