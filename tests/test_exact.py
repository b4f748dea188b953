"""Exact expectations and gradients against closed forms and finite differences."""

import numpy as np
import pytest

import helpers as h

from conftest import CASES

FD_TOL = 1e-6
QUAD_TOL = 1e-9  # the accuracy promised for Gauss-Hermite on smooth f


@pytest.mark.parametrize("dist, f, name", CASES)
def test_exact_gradient_matches_finite_differences(dist, f, name):
    np.testing.assert_allclose(h.exact_gradient(dist, f), h.finite_difference_gradient(dist, f), atol=FD_TOL)


@pytest.mark.parametrize("dist", [c[0] for c in CASES])
def test_expected_score_is_zero(dist):
    np.testing.assert_allclose(dist.probs @ dist.score(dist.support), 0.0, atol=1e-12)


@pytest.mark.parametrize("dist, f, name", [c for c in CASES if isinstance(c[0], h.Categorical)])
def test_categorical_gradient_is_p_times_centred_f(dist, f, name):
    p, fx = dist.probs, f(dist.support)
    np.testing.assert_allclose(h.exact_gradient(dist, f), p * (fx - p @ fx), atol=1e-12)


def test_binomial_mean_and_its_gradient():
    # E[x] = n s, d/d theta = n s (1 - s) with s = sigmoid(theta)
    theta, n = 0.9, 12
    s = 1 / (1 + np.exp(-theta))
    dist = h.Binomial(theta, n)
    assert h.exact_expectation(dist, lambda x: x) == pytest.approx(n * s, rel=1e-12)
    np.testing.assert_allclose(h.exact_gradient(dist, lambda x: x), [n * s * (1 - s)], rtol=1e-12)


MU, SIGMA = 0.7, 1.3
S = 1 + 2 * SIGMA**2
GAUSS_EXP = np.exp(-(MU**2) / S) / np.sqrt(S)
GAUSSIAN_CLOSED_FORMS = [
    # f, E[f], (dE/dmu, dE/dlog sigma)
    (lambda x: x, MU, (1.0, 0.0)),
    (lambda x: x**2, MU**2 + SIGMA**2, (2 * MU, 2 * SIGMA**2)),
    (lambda x: np.exp(-(x**2)), GAUSS_EXP,
     (-2 * MU / S * GAUSS_EXP, 4 * SIGMA**2 * GAUSS_EXP * (MU**2 / S**2 - 1 / (2 * S)))),
]


@pytest.mark.parametrize("f, value, grad", GAUSSIAN_CLOSED_FORMS)
def test_gaussian_against_closed_forms(f, value, grad):
    dist = h.Gaussian(MU, np.log(SIGMA))
    assert abs(h.exact_expectation(dist, f) - value) < QUAD_TOL
    np.testing.assert_allclose(h.exact_gradient(dist, f), grad, atol=QUAD_TOL)
    np.testing.assert_allclose(h.finite_difference_gradient(dist, f), grad, atol=FD_TOL)
