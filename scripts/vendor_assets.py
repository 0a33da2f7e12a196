"""Copy the pinned front-end files from node_modules into content/assets/vendor (git-ignored).

The site then serves its own font, Mermaid and json-editor: no CDN, no Google Fonts. The web pages get the font
cut down to what French text needs (see FRENCH), without hinting instructions: far fewer
bytes than fontsource's "latin" files. Those full files are copied too, for the PDFs."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "content" / "assets" / "vendor"
FONT_PACKAGE = NODE / "@fontsource" / "atkinson-hyperlegible"
FAMILY = "Atkinson Hyperlegible"
# What French text needs: ASCII, the Latin-1 signs (non-breaking space, « », °, ², ¶ of the
# permalinks…), the accented letters of French (with Æ æ Œ œ Ÿ), × ÷, and the typographic
# punctuation (’ “ ” – — … •, €). Any other character is drawn by the phone's own font.
FRENCH = ("U+0020-007E, U+00A0-00BF, U+00C0, U+00C2, U+00C6-00CB, U+00CE-00CF, U+00D4, U+00D7, U+00D9, "
          "U+00DB-00DC, U+00E0, U+00E2, U+00E6-00EB, U+00EE-00EF, U+00F4, U+00F7, U+00F9, U+00FB-00FC, "
          "U+00FF, U+0152-0153, U+0178, U+2013-2014, U+2018-201A, U+201C-201E, U+2022, U+2026, "
          "U+2039-203A, U+20AC, U+2122, U+2212")


def parse_ranges(text: str) -> list[int]:
    codes = []
    for part in text.replace("U+", "").split(","):
        first, _, last = part.strip().partition("-")
        codes += range(int(first, 16), int(last or first, 16) + 1)
    return codes


def format_ranges(codes: list[int]) -> str:
    """Code points as a CSS unicode-range: U+0020-007E, U+00A0-00BF, …"""
    spans: list[list[int]] = []
    for code in sorted(set(codes)):
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in spans)


def subset_font(source: Path, dest: Path) -> list[int]:
    """Write the French cut of one face as WOFF2; return the code points it really covers."""
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # phones ignore TrueType hinting, and it weighs
    options.layout_features = ["*"]  # kerning, but also tabular digits (Chromium's list numbers)
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=parse_ranges(FRENCH))
    subsetter.subset(font)
    covered = sorted(font.getBestCmap())
    subset.save_font(font, str(dest), options)
    return covered


def font_css(faces: list[tuple[str, str, str, list[int]]]) -> str:
    """One @font-face per (file, weight, style, code points); the browser only fetches the faces a page uses."""
    rules = []
    for name, weight, style, codes in faces:
        rules.append(f"@font-face {{ font-family: '{FAMILY}'; font-style: {style}; font-weight: {weight}; "
                     f"font-display: swap; src: url('{name}') format('woff2'); "
                     f"unicode-range: {format_ranges(codes)}; }}")
    return "\n".join(rules) + "\n"


def main() -> int:
    if not NODE.exists():
        print("node_modules manque : lancez `make build` (qui fait `npm ci`).", file=sys.stderr)
        return 1
    fonts = VENDOR / "fonts"
    mermaid = VENDOR / "mermaid"
    for folder in (fonts, mermaid):
        folder.mkdir(parents=True, exist_ok=True)
    faces = []
    for weight in ("400", "700"):
        for style in ("normal", "italic"):
            # The full "latin" file, for the PDFs (WeasyPrint cuts it down itself)…
            full = FONT_PACKAGE / "files" / f"atkinson-hyperlegible-latin-{weight}-{style}.woff2"
            shutil.copy2(full, fonts / full.name)
            # … and the French cut, for the web pages.
            name = f"atkinson-hyperlegible-fr-{weight}-{style}.woff2"
            faces.append((name, weight, style, subset_font(full, fonts / name)))
    shutil.copy2(FONT_PACKAGE / "LICENSE", fonts / "LICENSE")
    (fonts / "atkinson-hyperlegible.css").write_text(font_css(faces), encoding="utf-8")
    shutil.copy2(NODE / "mermaid" / "dist" / "mermaid.min.js", mermaid / "mermaid.min.js")
    shutil.copy2(NODE / "mermaid" / "LICENSE", mermaid / "LICENSE")
    # The partners' form (/contribuer/<id>/) draws its fields from the JSON Schemas with json-editor.
    editor = VENDOR / "json-editor"
    editor.mkdir(parents=True, exist_ok=True)
    package = NODE / "@json-editor" / "json-editor"
    shutil.copy2(package / "dist" / "jsoneditor.js", editor / "jsoneditor.js")
    shutil.copy2(package / "LICENSE", editor / "LICENSE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
