"""Notebook 07: REINFORCE trains a softmax policy, on a bandit and on Sutton and Barto's short corridor.

`train` repeats theta <- theta + alpha g for many runs side by side, g the REINFORCE estimate with reward-to-go
and the leave-one-out baseline; the corridor's exact J(p) and its optimum p* are the references.
"""

from dataclasses import dataclass

import numpy as np

from .checks import check_params, check_sample_count, check_seed, check_step_size
from .mdp import Environment, exact_return, leave_one_out_baseline, policy_probs, reinforce_terms, rollout


@dataclass(frozen=True, eq=False)
class History:
    """What `train` learned, update by update, for `runs` runs side by side.

    params: (K + 1, runs, d) theta before each update and after the last; probs: (K + 1, runs, O, A);
    returns: (K, runs) mean return of the episodes that update k used.
    """

    params: np.ndarray
    probs: np.ndarray
    returns: np.ndarray
    alpha: float
    episodes: int
    baseline: bool


def train(env, theta0, alpha, updates, episodes, rng, *, runs=1, baseline=True, on_update=None):
    """`updates` steps of theta <- theta + alpha g, g = mean over `episodes` episodes of sum_t grad log pi (G_t - b_t).

    b_t: the leave-one-out mean of G_t (baseline=True) or 0. runs: independent runs trained side by side.
    on_update(k): called after update k = 1..updates (for a progress bar). Returns a History.
    """
    alpha = check_step_size(alpha)
    updates, runs = check_sample_count(updates, "updates"), check_sample_count(runs, "runs")
    episodes = check_sample_count(episodes, "episodes")
    if baseline and episodes < 2:
        raise ValueError(f"episodes={episodes}: expected at least 2 with a baseline (it averages the other episodes)")
    theta = np.tile(check_params(theta0, env.n_params, "theta0"), (runs, 1))
    params, returns = [theta], []
    for k in range(1, updates + 1):
        theta, mean_return = reinforce_update(env, theta, alpha, episodes, rng, baseline=baseline)
        params.append(theta)
        returns.append(mean_return)
        if on_update is not None:
            on_update(k)
    params = np.array(params)
    return History(params, policy_probs(env, params), np.array(returns), alpha, episodes, bool(baseline))


def reinforce_update(env, theta, alpha, episodes, rng, *, baseline):
    """One step for each run: theta (runs, d) -> (new theta (runs, d), mean return of its episodes (runs,))."""
    runs = theta.shape[0]
    probs = np.repeat(policy_probs(env, theta), episodes, axis=0)
    batch = rollout(env, probs, runs * episodes, rng)
    b = leave_one_out_baseline(batch, runs) if baseline else 0.0
    terms = reinforce_terms(env, batch, probs, reward_to_go=True, baseline=b)
    gradient = terms.reshape(runs, episodes, -1).mean(axis=1)
    return theta + alpha * gradient, batch.returns.reshape(runs, episodes).mean(axis=1)


def train_corridor(alpha, episodes, baseline, seed, env=None, updates=100, on_update=None):
    """One REINFORCE run on the short corridor from p("right") = 0.1, with the random stream made from seed: History."""
    return train(env or short_corridor(), np.log([0.9, 0.1]), alpha, updates, episodes,
                 np.random.default_rng(check_seed(seed)), baseline=baseline, on_update=on_update)


def bandit(means=(0.2, -0.4, 1.0, 0.7, 0.0), noise=1.0):
    """A multi-armed bandit: one state, one step; arm a pays means[a] + noise * N(0, 1)."""
    means = np.asarray(means, dtype=float)
    if means.ndim != 1 or means.size < 2 or not np.all(np.isfinite(means)):
        raise ValueError(f"means={means!r}: expected at least 2 finite mean rewards, one per arm")
    k = means.size
    transitions = np.zeros((1, k, 2))
    transitions[:, :, 1] = 1.0
    return Environment(f"{k}-armed bandit", transitions, means[None, :], np.ones(1), np.zeros(1, int),
                       tuple(f"arm {a}" for a in range(k)), float(noise), horizon=1)


def short_corridor(horizon=300):
    """Sutton & Barto's short corridor with switched actions (Example 13.1): reward -1 per step.

    States 0, 1, 2 then the goal; actions 0 = left, 1 = right; in state 1 they are reversed.
    All states give the same observation, so the policy is one probability p of "right".
    """
    left, right = 0, 1
    moves = {0: {left: 0, right: 1}, 1: {left: 2, right: 0}, 2: {left: 1, right: 3}}
    transitions = np.zeros((3, 2, 4))
    for s, targets in moves.items():
        for a, s_next in targets.items():
            transitions[s, a, s_next] = 1.0
    return Environment("short corridor", transitions, -np.ones((3, 2)), np.array([1.0, 0.0, 0.0]),
                       np.zeros(3, int), ("left", "right"), horizon=horizon)


def corridor_return(p, env=None):
    """Exact J(p) of the short corridor for the policy "right with probability p": same shape as p."""
    p = np.asarray(p, dtype=float)
    return exact_return(env or short_corridor(), np.stack([1 - p, p], axis=-1)[..., None, :])


def corridor_optimum(env=None, points=2001):
    """(p*, J(p*)): the best probability of "right", by evaluating the exact J(p) on a fine grid of p."""
    p = np.linspace(0.0, 1.0, points)[1:-1]  # p = 0 and p = 1 never reach the goal
    J = corridor_return(p, env)
    return p[np.argmax(J)], J.max()
