"""Trajectories tau = (s0, a0, r0, s1, a1, r1, ...) as arrays: sampled many at once, or all enumerated.

Episodes are stored as arrays of shape (n, T): step t of episode i is states[i, t], actions[i, t],
rewards[i, t], and alive[i, t] says whether the episode was still running at step t (after its end
the state is the end index S, the action 0 and the reward 0).
"""

from dataclasses import dataclass

import numpy as np

from .checks import check_sample_count

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


def sample_rows(cdf, u):
    """Index drawn from each row of cumulative probabilities cdf (n, K) by uniforms u (n,): shape (n,)."""
    index = (u[:, None] >= cdf).sum(axis=1)
    return np.minimum(index, cdf.shape[1] - 1)  # guards against a last cumulative sum of 0.9999999


def rollout(env, probs, n, rng):
    """n episodes of the policy pi(a|o) = probs[o, a], or probs[i, o, a] for episode i: Episodes of shape (n, T).

    All episodes advance together, one time step per loop; the loop stops when all have ended
    or after env.horizon steps.
    """
    n, S = check_sample_count(n), env.n_states
    probs = np.broadcast_to(probs, (n, env.n_observations, env.n_actions))
    policy_cdf = np.cumsum(probs[:, env.observations], axis=-1)  # (n, S, A): pi(.|o(s)) for episode i
    transition_cdf, episode = np.cumsum(env.transitions, axis=-1), np.arange(n)
    s = sample_rows(np.cumsum(np.broadcast_to(env.start, (n, S)), axis=1), rng.random(n))
    steps = []
    for _ in range(env.horizon):
        alive = s < S
        if not alive.any():
            break
        here = np.minimum(s, S - 1)  # ended episodes draw like state S-1; their draws are masked out
        u = rng.random((2, n))
        a = sample_rows(policy_cdf[episode, here], u[0])
        steps.append((s, a, alive))
        s = np.where(alive, sample_rows(transition_cdf[here, a], u[1]), S)
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
