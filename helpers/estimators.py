"""Monte-Carlo gradient estimators built on the log-derivative trick."""

import numpy as np

from .checks import check_baseline, check_sample_count, evaluate_f


def score_function_samples(dist, f, n, rng, *, baseline=0.0):
    """Per-sample terms (f(x_i) - b) grad_theta log p(x_i|theta), x_i ~ p(x|theta): shape (n, dim theta).

    baseline: one number, or one per coordinate of theta.
    """
    n = check_sample_count(n)
    b = check_baseline(baseline, dist.params.size)
    x = dist.sample(n, rng)
    return (evaluate_f(f, x)[:, None] - b) * dist.score(x)


def score_function_estimate(dist, f, n, rng, *, baseline=0.0):
    """(1/n) sum_i (f(x_i) - b) grad_theta log p(x_i|theta), x_i ~ p(x|theta): shape (dim theta,).

    An unbiased estimate of grad_theta E[f(x)]: the mean of `score_function_samples`, from the same draws. The
    draws come as each value x drawn and how often, c (sample_counts): on a finite support at most K values, so
    f runs once per outcome drawn and the sum over i is sum_k c_k (f(x_k) - b) S(x_k). dist.score_sum(x, w) =
    sum_k w_k grad_theta log p(x_k|theta) builds no (n, dim theta) array. baseline: a number, or one per coordinate.
    """
    n = check_sample_count(n)
    b = check_baseline(baseline, dist.params.size)
    x, c = dist.sample_counts(n, rng)
    fx = evaluate_f(f, x)
    if b.size == 1:
        return dist.score_sum(x, c * (fx - b[0])) / n
    # sum_i (f(x_i) - b_j) S_j(x_i) = sum_i f(x_i) S_j(x_i) - b_j sum_i S_j(x_i)
    return (dist.score_sum(x, c * fx) - b * dist.score_sum(x, c)) / n


def running_estimate(dist, f, n, rng, *, baseline=0.0):
    """The estimate after each of k = 1..n samples and its standard error.

    Returns (k, estimate, standard_error) of shapes (n,), (n, dim theta), (n, dim theta);
    the standard error at k = 1 is nan (one sample says nothing about the spread).
    """
    terms = score_function_samples(dist, f, n, rng, baseline=baseline)
    return running_mean_and_error(terms)


def running_mean_and_error(terms):
    """Cumulative mean of the rows of terms (n, d) and its standard error sqrt(sample variance / k)."""
    k = np.arange(1, terms.shape[0] + 1)[:, None]
    mean = np.cumsum(terms, axis=0) / k
    # centre on the overall mean first so the running sums of squares do not cancel catastrophically
    centred = terms - terms.mean(axis=0)
    sq = np.cumsum(centred**2, axis=0) - k * (mean - terms.mean(axis=0)) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.maximum(sq, 0.0) / (k - 1)
        se = np.sqrt(var / k)
    se[0] = np.nan
    return k[:, 0], mean, se


def repeated_estimates(dist, f, n, repeats, rng, *, baseline=0.0):
    """`repeats` independent n-sample score-function estimates, drawn in one batch: shape (repeats, dim theta)."""
    n = check_sample_count(n)
    repeats = check_sample_count(repeats, "repeats")
    terms = score_function_samples(dist, f, n * repeats, rng, baseline=baseline)
    return terms.reshape(repeats, n, -1).mean(axis=1)
