"""References shared by the tests of notebooks 06 and 07: finite differences of the exact return, and tolerances.

Monte-Carlo estimates must lie within Z standard errors of the exact value (seeds fixed).
"""

import numpy as np

from helpers.mdp import exact_return, policy_probs, rollout

Z = 4.0
N_EPISODES = 100_000
EPS = 1e-6
FD_TOL = 1e-7  # central differences of smooth functions with EPS = 1e-6
EXACT = 1e-10  # two exact computations of the same number agree to rounding
THETAS = [np.zeros(6), np.array([0.3, -0.2, 0.5, 0.1, -0.4, 0.7])]


def finite_difference(fun, theta):
    """Central differences of a scalar (or vector-valued) function of theta, one coordinate at a time."""
    steps = np.eye(theta.size) * EPS
    return np.stack([(fun(theta + e) - fun(theta - e)) / (2 * EPS) for e in steps], axis=-1)


def exact_J(env):
    return lambda theta: exact_return(env, policy_probs(env, theta))


def assert_mean_return_near_exact(env, probs, seed, n=N_EPISODES):
    episodes = rollout(env, probs, n, np.random.default_rng(seed))
    se = episodes.returns.std(ddof=1) / np.sqrt(n)
    assert abs(episodes.returns.mean() - exact_return(env, probs)) < Z * se


def corridor_policy(p):
    return np.array([[1 - p, p]])
