"""The counts-based running estimate has the distribution of explicit sampling, at a cost independent of n.

References: the exact gradient and the exact variance of one term, by enumeration; explicit sampling with
`running_estimate`; numpy's mean and standard deviation of the terms expanded from the counts.
Statistical tolerances are Z standard errors (a chance failure below 1e-4 per check); the seeds are fixed.
"""

import tracemalloc
from math import erf, sqrt

import numpy as np
import pytest

import helpers as h
from helpers import convergence, convergence_plots
from helpers.widgets import png_bytes

from conftest import CASES

Z = 4.0
RUNS = 2000
NORMAL_COVERAGE = erf(2 / sqrt(2))  # P(|N(0, 1)| <= 2) = 0.9545
KS_CRITICAL = sqrt(-np.log(1e-4 / 2) / 2)  # two-sample Kolmogorov-Smirnov, level 1e-4 (conservative for discrete)


def term_variance(dist, f):
    """Var of one term f(x) grad log p(x|theta) by enumeration over the support: shape (dim theta,)."""
    terms = f(dist.support)[:, None] * dist.score(dist.support)
    return dist.probs @ (terms - dist.probs @ terms) ** 2


def spread_of_variance(samples):
    """Sample variance over axis 0 and its standard error sqrt((m4 - s**4) / R)."""
    centred = samples - samples.mean(axis=0)
    var = centred.var(axis=0, ddof=1)
    return var, np.sqrt(np.maximum(np.mean(centred**4, axis=0) - var**2, 0.0) / len(samples))


def ks_statistic(a, b):
    """Largest distance between the empirical distribution functions of the samples a and b.

    Rounded first: the same mean summed in another order differs in the last bits, which would split ties.
    """
    a, b = np.round(a, 9), np.round(b, 9)
    grid = np.concatenate([a, b])
    cdf = lambda s: np.searchsorted(np.sort(s), grid, side="right") / len(s)  # noqa: E731
    return np.max(np.abs(cdf(a) - cdf(b)))


@pytest.mark.parametrize("n", [1, 7, 100, 12_345, 10**8])
def test_log_checkpoints_run_from_one_to_n(n):
    k = convergence.log_checkpoints(n)
    assert k[0] == 1 and k[-1] == n and np.all(np.diff(k) > 0)
    assert len(k) <= h.convergence.CHECKPOINTS_PER_DECADE * max(1, np.ceil(np.log10(n))) + 1


def test_log_checkpoints_of_a_smaller_n_are_a_prefix():
    short, long = convergence.log_checkpoints(1000), convergence.log_checkpoints(10**6)
    np.testing.assert_array_equal(long[: len(short) - 1], short[:-1])


