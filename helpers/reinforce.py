"""Softmax policies, the REINFORCE gradient estimate and the REINFORCE training loop.

A policy pi(a|o, theta) = softmax(theta[o])[a] has one logit per (observation, action): theta has
d = O * A entries. The log-probability of a trajectory is sum_t log pi(a_t|o_t, theta) plus terms of
the environment that do not depend on theta, so its gradient needs no model of the environment.
"""

from dataclasses import dataclass

import numpy as np

from .checks import check_params, check_sample_count, check_scalar
from .distributions import FiniteDistribution, log_softmax
from .trajectories import enumerate_trajectories, rollout


def policy_probs(env, theta):
    """pi(a|o, theta) = softmax over a of theta reshaped to (O, A): theta (..., d) -> (..., O, A)."""
    theta = np.asarray(theta, dtype=float)
    logits = theta.reshape(*theta.shape[:-1], env.n_observations, env.n_actions)
    return np.exp(log_softmax(logits))


def step_scores(env, episodes, probs):
    """grad_theta log pi(a_t|o_t, theta) = onehot(o_t, a_t) - onehot(o_t) pi(.|o_t) at each step: (n, T, d).

    probs: (O, A), or (n, O, A) for one policy per episode; steps after the end are 0.
    """
    n, T = episodes.states.shape
    probs = np.broadcast_to(probs, (n, env.n_observations, env.n_actions))
    obs = env.observations[np.minimum(episodes.states, env.n_states - 1)]
    i, t = np.indices((n, T))
    scores = np.zeros((n, T, env.n_observations, env.n_actions))
    scores[i, t, obs] = -probs[i, obs]
    scores[i, t, obs, episodes.actions] += 1.0
    return scores.reshape(n, T, -1) * episodes.alive[..., None]


def log_policy(env, episodes, probs):
    """sum_t log pi(a_t|o_t, theta) for each episode: (n,)."""
    n, T = episodes.states.shape
    probs = np.broadcast_to(probs, (n, env.n_observations, env.n_actions))
    obs = env.observations[np.minimum(episodes.states, env.n_states - 1)]
    i = np.arange(n)[:, None]
    return np.sum(np.log(probs[i, obs, episodes.actions]) * episodes.alive, axis=1)


def reinforce_terms(env, episodes, probs, reward_to_go=False, baseline=0.0):
    """One gradient term per episode: sum_t grad log pi(a_t|o_t) (w_t - b_t), shape (n, d).

    w_t = R(tau) (the whole return) or, with reward_to_go, G_t = sum_{t' >= t} r_t'.
    baseline: a number, or an (n, T) array b[i, t] that does not depend on episode i's actions.
    """
    steps = episodes.alive.shape[1]
    weights = episodes.rewards_to_go if reward_to_go else np.repeat(episodes.returns[:, None], steps, axis=1)
    try:
        weights = weights - np.broadcast_to(np.asarray(baseline, dtype=float), weights.shape)
    except ValueError:
        raise ValueError(f"baseline of shape {np.shape(baseline)}: expected a number or an array of "
                         f"shape {weights.shape} (episodes, steps)") from None
    return np.einsum("nt,ntd->nd", weights, step_scores(env, episodes, probs))


def reinforce_samples(env, theta, n, rng, reward_to_go=False, baseline=0.0):
    """Per-episode REINFORCE terms for n episodes of the policy softmax(theta): (n, d); their mean estimates grad J."""
    probs = policy_probs(env, check_params(theta, env.n_params))
    return reinforce_terms(env, rollout(env, probs, n, rng), probs, reward_to_go, baseline)


