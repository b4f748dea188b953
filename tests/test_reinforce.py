"""Notebook 07: REINFORCE learns the corridor's optimum and the bandit's best arm; the corridor's exact return.

References: the corridor's optimum solved by hand, its closed-form J(p), and Monte-Carlo returns within Z standard
errors of the exact ones (seeds fixed).
"""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from policy_references import EXACT, assert_mean_return_near_exact, corridor_policy

from helpers import reinforce_plots
from helpers.episodes import tiny_mdp
from helpers.mdp import exact_return
from helpers.reinforce import bandit, short_corridor, train
from helpers.reinforce_plots import add_band_entry

P_STAR = 2 - np.sqrt(2)  # optimum of the corridor, solved by hand (test_corridor_optimum below)


P_TOLERANCE = 0.03  # the mean learned p over seeds, runs and the last 50 updates; its spread is about 0.01


@pytest.mark.parametrize("baseline", [True, False])
def test_reinforce_learns_the_corridor_optimum(baseline):
    learned = [train(short_corridor(), np.log([0.9, 0.1]), 0.01, 100, 10, np.random.default_rng(seed),
                     runs=4, baseline=baseline).probs[-50:, :, 0, 1].mean() for seed in (0, 1, 2)]
    assert abs(np.mean(learned) - P_STAR) < P_TOLERANCE


def test_reinforce_finds_the_best_arm():
    env = bandit()
    run = train(env, np.zeros(5), 0.5, 200, 4, np.random.default_rng(7), runs=10)
    assert run.probs.shape == (201, 10, 1, 5) and run.returns.shape == (200, 10)
    assert np.median(run.probs[-1, :, 0, 2]) > 0.9  # arm 2 pays most
    assert exact_return(env, run.probs[-1]).mean() > exact_return(env, run.probs[0]).mean() + 0.5


def test_reinforce_is_reproducible_from_its_seed():
    runs = [train(tiny_mdp(), np.zeros(6), 0.1, 5, 8, np.random.default_rng(3)) for _ in range(2)]
    assert np.array_equal(runs[0].params, runs[1].params)


@pytest.mark.parametrize("options, message", [
    ({"alpha": 0.0}, r"alpha=0.0: expected a step size > 0"),
    ({"alpha": np.nan}, r"alpha=nan: expected finite"),
    ({"episodes": 1}, r"episodes=1: expected at least 2 with a baseline"),
    ({"episodes": 0, "baseline": False}, r"episodes=0: expected an integer >= 1"),
    ({"updates": 2.5}, r"updates=2.5: expected an integer >= 1"),
    ({"theta0": np.zeros(3)}, r"theta0=.*expected 6 numbers"),
])
def test_reinforce_bad_input(options, message):
    arguments = {"alpha": 0.1, "updates": 3, "episodes": 4, "theta0": np.zeros(6), **options}
    with pytest.raises(ValueError, match=message):
        train(tiny_mdp(), rng=np.random.default_rng(0), **arguments)


def test_the_band_has_a_legend_entry_and_thin_lines_an_opacity():
    values = np.linspace(0, 1, 30).reshape(10, 3)
    ax = Figure().subplots()
    reinforce_plots.plot_runs(ax, values, "mean of the runs")
    add_band_entry(ax, loc="lower right")
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["mean of the runs", "10–90 % of the runs"]
    assert isinstance(legend.legend_handles[1], Patch)
    ax = Figure().subplots()
    reinforce_plots.plot_run_lines(ax, values, "mean", thin_opacity=0.6)
    assert [line.get_alpha() for line in ax.lines] == [0.6, 0.6, 0.6, None]  # three runs, then their mean


N_CORRIDOR = 20_000  # corridor episodes last 12-20 steps each; 20 000 keep the standard error near 0.1


def corridor_closed_form(p):
    """J(p) = -2 (2 - p) / (p (1 - p)), solved by hand from V0 = -1 + p V1 + (1-p) V0, and so on."""
    return -2 * (2 - p) / (p * (1 - p))


def test_corridor_matches_the_closed_form():
    p = np.linspace(0.05, 0.95, 19)
    probs = np.stack([1 - p, p], axis=-1)[:, None, :]
    assert np.allclose(exact_return(short_corridor(), probs), corridor_closed_form(p), rtol=EXACT)


def test_corridor_optimum_is_two_minus_root_two():
    # dJ/dp = 0 gives p^2 - 4p + 2 = 0, so p* = 2 - sqrt(2) and J(p*) = -(6 + 4 sqrt(2)) = -11.657
    p_star = 2 - np.sqrt(2)
    assert np.isclose(exact_return(short_corridor(), corridor_policy(p_star)), -(6 + 4 * np.sqrt(2)), rtol=EXACT)
    for p in (p_star - 0.01, p_star + 0.01):
        assert exact_return(short_corridor(), corridor_policy(p)) < -(6 + 4 * np.sqrt(2))


@pytest.mark.parametrize("p", [0.3, 2 - np.sqrt(2), 0.8])
def test_corridor_monte_carlo(p):
    env = short_corridor()
    # the cut at the horizon must not matter: probability of still running after it, exactly
    P = (corridor_policy(p)[0] @ env.transitions[:, :, :3].transpose(1, 0, 2).reshape(2, -1)).reshape(3, 3)
    assert np.linalg.matrix_power(P, env.horizon)[0].sum() < 1e-9
    assert_mean_return_near_exact(env, corridor_policy(p), seed=1, n=N_CORRIDOR)


@pytest.mark.parametrize("probs", [np.full((1, 5), 0.2), np.array([[0.1, 0.05, 0.5, 0.3, 0.05]])])
def test_bandit_monte_carlo(probs):
    assert_mean_return_near_exact(bandit(), probs, seed=2)


@pytest.mark.parametrize("means", [(1.0,), [[1.0, 2.0]], (0.0, np.nan)])
def test_bandit_bad_means(means):
    with pytest.raises(ValueError, match="means=.*expected at least 2 finite"):
        bandit(means)
