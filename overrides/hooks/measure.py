"""MkDocs hook for `make bench`: when GUIDE_FLOOR_DIR names a folder, each page's Markdown is
written there as MkDocs finally converts it (after the macros and every other hook), with its
title. The bench builds those files with a plain MkDocs, as the floor our build is compared with.
Without GUIDE_FLOOR_DIR it does nothing."""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from macros.build.settings import Settings


@event_priority(-100)  # last: the Markdown as it goes to the converter
def on_page_markdown(markdown, page, config, files):
    folder = Settings.from_environment().floor_dir
    if folder:
        target = folder / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        title = json.dumps(page.title or "", ensure_ascii=False)
        target.write_text(f"---\ntitle: {title}\n---\n\n{markdown}", encoding="utf-8")
    return markdown
