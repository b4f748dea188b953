"""One JupyterLab server and one headless Chromium for the whole session; a fresh browser page per notebook.

Chromium is the system one (`playwright install` is not needed): missing, the tests skip on a laptop and
fail under CI=true. Screenshots go to the git-ignored screenshots/ folder at the repository root.
"""

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .notebook import LabNotebook
from .server import LabServer
from conftest import require_executable

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
ACTION_TIMEOUT = 60_000  # ms, for clicks and key presses while the kernel is busy


@pytest.fixture(scope="session")
def browser():
    chromium = require_executable("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory):
    server = LabServer(ROOT / "notebooks", tmp_path_factory.mktemp("lab"))
    server.start()
    yield server
    server.stop()


@contextlib.contextmanager
def new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with new_page(browser) as page:
        yield page


@contextlib.contextmanager
def ran_notebook(browser, server, name):
    """The notebook open in its own page after Run All Cells; its kernel is shut down afterwards."""
    with new_page(browser) as page:
        notebook = LabNotebook(page, server, name)
        try:
            notebook.open()
            notebook.run_all()
            yield notebook
        finally:
            server.shut_down_kernels()
