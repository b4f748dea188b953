"""Estimators for a Gaussian p(x|theta), theta = (mean, log_std), that write x = mean + std * eps, eps ~ N(0, 1).

The pathwise (reparameterisation) estimator differentiates f(mean + std * eps) and needs f'(x); finite
differences move theta by +-h and reuse the same eps on both sides (common random numbers). Every
estimator is a mean of per-sample terms; `*_term_moments` give one term's exact mean and variance by
quadrature over eps, split at the points where f jumps.
"""

from typing import NamedTuple

import numpy as np

from .checks import check_baseline, check_sample_count, check_scalar, evaluate_f
from .distributions import Gaussian
from .estimators import running_mean_and_error
from .exact import checked_noise_expectation, exact_expectation, jump_breaks

FD_STEP = 0.1  # step δ of the finite-difference estimator in every figure of notebook 05
# the estimators compared side by side, in the order of every figure and table
ESTIMATORS = ("score function", "score function, b = E[f]", "pathwise", "finite differences")


class ExampleFunction(NamedTuple):
    """f(x), its derivative f'(x) (0 where f jumps: what a pathwise estimator sees) and the x where f jumps."""
    f: object
    df: object
    jumps: tuple = ()


EXAMPLE_FUNCTIONS = {
    "x": ExampleFunction(lambda x: x, lambda x: np.ones_like(x)),
    "x²": ExampleFunction(lambda x: x**2, lambda x: 2 * x),
    "exp(−x²)": ExampleFunction(lambda x: np.exp(-(x**2)), lambda x: -2 * x * np.exp(-(x**2))),
    "step 1[x > 0]": ExampleFunction(lambda x: (x > 0).astype(float), lambda x: np.zeros_like(x), (0.0,)),
}


def check_gaussian(dist):
    """Return dist if it is a helpers.Gaussian, the family these estimators reparameterise."""
    if not isinstance(dist, Gaussian):
        raise ValueError(f"dist={dist!r}: expected a Gaussian (x = mean + std * eps needs a location and a scale)")
    return dist


def check_step(step):
    """Return the finite-difference step h as a float > 0."""
    h = check_scalar(step, "step")
    if h <= 0:
        raise ValueError(f"step={step!r}: expected a number > 0")
    return h


def score_terms(dist, f, eps, baseline=0.0):
    """(f(x) - b) grad_theta log p(x|theta) at x = mean + std * eps: shape (m, 2) for eps of shape (m,)."""
    x = dist.mean + dist.std * eps
    return (evaluate_f(f, x)[:, None] - check_baseline(baseline, 2)) * dist.score(x)


def pathwise_terms(dist, df, eps):
    """grad_theta f(mean + std * eps) = f'(x) (1, std * eps), since d x/d log_std = std * eps: shape (m, 2)."""
    x = dist.mean + dist.std * eps
    return evaluate_f(df, x)[:, None] * np.stack([np.ones_like(x), dist.std * eps], axis=1)


def finite_difference_terms(dist, f, eps, step):
    """(f(x(theta + h e_i, eps)) - f(x(theta - h e_i, eps))) / 2h, the same eps on both sides: shape (m, 2)."""
    h = check_step(step)
    columns = []
    for shift in np.eye(2) * h:  # one column per coordinate of theta; the samples are vectorised
        plus, minus = dist.with_params(dist.params + shift), dist.with_params(dist.params - shift)
        f_plus = evaluate_f(f, plus.mean + plus.std * eps)
        columns.append((f_plus - evaluate_f(f, minus.mean + minus.std * eps)) / (2 * h))
    return np.stack(columns, axis=1)


def draw_noise(n, rng):
    """eps_1..eps_n ~ N(0, 1), shape (n,): the same stream Gaussian.sample turns into x = mean + std * eps."""
    return rng.standard_normal(check_sample_count(n))


def pathwise_samples(dist, df, n, rng):
    """Per-sample pathwise terms f'(x_i) (1, std * eps_i), x_i = mean + std * eps_i: shape (n, 2)."""
    return pathwise_terms(check_gaussian(dist), df, draw_noise(n, rng))


def pathwise_estimate(dist, df, n, rng):
    """Mean of n pathwise terms: an unbiased estimate of grad_theta E[f(x)] when f is differentiable, shape (2,)."""
    return pathwise_samples(dist, df, n, rng).mean(axis=0)


def finite_difference_samples(dist, f, n, rng, *, step=FD_STEP):
    """Per-sample central differences of f(mean + std * eps_i) in each coordinate of theta: shape (n, 2).

    step: h, the move of theta (mean, log_std); the mean of the terms is biased by O(h^2) and, when f
    jumps, their variance grows like 1/h.
    """
    return finite_difference_terms(check_gaussian(dist), f, draw_noise(n, rng), step)


def finite_difference_estimate(dist, f, n, rng, *, step=FD_STEP):
    """Mean of n finite-difference terms with common random numbers: shape (2,); biased by O(step^2)."""
    return finite_difference_samples(dist, f, n, rng, step=step).mean(axis=0)


