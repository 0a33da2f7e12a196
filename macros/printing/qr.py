"""QR codes as vector SVG (segno), so they stay sharp at any printer resolution."""
from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=1024)  # a leaflet asks again at each of its layouts
def qr_svg(url: str) -> str:
    """A standalone SVG document (with its namespace): inline in HTML, or as an image."""
    # Error correction M survives a crease or a smudge; the 4-module quiet zone is part of the SVG.
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=4, omitsize=True,
              dark="#000", light="#fff", svgclass="segno")
    return out.getvalue().decode("utf-8")
