"""Shared fixtures: the built site, a local server for it, a headless Chromium, the fixture
projects (tests/support/projects.py), a copy of the project to break."""
from __future__ import annotations

import pytest

from macros.build.settings import Settings
from macros.diagrams.render import CHROMIUM_FLAGS
from support.browser import VIEWPORTS
from support.pages import public_address
from support.projects import PROJECTS, SITE, SharedBuilds
from support.serving import serve_folder


@pytest.fixture(scope="session")
def site_dir():
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} n'est pas construit : lancez `make build` (ou `make test`, qui le fait).")
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir):
    url, server = serve_folder(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def public_url() -> str:
    return public_address()


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




@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport_page(request, browser):
    """One tab per screen width, shared by a test module."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def projects(request, tmp_path_factory) -> SharedBuilds:
    """projects(name): the fixture project of that name, built once for the whole test run.

    Under pytest-xdist each worker has its own temporary folder; their parent is the run's, so
    the workers share the builds (and the next run starts afresh)."""
    base = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):
        base = base.parent
    return SharedBuilds(base / "projets")


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project's sources, to break on purpose and build (PROJECTS["copie"].build)."""
    return PROJECTS["copie"].copy_to(tmp_path)
