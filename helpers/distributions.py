"""Distributions p(x|theta) with the same method set: sample, log_prob, score, params, with_params.

Finite-support distributions live on the outcomes 0..K-1 and also have `support` and `probs`.
"""

import functools

import numpy as np

from .checks import check_params, check_sample_count, check_scalar


def log_softmax(logits):
    """log softmax along the last axis, stable for logits of any size (log-sum-exp)."""
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def log_sigmoid(t):
    """log(1 / (1 + exp(-t))) without overflow."""
    return -np.logaddexp(0.0, -t)


def frozen(values):
    """A read-only float64 copy of values: a distribution's theta and probs never change once made."""
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def check_weights(x, weights):
    """x and weights flattened, or ValueError unless there is one finite weight per x."""
    x, w = np.reshape(x, -1), np.reshape(np.asarray(weights, dtype=float), -1)
    if w.shape != x.shape or not np.all(np.isfinite(w)):
        raise ValueError(f"weights of shape {np.shape(weights)}: expected {x.size} finite numbers, one per x")
    return x, w


class FiniteDistribution:
    """Base class for p(x|theta) on the outcomes 0..K-1.

    A subclass sets `self.theta` (through `frozen`: theta never changes, so `probs` is computed once) and defines
    `log_probs()` (shape (K,)) and `score_table()` (shape (K, dim theta), row x = grad_theta log p(x|theta)).
    """

    @property
    def params(self):
        return self.theta.copy()

    @functools.cached_property
    def probs(self):
        """p(x|theta) for x = 0..K-1, shape (K,); read-only."""
        return frozen(np.exp(self.log_probs()))

    @property
    def support(self):
        return np.arange(self.probs.size)

    @functools.cached_property
    def _cdf(self):
        cdf = np.cumsum(self.probs)
        return cdf / cdf[-1]

    def sample(self, n, rng):
        """n independent outcomes, shape (n,): x_i = #{k: cdf_k <= u_i}, u_i ~ U[0, 1) from the numpy Generator rng.

        The same inverse-CDF draw, and so the same outcomes, as rng.choice(K, n, p=probs), without its checks of p.
        """
        return self._cdf.searchsorted(rng.random(check_sample_count(n)), side="right")

    def sample_counts(self, n, rng):
        """The n outcomes of sample(n, rng), the same draws, as (x, c): each outcome drawn and how often, c_k > 0.

        c_k = #{i: cdf_(k-1) <= u_i < cdf_k}, read off the sorted u: faster than looking up each u_i in the cdf.
        """
        u = rng.random(check_sample_count(n))
        u.sort()
        below = u.searchsorted(self._cdf)  # #{i: u_i < cdf_k}; the last: n
        counts = np.diff(below, prepend=0)
        drawn = np.flatnonzero(counts)
        return drawn, counts[drawn]

    def log_prob(self, x):
        """log p(x|theta), same shape as x."""
        return self.log_probs()[self._index(x)]

    def score(self, x):
        """grad_theta log p(x|theta) for each x: shape (n, dim theta)."""
        return self.score_table()[self._index(np.reshape(x, -1))]

    def score_sum(self, x, weights):
        """sum_i w_i grad_theta log p(x_i|theta) = sum_k W_k grad_theta log p(k|theta), W_k = sum of w_i with x_i = k.

        x, weights: shape (n,). Returns shape (dim theta,) in O(n + K dim theta) time and memory.
        """
        return self.outcome_score_sum(self._weight_per_outcome(x, weights))

    def outcome_score_sum(self, w):
        """sum_k w_k grad_theta log p(k|theta) for one weight per outcome, w of shape (K,): shape (dim theta,)."""
        return w @ self.score_table()

    def _weight_per_outcome(self, x, weights):
        """W_k = sum of weights[i] over the x_i = k: shape (K,)."""
        x, weights = check_weights(x, weights)
        return np.bincount(self._index(x), weights=weights, minlength=self.probs.size)

    def _index(self, x):
        x = np.asarray(x)
        k = self.probs.size
        idx = x.astype(int)
        if np.any(idx != x) or np.any(idx < 0) or np.any(idx >= k):
            raise ValueError(f"x={x!r}: expected integer outcomes in 0..{k - 1}")
        return idx

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{v:.4g}' for v in self.theta)})"


class Categorical(FiniteDistribution):
    """p(x|theta) = softmax(theta)[x] on 0..K-1; theta = the K logits."""

    def __init__(self, logits):
        logits = np.asarray(logits, dtype=float)
        if logits.ndim != 1 or logits.size < 2:
            raise ValueError(f"logits={logits!r}: expected a 1-d array of at least 2 logits")
        self.theta = frozen(check_params(logits, logits.size, "logits"))

    def with_params(self, theta):
        return Categorical(check_params(theta, self.theta.size))

    def log_probs(self):
        return log_softmax(self.theta)

    def score_table(self):
        # d/d theta_k log softmax(theta)[x] = [x == k] - p_k
        return np.eye(self.theta.size) - self.probs

    def outcome_score_sum(self, w):
        """sum_k w_k ([k == j] - p_j) = w_j - (sum_k w_k) p_j: shape (K,), in O(K) with no K x K table."""
        return w - w.sum() * self.probs


