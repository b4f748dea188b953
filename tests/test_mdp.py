"""Rollouts, the leave-one-out baseline and the exact return, on the bandit, the corridor and the tiny MDP.

References: brute-force loops, the returns by hand, finite differences of the exact return, and the random stream
replayed step by step.
"""

import numpy as np
import pytest
from policy_references import EXACT, Z, corridor_policy, exact_J, finite_difference

from helpers.episodes import tiny_mdp
from helpers.mdp import exact_return, leave_one_out_baseline, policy_probs, reinforce_terms, rollout
from helpers.reinforce import bandit, short_corridor


def test_leave_one_out_baseline_by_brute_force(rng):
    episodes = rollout(short_corridor(), np.array([[0.5, 0.5]]), 12, rng)
    b = leave_one_out_baseline(episodes, runs=2)
    G, alive = episodes.rewards_to_go, episodes.alive
    for i in range(12):
        block = range(6 * (i // 6), 6 * (i // 6) + 6)
        for t in range(G.shape[1]):
            others = [G[j, t] for j in block if j != i and alive[j, t]]
            assert np.isclose(b[i, t], np.mean(others) if others else 0.0, rtol=EXACT)


def test_leave_one_out_baseline_keeps_the_estimate_unbiased():
    env, theta = short_corridor(), np.log([0.6, 0.4])
    episodes = rollout(env, policy_probs(env, theta), 10_000, np.random.default_rng(6))
    b = leave_one_out_baseline(episodes, runs=1_000)
    terms = reinforce_terms(env, episodes, policy_probs(env, theta), reward_to_go=True, baseline=b)
    # terms within a block of 10 share their baseline; the block means are independent
    block_means = terms.reshape(1_000, 10, -1).mean(axis=1)
    se = block_means.std(axis=0, ddof=1) / np.sqrt(1_000)
    assert np.all(np.abs(terms.mean(axis=0) - finite_difference(exact_J(env), theta)) < Z * se)


def test_baseline_of_the_wrong_shape():
    env = tiny_mdp()
    episodes = rollout(env, policy_probs(env, np.zeros(6)), 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"baseline of shape \(3,\): expected a number or an array of shape \(5, 2\)"):
        reinforce_terms(env, episodes, policy_probs(env, np.zeros(6)), baseline=np.zeros(3))


def test_a_bandit_rollout_draws_start_then_arm_and_next_state_then_noise():
    """The order notebook 07's REINFORCE by hand follows: n uniforms (start), (2, n) (arm, next state), n normals."""
    env, probs, n = bandit(), np.array([[0.1, 0.2, 0.3, 0.25, 0.15]]), 50
    episodes = rollout(env, probs, n, np.random.default_rng(4))
    rng = np.random.default_rng(4)
    rng.random(n)
    u = rng.random((2, n))
    arms = (u[0][:, None] >= np.cumsum(probs[0])).sum(axis=1)
    rewards = env.rewards[0, arms] + rng.standard_normal(n)
    assert np.array_equal(episodes.actions[:, 0], arms)
    assert np.allclose(episodes.rewards[:, 0], rewards, rtol=EXACT, atol=0)


def test_rollout_pads_ended_episodes(rng):
    episodes = rollout(short_corridor(), corridor_policy(0.5), 500, rng)
    assert np.all(episodes.alive[:, :-1] >= episodes.alive[:, 1:])  # once ended, always ended
    assert np.all(episodes.rewards[~episodes.alive] == 0) and np.all(episodes.states[~episodes.alive] == 3)
    assert np.all(episodes.returns == -episodes.lengths)
    assert np.allclose(episodes.rewards_to_go[:, 0], episodes.returns)


def test_bandit_return_is_the_policy_average_of_the_means():
    env = bandit(means=(0.5, -1.0, 2.0))
    probs = np.array([[0.2, 0.3, 0.5]])
    assert np.isclose(exact_return(env, probs), 0.2 * 0.5 - 0.3 * 1.0 + 0.5 * 2.0, rtol=EXACT)
