import os
import shutil

import numpy as np
import pytest

import helpers as h

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
