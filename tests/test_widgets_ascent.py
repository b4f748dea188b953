"""The step-size explorer of notebook 01, driven in a real kernel without a browser.

Every slider redraws the figure and the readout; the last theta shown is the one a hand-written recurrence gives.
"""

import re

import numpy as np
import pytest
from kernel import NotebookKernel

NOTEBOOK = "notebooks/01_the_gradient_of_an_expectation.ipynb"
POINTS = np.array([-2.0, 0.0, 3.0, 0.0])
DIGITS = 5e-5  # the readout shows 4 decimals


def last_theta_by_hand(alpha, start, steps):
    """theta after `steps` steps theta += alpha Cov_p(f(x), x), p(x|theta) proportional to exp(theta x)."""
    theta = start
    for _ in range(steps):
        p = np.exp(theta * np.arange(4))
        p /= p.sum()
        theta += alpha * (p @ (POINTS * np.arange(4)) - (p @ POINTS) * (p @ np.arange(4)))
    return theta


@pytest.fixture(scope="module")
def kernel():
    with NotebookKernel(NOTEBOOK) as kernel:
        yield kernel


def set_and_read(kernel, assignment):
    """Run the assignment in one cell, then read the explorer's state in the next (widget state syncs between)."""
    kernel.run(assignment)
    state = kernel.explorer_state()
    assert state["errors"] == 0 and state["images"] == 1 and state["message"] == ""
    return state


def last_theta(state):
    return float(re.search(r"<td>last θ</td><td[^>]*>(.*?)</td>", state["readout"]).group(1))


def test_default_view_ends_on_the_peak(kernel):
    state = kernel.explorer_state()
    assert state["images"] == 1 and state["errors"] == 0
    assert last_theta(state) == pytest.approx(last_theta_by_hand(1.0, -2.0, 10), abs=DIGITS)


@pytest.mark.parametrize("name, value, expected", [
    ("alpha", 2.0, (2.0, -2.0, 10)),
    ("start", 4.0, (2.0, 4.0, 10)),
    ("steps", 25, (2.0, 4.0, 25)),
    ("alpha", 0.05, (0.05, 4.0, 25)),
])
def test_every_slider_redraws_with_the_right_path(kernel, name, value, expected):
    before = kernel.explorer_state()
    state = set_and_read(kernel, f"explorer.controls[{name!r}].value = {value!r}")
    assert state["png"] != before["png"] and state["readout"] != before["readout"]
    assert last_theta(state) == pytest.approx(last_theta_by_hand(*expected), abs=DIGITS)
