"""One JupyterLab server for all browser tests, in the Chromium of tests/conftest.py; one page per notebook, run once.

The server is package-scoped: it stops when the last browser test here has run, not at the end of the session.

A test names its notebook with the parameter `notebook_name` and takes the fixture `notebook`: the notebook
open in JupyterLab after Run All Cells (see notebook.LabNotebook); the next few already run meanwhile.

Chromium is the system one (`playwright install` is not needed): missing, the tests skip on a laptop and
fail under CI=true. Screenshots go to the git-ignored screenshots/ folder at the repository root.
"""

from dataclasses import dataclass
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


AHEAD = 2  # notebooks already running, each in a page of its own, while the tests of an earlier one run


@dataclass
class Started:
    context: object  # the page's browser context
    notebook: LabNotebook
    failure: Exception | None = None  # what stopped it opening or running


class RanNotebooks:
    """Each notebook open in a page of its own after Run All Cells, run once.

    When the tests come to a notebook, the next AHEAD ones in test order start running too: their kernels and pages
    work while the tests drive this one. A notebook's page and kernel end when the tests move past it.
    """

    def __init__(self, browser, server, order):
        self.browser, self.server, self.order = browser, server, order
        self.started = {}  # name -> Started
        self.current = None

    def start(self, name):
        context, page = new_context_and_page(self.browser)
        self.started[name] = started = Started(context, LabNotebook(page, self.server, name))
        try:
            started.notebook.open()
            started.notebook.start_run_all()
        except Exception as error:
            started.failure = error

    def get(self, name):
        if name != self.current:
            self.move_to(name)
        started = self.started[name]
        if started.failure is not None:
            raise started.failure
        return started.notebook

    def move_to(self, name):
        """Close the current notebook, start this one and the next AHEAD, and wait for this one's run to end."""
        if self.current is not None:
            self.close(self.current)
        self.current = name
        later = self.order[self.order.index(name) + 1:][:AHEAD] if name in self.order else []
        for upcoming in [name, *later]:
            if upcoming not in self.started:
                self.start(upcoming)
        started = self.started[name]
        if started.failure is None:
            try:
                started.notebook.finish_run_all()
            except Exception as error:
                started.failure = error
        if started.failure is not None:
            SCREENSHOTS.mkdir(exist_ok=True)  # the whole page as it was, for the log of a failed CI run
            started.notebook.page.screenshot(path=SCREENSHOTS / f"{name.removesuffix('.ipynb')}-failure.png")

    def close(self, name):
        self.started.pop(name).context.close()
        self.server.shut_down_kernels(name)

    def close_all(self):
        for name in list(self.started):
            self.close(name)
        self.current = None


def names_a_notebook(item):
    """Whether item is a browser test here with the parameter notebook_name."""
    return (Path(__file__).parent in item.path.parents
            and "notebook_name" in getattr(item, "callspec", NO_PARAMS).params)


@pytest.fixture(scope="package")
def ran_notebooks(browser, lab_server, request):
    order = list(dict.fromkeys(item.callspec.params["notebook_name"] for item in request.session.items
                               if names_a_notebook(item)))  # as the tests will ask for them
    notebooks = RanNotebooks(browser, lab_server, order)
    yield notebooks
    notebooks.close_all()


@pytest.fixture
def notebook(ran_notebooks, notebook_name):
    """The notebook named by the test's `notebook_name` parameter, after Run All Cells."""
    return ran_notebooks.get(notebook_name)


def pytest_collection_modifyitems(items):
    """Order the browser tests by (notebook, test file), so that each notebook is opened and run only once."""
    slots = [k for k, item in enumerate(items) if names_a_notebook(item)]
    ordered = sorted((items[k] for k in slots), key=lambda item: (item.callspec.params["notebook_name"],
                                                                  item.path.name))
    for k, item in zip(slots, ordered, strict=True):
        items[k] = item
