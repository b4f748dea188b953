"""Notebook 06's identities by enumeration of every trajectory of the tiny MDP.

References are independent of the estimator: the enumerated p(tau|theta), finite differences of the exact return
(a linear solve, the Bellman equations), and sampled frequencies within Z standard errors.
"""

import numpy as np
import pytest
from policy_references import (
    EXACT,
    FD_TOL,
    N_EPISODES,
    THETAS,
    Z,
    assert_mean_return_near_exact,
    exact_J,
    finite_difference,
)

import helpers as h
from helpers.episodes import TrajectoryDistribution, enumerate_trajectories, reinforce_samples, tiny_mdp
from helpers.mdp import exact_return, log_policy, policy_probs, reinforce_terms, rollout, step_scores
from helpers.reinforce import short_corridor


@pytest.mark.parametrize("theta", THETAS)
def test_step_scores_are_the_gradient_of_log_pi(theta):
    env = tiny_mdp()
    episodes, _ = enumerate_trajectories(env)
    numeric = finite_difference(lambda t: log_policy(env, episodes, policy_probs(env, t)), theta)
    assert np.allclose(step_scores(env, episodes, policy_probs(env, theta)).sum(axis=1), numeric, atol=FD_TOL)


@pytest.mark.parametrize("theta", THETAS)
def test_trajectory_gradient_identity_by_enumeration(theta):
    """sum_tau R(tau) p(tau|theta) sum_t grad log pi(a_t|o_t) = grad J by finite differences of the Bellman solve."""
    env = tiny_mdp()
    dist = TrajectoryDistribution(env, theta)
    by_enumeration = h.exact_gradient(dist, lambda x: dist.returns[x])
    assert np.allclose(by_enumeration, finite_difference(exact_J(env), theta), atol=FD_TOL)
    assert np.isclose(h.exact_expectation(dist, lambda x: dist.returns[x]), exact_J(env)(theta), rtol=EXACT)


@pytest.mark.parametrize("reward_to_go", [False, True])
@pytest.mark.parametrize("theta", THETAS)
def test_reinforce_estimate_within_standard_errors(theta, reward_to_go):
    env = tiny_mdp()
    terms = reinforce_samples(env, theta, N_EPISODES, np.random.default_rng(5), reward_to_go=reward_to_go)
    se = terms.std(axis=0, ddof=1) / np.sqrt(N_EPISODES)
    assert np.all(np.abs(terms.mean(axis=0) - finite_difference(exact_J(env), theta)) < Z * se + EXACT)


def exact_term_moments(env, theta, **options):
    """Exact mean and variance of one episode's REINFORCE term, by enumerating every trajectory."""
    dist = TrajectoryDistribution(env, theta)
    terms = reinforce_terms(env, dist.episodes, policy_probs(env, theta), **options)
    mean = dist.probs @ terms
    return mean, dist.probs @ (terms - mean) ** 2


@pytest.mark.parametrize("theta", THETAS)
def test_reward_to_go_and_baseline_keep_the_mean_and_cut_the_variance(theta):
    env = tiny_mdp()
    dist = TrajectoryDistribution(env, theta)
    b = np.broadcast_to(dist.probs @ dist.episodes.rewards_to_go, dist.episodes.alive.shape)  # b_t = E[G_t]
    mean_r, var_r = exact_term_moments(env, theta)
    mean_g, var_g = exact_term_moments(env, theta, reward_to_go=True)
    mean_b, var_b = exact_term_moments(env, theta, reward_to_go=True, baseline=b)
    grad = finite_difference(exact_J(env), theta)
    for mean in (mean_r, mean_g, mean_b):
        assert np.allclose(mean, grad, atol=FD_TOL)
    assert var_r.sum() > var_g.sum() > var_b.sum()


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