def term_moments(terms, breaks, what):
    """Exact mean E[t] and variance E[(t - mean)^2] of terms(eps), (m, 2), eps ~ N(0, 1): checked quadrature."""
    mean = checked_noise_expectation(terms, breaks, what)
    return mean, checked_noise_expectation(lambda eps: (terms(eps) - mean) ** 2, breaks, what)


def score_term_moments(dist, f, baseline=0.0, jumps=()):
    """Exact mean and variance of one score-function term (f(x) - b) grad log p(x|theta): arrays (2,), (2,).

    The mean is the exact gradient grad_theta E[f(x)] whatever the baseline b. jumps: the x where f jumps.
    """
    breaks = jump_breaks([check_gaussian(dist)], jumps)
    return term_moments(lambda eps: score_terms(dist, f, eps, baseline), breaks, f"this f on {dist!r}")


def pathwise_term_moments(dist, df, jumps=()):
    """Exact mean and variance of one pathwise term f'(x) (1, std * eps): arrays (2,), (2,); jumps: where f' jumps."""
    breaks = jump_breaks([check_gaussian(dist)], jumps)
    return term_moments(lambda eps: pathwise_terms(dist, df, eps), breaks, f"this f' on {dist!r}")


def finite_difference_term_moments(dist, f, step=FD_STEP, jumps=()):
    """Exact mean and variance of one finite-difference term (common random numbers): arrays (2,), (2,)."""
    check_gaussian(dist)
    h = check_step(step)
    shifted = [dist.with_params(dist.params + s) for s in np.concatenate([np.eye(2), -np.eye(2)]) * h]
    return term_moments(lambda eps: finite_difference_terms(dist, f, eps, h), jump_breaks(shifted, jumps),
                        f"this f on {dist!r}")


def lookup_function(function):
    """The ExampleFunction named `function`, one of EXAMPLE_FUNCTIONS."""
    if function not in EXAMPLE_FUNCTIONS:
        raise ValueError(f"function={function!r}: expected one of {', '.join(map(repr, EXAMPLE_FUNCTIONS))}")
    return EXAMPLE_FUNCTIONS[function]


def estimator_terms(dist, example, eps, step=FD_STEP):
    """Per-sample terms of each estimator from the same eps: dict estimator name -> array (m, 2)."""
    baseline = exact_expectation(dist, example.f, example.jumps)
    terms = (score_terms(dist, example.f, eps), score_terms(dist, example.f, eps, baseline),
             pathwise_terms(dist, example.df, eps), finite_difference_terms(dist, example.f, eps, step))
    return dict(zip(ESTIMATORS, terms, strict=True))


def exact_estimator_moments(dist, example, step=FD_STEP):
    """Exact mean and variance of one term of each estimator: dict name -> (mean (2,), variance (2,))."""
    baseline = exact_expectation(dist, example.f, example.jumps)
    moments = (score_term_moments(dist, example.f, 0.0, example.jumps),
               score_term_moments(dist, example.f, baseline, example.jumps), pathwise_term_moments(dist, example.df),
               finite_difference_term_moments(dist, example.f, step, example.jumps))
    return dict(zip(ESTIMATORS, moments, strict=True))


def variance_against_sigma(mu, sigmas, example, n, rng, *, coordinate=0):
    """Sample variance of n terms and exact variance of one term, per estimator and sigma: two dicts name -> (s,)."""
    simulated, exact = {name: [] for name in ESTIMATORS}, {name: [] for name in ESTIMATORS}
    for sigma in sigmas:
        dist = Gaussian(mu, np.log(sigma))
        terms, moments = estimator_terms(dist, example, rng.standard_normal(n)), exact_estimator_moments(dist, example)
        for name in ESTIMATORS:
            simulated[name].append(terms[name][:, coordinate].var(ddof=1))
            exact[name].append(moments[name][1][coordinate])
    return ({name: np.array(v) for name, v in simulated.items()}, {name: np.array(v) for name, v in exact.items()})


def spread_against_n(dist, example, ns, repeats, rng, *, coordinate=0):
    """Variance over `repeats` estimates of n terms each, per estimator: dict name -> (len(ns),)."""
    spread = {name: [] for name in ESTIMATORS}
    for n in ns:
        terms = estimator_terms(dist, example, rng.standard_normal(n * repeats))
        for name in ESTIMATORS:
            spread[name].append(terms[name][:, coordinate].reshape(repeats, n).mean(axis=1).var(ddof=1))
    return {name: np.array(v) for name, v in spread.items()}


def estimator_running_means(dist, example, n, rng, *, step=FD_STEP):
    """Running mean and standard error of each estimator over the same n draws: dict name -> (k, mean, se)."""
    terms = estimator_terms(dist, example, draw_noise(n, rng), step)
    return {name: running_mean_and_error(t) for name, t in terms.items()}
