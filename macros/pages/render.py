"""The one Jinja environment of the pages' templates (macros/pages/templates/): generated pages,
the macros of hand-written pages, the embedded pages and the open-data page.

Templates print what Python prepared, escaped (macros/pages/markup.py says how); the filters are
the presentation helpers of `markup`, nothing else."""
from __future__ import annotations

import html
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
            yaml=front_matter_text))
        env.globals["TODO"] = markup.TODO_HTML
        _ENV["env"] = env
    return _ENV["env"]


def render(template: str, **context) -> Markup:
    """A page or a part of one; markup by construction (its data is escaped), so a macro or a
    template can place it as it is."""
    return Markup(environment().get_template(template).render(**context))


def front_matter_text(value) -> Markup:
    """A value for a page's front matter (title, description): MkDocs and the theme print these
    into the HTML as they are, so they are HTML-escaped here; a JSON string is a YAML string too."""
    return Markup(json.dumps(html.escape(" ".join(str(value).split())), ensure_ascii=False))
