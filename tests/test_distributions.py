"""Each distribution's score against finite differences of its own log_prob, and its probabilities."""

import numpy as np
import pytest

import helpers as h

from conftest import CASES

EPS = 1e-6
FD_TOL = 1e-6  # central differences of smooth functions: error O(EPS**2) plus rounding O(1e-16 / EPS)


def finite_difference_score(dist, x):
    theta = dist.params
    cols = []
    for i in range(theta.size):
        step = np.zeros(theta.size)
        step[i] = EPS
        up, down = dist.with_params(theta + step), dist.with_params(theta - step)
        cols.append((up.log_prob(x) - down.log_prob(x)) / (2 * EPS))
    return np.stack(cols, axis=1)


@pytest.mark.parametrize("dist", [c[0] for c in CASES])
def test_score_matches_finite_differences_of_log_prob(dist):
    x = dist.support
    assert dist.score(x).shape == (x.size, dist.params.size)
    np.testing.assert_allclose(dist.score(x), finite_difference_score(dist, x), atol=FD_TOL)


def test_gaussian_score_matches_finite_differences(rng):
    dist = h.Gaussian(0.4, np.log(1.7))
    x = rng.normal(0.0, 3.0, size=50)
    np.testing.assert_allclose(dist.score(x), finite_difference_score(dist, x), atol=FD_TOL)


def test_gaussian_log_prob_is_the_normal_density():
    dist = h.Gaussian(1.0, np.log(2.0))
    x = np.array([-1.0, 1.0, 4.0])
    density = np.exp(-((x - 1.0) ** 2) / 8.0) / np.sqrt(2 * np.pi * 4.0)
    np.testing.assert_allclose(np.exp(dist.log_prob(x)), density, rtol=1e-12)


def test_binomial_probs_are_the_binomial_formula():
    p = 1 / (1 + np.exp(-0.3))
    trials = 7
    from math import comb
    expected = [comb(trials, k) * p**k * (1 - p) ** (trials - k) for k in range(trials + 1)]
    np.testing.assert_allclose(h.Binomial(0.3, trials).probs, expected, rtol=1e-12)


def test_bernoulli_is_a_two_outcome_softmax():
    np.testing.assert_allclose(h.Bernoulli(0.8).probs, h.Categorical([0.0, 0.8]).probs, rtol=1e-12)


@pytest.mark.parametrize("dist", [c[0] for c in CASES])
def test_sample_frequencies_match_probs(dist, rng):
    n = 200_000
    counts = np.bincount(dist.sample(n, rng), minlength=dist.support.size)
    p = dist.probs
    se = np.sqrt(p * (1 - p) / n)
    assert np.all(np.abs(counts / n - p) < 4 * se + 1e-12)


def test_with_params_round_trips_and_repr_shows_theta():
    for dist in [c[0] for c in CASES] + [h.Gaussian(0.5, -0.2)]:
        same = dist.with_params(dist.params)
        np.testing.assert_array_equal(same.params, dist.params)
        assert type(same) is type(dist)
        assert type(dist).__name__ in repr(dist)