def leave_one_out_baseline(episodes, runs=1):
    """b[i, t] = mean of G_t over the other episodes of i's run still running at step t (0 if none): (n, T).

    Episodes are grouped into `runs` equal consecutive blocks. b[i, t] does not depend on episode i.
    """
    n, T = episodes.alive.shape
    alive = episodes.alive.reshape(runs, -1, T)
    to_go = (episodes.rewards_to_go * episodes.alive).reshape(runs, -1, T)
    others = alive.sum(axis=1, keepdims=True) - alive
    total = to_go.sum(axis=1, keepdims=True) - to_go
    return np.divide(total, others, out=np.zeros(total.shape), where=others > 0).reshape(n, T)


class TrajectoryDistribution(FiniteDistribution):
    """p(tau|theta) over every trajectory of a small environment, as a distribution on 0..M-1.

    log p(tau|theta) = log p(s0) + sum_t log P(s_{t+1}|s_t, a_t) + sum_t log pi(a_t|o_t, theta);
    `returns[x]` is R(tau) of trajectory x, so J(theta) = exact_expectation(dist, lambda x: dist.returns[x]).
    """

    def __init__(self, env, theta, _enumerated=None):
        self.env = env
        self.theta = check_params(theta, env.n_params)
        self.episodes, self.log_env_probs = _enumerated or enumerate_trajectories(env)
        self.returns = self.episodes.returns

    def with_params(self, theta):
        return TrajectoryDistribution(self.env, theta, (self.episodes, self.log_env_probs))

    def log_probs(self):
        return self.log_env_probs + log_policy(self.env, self.episodes, policy_probs(self.env, self.theta))

    def score_table(self):
        return step_scores(self.env, self.episodes, policy_probs(self.env, self.theta)).sum(axis=1)


@dataclass(frozen=True, eq=False)
class History:
    """What reinforce learned, update by update, for `runs` runs side by side.

    params: (K + 1, runs, d) theta before each update and after the last; probs: (K + 1, runs, O, A);
    returns: (K, runs) mean return of the episodes that update k used.
    """

    params: np.ndarray
    probs: np.ndarray
    returns: np.ndarray
    alpha: float
    episodes: int
    baseline: bool


def reinforce(env, theta0, alpha, updates, episodes, rng, runs=1, baseline=True, on_update=None):
    """`updates` steps of theta <- theta + alpha g, g = mean over `episodes` episodes of sum_t grad log pi (G_t - b_t).

    b_t: the leave-one-out mean of G_t (baseline=True) or 0. runs: independent runs trained side by side.
    on_update(k): called after update k = 1..updates (for a progress bar). Returns a History.
    """
    alpha = check_scalar(alpha, "alpha")
    if alpha <= 0:
        raise ValueError(f"alpha={alpha!r}: expected a step size > 0")
    updates, runs = check_sample_count(updates, "updates"), check_sample_count(runs, "runs")
    episodes = check_sample_count(episodes, "episodes")
    if baseline and episodes < 2:
        raise ValueError(f"episodes={episodes}: expected at least 2 with a baseline (it averages the other episodes)")
    theta = np.tile(check_params(theta0, env.n_params, "theta0"), (runs, 1))
    params, returns = [theta], []
    for k in range(1, updates + 1):
        theta, mean_return = reinforce_update(env, theta, alpha, episodes, rng, baseline)
        params.append(theta)
        returns.append(mean_return)
        if on_update is not None:
            on_update(k)
    params = np.array(params)
    return History(params, policy_probs(env, params), np.array(returns), alpha, episodes, bool(baseline))


def reinforce_update(env, theta, alpha, episodes, rng, baseline):
    """One step for each run: theta (runs, d) -> (new theta (runs, d), mean return of its episodes (runs,))."""
    runs = theta.shape[0]
    probs = np.repeat(policy_probs(env, theta), episodes, axis=0)
    batch = rollout(env, probs, runs * episodes, rng)
    b = leave_one_out_baseline(batch, runs) if baseline else 0.0
    terms = reinforce_terms(env, batch, probs, reward_to_go=True, baseline=b)
    gradient = terms.reshape(runs, episodes, -1).mean(axis=1)
    return theta + alpha * gradient, batch.returns.reshape(runs, episodes).mean(axis=1)
