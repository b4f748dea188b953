"""The move policy and games of T moves against enumeration, closed forms and finite differences."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import helpers as h
from helpers.distributions import MovePolicy
from helpers.games import (
    Game,
    all_counts,
    all_games,
    exact_expectation_by_counts,
    exact_game_expectation,
    exact_game_gradient,
    game_score_samples,
    score_of_counts,
)

EXACT_TOL = 1e-12
FD_TOL = 1e-6
FD_EPS = 1e-5
STANDARD_ERRORS = 4  # a correct estimator lands this far out about once in 16 000 runs

POINTS = np.array([-2.0, 0.0, 3.0, 0.0])
POLICIES = [
    MovePolicy(0.5, [0, 1, 2, 3]),
    MovePolicy([0.3, -0.8], [[0, 1], [1, 0], [2, 2], [-1, 0.5]]),
    MovePolicy(-1.2, [1.0, -2.0, 0.5]),
]


def total_points(x):
    """Points of games x (n, T) of up to four moves: sum_t POINTS[a_t]."""
    return POINTS[x].sum(axis=1)


def win(length):
    return lambda x: (total_points(x) > length / 2).astype(float)


def game_by_loops(policy, length):
    """Every game and its probability, from itertools and a plain product: the reference for enumeration."""
    games = np.array(list(itertools.product(range(policy.support.size), repeat=length)))
    probs = np.array([math.prod(policy.probs[a] for a in game) for game in games])
    return games, probs


def fd_game_gradient(game, f):
    theta = game.params
    grad = np.empty(theta.size)
    for i in range(theta.size):
        step = np.eye(theta.size)[i] * FD_EPS
        grad[i] = (exact_game_expectation(game.with_params(theta + step), f)
                   - exact_game_expectation(game.with_params(theta - step), f)) / (2 * FD_EPS)
    return grad


@pytest.mark.parametrize("policy", POLICIES, ids=repr)
def test_policy_gradient_matches_finite_differences(policy):
    f = lambda a: np.cos(3.0 * a) + a  # noqa: E731
    np.testing.assert_allclose(h.exact_gradient(policy, f), h.central_difference(policy, f), atol=FD_TOL)


def test_policy_with_one_hot_features_is_the_categorical():
    logits = np.array([0.3, -1.2, 2.0, 0.0])
    policy, categorical = MovePolicy(logits, np.eye(4)), h.Categorical(logits)
    np.testing.assert_allclose(policy.probs, categorical.probs, atol=EXACT_TOL)
    np.testing.assert_allclose(policy.score_table(), categorical.score_table(), atol=EXACT_TOL)


def test_score_of_a_one_parameter_policy_is_the_centred_feature():
    # p(a|theta) proportional to exp(theta a): d/d theta log p(a|theta) = a - E[a]
    policy = MovePolicy(0.7, [0, 1, 2, 3])
    a = np.arange(4)
    np.testing.assert_allclose(policy.score(a)[:, 0], a - policy.probs @ a, atol=EXACT_TOL)


@pytest.mark.parametrize("policy", POLICIES, ids=repr)
def test_all_games_are_every_sequence_in_order(policy):
    game = Game(policy, 4)
    games, _ = game_by_loops(policy, 4)
    np.testing.assert_array_equal(np.concatenate(list(all_games(game))), games)


@pytest.mark.parametrize("policy", POLICIES, ids=repr)
def test_game_probabilities_are_products_of_move_probabilities(policy):
    game = Game(policy, 3)
    games, probs = game_by_loops(policy, 3)
    np.testing.assert_allclose(np.exp(game.log_prob(games)), probs, rtol=1e-12)
    assert exact_game_expectation(game, lambda x: np.ones(len(x))) == pytest.approx(1.0, abs=EXACT_TOL)


@pytest.mark.parametrize("policy", POLICIES, ids=repr)
@pytest.mark.parametrize("length", [1, 3, 6])
def test_exact_game_gradient_matches_finite_differences(policy, length):
    game = Game(policy, length)
    np.testing.assert_allclose(exact_game_gradient(game, win(length)), fd_game_gradient(game, win(length)),
                               atol=FD_TOL)


def test_game_of_additive_points_against_closed_form():
    # f = total points: E = T E_p[r], grad = T Cov_p(r, feature) for the one-parameter policy
    policy, length = MovePolicy(0.5, [0, 1, 2, 3]), 7
    p, a = policy.probs, np.arange(4)
    game = Game(policy, length)
    assert exact_game_expectation(game, total_points) == pytest.approx(length * p @ POINTS, abs=1e-10)
    covariance = p @ (POINTS * a) - (p @ POINTS) * (p @ a)
    np.testing.assert_allclose(exact_game_gradient(game, total_points), [length * covariance], atol=1e-10)


@pytest.mark.parametrize("moves, length", [(2, 5), (4, 7), (3, 12)])
def test_all_counts_are_every_composition(moves, length):
    counts = all_counts(moves, length)
    assert counts.shape == (math.comb(length + moves - 1, moves - 1), moves)
    assert np.all(counts.sum(axis=1) == length) and np.all(counts >= 0)
    assert len({tuple(c) for c in counts}) == len(counts)


@pytest.mark.parametrize("policy", POLICIES, ids=repr)
@pytest.mark.parametrize("length", [2, 7])
def test_sum_over_counts_equals_sum_over_games(policy, length):
    game = Game(policy, length)
    by_counts = lambda n: (n @ POINTS[: game.moves] > length / 2)[:, None] * score_of_counts(game, n)  # noqa: E731
    np.testing.assert_allclose(exact_expectation_by_counts(game, by_counts), exact_game_gradient(game, win(length)),
                               atol=EXACT_TOL * 100)


def test_counts_and_score_of_counts_agree_with_the_games():
    game = Game(POLICIES[1], 5)
    x = np.array([[0, 1, 1, 3, 3], [2, 2, 2, 2, 2]])
    np.testing.assert_array_equal(game.counts(x), [[1, 2, 0, 2], [0, 0, 5, 0]])
    np.testing.assert_allclose(score_of_counts(game, game.counts(x)), game.score(x), atol=EXACT_TOL)


def test_sampled_terms_average_to_the_exact_gradient(rng):
    game, length = Game(POLICIES[0], 9), 9
    terms = game_score_samples(game, win(length), 20_000, rng)
    standard_error = terms.std(axis=0, ddof=1) / np.sqrt(len(terms))
    error = np.abs(terms.mean(axis=0) - exact_game_gradient(game, win(length)))
    assert np.all(error < STANDARD_ERRORS * standard_error)


def test_sampled_moves_have_the_policy_frequencies(rng):
    game = Game(POLICIES[0], 50)
    frequencies = game.counts(game.sample(400, rng)).sum(axis=0) / (400 * 50)
    p = game.policy.probs
    assert np.all(np.abs(frequencies - p) < STANDARD_ERRORS * np.sqrt(p * (1 - p) / (400 * 50)))


@pytest.mark.parametrize("call, name", [
    (lambda: MovePolicy(0.0, [1.0]), "features"),
    (lambda: MovePolicy(0.0, [[1.0, np.nan], [0.0, 1.0]]), "features"),
    (lambda: MovePolicy([0.0, 1.0], [0, 1, 2]), "theta"),
    (lambda: Game(POLICIES[0], 0), "length"),
    (lambda: exact_game_expectation(Game(POLICIES[0], 40), lambda x: np.ones(len(x))), "length=40"),
    (lambda: Game(POLICIES[0], 3).log_prob(np.array([[0, 1, 4]])), "0..3"),
    (lambda: Game(POLICIES[0], 3).score(np.array([0, 1, 2])), "(n, 3)"),
    (lambda: Game(POLICIES[0], 3).score(np.array([[0, 1.5, 2]])), "0..3"),
    (lambda: exact_game_gradient(Game(POLICIES[0], 2), lambda x: x), "one value per game"),
    (lambda: exact_game_gradient(Game(POLICIES[0], 2), lambda x: np.where(x[:, 0] == 0, np.inf, 1.0)), "finite"),
])
def test_bad_input_names_what_was_expected(call, name):
    with pytest.raises(ValueError, match=name.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        call()


small_games = st.tuples(st.integers(2, 4), st.integers(1, 5)).flatmap(lambda km: st.tuples(
    st.just(km[1]),
    arrays(np.float64, km[0], elements=st.floats(-5, 5, allow_nan=False)),
    arrays(np.float64, km[0], elements=st.floats(-10, 10, allow_nan=False))))


@settings(max_examples=60, deadline=None)
@given(small_games)
def test_any_reward_of_the_counts_sums_the_same_over_games_and_over_counts(case):
    # any reward of the move counts, e.g. a table over the total: enumeration and the multinomial sum agree
    length, logits, values = case
    game = Game(MovePolicy(logits, np.eye(logits.size)), length)
    reward_of_counts = lambda n: np.cos(n @ values) + (n[:, 0] > n[:, -1])  # noqa: E731
    reward = lambda x: reward_of_counts(game.counts(x))  # noqa: E731
    assert exact_expectation_by_counts(game, reward_of_counts) == pytest.approx(
        exact_game_expectation(game, reward), abs=1e-9)
    gradient_by_counts = exact_expectation_by_counts(
        game, lambda n: reward_of_counts(n)[:, None] * score_of_counts(game, n))
    np.testing.assert_allclose(gradient_by_counts, exact_game_gradient(game, reward), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(small_games)
def test_game_probabilities_sum_to_one_and_scores_average_to_zero(case):
    length, logits, _ = case
    game = Game(MovePolicy(logits, np.eye(logits.size)), length)
    assert exact_game_expectation(game, lambda x: np.ones(len(x))) == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(exact_game_expectation(game, game.score), 0.0, atol=1e-12)
