"""Notebook 06: every trajectory of a small environment listed, so that each policy-gradient identity is exact.

`tiny_mdp` is a two-step environment with 8 trajectories; `TrajectoryDistribution` is p(tau|theta) over them, a
distribution like the earlier notebooks' (so `h.exact_gradient` applies); `reinforce_samples` is the estimate an
agent computes from sampled episodes.
"""

import numpy as np

from .checks import check_params
from .distributions import FiniteDistribution, frozen
from .mdp import Environment, Episodes, log_policy, policy_probs, reinforce_terms, rollout, step_scores


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


def reinforce_samples(env, theta, n, rng, *, reward_to_go=False, baseline=0.0):
    """Per-episode REINFORCE terms for n episodes of the policy softmax(theta): (n, d); their mean estimates grad J."""
    probs = policy_probs(env, check_params(theta, env.n_params))
    return reinforce_terms(env, rollout(env, probs, n, rng), probs, reward_to_go, baseline)


MAX_TRAJECTORIES = 100_000  # enumeration is for small environments; past this it would exhaust memory


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
