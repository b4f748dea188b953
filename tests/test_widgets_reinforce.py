"""The REINFORCE explorer of notebook 06, driven in a real kernel without a browser.

Every control trains a new run and redraws the figure and the readout; the readout's p("right") is the one
a run with the same settings gives, and its J(p) is the corridor's closed form; a negative seed is refused
with a message next to the controls, the last figure stays, and the next valid seed draws again.
"""

import re

import numpy as np
import pytest
from kernel import NotebookKernel

import helpers as h

NOTEBOOK = "notebooks/06_policy_gradients_and_reinforce.ipynb"
SHOWN = 5e-4  # p is shown with 3 decimals
SHOWN_J = 5e-3  # J with 2 decimals


@pytest.fixture(scope="module")
def kernel():
    with NotebookKernel(NOTEBOOK) as kernel:
        yield kernel


def shown_p_and_J(state):
    p = float(re.search(r"p\(right\) = ([0-9.]+)", state["readout"]).group(1))
    J = float(re.search(r"exact J\(p\) = (-?[0-9.]+)", state["readout"]).group(1))
    return p, J


def corridor_closed_form(p):
    """J(p) = -2 (2 - p) / (p (1 - p)), the short corridor's return solved by hand."""
    return -2 * (2 - p) / (p * (1 - p))


def assert_readout_matches_a_run(kernel, state, alpha, episodes, baseline, seed):
    p, J = shown_p_and_J(state)
    run = h.train_corridor(alpha, episodes, baseline, seed)
    assert p == pytest.approx(run.probs[-1, 0, 0, 1], abs=SHOWN)
    bracket = corridor_closed_form(np.array([p - SHOWN, p + SHOWN]))  # the shown p is rounded
    assert bracket.min() - SHOWN_J <= J <= bracket.max() + SHOWN_J
    assert kernel.value("(explorer.progress.value, explorer.progress.max)") == (100, 100)


def test_default_view(kernel):
    state = kernel.explorer_state()
    assert state["images"] == 1 and state["errors"] == 0 and state["message"] == ""
    assert_readout_matches_a_run(kernel, state, 0.01, 10, True, 0)


@pytest.mark.parametrize("name, value, settings", [
    ("alpha", 0.02, (0.02, 10, True, 0)),
    ("episodes", 20, (0.02, 20, True, 0)),
    ("baseline", False, (0.02, 20, False, 0)),
    ("seed", 3, (0.02, 20, False, 3)),
])
def test_every_control_trains_and_redraws(kernel, name, value, settings):
    before = kernel.explorer_state()
    state = kernel.set_and_read(f"explorer.controls[{name!r}].value = {value!r}")
    assert state["errors"] == 0 and state["images"] == 1 and state["message"] == ""
    assert state["png"] != before["png"] and state["readout"] != before["readout"]
    assert_readout_matches_a_run(kernel, state, *settings)


def test_negative_seed_is_refused_and_the_explorer_recovers(kernel):
    before = kernel.set_and_read("explorer.controls['seed'].value = 1")
    refused = kernel.set_and_read("explorer.controls['seed'].value = -1")
    assert "seed=-1: expected an integer &gt;= 0" in refused["message"]
    assert refused["png"] == before["png"] and refused["readout"] == before["readout"] and refused["errors"] == 0
    again = kernel.set_and_read("explorer.controls['seed'].value = 2")
    assert again["message"] == "" and again["png"] != before["png"] and again["errors"] == 0
    assert_readout_matches_a_run(kernel, again, *(float(kernel.value("explorer.controls['alpha'].value")),
                                          kernel.value("explorer.controls['episodes'].value"),
                                          kernel.value("explorer.controls['baseline'].value"), 2))


def test_a_collapsed_policy_is_named_in_the_readout(kernel):
    state = kernel.set_and_read("explorer.controls['alpha'].value = 0.3; explorer.controls['seed'].value = 0")
    assert state["errors"] == 0 and state["message"] == ""
    assert "below -300 (the goal is almost never reached)" in state["readout"]
