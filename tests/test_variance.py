"""Exact variance of the score-function estimator and the optimal baseline, against closed forms and sampling.

Statistical checks use fixed seeds and a tolerance of Z standard errors; the standard error of a sample
variance comes from the fourth central moment: sqrt((m4 - var**2) / n).
"""

import math
from statistics import NormalDist

import numpy as np
import pytest

import helpers as h
from helpers import variance
from helpers.exercises import variance as exercises

from conftest import CASES

Z = 4.0
EXACT = 1e-12  # relative tolerance for two exact computations of the same number


def sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def central_moments(p, terms):
    """Mean, variance and fourth central moment of terms (K, d) under probabilities p (K,)."""
    mean = p @ terms
    return mean, p @ (terms - mean) ** 2, p @ (terms - mean) ** 4


def categorical_terms(dist, f, b):
    """(f(x) - b)(e_x - p) for every outcome x, written from the closed-form score e_x - p: shape (K, K)."""
    p = dist.probs
    return np.array([(f(x) - b) * (np.eye(len(p))[x] - p) for x in range(len(p))])


@pytest.mark.parametrize("theta", [-2.0, 0.0, 0.7])
@pytest.mark.parametrize("f0, f1", [(0.0, 1.0), (-1.0, 2.0), (5.0, 105.0)])
@pytest.mark.parametrize("b", [0.0, 0.3, 50.0])
def test_bernoulli_variance_by_hand(theta, f0, f1, b):
    # two outcomes: t(1) = (f1 - b)(1 - p) with probability p, t(0) = -(f0 - b) p otherwise
    p = sigmoid(theta)
    by_hand = p * (1 - p) * ((f1 - b) * (1 - p) + (f0 - b) * p) ** 2
    var = h.score_function_variance(h.Bernoulli(theta), lambda x: np.where(x == 1, f1, f0), b)
    np.testing.assert_allclose(var, [by_hand], rtol=EXACT)


@pytest.mark.parametrize("theta", [-2.0, 0.0, 0.7])
def test_bernoulli_optimal_baseline_by_hand(theta):
    # E[g^2] = p(1-p) and E[f g^2] = p(1-p)((1-p) f1 + p f0), so b* = (1-p) f1 + p f0
    p, f0, f1 = sigmoid(theta), -1.0, 3.0
    best = variance.optimal_baseline(h.Bernoulli(theta), lambda x: np.where(x == 1, f1, f0))
    np.testing.assert_allclose(best, [(1 - p) * f1 + p * f0], rtol=EXACT)


@pytest.mark.parametrize("logits", [[0.3, -1.2, 2.0, 0.0], [5.0, -3.0, 0.5]])
@pytest.mark.parametrize("b", [0.0, 1.5, [1.0, -2.0, 0.5, 4.0]])
def test_categorical_variance_from_the_score_e_x_minus_p(logits, b):
    dist, f = h.Categorical(logits), lambda x: (np.asarray(x) - 1.5) ** 2
    b = np.asarray(b, dtype=float)
    b = b[: len(logits)] if b.ndim else b
    _, by_hand, _ = central_moments(dist.probs, categorical_terms(dist, f, b))
    np.testing.assert_allclose(h.score_function_variance(dist, f, b), by_hand, rtol=EXACT)


@pytest.mark.parametrize("logits", [[0.3, -1.2, 2.0, 0.0], [5.0, -3.0, 0.5]])
def test_categorical_optimal_baseline_closed_form(logits):
    # g_k = [x == k] - p_k: E[g_k^2] = p_k (1 - p_k), E[f g_k^2] = p_k (1 - p_k)^2 f_k + p_k^2 (E[f] - p_k f_k)
    dist, fx = h.Categorical(logits), np.array([2.0, -1.0, 7.0, 0.5])[: len(logits)]
    p, mean_f = dist.probs, dist.probs @ fx
    closed = (1 - p) * fx + p * (mean_f - p * fx) / (1 - p)
    np.testing.assert_allclose(variance.optimal_baseline(dist, lambda x: fx[x]), closed, rtol=1e-10)


