"""REINFORCE: the trajectory-gradient identity by enumeration, unbiased estimators, and learning the optimum.

References are independent of the estimator: enumeration of every trajectory of the tiny MDP,
finite differences of the exact return (a linear solve), and the closed-form optimum of the corridor.
Monte-Carlo estimates must lie within Z standard errors of the exact value (seeds fixed).
"""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Patch

import helpers as h
from helpers import reinforce_plots
from helpers.reinforce import (
    TrajectoryDistribution,
    bandit,
    enumerate_trajectories,
    exact_return,
    leave_one_out_baseline,
    log_policy,
    policy_probs,
    reinforce_samples,
    reinforce_terms,
    rollout,
    short_corridor,
    step_scores,
    tiny_mdp,
    train,
)
from helpers.reinforce_plots import add_band_entry

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


P_STAR = 2 - np.sqrt(2)  # optimum of the corridor, solved by hand (test_corridor_optimum below)
P_TOLERANCE = 0.03  # the mean learned p over seeds, runs and the last 50 updates; its spread is about 0.01


@pytest.mark.parametrize("baseline", [True, False])
def test_reinforce_learns_the_corridor_optimum(baseline):
    learned = [train(short_corridor(), np.log([0.9, 0.1]), 0.01, 100, 10, np.random.default_rng(seed),
                     runs=4, baseline=baseline).probs[-50:, :, 0, 1].mean() for seed in (0, 1, 2)]
    assert abs(np.mean(learned) - P_STAR) < P_TOLERANCE


def test_reinforce_finds_the_best_arm():
    env = bandit()
    run = train(env, np.zeros(5), 0.5, 200, 4, np.random.default_rng(7), runs=10)
    assert run.probs.shape == (201, 10, 1, 5) and run.returns.shape == (200, 10)
    assert np.median(run.probs[-1, :, 0, 2]) > 0.9  # arm 2 pays most
    assert exact_return(env, run.probs[-1]).mean() > exact_return(env, run.probs[0]).mean() + 0.5


def test_reinforce_is_reproducible_from_its_seed():
    runs = [train(tiny_mdp(), np.zeros(6), 0.1, 5, 8, np.random.default_rng(3)) for _ in range(2)]
    assert np.array_equal(runs[0].params, runs[1].params)


@pytest.mark.parametrize("options, message", [
    ({"alpha": 0.0}, r"alpha=0.0: expected a step size > 0"),
    ({"alpha": np.nan}, r"alpha=nan: expected finite"),
    ({"episodes": 1}, r"episodes=1: expected at least 2 with a baseline"),
    ({"episodes": 0, "baseline": False}, r"episodes=0: expected an integer >= 1"),
    ({"updates": 2.5}, r"updates=2.5: expected an integer >= 1"),
    ({"theta0": np.zeros(3)}, r"theta0=.*expected 6 numbers"),
])
def test_reinforce_bad_input(options, message):
    arguments = {"alpha": 0.1, "updates": 3, "episodes": 4, "theta0": np.zeros(6), **options}
    with pytest.raises(ValueError, match=message):
        train(tiny_mdp(), rng=np.random.default_rng(0), **arguments)


def test_baseline_of_the_wrong_shape():
    env = tiny_mdp()
    episodes = rollout(env, policy_probs(env, np.zeros(6)), 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"baseline of shape \(3,\): expected a number or an array of shape \(5, 2\)"):
        reinforce_terms(env, episodes, policy_probs(env, np.zeros(6)), baseline=np.zeros(3))


def test_a_bandit_rollout_draws_start_then_arm_and_next_state_then_noise():
    """The order notebook 06's REINFORCE by hand follows: n uniforms (start), (2, n) (arm, next state), n normals."""
    env, probs, n = bandit(), np.array([[0.1, 0.2, 0.3, 0.25, 0.15]]), 50
    episodes = rollout(env, probs, n, np.random.default_rng(4))
    rng = np.random.default_rng(4)
    rng.random(n)
    u = rng.random((2, n))
    arms = (u[0][:, None] >= np.cumsum(probs[0])).sum(axis=1)
    rewards = env.rewards[0, arms] + rng.standard_normal(n)
    assert np.array_equal(episodes.actions[:, 0], arms)
    assert np.allclose(episodes.rewards[:, 0], rewards, rtol=EXACT, atol=0)


def test_the_band_has_a_legend_entry_and_thin_lines_an_opacity():
    values = np.linspace(0, 1, 30).reshape(10, 3)
    ax = Figure().subplots()
    reinforce_plots.plot_runs(ax, values, "mean of the runs")
    add_band_entry(ax, loc="lower right")
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["mean of the runs", "10–90 % of the runs"]
    assert isinstance(legend.legend_handles[1], Patch)
    ax = Figure().subplots()
    reinforce_plots.plot_run_lines(ax, values, "mean", thin_opacity=0.6)
    assert [line.get_alpha() for line in ax.lines] == [0.6, 0.6, 0.6, None]  # three runs, then their mean


N_CORRIDOR = 20_000  # corridor episodes last 12-20 steps each; 20 000 keep the standard error near 0.1


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
