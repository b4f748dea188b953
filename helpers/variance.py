"""The variance against the baseline b, the b that minimises it, samples needed, and the baseline experiment.

One score-function term is t(x) = (f(x) - b) g(x), with g(x) = grad_theta log p(x|theta). Since E[g] = 0,
its mean is grad_theta J for every constant b, and its variance per coordinate is the parabola
Var(b) = E[(f - b)^2 g^2] - (grad_theta J)^2, smallest at b* = E[f g^2] / E[g^2].
"""

from statistics import NormalDist
from typing import NamedTuple

import numpy as np

from .checks import check_sample_count, check_scalar, check_seed
from .distributions import Binomial
from .estimators import repeated_estimates
from .exact import enumerate_terms, exact_expectation, exact_gradient, score_function_variance


def win(x):
    """The game of notebook 04: f(x) = 1 point for 7 heads or more of the 10-flip coin, else 0."""
    return (np.asarray(x) >= 7).astype(float)


REPEATS = 200  # independent estimates per view of the baseline explorer: enough for a histogram, cheap to redraw


def variance_curve(dist, f, baselines):
    """Var[(f(x) - b) g(x)] for each constant b in baselines, by enumeration: shape (len(baselines), dim theta)."""
    p, fx, g = enumerate_terms(dist, f)
    b = np.asarray(baselines, dtype=float).reshape(-1)
    if not np.all(np.isfinite(b)):
        raise ValueError(f"baselines={baselines!r}: expected finite numbers")
    terms = (fx[None, :, None] - b[:, None, None]) * g[None]  # (m, K, dim)
    mean = np.einsum("x,mxk->mk", p, terms)
    return np.einsum("x,mxk->mk", p, (terms - mean[:, None, :]) ** 2)


def optimal_baseline(dist, f):
    """b* = E[f(x) g(x)^2] / E[g(x)^2] per coordinate of theta, the b that minimises the variance: shape (dim theta,).

    Where E[g^2] = 0 (p puts all mass on one outcome) every b gives variance 0; E[f] is returned there.
    """
    p, fx, g = enumerate_terms(dist, f)
    g2 = p @ g**2
    fg2 = p @ (fx[:, None] * g**2)
    safe = np.where(g2 > 0, g2, 1.0)
    return np.where(g2 > 0, fg2 / safe, p @ fx)


def samples_needed(variance, half_width, confidence=0.95):
    """Smallest n with z * sqrt(variance / n) <= half_width, z the two-sided normal quantile: int array like variance.

    An n-sample estimate is then within +-half_width of the exact gradient with probability about `confidence`.
    """
    half_width = check_scalar(half_width, "half_width")
    if half_width <= 0:
        raise ValueError(f"half_width={half_width!r}: expected a number > 0")
    confidence = check_scalar(confidence, "confidence")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence={confidence!r}: expected a number between 0 and 1")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    n = np.ceil(z**2 * np.asarray(variance, dtype=float) / half_width**2)
    return np.maximum(n, 1).astype(int)


class BaselineExperiment(NamedTuple):
    """What the baseline explorer shows for one setting of its controls (Var: of one term, exact)."""
    n: int
    baseline: float
    exact: float  # grad J
    mean_f: float  # E[f(x) + shift]
    best: float  # b*
    variance: float  # Var at the baseline b
    variance_best: float  # Var at b*
    variance_none: float  # Var for f without shift or baseline
    estimates: np.ndarray  # (repeats,) n-sample estimates of grad J at b
    curve: object  # b (array) -> Var(b)


def baseline_experiment(f, theta, baseline, shift, n, seed, *, trials=10, repeats=REPEATS):
    """Exact values and `repeats` n-sample estimates of grad J for the coin Binomial(theta, trials) and f(x) + shift."""
    rng = np.random.default_rng(check_seed(seed))
    dist = Binomial(theta, trials)
    shifted = lambda x: f(x) + shift  # noqa: E731
    best = optimal_baseline(dist, shifted)
    return BaselineExperiment(
        n=check_sample_count(n), baseline=float(baseline), exact=exact_gradient(dist, shifted)[0],
        mean_f=exact_expectation(dist, shifted), best=best[0],
        variance=score_function_variance(dist, shifted, baseline)[0],
        variance_best=score_function_variance(dist, shifted, best)[0],
        variance_none=score_function_variance(dist, f)[0],
        estimates=repeated_estimates(dist, shifted, n, repeats, rng, baseline=baseline)[:, 0],
        curve=lambda b: variance_curve(dist, shifted, b)[:, 0],
    )