@pytest.mark.parametrize("theta", [-1.0, 0.0, 0.8])
def test_binomial_optimal_baseline_for_f_equal_x(theta):
    # g = x - mu; E[g^2] = n s (1-s) and E[x g^2] = mu E[g^2] + kappa_3, kappa_3 = n s (1-s)(1-2s): b* = mu + 1 - 2s
    s, trials = sigmoid(theta), 10
    best = variance.optimal_baseline(h.Binomial(theta, trials), lambda x: x * 1.0)
    np.testing.assert_allclose(best, [trials * s + 1 - 2 * s], rtol=1e-10)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_optimal_baseline_minimises_the_exact_variance(dist, f, name):
    best = variance.optimal_baseline(dist, f)
    for k, b in enumerate(best):
        grid = b + np.linspace(-2.0, 2.0, 4001)  # spacing 0.001
        curve = variance.variance_curve(dist, f, grid)[:, k]
        assert abs(grid[np.argmin(curve)] - b) <= 0.001
    eps = 1e-4
    var = lambda b: h.score_function_variance(dist, f, b)  # noqa: E731
    slope = (var(best + eps) - var(best - eps)) / (2 * eps)
    scale = var(best + 1.0) - var(best)
    assert np.all(np.abs(slope) < 1e-6 * np.maximum(scale, 1.0))