class Bernoulli(FiniteDistribution):
    """p(1|theta) = sigmoid(theta), p(0|theta) = 1 - sigmoid(theta); theta = the logit."""

    def __init__(self, logit):
        self.theta = frozen(np.array([check_scalar(logit, "logit")]))

    def with_params(self, theta):
        return Bernoulli(check_params(theta, 1)[0])

    def log_probs(self):
        t = self.theta[0]
        return np.array([log_sigmoid(-t), log_sigmoid(t)])

    def score_table(self):
        # d/d theta log p(x|theta) = x - sigmoid(theta)
        return (np.arange(2) - np.exp(log_sigmoid(self.theta[0])))[:, None]


class Binomial(FiniteDistribution):
    """Number of heads in `trials` flips of a coin with p(heads) = sigmoid(theta); x in 0..trials.

    The one-parameter family that the explorers drive with a single theta slider.
    """

    def __init__(self, logit, trials=10):
        if isinstance(trials, bool) or not isinstance(trials, (int, np.integer)) or trials < 1:
            raise ValueError(f"trials={trials!r}: expected an integer >= 1")
        self.trials = int(trials)
        self.theta = frozen(np.array([check_scalar(logit, "logit")]))

    def with_params(self, theta):
        return Binomial(check_params(theta, 1)[0], self.trials)

    def log_probs(self):
        k = np.arange(self.trials + 1)
        log_choose = np.concatenate([[0.0], np.cumsum(np.log(self.trials - k[1:] + 1) - np.log(k[1:]))])
        t = self.theta[0]
        return log_choose + k * log_sigmoid(t) + (self.trials - k) * log_sigmoid(-t)

    def score_table(self):
        # d/d theta log p(x|theta) = x - trials * sigmoid(theta)
        return (np.arange(self.trials + 1) - self.trials * np.exp(log_sigmoid(self.theta[0])))[:, None]

    def __repr__(self):
        return f"Binomial(logit={self.theta[0]:.4g}, trials={self.trials})"


class Gaussian:
    """Normal density with theta = (mean, log_std): p(x|theta) = N(x; mean, exp(log_std)**2)."""

    def __init__(self, mean, log_std):
        self.theta = frozen(np.array([check_scalar(mean, "mean"), check_scalar(log_std, "log_std")]))

    @property
    def params(self):
        return self.theta.copy()

    @property
    def mean(self):
        return self.theta[0]

    @property
    def std(self):
        return np.exp(self.theta[1])

    def with_params(self, theta):
        return Gaussian(*check_params(theta, 2))

    def sample(self, n, rng):
        """n independent draws mean + std * eps, eps ~ N(0, 1); shape (n,)."""
        return self.mean + self.std * rng.standard_normal(check_sample_count(n))

    def sample_counts(self, n, rng):
        """The n draws of sample(n, rng) as (x, c) with every count c_i = 1: no two draws are equal."""
        x = self.sample(n, rng)
        return x, np.ones(x.size)

    def log_prob(self, x):
        z = (np.asarray(x, dtype=float) - self.mean) / self.std
        return -0.5 * z**2 - self.theta[1] - 0.5 * np.log(2 * np.pi)

    def score(self, x):
        """(d/d mean, d/d log_std) of log p(x|theta) = ((x - mean) / std**2, z**2 - 1): shape (n, 2)."""
        z = (np.reshape(np.asarray(x, dtype=float), -1) - self.mean) / self.std
        return np.stack([z / self.std, z**2 - 1.0], axis=1)

    def score_sum(self, x, weights):
        """sum_i w_i grad_theta log p(x_i|theta): shape (2,)."""
        x, weights = check_weights(x, weights)
        return weights @ self.score(x)

    def __repr__(self):
        return f"Gaussian(mean={self.mean:.4g}, log_std={self.theta[1]:.4g})"


class MovePolicy(FiniteDistribution):
    """p(a|theta) = softmax(features @ theta)[a] on the moves a = 0..K-1.

    features: (K,) for a single theta, or (K, dim theta).
    """

    def __init__(self, theta, features):
        phi = np.asarray(features, dtype=float)
        phi = phi[:, None] if phi.ndim == 1 else phi
        if phi.ndim != 2 or phi.shape[0] < 2 or not np.all(np.isfinite(phi)):
            raise ValueError(f"features={features!r}: expected finite numbers of shape (K,) or (K, dim theta), K >= 2")
        self.features = phi
        self.theta = frozen(check_params(theta, phi.shape[1]))

    def with_params(self, theta):
        return MovePolicy(theta, self.features)

    def log_probs(self):
        return log_softmax(self.features @ self.theta)

    def score_table(self):
        # grad_theta log softmax(features @ theta)[a] = features[a] - E_p[features]
        return self.features - self.probs @ self.features

    def __repr__(self):
        return f"MovePolicy(theta={', '.join(f'{v:.4g}' for v in self.theta)}, moves={self.features.shape[0]})"
