"""Shared fixtures: the built site, a local server for it, a headless Chromium, a copy of the project."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from macros.build.settings import Settings
from macros.diagrams.render import CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("GUIDE_SITE", ROOT / "site")).resolve()
# macros/ is copied too because mkdocs.yml watches it (the code itself is imported from the package).
PROJECT_PARTS = ("mkdocs.yml", "content", "circuits", "overrides", "macros")


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} n'est pas construit : lancez `make build` (ou `make test`, qui le fait).")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 in a thread; return (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def site_url(site_dir):
    url, server = serve_folder(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    chromium = Settings.from_environment().chromium
    if chromium is None:
        pytest.fail("Chromium est introuvable : `make build` l'installe (ou indiquez GUIDE_CHROMIUM).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


# A phone and a desktop screen: pages are checked at both widths.
VIEWPORTS = {"telephone": {"width": 360, "height": 800}, "ordinateur": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport_page(request, browser):
    """One tab per screen width, shared by a test module."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def copy_project_to(dest: Path) -> Path:
    """Copy the project's sources (not its site) into dest, an empty folder, and return it."""
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    return dest


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's sources, to break on purpose and build."""
    return copy_project_to(tmp_path)


def real_printer():
    """A Printer of the real guide, as the build makes it (the diagrams from the build's cache)."""
    import yaml

    from macros.data.bundle import Bundle
    from macros.diagrams.drawing import circuit_diagrams
    from macros.printing.printer import Printer

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = Settings.from_environment(site_url=config.get("site_url"), site_name=config.get("site_name", ""))
    bundle = Bundle.load(ROOT)
    return Printer(bundle, ROOT / config.get("docs_dir", "docs"), settings,
                   circuit_diagrams(bundle.guide, settings), config.get("use_directory_urls", True))


def run_script(script: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], cwd=cwd,
                          capture_output=True, text=True)