def test_estimate_from_counts_equals_mean_and_std_of_the_expanded_terms(rng):
    table = rng.normal(size=(5, 2)) + np.array([0.0, 1e6])  # second column: a mean far larger than the spread
    counts = rng.integers(0, 40, size=(6, 5))
    estimate, se = convergence.estimate_from_counts(counts, table)
    for row, c in enumerate(counts):
        terms = np.repeat(table, c, axis=0)
        np.testing.assert_allclose(estimate[row], terms.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(se[row], terms.std(axis=0, ddof=1) / np.sqrt(len(terms)), rtol=1e-6)


def test_standard_error_is_nan_after_one_sample():
    estimate, se = convergence.estimate_from_counts(np.array([[0, 1, 0], [1, 1, 0]]), np.array([[1.0], [2.0], [5.0]]))
    assert np.isnan(se[0, 0]) and se[1, 0] == pytest.approx(0.5)
    np.testing.assert_allclose(estimate[:, 0], [2.0, 1.5])


@pytest.mark.parametrize("dist, f, name", CASES)
def test_estimate_at_checkpoints_is_unbiased_with_variance_var_t_over_n(dist, f, name, rng):
    exact, var = h.exact_gradient(dist, f), term_variance(dist, f)
    k, estimate, se = convergence.running_estimates_over_runs(dist, f, [10, 100, 1000], RUNS, rng)
    for i, n in enumerate(k):
        runs = estimate[:, i]
        assert np.all(np.abs(runs.mean(axis=0) - exact) < Z * np.sqrt(var / n / RUNS) + 1e-12)
        run_var, run_var_se = spread_of_variance(runs)
        assert np.all(np.abs(run_var - var / n) < Z * run_var_se + 1e-12)
        # se**2 is the sample variance over n: unbiased for var / n
        se2 = se[:, i] ** 2
        assert np.all(np.abs(se2.mean(axis=0) - var / n) < Z * se2.std(axis=0) / np.sqrt(RUNS) + 1e-12)


@pytest.mark.parametrize("dist, f, name", CASES[:3])
def test_single_runs_match_explicit_sampling(dist, f, name):
    """Two samples over seeds: the counts-based estimate at n and `running_estimate`'s, same distribution."""
    runs, n = 400, 200
    counted = np.array([convergence.running_estimate_at(dist, f, [50, n], np.random.default_rng(s))[1][-1, 0]
                        for s in range(runs)])
    explicit = np.array([h.running_estimate(dist, f, n, np.random.default_rng(10**6 + s))[1][-1, 0]
                         for s in range(runs)])
    assert abs(counted.mean() - explicit.mean()) < Z * np.sqrt((counted.var() + explicit.var()) / runs)
    (v1, e1), (v2, e2) = spread_of_variance(counted), spread_of_variance(explicit)
    assert abs(v1 - v2) < Z * np.hypot(e1, e2)
    assert ks_statistic(counted, explicit) < KS_CRITICAL * np.sqrt(2 / runs)


def test_the_same_seed_gives_the_same_path_whatever_n():
    dist, f = CASES[2][0], CASES[2][1]
    short = convergence.running_estimate_at(dist, f, convergence.log_checkpoints(1000), np.random.default_rng(5))
    long = convergence.running_estimate_at(dist, f, convergence.log_checkpoints(10**7), np.random.default_rng(5))
    m = len(short[0]) - 1
    np.testing.assert_array_equal(long[0][:m], short[0][:m])
    np.testing.assert_array_equal(long[1][:m], short[1][:m])


@pytest.mark.parametrize("dist, f, name", CASES)
def test_hundred_million_samples_land_within_z_standard_errors(dist, f, name, rng):
    n = 10**8
    k, estimate, se = convergence.running_estimate_at(dist, f, convergence.log_checkpoints(n), rng)
    exact, var = h.exact_gradient(dist, f), term_variance(dist, f)
    assert k[-1] == n
    assert np.all(np.abs(estimate[-1] - exact) < Z * np.sqrt(var / n) + 1e-12)
    np.testing.assert_allclose(se[-1], np.sqrt(var / n), rtol=1e-2)


def test_coverage_is_near_normal_theory_for_large_n(rng):
    dist, f, repeats = h.Binomial(0.5, trials=10), np.square, 20_000
    coverage = convergence.interval_coverage(dist, f, 2000, repeats, rng)
    tolerance = Z * sqrt(NORMAL_COVERAGE * (1 - NORMAL_COVERAGE) / repeats)
    assert abs(coverage[0] - NORMAL_COVERAGE) < tolerance


@pytest.mark.parametrize("n", [10, 100])
def test_coverage_matches_explicit_sampling_and_falls_short_for_a_rare_outcome(n, rng):
    dist, f, repeats = h.Binomial(0.0, trials=10), lambda x: (x == 9).astype(float), 20_000
    counted = convergence.interval_coverage(dist, f, n, repeats, rng)[0]
    terms = h.score_function_samples(dist, f, n * repeats, np.random.default_rng(9)).reshape(repeats, n)
    se = terms.std(axis=1, ddof=1) / np.sqrt(n)
    explicit = np.mean(np.abs(terms.mean(axis=1) - h.exact_gradient(dist, f)[0]) <= 2 * se)
    pooled = (counted + explicit) / 2
    assert abs(counted - explicit) < Z * sqrt(2 * pooled * (1 - pooled) / repeats)
    assert counted < NORMAL_COVERAGE - Z * sqrt(counted * (1 - counted) / repeats)


def test_objective_curve_matches_exact_expectation():
    dist, f = h.Binomial(0.0, trials=6), np.cos
    thetas = np.linspace(-2, 2, 5)
    expected = [h.exact_expectation(h.Binomial(t, trials=6), f) for t in thetas]
    np.testing.assert_allclose(h.objective_curve(dist, f, thetas), expected, rtol=1e-12)


@pytest.mark.parametrize("checkpoints", [[], [0, 5], [3, 2], [1, 1], [1.5, 3], [[1, 2]], ["a"],
                                         [1, np.inf], [1, np.nan]])
def test_bad_checkpoints(checkpoints, rng):
    with pytest.raises(ValueError, match=r"checkpoints=.*: expected a 1-d array of strictly increasing integers"):
        convergence.running_estimate_at(h.Bernoulli(0.0), np.square, checkpoints, rng)


def test_bad_distribution_counts_and_f(rng):
    with pytest.raises(ValueError, match=r"dist=Gaussian.*expected a distribution on a finite support"):
        convergence.running_estimate_at(h.Gaussian(0.0, 0.0), np.square, [1, 2], rng)
    with pytest.raises(ValueError, match=r"repeats=0: expected an integer >= 1"):
        convergence.interval_coverage(h.Bernoulli(0.0), np.square, 10, 0, rng)
    with pytest.raises(ValueError, match=r"n=2.5: expected an integer >= 1"):
        convergence.interval_coverage(h.Bernoulli(0.0), np.square, 2.5, 10, rng)
    with pytest.raises(ValueError, match=r"expected finite values"):
        convergence.running_estimate_at(h.Bernoulli(0.0), lambda x: np.where(x > 0, np.nan, 1.0), [1, 2], rng)
    with pytest.raises(ValueError, match=r"baseline=.*expected one finite number"):
        convergence.running_estimate_at(h.Bernoulli(0.0), np.square, [1, 2], rng, baseline=[1.0, 2.0])


MEMORY_BOUND = 50e6  # bytes: the explorer's figure at the N slider's maximum; 10**8 drawn samples would take 800 MB


def test_explorer_view_at_the_largest_n_stays_within_its_memory_bound():
    tracemalloc.start()
    try:
        fig, _ = convergence_plots.draw_convergence_figure(0.5, 10**8, "x", 0)
        png_bytes(fig)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"{peak / 1e6:.0f} MB"
