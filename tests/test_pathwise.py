"""Pathwise and finite-difference estimators for a Gaussian, and the exact moments of every estimator's terms.

References: closed forms derived by hand (moments of eps ~ N(0, 1): E eps^2 = 1, E eps^4 = 3, E eps^6 = 15),
the normal CDF for the step function, and Gauss-Hermite `exact_gradient` for smooth f.
Statistical tolerances are Z standard errors with fixed seeds.
"""

import math

import numpy as np
import pytest

import helpers as h
from helpers import pathwise

Z = 4.0
QUAD_TOL = 1e-10  # composite Gauss-Legendre on smooth pieces: rounding-level accuracy
MU, SIGMA = 0.7, 1.3
DIST = h.Gaussian(MU, np.log(SIGMA))
STEP = pathwise.EXAMPLE_FUNCTIONS["step 1[x > 0]"]
SMOOTH = {name: ex for name, ex in pathwise.EXAMPLE_FUNCTIONS.items() if not ex.jumps}
SMOOTH["sin 2x"] = h.pathwise.ExampleFunction(lambda x: np.sin(2 * x), lambda x: 2 * np.cos(2 * x))


def normal_cdf(t):
    return 0.5 * math.erfc(-t / math.sqrt(2))


def normal_pdf(t):
    return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)


def within(estimate, exact, se):
    """Every coordinate within Z standard errors (an exactly constant term has se 0: then equal to rounding)."""
    return np.all(np.abs(estimate - exact) <= Z * se + 1e-12)


@pytest.mark.parametrize("name", SMOOTH)
def test_pathwise_is_unbiased_for_smooth_f(name, rng):
    ex = SMOOTH[name]
    terms = pathwise.pathwise_samples(DIST, ex.df, 100_000, rng)
    se = terms.std(axis=0, ddof=1) / np.sqrt(len(terms))
    assert within(terms.mean(axis=0), h.exact_gradient(DIST, ex.f), se)


def test_pathwise_gradient_against_closed_form_for_x_squared(rng):
    # d/dmu E[x^2] = 2 mu, d/dlog sigma E[x^2] = 2 sigma^2
    n = 100_000
    se = pathwise.pathwise_samples(DIST, lambda x: 2 * x, n, np.random.default_rng(5)).std(axis=0, ddof=1) / np.sqrt(n)
    estimate = pathwise.pathwise_estimate(DIST, lambda x: 2 * x, n, rng)
    assert within(estimate, [2 * MU, 2 * SIGMA**2], se)


def test_pathwise_uses_the_same_noise_as_sampling():
    # f = x: the terms are (1, sigma eps) = (1, x - mu) with x the draws Gaussian.sample makes from the same seed
    x = DIST.sample(50, np.random.default_rng(9))
    terms = pathwise.pathwise_samples(DIST, np.ones_like, 50, np.random.default_rng(9))
    np.testing.assert_allclose(terms, np.stack([np.ones(50), x - MU], axis=1), atol=1e-12)


def test_pathwise_gives_zero_for_the_step_although_the_gradient_is_not():
    a = (0.0 - MU) / SIGMA
    exact = [normal_pdf(a) / SIGMA, a * normal_pdf(a)]  # d/dmu and d/dlog sigma of P(x > 0) = Phi(-a)
    mean, var = pathwise.pathwise_term_moments(DIST, STEP.df)
    np.testing.assert_array_equal(mean, 0.0)
    np.testing.assert_array_equal(var, 0.0)
    np.testing.assert_allclose(pathwise.score_term_moments(DIST, STEP.f, jumps=STEP.jumps)[0], exact, atol=QUAD_TOL)


@pytest.mark.parametrize("name", SMOOTH)
def test_score_term_mean_is_the_exact_gradient(name):
    ex = SMOOTH[name]
    mean, _ = pathwise.score_term_moments(DIST, ex.f, baseline=0.4)
    np.testing.assert_allclose(mean, h.exact_gradient(DIST, ex.f), atol=QUAD_TOL)
    np.testing.assert_allclose(pathwise.pathwise_term_moments(DIST, ex.df)[0], mean, atol=QUAD_TOL)


