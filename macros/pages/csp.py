"""The Content-Security-Policy of every page, as a <meta> tag: it then holds on any static host,
without server headers.

Scripts run only from the site's own files, plus the theme's few inline scripts, each allowed by
the hash of its exact text (so an inline script that the data would smuggle in, were the escaping
ever to fail, would not run). Styles may also be inline: the diagrams' SVG carry their own
<style>, and styles cannot run code. Fonts, images and requests stay on the site. A meta tag
cannot set frame-ancestors: every page, including /integrer/<id>/, may be framed by partners."""
from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
# Script types the browser runs (the theme's configuration is JSON: it is data, not run).
_RUN_TYPES = ("", "text/javascript", "module", "application/javascript")

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def policy(html: str) -> str:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.IGNORECASE)
        if kind and kind.group(1).lower() not in _RUN_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode()
        hashes.append(f" 'sha256-{digest}'")
    return POLICY.format(hashes="".join(dict.fromkeys(hashes)))


def with_policy(html: str) -> str:
    """The page with its policy first in <head> (right after the charset), before any script."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    found = _CHARSET.search(html)
    if found:
        return html[:found.end()] + tag + html[found.end():]
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if head is None:
        raise ValueError("page sans <head> : la politique de sécurité (CSP) n'a pas où aller")
    return html[:head.end()] + tag + html[head.end():]
