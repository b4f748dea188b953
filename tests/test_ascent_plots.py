"""The step-size explorer of notebook 01, driven in this process as the browser drives it.

Every slider redraws the figure and the readout; the last theta shown is the one a hand-written recurrence gives.
"""

import re

import numpy as np
import pytest
from explorer_state import explorer_state, set_and_read

import helpers as h
from helpers import ascent_plots

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


@pytest.fixture
def explorer():
    """The explorer as notebook 01 makes it: the four-move game, its points table."""
    return ascent_plots.make_ascent_explorer(h.MovePolicy(0.0, features=[0, 1, 2, 3]), lambda x: POINTS[x])


def last_theta(state):
    return float(re.search(r"<td>last θ</td><td[^>]*>(.*?)</td>", state["readout"]).group(1))


def test_default_view_ends_on_the_peak(explorer):
    state = explorer_state(explorer)
    assert state["png"] is not None and state["message"] == ""
    assert last_theta(state) == pytest.approx(last_theta_by_hand(1.0, -2.0, 10), abs=DIGITS)


@pytest.mark.parametrize("settings", [
    {"alpha": 2.0}, {"start": 4.0}, {"steps": 3}, {"alpha": 0.05, "start": 4.0, "steps": 25},
])
def test_every_slider_redraws_with_the_right_path(explorer, settings):
    before = explorer_state(explorer)
    state = set_and_read(explorer, **settings)
    assert state["png"] is not None and state["message"] == ""
    assert state["png"] != before["png"] and state["readout"] != before["readout"]
    expected = {"alpha": 1.0, "start": -2.0, "steps": 10, **settings}
    assert last_theta(state) == pytest.approx(last_theta_by_hand(**expected), abs=DIGITS)
