"""The one Jinja environment of the pages' templates (macros/pages/templates/): generated pages,
the macros of hand-written pages, the embedded pages and the open-data page.

Templates print what Python prepared, escaped (macros/pages/markup.py says how); the filters are
the presentation helpers of `markup`, nothing else."""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from macros.build.templating import template_environment
from macros.pages import markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV: dict[str, Environment] = {}


def environment() -> Environment:
    if "env" not in _ENV:
        # Every template escapes: data is escaped for HTML and Markdown by `markup.finalize`;
        # markup written in Python arrives as Markup (markup.Md) with its own data escaped.
        env = template_environment(TEMPLATES, "pages", keep_trailing_newline=True, autoescape=True,
                                   finalize=markup.finalize, filters=dict(
            fill=markup.fill, delay=markup.delay_text, cite=markup.cite, md=markup.Md.escape,
            cell=markup.Md.escape, field_code=markup.field_code, code=markup.code, url=markup.url, attr=markup.attribute, join=markup.join,
            # a JSON string is a valid YAML one, for front matter with any character
            yaml=lambda v: Markup(json.dumps(str(v), ensure_ascii=False))))
        env.globals["TODO"] = markup.TODO_HTML
        _ENV["env"] = env
    return _ENV["env"]


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
