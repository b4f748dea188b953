"""Exact variance of the score-function estimator, the variance-minimising baseline, and samples needed.

One score-function term is t(x) = (f(x) - b) g(x), with g(x) = grad_theta log p(x|theta). Since E[g] = 0,
its mean is grad_theta J for every constant b, and its variance per coordinate is the parabola
Var(b) = E[(f - b)^2 g^2] - (grad_theta J)^2, smallest at b* = E[f g^2] / E[g^2].
"""

from statistics import NormalDist

import numpy as np

from .checks import check_baseline, check_sample_count, check_scalar, evaluate_f
from .estimators import score_function_samples


def enumerate_terms(dist, f):
    """Probabilities p (K,), f(x) (K,) and scores g (K, dim theta) over the whole finite support."""
    if not hasattr(dist, "support"):
        raise ValueError(f"dist={dist!r}: expected a distribution with a finite support (exact sums)")
    x = dist.support
    return dist.probs, evaluate_f(f, x), dist.score(x)


def variance_curve(dist, f, baselines):
    """Var[(f(x) - b) g(x)] for each constant b in baselines, by enumeration: shape (len(baselines), dim theta)."""
    p, fx, g = enumerate_terms(dist, f)
    b = np.asarray(baselines, dtype=float).reshape(-1)
    if not np.all(np.isfinite(b)):
        raise ValueError(f"baselines={baselines!r}: expected finite numbers")
    terms = (fx[None, :, None] - b[:, None, None]) * g[None]  # (m, K, dim)
    mean = np.einsum("x,mxk->mk", p, terms)
    return np.einsum("x,mxk->mk", p, (terms - mean[:, None, :]) ** 2)


def score_function_variance(dist, f, baseline=0.0):
    """Var[(f(x) - b) grad_theta log p(x|theta)] of ONE term, exact by enumeration: shape (dim theta,).

    The mean of n independent terms (the n-sample estimate) has variance this / n.
    baseline: one number, or one per coordinate of theta.
    """
    p, fx, g = enumerate_terms(dist, f)
    b = check_baseline(baseline, g.shape[1])
    terms = (fx[:, None] - b) * g
    mean = p @ terms
    return p @ (terms - mean) ** 2


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


def repeated_estimates(dist, f, n, repeats, rng, baseline=0.0):
    """`repeats` independent n-sample score-function estimates, drawn in one batch: shape (repeats, dim theta)."""
    n = check_sample_count(n)
    repeats = check_sample_count(repeats, "repeats")
    terms = score_function_samples(dist, f, n * repeats, rng, baseline)
    return terms.reshape(repeats, n, -1).mean(axis=1)
