"""Episodic environments, softmax policies and episodes: what notebooks 06 and 07 share.

An `Environment` is a small Markov decision process; `rollout` plays n episodes of a policy at once and returns
them as arrays (`Episodes`), and `exact_return` gives the expected return J from the Bellman equations.

A policy pi(a|o, theta) = softmax(theta[o])[a] has one logit per (observation, action): theta has
d = O * A entries. The log-probability of a trajectory is sum_t log pi(a_t|o_t, theta) plus terms of
the environment that do not depend on theta, so its gradient, and the REINFORCE terms built from it, need no
model of the environment.
"""

from dataclasses import dataclass

import numpy as np

from .checks import check_sample_count
from .distributions import log_softmax


@dataclass(frozen=True, eq=False)
class Environment:
    """An episodic Markov decision process.

    transitions: (S, A, S + 1) P(s'|s, a), the last column being the end of the episode
    rewards: (S, A) mean reward r(s, a); reward_noise: std of Gaussian noise added to each reward
    start: (S,) p(s0); observations: (S,) the observation o(s) the policy sees in each state
    horizon: episodes are cut after this many steps (choose it so that this almost never happens)
    """

    name: str
    transitions: np.ndarray
    rewards: np.ndarray
    start: np.ndarray
    observations: np.ndarray
    action_names: tuple
    reward_noise: float = 0.0
    horizon: int = 100

    def __post_init__(self):
        S, A = self.rewards.shape
        if self.transitions.shape != (S, A, S + 1) or not np.allclose(self.transitions.sum(-1), 1.0):
            raise ValueError(f"transitions of shape {self.transitions.shape}: expected ({S}, {A}, {S + 1}) "
                             "with rows summing to 1")
        if self.start.shape != (S,) or not np.isclose(self.start.sum(), 1.0):
            raise ValueError(f"start={self.start!r}: expected {S} probabilities summing to 1")

    @property
    def n_states(self):
        return self.rewards.shape[0]

    @property
    def n_actions(self):
        return self.rewards.shape[1]

    @property
    def n_observations(self):
        return int(self.observations.max()) + 1

    @property
    def n_params(self):
        """Size of theta for a softmax policy: one logit per (observation, action)."""
        return self.n_observations * self.n_actions

    def __repr__(self):
        return (f"Environment({self.name!r}: {self.n_states} states, {self.n_actions} actions, "
                f"{self.n_observations} observations)")


@dataclass(frozen=True, eq=False)
class Episodes:
    """n episodes padded to T steps: states, actions (int), rewards (float), alive (bool), each (n, T)."""

    states: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    alive: np.ndarray

    @property
    def returns(self):
        """R(tau) = sum_t r_t: shape (n,)."""
        return self.rewards.sum(axis=1)

    @property
    def rewards_to_go(self):
        """G_t = sum_{t' >= t} r_t': shape (n, T)."""
        return np.cumsum(self.rewards[:, ::-1], axis=1)[:, ::-1]

    @property
    def lengths(self):
        return self.alive.sum(axis=1)

    def __len__(self):
        return self.states.shape[0]


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
    seen = obs[..., None] == np.arange(env.n_observations)  # onehot(o_t): (n, T, O)
    chosen = episodes.actions[..., None] == np.arange(env.n_actions)  # onehot(a_t): (n, T, A)
    pi = np.take_along_axis(probs, obs[..., None], axis=1)  # pi(.|o_t): (n, T, A)
    scores = seen[..., None] * (chosen - pi)[:, :, None, :]  # onehot(o_t) x (onehot(a_t) - pi(.|o_t))
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


def exact_return(env, probs):
    """J = sum_s p(s0=s) V(s) with (I - P_pi) V = r_pi: the expected return of the policy pi(a|o) = probs[o, a].

    probs: (..., O, A); returns an array of shape (...). Needs a policy that ends episodes with probability 1.
    """
    probs = np.asarray(probs, dtype=float)
    S = env.n_states
    pi = probs[..., env.observations, :]  # (..., S, A): pi(a|s)
    P = np.einsum("...sa,sat->...st", pi, env.transitions[:, :, :S])
    r = np.sum(pi * env.rewards, axis=-1)
    values = np.linalg.solve(np.eye(S) - P, r[..., None])[..., 0]
    return values @ env.start


def cumulative(probs):
    """Cumulative sums along the last axis with the last one set to exactly 1, so that any u < 1 picks an index."""
    cdf = np.cumsum(probs, axis=-1)
    cdf[..., -1] = 1.0  # not 0.9999999 after rounding
    return cdf


def sample_rows(cdf, u):
    """Index drawn from each row of cumulative probabilities cdf (n, K) by uniforms u (n,): shape (n,).

    The first k with u < cdf_k, that is #{k: cdf_k <= u}: the inverse-CDF draw.
    """
    return (u[:, None] < cdf).argmax(axis=1)


def rollout(env, probs, n, rng):
    """n episodes of the policy pi(a|o) = probs[o, a], or probs[i, o, a] for episode i: Episodes of shape (n, T).

    All episodes advance together, one time step per loop; the loop stops when all have ended
    or after env.horizon steps. Every step draws two uniforms for every episode, ended or not, and uses those of
    the episodes still running: the draws do not depend on which episodes have ended.
    """
    n, S = check_sample_count(n), env.n_states
    probs = np.broadcast_to(probs, (n, env.n_observations, env.n_actions))
    policy_cdf, transition_cdf = cumulative(probs[:, env.observations]), cumulative(env.transitions)  # (n, S, A)
    s = sample_rows(cumulative(np.broadcast_to(env.start, (n, S))), rng.random(n))  # S once an episode has ended
    steps = []
    for _ in range(env.horizon):
        alive = s < S
        running = np.flatnonzero(alive)
        if running.size == 0:
            break
        u = rng.random((2, n))
        a = np.zeros(n, dtype=int)
        a[running] = sample_rows(policy_cdf[running, s[running]], u[0, running])
        steps.append((s, a, alive))
        s = s.copy()
        s[running] = sample_rows(transition_cdf[s[running], a[running]], u[1, running])
    states, actions, alive = (np.stack(column, axis=1) for column in zip(*steps, strict=True))
    rewards = env.rewards[np.minimum(states, S - 1), actions]
    if env.reward_noise > 0:
        rewards = rewards + env.reward_noise * rng.standard_normal(rewards.shape)
    return Episodes(states, actions * alive, rewards * alive, alive)
