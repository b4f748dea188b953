"""Games of T moves drawn from a policy over K moves (a MovePolicy), and exact sums over the K**T possible games.

A game x = (a_1, ..., a_T) draws each move independently from the policy p(a|theta), so
p(x|theta) = prod_t p(a_t|theta) and grad_theta log p(x|theta) = sum_t grad_theta log p(a_t|theta).
"""

import numpy as np

from .checks import check_finite_values, check_sample_count

MAX_TERMS = 50_000_000  # beyond this an exact sum takes minutes and gigabytes: refuse it with a message
BATCH = 2**17  # games summed at a time, so memory stays bounded whatever K**T is


class Game:
    """x = (a_1, ..., a_T), T = length moves drawn independently from policy: arrays of games have shape (n, T)."""

    def __init__(self, policy, length):
        self.policy = policy
        self.length = check_sample_count(length, "length")

    @property
    def params(self):
        return self.policy.params

    @property
    def moves(self):
        return self.policy.support.size

    @property
    def outcome_count(self):
        """K**T, the number of different games (an exact Python int, however large)."""
        return self.moves**self.length

    def with_params(self, theta):
        return Game(self.policy.with_params(theta), self.length)

    def sample(self, n, rng):
        """n games, shape (n, T): n * T moves drawn with the numpy Generator rng."""
        return rng.choice(self.moves, size=(check_sample_count(n), self.length), p=self.policy.probs)

    def log_prob(self, x):
        """log p(x|theta) = sum_t log p(a_t|theta): shape (n,)."""
        return self.policy.log_probs()[self._moves(x)].sum(axis=1)

    def score(self, x):
        """grad_theta log p(x|theta) = sum_t grad_theta log p(a_t|theta): shape (n, dim theta)."""
        return self.policy.score_table()[self._moves(x)].sum(axis=1)

    def counts(self, x):
        """How often each move occurs in each game: shape (n, K)."""
        return (self._moves(x)[:, :, None] == np.arange(self.moves)).sum(axis=1)

    def _moves(self, x):
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != self.length:
            raise ValueError(f"x of shape {x.shape}: expected games of shape (n, {self.length})")
        if x.dtype.kind not in "iu" and not np.array_equal(x, np.round(x)):
            raise ValueError(f"x={x!r}: expected moves that are integers in 0..{self.moves - 1}")
        if x.size and (x.min() < 0 or x.max() >= self.moves):
            raise ValueError(f"x={x!r}: expected moves that are integers in 0..{self.moves - 1}")
        return x.astype(int, copy=False)

    def __repr__(self):
        return f"Game({self.policy!r}, length={self.length})"


def evaluate_reward(f, x):
    """f(x) for games x of shape (n, T): one finite float per game, shape (n,)."""
    fx = np.asarray(f(x), dtype=float)
    if fx.shape != (len(x),):
        raise ValueError(f"f returned shape {fx.shape} for {len(x)} games: expected one value per game, ({len(x)},)")
    return check_finite_values(fx, x)


def check_term_count(count, name, value):
    """Raise if an exact sum over count terms is too long to run."""
    if count > MAX_TERMS:
        raise ValueError(f"{name}={value!r}: the exact sum has about 10^{len(str(count)) - 1} terms, "
                         f"expected at most {MAX_TERMS:,}")


def all_games(game):
    """Every one of the K**T games, in order, as batches of at most BATCH rows: arrays of shape (m, T)."""
    check_term_count(game.outcome_count, "length", game.length)
    for start in range(0, game.outcome_count, BATCH):
        index = np.arange(start, min(start + BATCH, game.outcome_count))
        digits = np.empty((index.size, game.length), dtype=np.min_scalar_type(game.moves))
        for t in range(game.length - 1, -1, -1):  # base-K digits of the game's number, last move first
            index, digits[:, t] = np.divmod(index, game.moves)
        yield digits


def exact_game_expectation(game, g):
    """E[g(x)] = sum over all K**T games of p(x|theta) g(x); g maps games (m, T) to values (m,) or (m, d)."""
    total = 0.0
    for x in all_games(game):
        total = total + np.exp(game.log_prob(x)) @ np.asarray(g(x), dtype=float)
    return total


def exact_game_gradient(game, f):
    """grad_theta J = sum over all K**T games of p(x|theta) f(x) grad_theta log p(x|theta): shape (dim theta,)."""
    return exact_game_expectation(game, lambda x: evaluate_reward(f, x)[:, None] * game.score(x))


def game_score_samples(game, f, n, rng):
    """f(x_i) grad_theta log p(x_i|theta) for n games x_i ~ p(x|theta): shape (n, dim theta)."""
    x = game.sample(n, rng)
    return evaluate_reward(f, x)[:, None] * game.score(x)


def all_counts(moves, length):
    """Every vector of move counts (n_0, ..., n_{K-1}) that sums to T: shape (C(T+K-1, K-1), K)."""
    check_term_count((length + 1) ** (moves - 1), "length", length)
    grid = np.indices((length + 1,) * (moves - 1)).reshape(moves - 1, -1).T
    grid = grid[grid.sum(axis=1) <= length]
    return np.column_stack([grid, length - grid.sum(axis=1)])


def exact_expectation_by_counts(game, g):
    """E[g(n)] for g depending on a game only through its counts n (m, K): sum_n T!/prod(n_k!) prod(p_k**n_k) g(n).

    g returns (m,) or (m, d). Orders of the same moves share one term, so the sum has C(T+K-1, K-1) terms, not K**T.
    """
    n = all_counts(game.moves, game.length)
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, game.length + 1)))])
    log_weight = log_factorial[game.length] - log_factorial[n].sum(axis=1) + n @ game.policy.log_probs()
    return np.exp(log_weight) @ np.asarray(g(n), dtype=float)


def score_of_counts(game, counts):
    """grad_theta log p(x|theta) from the move counts (m, K) of games x: counts @ score table, shape (m, dim theta)."""
    return counts @ game.policy.score_table()
