"""Exact values of the environments against closed forms, enumeration and long Monte-Carlo averages.

Monte-Carlo averages must lie within Z standard errors of the exact value (seeds fixed).
"""

import numpy as np
import pytest

from helpers.environments import bandit, exact_return, short_corridor, tiny_mdp
from helpers.reinforce import policy_probs
from helpers.trajectories import enumerate_trajectories, rollout

Z = 4.0
N_EPISODES = 100_000
N_CORRIDOR = 20_000  # corridor episodes last 12-20 steps each; 20 000 keep the standard error near 0.1
EXACT = 1e-10  # two exact computations of the same number agree to rounding


def corridor_closed_form(p):
    """J(p) = -2 (2 - p) / (p (1 - p)), solved by hand from V0 = -1 + p V1 + (1-p) V0, and so on."""
    return -2 * (2 - p) / (p * (1 - p))


def corridor_policy(p):
    return np.array([[1 - p, p]])


def test_corridor_matches_the_closed_form():
    p = np.linspace(0.05, 0.95, 19)
    probs = np.stack([1 - p, p], axis=-1)[:, None, :]
    assert np.allclose(exact_return(short_corridor(), probs), corridor_closed_form(p), rtol=EXACT)


def test_corridor_optimum_is_two_minus_root_two():
    # dJ/dp = 0 gives p^2 - 4p + 2 = 0, so p* = 2 - sqrt(2) and J(p*) = -(6 + 4 sqrt(2)) = -11.657
    p_star = 2 - np.sqrt(2)
    assert np.isclose(exact_return(short_corridor(), corridor_policy(p_star)), -(6 + 4 * np.sqrt(2)), rtol=EXACT)
    for p in (p_star - 0.01, p_star + 0.01):
        assert exact_return(short_corridor(), corridor_policy(p)) < -(6 + 4 * np.sqrt(2))


def test_bandit_return_is_the_policy_average_of_the_means():
    env = bandit(means=(0.5, -1.0, 2.0))
    probs = np.array([[0.2, 0.3, 0.5]])
    assert np.isclose(exact_return(env, probs), 0.2 * 0.5 - 0.3 * 1.0 + 0.5 * 2.0, rtol=EXACT)


def test_tiny_mdp_by_hand():
    # uniform policy: state 0 pays (2 + 1.5) / 2; state 1 is reached with probability (0.8 + 0.3) / 2
    uniform = np.full((3, 2), 0.5)
    by_hand = 1.75 + 0.55 * 0.5 + 0.45 * 1.5
    assert np.isclose(exact_return(tiny_mdp(), uniform), by_hand, rtol=EXACT)


@pytest.mark.parametrize("theta", [np.zeros(6), np.array([0.3, -0.2, 0.5, 0.1, -0.4, 0.7])])
def test_enumeration_agrees_with_the_bellman_equations(theta):
    env = tiny_mdp()
    episodes, log_env = enumerate_trajectories(env)
    probs = policy_probs(env, theta)
    obs = env.observations[np.minimum(episodes.states, env.n_states - 1)]
    pi = np.where(episodes.alive, probs[obs, episodes.actions], 1.0).prod(axis=1)
    p = np.exp(log_env) * pi
    assert len(episodes) == 8 and np.isclose(p.sum(), 1.0, rtol=EXACT)
    assert np.isclose(p @ episodes.returns, exact_return(env, probs), rtol=EXACT)


def test_enumeration_refuses_episodes_without_an_end():
    with pytest.raises(ValueError, match="horizon=300"):
        enumerate_trajectories(short_corridor())


def assert_mean_return_near_exact(env, probs, seed, n=N_EPISODES):
    episodes = rollout(env, probs, n, np.random.default_rng(seed))
    se = episodes.returns.std(ddof=1) / np.sqrt(n)
    assert abs(episodes.returns.mean() - exact_return(env, probs)) < Z * se


@pytest.mark.parametrize("p", [0.3, 2 - np.sqrt(2), 0.8])
def test_corridor_monte_carlo(p):
    env = short_corridor()
    # the cut at the horizon must not matter: probability of still running after it, exactly
    P = (corridor_policy(p)[0] @ env.transitions[:, :, :3].transpose(1, 0, 2).reshape(2, -1)).reshape(3, 3)
    assert np.linalg.matrix_power(P, env.horizon)[0].sum() < 1e-9
    assert_mean_return_near_exact(env, corridor_policy(p), seed=1, n=N_CORRIDOR)


@pytest.mark.parametrize("probs", [np.full((1, 5), 0.2), np.array([[0.1, 0.05, 0.5, 0.3, 0.05]])])
def test_bandit_monte_carlo(probs):
    assert_mean_return_near_exact(bandit(), probs, seed=2)


def test_tiny_mdp_monte_carlo():
    env = tiny_mdp()
    assert_mean_return_near_exact(env, policy_probs(env, np.array([0.3, -0.2, 0.5, 0.1, -0.4, 0.7])), seed=3)


def test_rollout_frequencies_match_enumerated_probabilities():
    env, rng = tiny_mdp(), np.random.default_rng(4)
    probs = policy_probs(env, np.array([0.3, -0.2, 0.5, 0.1, -0.4, 0.7]))
    enumerated, log_env = enumerate_trajectories(env)
    p = np.exp(log_env + np.log(probs[enumerated.states, enumerated.actions]).sum(axis=1))
    sampled = rollout(env, probs, N_EPISODES, rng)
    key = lambda e: e.states[:, 1] * 4 + e.actions[:, 0] * 2 + e.actions[:, 1]  # noqa: E731
    freq = (key(sampled)[:, None] == key(enumerated)[None, :]).mean(axis=0)
    assert np.all(np.abs(freq - p) < Z * np.sqrt(p * (1 - p) / N_EPISODES))


def test_rollout_pads_ended_episodes(rng):
    episodes = rollout(short_corridor(), corridor_policy(0.5), 500, rng)
    assert np.all(episodes.alive[:, :-1] >= episodes.alive[:, 1:])  # once ended, always ended
    assert np.all(episodes.rewards[~episodes.alive] == 0) and np.all(episodes.states[~episodes.alive] == 3)
    assert np.all(episodes.returns == -episodes.lengths)
    assert np.allclose(episodes.rewards_to_go[:, 0], episodes.returns)


@pytest.mark.parametrize("means", [(1.0,), [[1.0, 2.0]], (0.0, np.nan)])
def test_bandit_bad_means(means):
    with pytest.raises(ValueError, match="means=.*expected at least 2 finite"):
        bandit(means)
