"""The training explorer of notebook 08, driven in this process as the browser drives it.

Every control trains a new run and redraws the figure and the readout; the readout's exact J and KL are those of a
run with the same settings, and its angle, length and spread are estimate_quality's at the run's first and last
theta; a negative seed is refused with a message next to the controls, the last figure stays, and the next valid
seed draws again. plot_training's figure: one line per run in each panel, the best J drawn and labelled.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from explorer_state import explorer_state, refuse_a_negative_seed, set_and_read

from helpers import rewards, rewards_plots

LM = rewards.TinyLM()
ANSWERS = rewards.all_answers(LM)
WINS = rewards.verifier(LM, ANSWERS)
DEFAULTS = {"k": 8, "baseline": "leave-one-out", "beta": 0.0, "alpha": 2.0, "seed": 0}


@pytest.fixture
def explorer():
    """The training explorer as notebook 08 makes it."""
    return rewards_plots.make_rewards_explorer(LM, rewards.reference_model(LM), WINS)


def readout_numbers(state):
    """Every number the readout shows, in order."""
    text = re.sub(r"<[^>]+>", " ", state["readout"])
    return [float(x) for x in re.findall(r"-?\d+\.\d+", text)]


def assert_readout_matches_a_run(state, k, baseline, beta, alpha, seed):
    run = rewards.train(LM, rewards.reference_model(LM), ANSWERS, WINS, alpha, rewards_plots.UPDATES, k,
                        np.random.default_rng(seed), baseline=baseline, beta=beta)
    start, end = (rewards.estimate_quality(LM, run.params[i], ANSWERS, WINS, baseline, k) for i in (0, -1))
    expected = [run.objective[0], run.objective[-1], run.kl[0], run.kl[-1], start.angle, end.angle, start.size,
                end.size, start.spread, end.spread]
    decimals = [3, 3, 3, 3, 1, 1, 3, 3, 2, 2]  # as the readout shows them
    shown = readout_numbers(state)
    assert len(shown) == len(expected)
    for value, want, d in zip(shown, expected, decimals, strict=True):
        assert value == pytest.approx(want, abs=0.5 * 10**-d + 1e-12)


def test_default_view(explorer):
    state = explorer_state(explorer)
    assert state["png"] is not None and state["message"] == ""
    assert_readout_matches_a_run(state, **DEFAULTS)


@pytest.mark.parametrize("settings", [
    {"k": 4}, {"baseline": "GRPO"}, {"baseline": "none"}, {"beta": 0.3}, {"alpha": 1.0},
    {"k": 16, "baseline": "batch mean", "seed": 3},
])
def test_every_control_trains_and_redraws(explorer, settings):
    before = explorer_state(explorer)
    state = set_and_read(explorer, **settings)
    assert state["png"] is not None and state["message"] == ""
    assert state["png"] != before["png"] and state["readout"] != before["readout"]
    assert_readout_matches_a_run(state, **{**DEFAULTS, **settings})


def test_negative_seed_is_refused_and_the_explorer_recovers(explorer):
    again = refuse_a_negative_seed(explorer)
    assert_readout_matches_a_run(again, **{**DEFAULTS, "seed": 2})


def test_going_back_to_the_defaults_gives_the_default_figure(explorer):
    """The kept frame and the removed lines leave nothing behind: the same settings give the same image."""
    first = explorer_state(explorer)
    set_and_read(explorer, beta=0.5, k=3)
    assert set_and_read(explorer, beta=0.0, k=8) == first


def test_plot_training_draws_each_run_in_both_panels_and_the_best_j():
    runs = {f"β = {beta:g}": rewards.train(LM, rewards.reference_model(LM), ANSWERS, WINS, 2.0, 5, 4,
                                          np.random.default_rng(0), beta=beta) for beta in (0.0, 0.5)}
    fig, axes = plt.subplots(1, 2)
    rewards_plots.plot_training(axes, runs)
    for ax, field in zip(axes, ("objective", "kl"), strict=True):
        lines = [line for line in ax.get_lines() if line.get_label() in runs]
        assert [line.get_label() for line in lines] == list(runs)
        for line, run in zip(lines, runs.values(), strict=True):
            np.testing.assert_array_equal(line.get_ydata(), getattr(run, field))
    assert any(np.all(np.asarray(line.get_ydata()) == 1.0) for line in axes[0].get_lines())  # the best J
    assert any(t.get_text() == "best possible J = 1" for t in axes[0].texts)
    plt.close(fig)
