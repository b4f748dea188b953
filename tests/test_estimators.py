"""The score-function estimator is unbiased and its standard error shrinks like 1/sqrt(n).

Tolerances come from standard errors: an estimate within 4 standard errors of the exact value
fails by chance with probability below 1e-4 per coordinate, and the seeds are fixed.
"""

import numpy as np
import pytest

import helpers as h

from conftest import CASES

Z = 4.0


def exact_term_moments(dist, f):
    """Mean, variance and fourth central moment of one term f(x) grad log p(x), by enumeration."""
    p = dist.probs
    terms = f(dist.support)[:, None] * dist.score(dist.support)
    mean = p @ terms
    var = p @ (terms - mean) ** 2
    m4 = p @ (terms - mean) ** 4
    return mean, var, m4


@pytest.mark.parametrize("dist, f, name", CASES)
def test_estimate_within_four_standard_errors_of_exact(dist, f, name, rng):
    n = 50_000
    terms = h.score_function_samples(dist, f, n, rng)
    estimate = h.score_function_estimate(dist, f, n, np.random.default_rng(1))
    se = terms.std(axis=0, ddof=1) / np.sqrt(n)
    exact = h.exact_gradient(dist, f)
    assert np.all(np.abs(terms.mean(axis=0) - exact) < Z * se)
    assert np.all(np.abs(estimate - exact) < Z * se * 1.1)  # same n, another seed; se estimated above


def test_gaussian_estimate_within_four_standard_errors(rng):
    dist, f = h.Gaussian(0.3, np.log(0.8)), lambda x: np.sin(2 * x)
    terms = h.score_function_samples(dist, f, 100_000, rng)
    se = terms.std(axis=0, ddof=1) / np.sqrt(len(terms))
    assert np.all(np.abs(terms.mean(axis=0) - h.exact_gradient(dist, f)) < Z * se)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_running_standard_error_shrinks_like_one_over_sqrt_n(dist, f, name, rng):
    mean, var, m4 = exact_term_moments(dist, f)
    k, estimate, se = h.running_estimate(dist, f, 100_000, rng)
    for n in (1_000, 10_000, 100_000):
        # se * sqrt(n) is the sample standard deviation; its square is the sample variance,
        # whose own standard error is sqrt((m4 - var**2) / n)
        sample_var = se[n - 1] ** 2 * n
        assert np.all(np.abs(sample_var - var) < Z * np.sqrt((m4 - var**2) / n) + 1e-12)
    assert k[-1] == 100_000 and np.isnan(se[0]).all()


def test_running_estimate_matches_cumulative_mean_and_std(rng):
    dist, f = CASES[0][0], CASES[0][1]
    k, estimate, se = h.running_estimate(dist, f, 500, np.random.default_rng(3))
    terms = h.score_function_samples(dist, f, 500, np.random.default_rng(3))
    for n in (2, 17, 500):
        np.testing.assert_allclose(estimate[n - 1], terms[:n].mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(se[n - 1], terms[:n].std(axis=0, ddof=1) / np.sqrt(n), rtol=1e-9)


def test_baseline_keeps_the_mean_and_accepts_one_value_per_coordinate(rng):
    dist, f = CASES[0][0], CASES[0][1]
    n = 100_000
    b = np.array([1.0, 2.0, -3.0, 0.5])
    terms = h.score_function_samples(dist, f, n, rng, baseline=b)
    se = terms.std(axis=0, ddof=1) / np.sqrt(n)
    assert np.all(np.abs(terms.mean(axis=0) - h.exact_gradient(dist, f)) < Z * se)
