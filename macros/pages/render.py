"""The one Jinja environment of the pages' templates (macros/pages/templates/): generated pages,
the macros of hand-written pages, the embedded pages and the open-data page.

Markdown templates (.md.j2) print what Python prepared; HTML templates (.html.j2) are escaped
automatically. The filters are the presentation helpers of `markup`, nothing else."""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, select_autoescape

from macros.build.templating import template_environment
from macros.pages import markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV: dict[str, Environment] = {}


def environment() -> Environment:
    if "env" not in _ENV:
        env = template_environment(TEMPLATES, "pages", keep_trailing_newline=True,
                                   autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False))
        env.filters.update(
            fill=markup.fill, delay=markup.delay_text, cite=markup.cite, md=markup.md_text,
            cell=markup.markdown_cell, field_code=markup.field_code, attr=markup.attribute,
            anchor=lambda citation: markup.source_anchor(citation.source.id),
            # a JSON string is a valid YAML one, for front matter with any character
            yaml=lambda v: json.dumps(str(v), ensure_ascii=False))
        env.globals["TODO"] = markup.TODO_HTML
        _ENV["env"] = env
    return _ENV["env"]


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
