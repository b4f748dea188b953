"""How a score-function estimate converges, computed from outcome counts so the cost does not grow with N.

On a finite support every term t(x) = (f(x) - b) grad_theta log p(x|theta) takes one of K values, so
the running mean and its standard error after n samples depend only on how often each outcome came up.
Counts between checkpoints are multinomial: 200 checkpoints cost the same for N = 10**2 and N = 10**8.
"""

import numpy as np

from .checks import check_baseline, check_sample_count, check_seed, evaluate_f

CHECKPOINTS_PER_DECADE = 25


def outcome_terms(dist, f, baseline=0.0):
    """Table of t(x) = (f(x) - b) grad_theta log p(x|theta), one row per outcome x: shape (K, dim theta)."""
    if not hasattr(dist, "support"):
        raise ValueError(f"dist={dist!r}: expected a distribution on a finite support (Categorical, Binomial, ...)")
    b = check_baseline(baseline, dist.params.size)
    return (evaluate_f(f, dist.support)[:, None] - b) * dist.score_table()


def log_checkpoints(n, per_decade=CHECKPOINTS_PER_DECADE):
    """Sample counts 1 <= k <= n spaced evenly in log k, ending at n: shape (about per_decade * log10 n,).

    The grid does not depend on n, so the checkpoints for a smaller n are a prefix of those for a larger n.
    """
    n = check_sample_count(n)
    decades = max(1, int(np.ceil(np.log10(n))))
    grid = np.unique(np.round(10.0 ** (np.arange(decades * per_decade + 1) / per_decade)).astype(np.int64))
    return np.append(grid[grid < n], n)


def check_checkpoints(checkpoints):
    """checkpoints as an int64 array of strictly increasing sample counts >= 1."""
    k = np.asarray(checkpoints)
    message = f"checkpoints={checkpoints!r}: expected a 1-d array of strictly increasing integers >= 1"
    if k.ndim != 1 or k.size == 0 or not np.issubdtype(k.dtype, np.number) or np.issubdtype(k.dtype, np.bool_):
        raise ValueError(message)
    if not np.all(np.isfinite(k)) or np.any(k != np.round(k)) or k[0] < 1 or np.any(np.diff(k) <= 0):
        raise ValueError(message)
    return k.astype(np.int64)


def estimate_from_counts(counts, table):
    """Mean of the terms and its standard error sqrt(s**2 / n) from outcome counts.

    counts: (..., K) how often each outcome came up; table: (K, d) the term of each outcome.
    Returns (estimate, se), each of shape (..., d); se is nan where n = 1.
    """
    shift = table.mean(axis=0)  # centring keeps the sum of squares from cancelling when |mean| >> spread
    centred = table - shift
    n = counts.sum(axis=-1, keepdims=True).astype(float)
    mean = counts @ centred / n
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.maximum(counts @ centred**2 - n * mean**2, 0.0) / (n - 1)
        se = np.where(n > 1, np.sqrt(var / n), np.nan)
    return shift + mean, se


def cumulative_counts(probs, checkpoints, rng, *, repeats=None):
    """Outcome counts after each checkpoint: shape (m, K), or (repeats, m, K) for independent runs.

    The increments between checkpoints are multinomial, which is what n independent draws add up to.
    """
    steps = np.diff(checkpoints, prepend=0)
    size = None if repeats is None else (check_sample_count(repeats, "repeats"), steps.size)
    return np.cumsum(rng.multinomial(steps, probs, size=size), axis=-2)


def running_estimate_at(dist, f, checkpoints, rng, *, baseline=0.0):
    """The score-function estimate after k samples, for each k in checkpoints, and its standard error.

    Same distribution as `running_estimate` read at the checkpoints, at a cost independent of the sample count.
    Returns (checkpoints, estimate, se) of shapes (m,), (m, dim theta), (m, dim theta); se is nan at k = 1.
    """
    table = outcome_terms(dist, f, baseline)
    k = check_checkpoints(checkpoints)
    estimate, se = estimate_from_counts(cumulative_counts(dist.probs, k, rng), table)
    return k, estimate, se


def running_estimates_over_runs(dist, f, checkpoints, repeats, rng, *, baseline=0.0):
    """`running_estimate_at` for `repeats` independent runs at once.

    Returns (checkpoints, estimate, se) of shapes (m,), (repeats, m, dim theta), (repeats, m, dim theta).
    """
    table = outcome_terms(dist, f, baseline)
    k = check_checkpoints(checkpoints)
    estimate, se = estimate_from_counts(cumulative_counts(dist.probs, k, rng, repeats=repeats), table)
    return k, estimate, se


def interval_coverage(dist, f, n, repeats, rng, *, z=2.0, baseline=0.0):
    """Fraction of `repeats` runs of n samples whose interval estimate +- z se contains the exact gradient.

    Returns shape (dim theta,). For large n it approaches P(|Z| <= z) (0.954 for z = 2); small n can fall short.
    """
    n = check_sample_count(n)
    table = outcome_terms(dist, f, baseline)
    counts = rng.multinomial(n, dist.probs, size=check_sample_count(repeats, "repeats"))
    estimate, se = estimate_from_counts(counts, table)
    return np.mean(np.abs(estimate - dist.probs @ table) <= z * se, axis=0)


def run_counts(dist, n, seed):
    """Checkpoints up to n and the outcome counts at each, from a random stream started at seed."""
    k = log_checkpoints(n)
    return k, cumulative_counts(dist.probs, k, np.random.default_rng(check_seed(seed)))
