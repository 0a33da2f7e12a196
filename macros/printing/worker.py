"""Make the whole guide's PDF in a process of its own, while the build goes on.

    python -m macros.printing.worker FONTS_DIR GUIDE.html OUT.pdf [--untagged]

Prints the number of pages and the seconds it took. The guide is by far the longest document: on two cores, making it
beside the leaflets and the rest of the build saves about a third of the build's time."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .engine import Engine
from .guide_pdf import render_guide_html


def main(argv: list[str]) -> int:
    started = time.monotonic()
    fonts, html, out = (Path(a) for a in argv[:3])
    engine = Engine(fonts)
    data, pages = render_guide_html(engine, html.read_text(encoding="utf-8"), tagged="--untagged" not in argv)
    engine.close()
    out.write_bytes(data)
    print(pages, round(time.monotonic() - started, 2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