@pytest.mark.parametrize("dist, f, name", CASES)
def test_variance_is_a_parabola_in_b_with_curvature_e_g_squared(dist, f, name):
    # Var(b) - Var(b*) = E[g^2] (b - b*)^2, with E[g^2] from the score table
    best = variance.optimal_baseline(dist, f)
    g2 = dist.probs @ dist.score(dist.support) ** 2
    for shift in (-3.0, 0.5, 10.0):
        gap = h.score_function_variance(dist, f, best + shift) - h.score_function_variance(dist, f, best)
        np.testing.assert_allclose(gap, g2 * shift**2, rtol=1e-9)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_variance_curve_matches_one_baseline_at_a_time(dist, f, name):
    grid = np.array([-4.0, 0.0, 0.25, 3.0])
    rows = [h.score_function_variance(dist, f, b) for b in grid]
    np.testing.assert_allclose(variance.variance_curve(dist, f, grid), rows, rtol=EXACT)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_shifting_f_and_b_together_changes_nothing(dist, f, name):
    shifted = lambda x: f(x) + 100.0  # noqa: E731
    np.testing.assert_allclose(h.exact_gradient(dist, shifted), h.exact_gradient(dist, f), atol=1e-10)
    np.testing.assert_allclose(h.score_function_variance(dist, shifted, 100.0 + 0.7),
                               h.score_function_variance(dist, f, 0.7), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(variance.optimal_baseline(dist, shifted), variance.optimal_baseline(dist, f) + 100.0,
                               rtol=1e-10)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_exact_variance_matches_the_sample_variance_of_many_terms(dist, f, name, rng):
    n, b = 200_000, 0.8
    terms = h.score_function_samples(dist, f, n, rng, baseline=b)
    p = dist.probs
    _, var, m4 = central_moments(p, (f(dist.support)[:, None] - b) * dist.score(dist.support))
    exact = h.score_function_variance(dist, f, b)
    np.testing.assert_allclose(exact, var, rtol=EXACT)
    assert np.all(np.abs(terms.var(axis=0, ddof=1) - exact) < Z * np.sqrt((m4 - var**2) / n) + 1e-12)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_repeated_estimates_have_variance_exact_over_n(dist, f, name, rng):
    n, repeats = 50, 4_000
    estimates = h.repeated_estimates(dist, f, n, repeats, rng)
    _, var, m4 = central_moments(dist.probs, f(dist.support)[:, None] * dist.score(dist.support))
    var_mean = var / n
    m4_mean = (m4 + 3 * (n - 1) * var**2) / n**3  # fourth central moment of a mean of n iid terms
    se = np.sqrt((m4_mean - var_mean**2) / repeats)
    assert estimates.shape == (repeats, dist.params.size)
    assert np.all(np.abs(estimates.var(axis=0, ddof=1) - h.score_function_variance(dist, f) / n) < Z * se)


def test_samples_needed_uses_the_two_sided_normal_quantile():
    z95 = 1.959963984540054  # Phi^{-1}(0.975)
    assert variance.samples_needed(1.0, 0.01) == int(np.ceil(z95**2 / 0.01**2)) == 38_415
    z99 = NormalDist().inv_cdf(0.995)
    expected = np.ceil(z99**2 * np.array([2.0, 0.5]) / 0.1**2)
    np.testing.assert_array_equal(variance.samples_needed([2.0, 0.5], 0.1, 0.99), expected)


def test_samples_needed_gives_the_promised_coverage(rng):
    dist, f, half_width, repeats = h.Bernoulli(0.4), lambda x: 3.0 * x - 1.0, 0.005, 4_000
    n = int(variance.samples_needed(h.score_function_variance(dist, f), half_width)[0])
    estimates = h.repeated_estimates(dist, f, n, repeats, rng)[:, 0]
    coverage = np.mean(np.abs(estimates - h.exact_gradient(dist, f)[0]) <= half_width)
    # Berry-Esseen: each tail of the n-sample mean is within 0.4748 rho / (sigma^3 sqrt(n)) of the normal one
    terms = f(dist.support) * dist.score(dist.support)[:, 0]
    mean = dist.probs @ terms
    sigma, rho = np.sqrt(dist.probs @ (terms - mean) ** 2), dist.probs @ np.abs(terms - mean) ** 3
    normal_error = 2 * 0.4748 * rho / (sigma**3 * np.sqrt(n))
    assert abs(coverage - 0.95) < Z * np.sqrt(0.95 * 0.05 / repeats) + normal_error


def test_baseline_experiment_matches_independent_values():
    f = lambda x: (x >= 7).astype(float)  # noqa: E731
    view = variance.baseline_experiment(f, theta=0.3, baseline=2.0, shift=10.0, n=200, seed=5)
    dist, shifted = h.Binomial(0.3, 10), lambda x: f(x) + 10.0
    np.testing.assert_allclose(view.exact, h.central_difference(dist, shifted)[0], rtol=1e-7)
    np.testing.assert_allclose(view.best, 10.0 + variance.optimal_baseline(dist, f)[0], rtol=1e-10)
    se = np.sqrt(view.variance / 200 / len(view.estimates))
    assert abs(view.estimates.mean() - view.exact) < Z * se
    again = variance.baseline_experiment(f, theta=0.3, baseline=2.0, shift=10.0, n=200, seed=5)
    np.testing.assert_array_equal(again.estimates, view.estimates)  # the seed fixes the draw


@pytest.mark.parametrize("call, message", [
    (lambda: h.score_function_variance(h.Gaussian(0.0, 0.0), np.sin), r"dist=Gaussian.*expected a distribution with"),
    (lambda: h.score_function_variance(h.Categorical([0.0, 1.0]), np.sin, [1.0, 2.0, 3.0]),
     r"baseline=\[1.0, 2.0, 3.0\]: expected one finite number or 2"),
    (lambda: variance.variance_curve(h.Bernoulli(0.0), np.sin, [0.0, np.nan]), r"baselines=.*expected finite numbers"),
    (lambda: variance.samples_needed(1.0, 0.0), r"half_width=0.0: expected a number > 0"),
    (lambda: variance.samples_needed(1.0, 0.1, 1.5), r"confidence=1.5: expected a number between 0 and 1"),
    (lambda: h.repeated_estimates(h.Bernoulli(0.0), np.sin, 10, 0, np.random.default_rng(0)),
     r"repeats=0: expected an integer >= 1"),
    (lambda: variance.baseline_experiment(np.sin, 0.0, 0.0, 0.0, 10, -1), r"seed=-1: expected an integer >= 0"),
])
def test_bad_input_names_argument_value_and_expectation(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def coin_at_one():
    """p, f and g for the exercises' coin (10 flips, theta = 1) and game, from the binomial formula."""
    s, x = sigmoid(1.0), np.arange(11)
    p = np.array([math.comb(10, k) for k in x]) * s**x * (1 - s) ** (10 - x)
    return p, (x >= 7).astype(float), x - 10 * s


def test_exercise_optimal_baseline_answers_in_words(capsys):
    p, f, g = coin_at_one()
    best, mean_f = (p @ (f * g**2)) / (p @ g**2), p @ f
    x = np.arange(11)
    at_zero = np.array([math.comb(10, k) for k in x]) / 2**10 @ ((x >= 7) * (x - 5.0) ** 2) / 2.5  # b* at theta = 0
    for answer, words in [(None, "No answer yet"), (round(best, 3), "Right"), (round(mean_f, 3), "That is E[f]"),
                          (round(at_zero, 3), "That is b* at θ = 0"), (best * 1.2, "Not quite")]:
        exercises.check_optimal_baseline(answer)
        assert capsys.readouterr().out.startswith(words)


def test_exercise_samples_needed_answers_in_words(capsys):
    p, f, g = coin_at_one()
    grad, best = p @ (f * g), (p @ (f * g**2)) / (p @ g**2)
    var = [p @ ((f - b) * g) ** 2 - grad**2 for b in (0.0, best)]
    need = [math.ceil(1.96**2 * v / 0.02**2) for v in var]
    exercises.check_samples_needed(*need)
    out = capsys.readouterr().out
    assert out.count("right") == 2 and "not quite" not in out
    exercises.check_samples_needed(need[0] / 4, need[1])
    out = capsys.readouterr().out
    assert "Without a baseline: not quite" in out and "With b*: right" in out
    exercises.check_samples_needed(None, need[1])
    assert capsys.readouterr().out.startswith("No answer yet")
    exercises.check_samples_needed("3/4", need[1])  # text that is not a number gets a message, not an error
    assert capsys.readouterr().out.startswith("Answer with one number: the first answer is '3/4'")


def test_exercise_samples_needed_names_the_wrong_coin_and_the_wrong_b_star(capsys):
    p, f, g = coin_at_one()
    grad, best = p @ (f * g), (p @ (f * g**2)) / (p @ g**2)
    x = np.arange(11)
    p0 = np.array([math.comb(10, k) for k in x]) / 2**10
    grad0, best0 = p0 @ (f * (x - 5.0)), p0 @ (f * (x - 5.0) ** 2) / 2.5
    at_zero = [math.ceil(1.96**2 * (p0 @ ((f - b) * (x - 5.0)) ** 2 - grad0**2) / 0.02**2) for b in (0.0, best0)]
    exercises.check_samples_needed(*at_zero)  # the notebook's coin at theta = 0: 8420 and 4226
    assert capsys.readouterr().out.count("that is the count at θ = 0") == 2
    def with_baseline(b):
        return math.ceil(1.96**2 * (p @ ((f - b) * g) ** 2 - grad**2) / 0.02**2)
    exercises.check_samples_needed(with_baseline(0.0), with_baseline(best0))  # coin1 with b* of theta = 0: 2.2 % off
    out = capsys.readouterr().out
    assert "Without a baseline: right" in out and "With b*: that uses b* of θ = 0" in out
    exercises.check_samples_needed(with_baseline(0.0), with_baseline(round(best, 2)))  # b* rounded: still right
    assert capsys.readouterr().out.count("right") == 2


@pytest.mark.parametrize("letters, words", [
    ("abd", "Right"), ({"d", "b", "a"}, "Right"), ("a, b, d", "Right"), ("(a), (b), (d)", "Right"),
    ("a, b and d", "Right"), ("abcd", "Look again at (c)"), ("ab", "Not quite"), ("", "Not quite"),
    ("abe", "Answer with the letters a to d only"), (3, "Answer with letters as text"), (None, "No answer yet"),
])
def test_exercise_unbiased_baselines_answers_in_words(letters, words, capsys):
    exercises.check_unbiased_baselines(letters)
    assert capsys.readouterr().out.startswith(words)


def test_a_certain_outcome_has_zero_variance_and_b_star_falls_back_to_e_f():
    # p = (1, 0) after underflow: the score is 0 wherever p > 0, so every baseline gives variance 0
    dist, f = h.Categorical([0.0, -800.0]), lambda x: np.where(x == 0, 2.0, 7.0)
    np.testing.assert_array_equal(variance.optimal_baseline(dist, f), [2.0, 2.0])
    np.testing.assert_array_equal(h.score_function_variance(dist, f, 5.0), [0.0, 0.0])


def test_lattice_bins_hold_whole_lattice_steps_with_edges_between_lattice_points():
    from helpers.variance_plots import lattice_bins
    spacing = 0.01
    edges = lattice_bins((0.03, 0.78), 40, spacing)
    steps = np.diff(edges) / spacing
    np.testing.assert_allclose(steps, np.round(steps[0]), atol=1e-9)  # every bin the same whole number of steps
    offset = edges / spacing - np.floor(edges / spacing)
    np.testing.assert_allclose(offset, 0.5, atol=1e-9)  # never on a lattice point
    assert edges[0] <= 0.03 and edges[-1] >= 0.78


def test_baseline_grid_covers_every_marked_baseline_and_centres_on_b_star():
    from helpers.variance_plots import baseline_grid
    grid = baseline_grid([0.0, 0.17, 0.42, 100.0], 0.42)
    assert grid.min() < 0.0 and grid.max() > 100.0
    assert np.isclose(grid.mean(), 0.42)
