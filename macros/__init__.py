"""mkdocs-macros entry point: only registers the functions that hand-written pages may call."""
from macros.pages.page_macros import register


def define_env(env):
    register(env)
