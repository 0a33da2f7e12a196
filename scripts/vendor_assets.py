"""Copy the pinned front-end files from node_modules into content/assets/vendor (git-ignored).

The site then serves its own font and Mermaid: no CDN, no Google Fonts."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "content" / "assets" / "vendor"
FONT_PACKAGE = NODE / "@fontsource" / "atkinson-hyperlegible"
FAMILY = "Atkinson Hyperlegible"


def font_css(files: list[Path]) -> str:
    rules = []
    for f in files:
        # atkinson-hyperlegible-latin-700-italic.woff2 -> subset latin, weight 700, style italic
        subset, weight, style = f.stem.removeprefix("atkinson-hyperlegible-").rsplit("-", 2)
        ranges = {"latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, "
                            "U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, "
                            "U+2212, U+2215, U+FEFF, U+FFFD"}
        rule = (f"@font-face {{ font-family: '{FAMILY}'; font-style: {style}; font-weight: {weight}; "
                f"font-display: swap; src: url('{f.name}') format('woff2');")
        if subset in ranges:
            rule += f" unicode-range: {ranges[subset]};"
        rules.append(rule + " }")
    return "\n".join(rules) + "\n"


def main() -> int:
    if not NODE.exists():
        print("node_modules manque : lancez `make build` (qui fait `npm ci`).", file=sys.stderr)
        return 1
    fonts = VENDOR / "fonts"
    mermaid = VENDOR / "mermaid"
    for folder in (fonts, mermaid):
        folder.mkdir(parents=True, exist_ok=True)
    files = sorted((FONT_PACKAGE / "files").glob("atkinson-hyperlegible-latin-*-normal.woff2"))
    files += sorted((FONT_PACKAGE / "files").glob("atkinson-hyperlegible-latin-*-italic.woff2"))
    files = [f for f in files if "-ext-" not in f.name]
    for f in files:
        shutil.copy2(f, fonts / f.name)
    shutil.copy2(FONT_PACKAGE / "LICENSE", fonts / "LICENSE")
    (fonts / "atkinson-hyperlegible.css").write_text(font_css(files), encoding="utf-8")
    shutil.copy2(NODE / "mermaid" / "dist" / "mermaid.min.js", mermaid / "mermaid.min.js")
    shutil.copy2(NODE / "mermaid" / "LICENSE", mermaid / "LICENSE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