def test_score_variance_of_x_against_closed_form():
    # (x - b) (x - mu) / sigma^2 = (mu - b) eps / sigma + eps^2; (x - b)(eps^2 - 1) has variance 2 (mu-b)^2 + 10 sigma^2
    for b in (0.0, MU, -2.0):
        _, var = pathwise.score_term_moments(DIST, lambda x: x, baseline=b)
        np.testing.assert_allclose(var, [(MU - b) ** 2 / SIGMA**2 + 2, 2 * (MU - b) ** 2 + 10 * SIGMA**2], rtol=1e-10)


def test_score_variance_of_step_against_closed_form():
    # E[1{eps > a} eps^2] = a phi(a) + Q(a), E[1{eps > a} eps^4] = (a^3 + 3a) phi(a) + 3 Q(a)
    a = (0.0 - MU) / SIGMA
    phi, q = normal_pdf(a), 1 - normal_cdf(a)
    mean, var = pathwise.score_term_moments(DIST, STEP.f, jumps=STEP.jumps)
    second = [(a * phi + q) / SIGMA**2, a**3 * phi + a * phi + 2 * q]
    np.testing.assert_allclose(var, np.array(second) - mean**2, atol=QUAD_TOL)


def test_exact_expectation_of_the_step_is_the_normal_cdf():
    assert h.exact_expectation(DIST, STEP.f, STEP.jumps) == pytest.approx(normal_cdf(MU / SIGMA), abs=QUAD_TOL)


def test_pathwise_variances_against_closed_forms():
    _, var = pathwise.pathwise_term_moments(DIST, np.ones_like)  # f = x: terms (1, sigma eps)
    np.testing.assert_allclose(var, [0.0, SIGMA**2], atol=QUAD_TOL)
    _, var = pathwise.pathwise_term_moments(DIST, lambda x: 2 * x)  # f = x^2: (2x, 2 sigma eps (mu + sigma eps))
    np.testing.assert_allclose(var, [4 * SIGMA**2, 4 * SIGMA**2 * (MU**2 + 2 * SIGMA**2)], rtol=1e-10)


@pytest.mark.parametrize("step", [0.5, 0.1, 0.01])
def test_finite_difference_moments_for_x_squared(step):
    # mu: ((x+h)^2 - (x-h)^2) / 2h = 2x exactly; log sigma: 2 mu sigma eps sinh(h)/h + sigma^2 eps^2 sinh(2h)/h
    c1, c2 = 2 * MU * SIGMA * np.sinh(step) / step, SIGMA**2 * np.sinh(2 * step) / step
    mean, var = pathwise.finite_difference_term_moments(DIST, lambda x: x**2, step)
    np.testing.assert_allclose(mean, [2 * MU, c2], rtol=1e-10)
    np.testing.assert_allclose(var, [4 * SIGMA**2, c1**2 + 2 * c2**2], rtol=1e-10)


@pytest.mark.parametrize("step", [0.5, 0.1, 0.01])
def test_finite_difference_moments_for_the_step(step):
    # mu: 1{-(mu+h)/sigma < eps < (h-mu)/sigma} / 2h, a Bernoulli(p) / 2h
    p = normal_cdf((step - MU) / SIGMA) - normal_cdf((-step - MU) / SIGMA)
    mean, var = pathwise.finite_difference_term_moments(DIST, STEP.f, step, STEP.jumps)
    assert mean[0] == pytest.approx(p / (2 * step), abs=QUAD_TOL)
    assert var[0] == pytest.approx(p * (1 - p) / (4 * step**2), rel=1e-9)


def test_finite_difference_bias_shrinks_like_step_squared():
    ex = SMOOTH["exp(−x²)"]
    exact = h.exact_gradient(DIST, ex.f)
    bias = [pathwise.finite_difference_term_moments(DIST, ex.f, step)[0] - exact for step in (0.1, 0.05)]
    np.testing.assert_allclose(bias[0] / bias[1], 4.0, rtol=0.02)


def test_finite_differences_reuse_the_noise():
    # f = x^2: the mu column is 2x, exactly the pathwise term of the same eps
    fd = pathwise.finite_difference_samples(DIST, lambda x: x**2, 20, np.random.default_rng(4), step=0.3)
    pw = pathwise.pathwise_samples(DIST, lambda x: 2 * x, 20, np.random.default_rng(4))
    np.testing.assert_allclose(fd[:, 0], pw[:, 0], rtol=1e-12)


