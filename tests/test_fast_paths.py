"""The fast paths give the same numbers as the plain ones: the O(n + K) estimator against the mean of the
per-sample terms (same seed, same samples), sampling against numpy's choice, `score_sum` against the explicit
sum of scores, and the
explorer's redraws coalesced to the last value."""

import time

import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

import helpers as h
import helpers.widgets
from helpers import convergence
from helpers.widgets import Explorer, make_slider

from conftest import CASES

ROUNDING = 1e-12  # relative: the same sums taken in another order
N = 5000
SUM_CASES = CASES + [(h.Gaussian(0.3, -0.4), np.sin, "sin x"), (h.Categorical(np.linspace(-2, 2, 50)), np.sqrt, "√x")]


def per_coordinate_baseline(dist):
    return np.linspace(-1.0, 2.0, dist.params.size)


@pytest.mark.parametrize("dist, f, name", SUM_CASES)
@pytest.mark.parametrize("baseline", [0.0, 0.7, "per coordinate"])
def test_gradient_is_the_mean_of_the_terms_of_the_same_samples(dist, f, name, baseline):
    b = per_coordinate_baseline(dist) if baseline == "per coordinate" else baseline
    terms = h.score_function_samples(dist, f, N, np.random.default_rng(4), baseline=b)
    fast = h.score_function_estimate(dist, f, N, np.random.default_rng(4), baseline=b)
    scale = np.abs(terms).mean(axis=0)
    # summing n terms in another order moves the mean by at most n * eps * (mean |term|)
    np.testing.assert_allclose(fast, terms.mean(axis=0), rtol=0, atol=N * np.finfo(float).eps * scale.max())


@pytest.mark.parametrize("logits", [[0.0, 1.0], np.linspace(-3, 3, 10), [0.0, -800.0, 1.0, -800.0],
                                    np.random.default_rng(2).standard_normal(1000) * 4])
def test_sampling_draws_what_numpy_choice_draws_from_the_same_seed(logits):
    """`sample` skips rng.choice's checks of p, not its draw: the same outcomes from the same stream."""
    dist = h.Categorical(logits)
    x = dist.sample(20_000, np.random.default_rng(8))
    np.testing.assert_array_equal(x, np.random.default_rng(8).choice(len(logits), size=20_000, p=dist.probs))


@pytest.mark.parametrize("dist, f, name", CASES)
@pytest.mark.parametrize("baseline", [0.0, 0.7])
def test_the_counts_path_gives_the_estimate_of_the_same_draws(dist, f, name, baseline):
    """The convergence explorer's path, sum_k (c_k / n) t_k over the outcome counts c_k with the term t_k of each
    outcome, is the score-function estimate (1/n) sum_i t(x_i) of the draws it counts."""
    x = dist.sample(N, np.random.default_rng(5))
    counts = np.bincount(x, minlength=dist.support.size)
    from_counts, _ = convergence.estimate_from_counts(counts, convergence.outcome_terms(dist, f, baseline))
    estimate = h.score_function_estimate(dist, f, N, np.random.default_rng(5), baseline=baseline)
    np.testing.assert_allclose(from_counts, estimate, rtol=ROUNDING, atol=ROUNDING)


def test_a_distribution_cannot_be_changed_in_place():
    """probs are computed once from theta, so neither can be written to."""
    dist = h.Binomial(0.3)
    for array in (dist.theta, dist.probs):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0.5


@pytest.mark.parametrize("dist, f, name", SUM_CASES)
def test_score_sum_is_the_weighted_sum_of_the_scores(dist, f, name, rng):
    x = dist.sample(300, rng)
    weights = rng.standard_normal(300)
    np.testing.assert_allclose(dist.score_sum(x, weights), weights @ dist.score(x), rtol=ROUNDING, atol=ROUNDING)


def test_categorical_score_sum_needs_no_table(rng, monkeypatch):
    """The Categorical's sum is W - (sum W) p: it never builds the K x K score table."""
    dist = h.Categorical(rng.standard_normal(2000))
    x, weights = dist.sample(1000, rng), rng.standard_normal(1000)
    expected = np.bincount(x, weights, minlength=2000) - weights.sum() * dist.probs
    monkeypatch.setattr(h.Categorical, "score_table", lambda self: pytest.fail("score_table was built"))
    np.testing.assert_allclose(dist.score_sum(x, weights), expected, rtol=ROUNDING, atol=ROUNDING)


