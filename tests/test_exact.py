"""Exact expectations and gradients against closed forms and finite differences."""

import numpy as np
import pytest

import helpers as h

from conftest import CASES

FD_TOL = 1e-6
QUAD_TOL = 1e-9  # the accuracy promised for the quadrature on smooth f (or f smooth between given jumps)


@pytest.mark.parametrize("dist, f, name", CASES)
def test_exact_gradient_matches_finite_differences(dist, f, name):
    np.testing.assert_allclose(h.exact_gradient(dist, f), h.central_difference(dist, f), atol=FD_TOL)


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
    np.testing.assert_allclose(h.central_difference(dist, f), grad, atol=FD_TOL)


def normal_pdf(z):
    return np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)


def step(x):
    return (x > 0).astype(float)


@pytest.mark.parametrize("sigma", [1.5, 0.2])
def test_a_step_is_exact_when_told_where_it_jumps(sigma):
    # E[1(x > 0)] = Phi(mu/sigma); d/dmu = phi(mu/sigma)/sigma, d/dlog sigma = -phi(mu/sigma) mu/sigma
    mu = 0.5
    dist, z = h.Gaussian(mu, np.log(sigma)), mu / sigma
    np.testing.assert_allclose(h.exact_gradient(dist, step, jumps=(0.0,)),
                               [normal_pdf(z) / sigma, -normal_pdf(z) * z], atol=QUAD_TOL)
    np.testing.assert_allclose(h.central_difference(dist, step, jumps=(0.0,)),
                               [normal_pdf(z) / sigma, -normal_pdf(z) * z], atol=FD_TOL)


@pytest.mark.parametrize("sigma", [1.5, 0.3])
def test_a_jump_it_was_not_told_of_is_refused(sigma):
    dist = h.Gaussian(0.5, np.log(sigma))
    for exact in (h.exact_gradient, h.exact_expectation, h.central_difference):
        with pytest.raises(ValueError, match="jumps="):
            exact(dist, step)


def test_a_jump_next_to_a_panel_edge_or_a_small_one_is_refused_too():
    dist = h.Gaussian(0.5, np.log(1.5))
    near_edge = 0.5 + 1.5 * (0.25 + 0.001)  # eps = 0.251, just past a panel edge of the first rule
    with pytest.raises(ValueError, match="jumps="):
        h.exact_gradient(dist, lambda x: (x > near_edge).astype(float))
    with pytest.raises(ValueError, match="jumps="):
        h.exact_gradient(dist, lambda x: 1e-10 * (x > 0.3))


def test_a_function_too_large_in_the_tails_is_refused():
    with pytest.raises(ValueError, match="12 standard deviations"):
        h.exact_expectation(h.Gaussian(0.0, np.log(4.0)), lambda x: np.exp(3.0 * x))


def test_finite_supports_take_any_function():
    coin = h.Binomial(0.3, trials=5)  # a sum over 6 outcomes is exact whatever f is
    assert h.exact_expectation(coin, step) == pytest.approx(1 - coin.probs[0], abs=1e-15)