TERMS = {
    "score": (lambda ex, n, rng: h.score_function_samples(DIST, ex.f, n, rng),
              lambda ex: pathwise.score_term_moments(DIST, ex.f, jumps=ex.jumps)),
    "pathwise": (lambda ex, n, rng: pathwise.pathwise_samples(DIST, ex.df, n, rng),
                 lambda ex: pathwise.pathwise_term_moments(DIST, ex.df)),
    "finite differences": (lambda ex, n, rng: pathwise.finite_difference_samples(DIST, ex.f, n, rng, step=0.1),
                           lambda ex: pathwise.finite_difference_term_moments(DIST, ex.f, 0.1, ex.jumps)),
}


@pytest.mark.parametrize("estimator", TERMS)
@pytest.mark.parametrize("name", ["x²", "exp(−x²)", "step 1[x > 0]"])
def test_spread_of_many_estimates_matches_exact_variance(estimator, name, rng):
    samples, moments = TERMS[estimator]
    ex, n, repeats = pathwise.EXAMPLE_FUNCTIONS[name], 20, 20_000
    runs = samples(ex, n * repeats, rng).reshape(repeats, n, 2).mean(axis=1)  # repeats estimates of n terms
    mean, var = moments(ex)
    sample_var = runs.var(axis=0, ddof=1)
    m4 = np.mean((runs - runs.mean(axis=0)) ** 4, axis=0)
    assert within(runs.mean(axis=0), mean, np.sqrt(var / n / repeats))
    assert within(sample_var, var / n, np.sqrt(np.maximum(m4 - sample_var**2, 0) / repeats))


@pytest.mark.parametrize("call, message", [
    (lambda rng: pathwise.pathwise_estimate(h.Bernoulli(0.0), np.ones_like, 10, rng),
     r"dist=Bernoulli\(0\): expected a Gaussian"),
    (lambda rng: pathwise.finite_difference_estimate(DIST, np.square, 10, rng, step=0.0),
     r"step=0.0: expected a number > 0"),
    (lambda rng: pathwise.finite_difference_term_moments(DIST, np.square, step=-1), r"step=-1: expected a number > 0"),
    (lambda rng: pathwise.pathwise_samples(DIST, np.ones_like, 0, rng), r"n=0: expected an integer >= 1"),
])
def test_bad_input(call, message, rng):
    with pytest.raises(ValueError, match=message):
        call(rng)


def test_exercise_checks_answer_in_words(capsys):
    from helpers.exercises import pathwise as ex

    ex.check_log_std_score(lambda x, mu, sigma: (x - mu) ** 2 / sigma**2 - 1)
    ex.check_log_std_score(lambda x, mu, sigma: (x - mu) ** 2 / sigma**3 - 1 / sigma)
    ex.check_pathwise_variance(16.0)
    ex.check_pathwise_variance(20.0)
    ex.check_step_estimator(" Score function")
    ex.check_step_estimator("pathwise")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Correct") and "derivative in σ" in lines[1]
    assert lines[2].startswith("Correct") and "second moment" in lines[3]
    assert lines[4].startswith("Right") and lines[5].startswith("Not this one")
    for spelling in ["score", "Score-function", "score_function", "  score   function estimator"]:
        ex.check_step_estimator(spelling)
        assert capsys.readouterr().out.startswith("Right")
    ex.check_step_estimator("Finite difference")
    assert capsys.readouterr().out.startswith("Close, but no")


def test_exercise_checks_answer_text_with_a_message(capsys):
    from helpers.exercises import pathwise as ex

    ex.check_pathwise_variance("3/4")
    ex.check_pathwise_variance(None)
    ex.check_pathwise_variance("16")  # a number written as text is still read as the number
    ex.check_log_std_score("(x - mu)**2 / sigma**2 - 1")
    ex.check_log_std_score(lambda x, mu, sigma: "(x - mu)**2 / sigma**2 - 1")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Answer with one number") and lines[1].startswith("No answer yet")
    assert lines[2].startswith("Correct")
    assert lines[3].startswith("Pass your function itself") and lines[4].startswith("Your function should return")
