"""The REINFORCE explorer of notebook 07, driven in this process as the browser drives it.

Every control trains a new run and redraws the figure and the readout; the readout's p("right") is the one
a run with the same settings gives, and its J(p) is the corridor's closed form; a negative seed is refused
with a message next to the controls, the last figure stays, and the next valid seed draws again.
"""

import re

import numpy as np
import pytest
from explorer_state import explorer_state, refuse_a_negative_seed, set_and_read

from helpers import reinforce, reinforce_plots

SHOWN = 5e-4  # p is shown with 3 decimals
SHOWN_J = 5e-3  # J with 2 decimals


@pytest.fixture
def explorer():
    """The REINFORCE explorer as notebook 07 makes it."""
    return reinforce_plots.make_reinforce_explorer()


def shown_p_and_J(state):
    p = float(re.search(r"p\(right\) = ([0-9.]+)", state["readout"]).group(1))
    J = float(re.search(r"exact J\(p\) = (-?[0-9.]+)", state["readout"]).group(1))
    return p, J


def corridor_closed_form(p):
    """J(p) = -2 (2 - p) / (p (1 - p)), the short corridor's return solved by hand."""
    return -2 * (2 - p) / (p * (1 - p))


def assert_readout_matches_a_run(explorer, state, alpha, episodes, baseline, seed):
    p, J = shown_p_and_J(state)
    run = reinforce.train_corridor(alpha, episodes, baseline, seed)
    assert p == pytest.approx(run.probs[-1, 0, 0, 1], abs=SHOWN)
    bracket = corridor_closed_form(np.array([p - SHOWN, p + SHOWN]))  # the shown p is rounded
    assert bracket.min() - SHOWN_J <= J <= bracket.max() + SHOWN_J
    assert (explorer.progress.value, explorer.progress.max) == (100, 100)


def test_default_view(explorer):
    state = explorer_state(explorer)
    assert state["png"] is not None and state["message"] == ""
    assert_readout_matches_a_run(explorer, state, 0.01, 10, True, 0)


@pytest.mark.parametrize("settings", [
    {"alpha": 0.02}, {"episodes": 20}, {"baseline": False}, {"alpha": 0.02, "baseline": False, "seed": 3},
])
def test_every_control_trains_and_redraws(explorer, settings):
    before = explorer_state(explorer)
    state = set_and_read(explorer, **settings)
    assert state["png"] is not None and state["message"] == ""
    assert state["png"] != before["png"] and state["readout"] != before["readout"]
    values = {"alpha": 0.01, "episodes": 10, "baseline": True, "seed": 0, **settings}
    assert_readout_matches_a_run(explorer, state, values["alpha"], values["episodes"], values["baseline"],
                                 values["seed"])


def test_negative_seed_is_refused_and_the_explorer_recovers(explorer):
    again = refuse_a_negative_seed(explorer)
    assert_readout_matches_a_run(explorer, again, 0.01, 10, True, 2)


def test_a_collapsed_policy_is_named_in_the_readout(explorer):
    state = set_and_read(explorer, alpha=0.3, seed=0)
    assert state["message"] == ""
    assert "below -300 (the goal is almost never reached)" in state["readout"]