def test_gradient_of_a_large_categorical_against_enumeration(rng):
    """K = 1000, n = 10**5: within a few standard errors of the exact gradient, on every coordinate together."""
    dist, f = h.Categorical(np.linspace(-1, 1, 1000)), lambda x: np.cos(x / 50.0)
    exact = h.exact_gradient(dist, f)
    table = (f(dist.support)[:, None]) * dist.score_table()
    variance = dist.probs @ (table - exact) ** 2
    n = 10**5
    estimate = h.score_function_estimate(dist, f, n, rng)
    z = (estimate - exact) / np.sqrt(variance / n)
    assert abs(np.mean(z**2) - 1) < 5 * np.sqrt(2 / z.size)  # chi-square / K: mean 1, sd sqrt(2 / K)


@pytest.mark.parametrize("x, weights", [([0, 1], [1.0]), ([0, 1], [1.0, np.nan]), ([0, 7], [1.0, 1.0])])
def test_bad_weights_or_outcomes(x, weights):
    with pytest.raises(ValueError, match="weights|x="):
        h.Categorical([0.0, 1.0, 2.0]).score_sum(x, weights)


def counting_explorer(value=0):
    """An explorer on one integer slider that records every value it draws."""
    drawn = []

    def draw(k):
        if k < 0:
            raise ValueError(f"k={k}: expected k >= 0")
        drawn.append(k)
        return Figure(figsize=(2, 1)), f"k = {k}"

    return Explorer({"k": make_slider("k", value, -5, 20, 1, integer=True)}, draw), drawn


def test_without_an_event_loop_each_change_draws_at_once():
    explorer, drawn = counting_explorer()
    for k in [1, 2, 3]:
        explorer.controls["k"].value = k
        assert explorer.readout.value == f"k = {k}"
    assert drawn == [0, 1, 2, 3] and explorer.redraws == 4


def test_bad_value_keeps_the_last_drawing_and_recovers():
    explorer, drawn = counting_explorer()
    explorer.controls["k"].value = -1
    assert "k=-1" in explorer.message.value and explorer.readout.value == "k = 0"
    explorer.controls["k"].value = 4
    assert explorer.message.value == "" and explorer.readout.value == "k = 4" and drawn == [0, 4]


class RecordingLoop:
    """Stands in for the kernel's event loop: keeps the callbacks scheduled, runs them when told."""

    def __init__(self):
        self.scheduled = []

    def call_later(self, delay, callback):
        self.scheduled.append(callback)

    def run_scheduled(self):
        callbacks, self.scheduled = self.scheduled, []
        for callback in callbacks:
            callback()


def test_changes_from_the_browser_coalesce_to_one_redraw_of_the_last_value(monkeypatch):
    """While the kernel's loop is busy, a burst of changes from the browser schedules one redraw, of the last value."""
    explorer, drawn = counting_explorer()
    loop = RecordingLoop()
    monkeypatch.setattr(helpers.widgets, "change_from_browser", lambda: True)
    monkeypatch.setattr(helpers.widgets, "running_loop", lambda: loop)
    for k in range(1, 21):
        explorer.controls["k"].value = k
    assert drawn == [0] and len(loop.scheduled) == 1
    loop.run_scheduled()
    assert drawn == [0, 20] and explorer.readout.value == "k = 20" and explorer.redraws == 2
    explorer.controls["k"].value = 3  # the next change schedules a redraw again
    loop.run_scheduled()
    assert drawn == [0, 20, 3]


SLOW_EXPLORER = """import time
from matplotlib.figure import Figure
from helpers.widgets import Explorer, make_slider, png_bytes
drawn = []
def draw(k):
    time.sleep(0.2)  # a slow figure: moves made meanwhile queue up behind it
    drawn.append(k)
    return Figure(figsize=(2, 1)), f"k = {k}"
explorer = Explorer({"k": make_slider("k", 0, 0, 30, 1, integer=True)}, draw)"""
BURST = 20
SETTLED = "explorer.readout.value == 'k = 20' and not explorer._redraw_pending"


def test_a_burst_of_browser_messages_is_drawn_a_few_times_ending_with_the_last_value(tmp_path):
    """In a real kernel: 20 slider updates sent as the browser sends them (comm messages) while a redraw takes
    0.2 s lead to a few redraws, the last one of the last value, whose figure the explorer shows."""
    from kernel import NotebookKernel

    path = tmp_path / "burst.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SLOW_EXPLORER)]), path)
    with NotebookKernel(path) as kernel:
        comm_id, kc = kernel.value("explorer.controls['k'].model_id"), kernel.client.kc
        for k in range(1, BURST + 1):
            state = {"method": "update", "state": {"value": k}, "buffer_paths": []}
            kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": comm_id, "data": state}))
        for _ in range(600):  # the kernel handles these cells after the messages; the redraws may still be running
            if kernel.value(SETTLED):
                break
            time.sleep(0.1)
        drawn = kernel.value("drawn")
        shown = kernel.value(f"explorer.figure.value == png_bytes(draw({BURST})[0])")
    assert drawn[0] == 0 and drawn[-1] == BURST and shown
    assert len(drawn) - 1 < BURST, drawn
