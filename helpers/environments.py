"""Small episodic environments for policy gradients, with their exact values.

An environment has S states and A actions; the state index S stands for "the episode has ended".
A policy is a table probs[o, a] = pi(a|o) over what it observes: states with the same observation
look alike to it. Exact values solve the Bellman equations, a linear system of size S.
"""

from dataclasses import dataclass

import numpy as np


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
