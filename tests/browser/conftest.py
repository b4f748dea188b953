"""One JupyterLab server for all browser tests, in the Chromium of tests/conftest.py; one page per notebook, run once.

The server is package-scoped: it stops when the last browser test here has run, not at the end of the session.

A test names its notebook with the parameter `notebook_name` and takes the fixture `notebook`: the notebook
open in JupyterLab after Run All Cells (see notebook.LabNotebook).

Chromium is the system one (`playwright install` is not needed): missing, the tests skip on a laptop and
fail under CI=true. Screenshots go to the git-ignored screenshots/ folder at the repository root.
"""

from pathlib import Path

import pytest

from tools.lab import VIEWPORT
from tools.lab.notebook import LabNotebook
from tools.lab.server import LabServer

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "screenshots"
ACTION_TIMEOUT = 60_000  # ms, for clicks and key presses while the kernel is busy
NO_PARAMS = type("NoParams", (), {"params": {}})  # stands in for the callspec of a test without parameters


@pytest.fixture(scope="package")
def lab_server(browser, tmp_path_factory):
    server = LabServer(ROOT / "notebooks", tmp_path_factory.mktemp("lab"))
    server.start()
    yield server
    server.stop()


def new_context_and_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT)
    return context, page


@pytest.fixture
def page(browser):
    """A blank page of its own (its own cookies and storage)."""
    context, page = new_context_and_page(browser)
    yield page
    context.close()


class RanNotebooks:
    """The notebook last asked for, open in its own page after Run All Cells; one at a time, each run once."""

    def __init__(self, browser, server):
        self.browser, self.server = browser, server
        self.name = self.notebook = self.failure = self.context = None

    def get(self, name):
        if name != self.name:
            self.close()
            self.name = name
            self.context, page = new_context_and_page(self.browser)
            self.notebook = LabNotebook(page, self.server, name)
            try:
                self.notebook.open()
                self.notebook.run_all()
            except Exception as error:
                self.failure = error
                SCREENSHOTS.mkdir(exist_ok=True)  # the whole page as it was, for the log of a failed CI run
                page.screenshot(path=SCREENSHOTS / f"{name.removesuffix('.ipynb')}-failure.png")
        if self.failure is not None:
            raise self.failure
        return self.notebook

    def close(self):
        if self.context is not None:
            self.context.close()
            self.server.shut_down_kernels()
        self.name = self.notebook = self.failure = self.context = None


@pytest.fixture(scope="package")
def ran_notebooks(browser, lab_server):
    notebooks = RanNotebooks(browser, lab_server)
    yield notebooks
    notebooks.close()


@pytest.fixture
def notebook(ran_notebooks, notebook_name):
    """The notebook named by the test's `notebook_name` parameter, after Run All Cells."""
    return ran_notebooks.get(notebook_name)


def pytest_collection_modifyitems(items):
    """Order the browser tests by (notebook, test file), so that each notebook is opened and run only once."""
    here = Path(__file__).parent
    slots = [k for k, item in enumerate(items)
             if here in item.path.parents and "notebook_name" in getattr(item, "callspec", NO_PARAMS).params]
    ordered = sorted((items[k] for k in slots), key=lambda item: (item.callspec.params["notebook_name"],
                                                                  item.path.name))
    for k, item in zip(slots, ordered, strict=True):
        items[k] = item
