import os
import shutil

import numpy as np
import pytest

import helpers as h

try:
    from hypothesis import settings
except ModuleNotFoundError:  # Colab's environment, which runs only the widget comm test, has no hypothesis
    pass
else:  # the property tests draw the same examples on every run, as the other tests use fixed seeds
    settings.register_profile("fixed", derandomize=True)
    settings.load_profile("fixed")

# Distributions and functions that the core tests run over: (distribution, f, f's name).
CASES = [
    (h.Categorical([0.3, -1.2, 2.0, 0.0]), lambda x: (x - 1.5) ** 2, "(x-1.5)^2"),
    (h.Categorical([5.0, -3.0, 0.5]), lambda x: np.where(x == 2, 10.0, -1.0), "table"),
    (h.Binomial(0.7, trials=10), lambda x: np.cos(x), "cos x"),
    (h.Binomial(-1.5, trials=6), lambda x: (x >= 2).astype(float), "step"),
    (h.Bernoulli(0.4), lambda x: 3.0 * x - 1.0, "3x-1"),
]


@pytest.fixture
def rng():
    return np.random.default_rng(20261125)


def require_executable(name):
    """Path of an executable the test needs: missing, it skips on a laptop and fails under CI=true."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (on Debian: apt-get install -y {name})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test: the notebooks in JupyterLab and the pages of the static site."""
    from playwright.sync_api import sync_playwright  # a test dependency of the main environment only

    from tools.lab import CHROMIUM_ARGS

    chromium = require_executable("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_addoption(parser):
    parser.addoption("--shuffle", type=int, default=None, metavar="SEED",
                     help="run the tests in an order shuffled with SEED (a notebook's cells keep theirs)")


def pytest_collection_modifyitems(config, items):
    """With --shuffle: no test may depend on the ones before it. The files run in a shuffled order and the tests of
    each file in a shuffled order among themselves (a file's module-scoped fixtures are then set up once); the
    notebooks' cells (nbval) stay in their order, after the tests."""
    seed = config.getoption("--shuffle")
    if seed is None:
        return
    rng, files = np.random.default_rng(seed), {}
    for item in items:
        if type(item).__name__ != "IPyNbCell":
            files.setdefault(item.path, []).append(item)
    cells = [item for item in items if type(item).__name__ == "IPyNbCell"]
    order = list(files.values())
    rng.shuffle(order)
    for tests in order:
        rng.shuffle(tests)
    items[:] = [item for tests in order for item in tests] + cells
