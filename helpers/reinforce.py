"""Notebook 06: small environments, episodes, softmax policies, the REINFORCE estimate and its training loop.

Environments (bandit, short corridor, tiny MDP) come with their exact returns from the Bellman equations;
`rollout` draws episodes as arrays, `enumerate_trajectories` lists every trajectory of a small one.

A policy pi(a|o, theta) = softmax(theta[o])[a] has one logit per (observation, action): theta has
d = O * A entries. The log-probability of a trajectory is sum_t log pi(a_t|o_t, theta) plus terms of
the environment that do not depend on theta, so its gradient needs no model of the environment.
"""

from dataclasses import dataclass

import numpy as np

from .checks import check_params, check_sample_count, check_seed, check_step_size
from .distributions import FiniteDistribution, frozen, log_softmax


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


def reinforce_samples(env, theta, n, rng, *, reward_to_go=False, baseline=0.0):
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
        self.theta = frozen(check_params(theta, env.n_params))
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


def tiny_mdp():
    """Two steps, three states: from state 0 an action leads (at random) to state 1 or 2, then the episode ends.

    In state 0, action 1 pays 1.5 instead of 2 but tends to reach state 2, where action 1 pays 3.
    Every trajectory (s0, a0, r0, s1, a1, r1) can be enumerated: there are 8.
    """
    transitions = np.zeros((3, 2, 4))
    transitions[0, 0, [1, 2]] = [0.8, 0.2]
    transitions[0, 1, [1, 2]] = [0.3, 0.7]
    transitions[1:, :, 3] = 1.0
    rewards = np.array([[2.0, 1.5], [1.0, 0.0], [0.0, 3.0]])
    return Environment("tiny MDP", transitions, rewards, np.array([1.0, 0.0, 0.0]), np.arange(3),
                       ("a=0", "a=1"), horizon=2)


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


def corridor_return(p, env=None):
    """Exact J(p) of the short corridor for the policy "right with probability p": same shape as p."""
    p = np.asarray(p, dtype=float)
    return exact_return(env or short_corridor(), np.stack([1 - p, p], axis=-1)[..., None, :])


def corridor_optimum(env=None, points=2001):
    """(p*, J(p*)): the best probability of "right", by evaluating the exact J(p) on a fine grid of p."""
    p = np.linspace(0.0, 1.0, points)[1:-1]  # p = 0 and p = 1 never reach the goal
    J = corridor_return(p, env)
    return p[np.argmax(J)], J.max()


MAX_TRAJECTORIES = 100_000  # enumeration is for small environments; past this it would exhaust memory


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
    or after env.horizon steps.
    """
    n, S = check_sample_count(n), env.n_states
    probs = np.broadcast_to(probs, (n, env.n_observations, env.n_actions))
    # One more row, for the state S (ended): it draws an action as state S - 1 does (masked out) and stays ended.
    policy_cdf = cumulative(probs[:, np.append(env.observations, env.observations[-1])])  # (n, S + 1, A)
    ended = np.zeros((1, env.n_actions, S + 1))
    ended[..., S] = 1.0
    transition_cdf, episode = cumulative(np.concatenate([env.transitions, ended])), np.arange(n)
    s = sample_rows(cumulative(np.broadcast_to(env.start, (n, S))), rng.random(n))
    steps = []
    for _ in range(env.horizon):
        alive = s < S
        if not alive.any():
            break
        u = rng.random((2, n))
        a = sample_rows(policy_cdf[episode, s], u[0])
        steps.append((s, a, alive))
        s = sample_rows(transition_cdf[s, a], u[1])
    states, actions, alive = (np.stack(column, axis=1) for column in zip(*steps, strict=True))
    rewards = env.rewards[np.minimum(states, S - 1), actions]
    if env.reward_noise > 0:
        rewards = rewards + env.reward_noise * rng.standard_normal(rewards.shape)
    return Episodes(states, actions * alive, rewards * alive, alive)


def enumerate_trajectories(env):
    """Every trajectory with its environment part log p(s0) + sum_t log P(s_{t+1}|s_t, a_t): (Episodes, (M,)).

    Rewards are the mean rewards. For small environments whose episodes all end within env.horizon steps.
    """
    S = env.n_states
    states = np.flatnonzero(env.start)[:, None]
    actions = np.zeros((states.shape[0], 0), int)
    log_p = np.log(env.start[states[:, 0]])
    for _ in range(env.horizon):
        rows, a, s_next, p = branch(env, states[:, -1])
        log_p = log_p[rows] + np.log(p)
        states, actions = np.column_stack([states[rows], s_next]), np.column_stack([actions[rows], a])
    if np.any(states[:, -1] < S):
        raise ValueError(f"env={env!r}: episodes can last longer than its horizon={env.horizon}; "
                         "expected an environment whose episodes all end within the horizon")
    alive = states[:, :-1] < S
    rewards = np.where(alive, env.rewards[np.minimum(states[:, :-1], S - 1), actions], 0.0)
    return Episodes(states[:, :-1], actions, rewards, alive), log_p


def branch(env, last):
    """Each next step (a, s') of trajectories whose last state is last (M,): (row, a, s', P(s'|s, a)), flat arrays.

    A running trajectory branches into every (a, s') of positive probability; an ended one goes on once,
    with a = 0, s' = S and probability 1.
    """
    S, A = env.n_states, env.n_actions
    a_next, s_next = (grid.reshape(-1) for grid in np.meshgrid(np.arange(A), np.arange(S + 1), indexing="ij"))
    alive = last < S
    p = env.transitions[np.minimum(last, S - 1)][:, a_next, s_next]  # (M, A * (S + 1))
    rows, cols = np.nonzero(np.where(alive[:, None], p > 0, (a_next == 0) & (s_next == S)))
    if rows.size > MAX_TRAJECTORIES:
        raise ValueError(f"env={env!r}: more than {MAX_TRAJECTORIES} trajectories; expected a small "
                         f"environment whose episodes all end within its horizon={env.horizon}")
    return rows, a_next[cols], s_next[cols], np.where(alive[rows], p[rows, cols], 1.0)
