"""The exercise checks of notebook 07 accept the answer that an independent computation gives and hint otherwise.

References: the corridor cell's value from the Bellman linear solve started in that cell, and the two-pull update
written with loops from its definition (and its slips in numpy).
"""

import dataclasses

import numpy as np
import pytest

from helpers.exercises import reinforce as exercises
from helpers.mdp import exact_return
from helpers.reinforce import short_corridor

EPS = 1e-6
FAIR_COIN = np.array([[0.5, 0.5]])  # pi(left), pi(right) in the one observation


def value_of_cell(cell):
    """V(cell) under the fair coin: the exact return of the corridor started in that cell."""
    start = np.eye(3)[cell]
    return float(exact_return(dataclasses.replace(short_corridor(), start=start), FAIR_COIN))


def printed(check, answer, capsys):
    check(answer)
    return capsys.readouterr().out


def test_corridor_value_accepts_the_linear_solve(capsys):
    assert printed(exercises.check_corridor_value, value_of_cell(1), capsys).startswith("Right")


@pytest.mark.parametrize("cell, hint", [(0, "V(0)"), (2, "V(2)")])
def test_corridor_value_names_the_other_cells(cell, hint, capsys):
    assert hint in printed(exercises.check_corridor_value, value_of_cell(cell), capsys)


def test_corridor_value_flags_the_sign(capsys):
    assert "sign" in printed(exercises.check_corridor_value, -value_of_cell(1), capsys)


# Exercise 1: the REINFORCE update of the two-pull bandit. The right answer is written from the definition with loops,
# each score by central differences of log softmax; the reference's mean step is checked against finite differences of
# the exact return (a linear solve) by enumerating every batch of 3 episodes.


def log_softmax_score(theta, arm):
    """grad log pi(arm) for pi = softmax(theta), by central differences."""
    log_pi = lambda t: t[arm] - np.log(np.exp(t).sum())  # noqa: E731
    return np.array([(log_pi(theta + e) - log_pi(theta - e)) / (2 * EPS) for e in EPS * np.eye(theta.size)])


def update_by_loops(theta, arms, rewards, alpha):
    """theta + alpha * (1/N) sum_i sum_t grad log pi(a_it) (G_it - mean of G_jt over the episodes j != i)."""
    n, steps = arms.shape
    to_go = [[sum(rewards[i, t:]) for t in range(steps)] for i in range(n)]
    gradient = np.zeros(theta.size)
    for i in range(n):
        for t in range(steps):
            others = np.mean([to_go[j][t] for j in range(n) if j != i])
            gradient += log_softmax_score(theta, arms[i, t]) * (to_go[i][t] - others) / n
    return theta + alpha * gradient


def slipped(**choices):
    return lambda theta, arms, rewards, alpha: exercises.variant_update(theta, arms, rewards, alpha, **choices)


def test_two_pull_update_accepts_the_definition(capsys):
    assert printed(exercises.check_two_pull_update, update_by_loops, capsys).startswith("Right")


def test_the_loops_agree_with_the_reference_batch_by_batch():
    for theta, arms, rewards in exercises.two_pull_batches():
        reference = exercises.reference_update(theta, arms, rewards, 0.1)
        assert np.allclose(update_by_loops(theta, arms, rewards, 0.1), reference, atol=1e-8)


def test_the_reference_step_is_alpha_times_the_gradient_on_average():
    env, theta, alpha = exercises.two_pull_bandit(), exercises.TWO_PULL_BATCHES[0][0], 0.1
    J = lambda t: exact_return(env, np.exp(t)[None, :] / np.exp(t).sum())  # noqa: E731
    slope = np.array([(J(theta + e) - J(theta - e)) / (2 * EPS) for e in EPS * np.eye(3)])
    assert np.allclose(exercises.two_pull_gradient(theta), slope, atol=1e-7)
    assert np.allclose(exercises.mean_step(exercises.reference_update, theta, alpha), alpha * slope, atol=1e-8)


@pytest.mark.parametrize("choices, hint", [
    ({"sign": -1}, "wrong way"),
    ({"baseline": "none"}, "left out the baseline"),
    ({"baseline": "all"}, "(N − 1)/N"),
    ({"weight": "return"}, "reward-to-go"),
    ({"weight": "own"}, "own reward only"),
    ({"average": "sum"}, "summed over the episodes"),
    ({"weight": "reversed"}, "runs the wrong way"),
    ({"per_pull": "return"}, "one baseline for both pulls, the mean return"),
    ({"per_pull": "pooled"}, "one baseline for both pulls, the mean of G_0 and G_1"),
    ({"over_pulls": "mean"}, "exactly half"),
    ({"adds_theta": False}, "returned the step"),
    ({"baseline": "none", "score": "one-hot"}, "onehot(a) − pi"),
])
def test_two_pull_update_names_the_slip(choices, hint, capsys):
    out = printed(exercises.check_two_pull_update, slipped(**choices), capsys)
    assert out.startswith("Not quite") and hint in out


def numpy_update(theta, arms, rewards, alpha, to_go="right", baseline="per pull", pulls="sum"):
    """The update as a learner might write it with numpy, right or with one of three slips: the cumulative sum in the
    order of the pulls (G_0 = r_0, G_1 = r_0 + r_1), the other episodes' mean return as the baseline of both pulls,
    or the mean over the two pulls instead of their sum."""
    n = arms.shape[0]
    G = np.cumsum(rewards, axis=1) if to_go == "reversed" else np.cumsum(rewards[:, ::-1], axis=1)[:, ::-1]
    if baseline == "per pull":
        b = (G.sum(axis=0) - G) / (n - 1)
    else:
        R = rewards.sum(axis=1)
        b = ((R.sum() - R) / (n - 1))[:, None]
    pi = np.exp(theta) / np.exp(theta).sum()
    terms = (G - b)[:, :, None] * (np.eye(theta.size)[arms] - pi)  # (episode, pull, arm)
    per_episode = terms.sum(axis=1) if pulls == "sum" else terms.mean(axis=1)
    return theta + alpha * per_episode.mean(axis=0)


@pytest.mark.parametrize("slip, hint", [
    ({}, "Right"),
    ({"to_go": "reversed"}, "G_0 = r_0, G_1 = r_0 + r_1"),
    ({"baseline": "shared"}, "one baseline for both pulls"),
    ({"pulls": "mean"}, "exactly half"),
])
def test_two_pull_update_names_the_slips_of_numpy_code(slip, hint, capsys):
    def update(theta, arms, rewards, alpha):
        return numpy_update(theta, arms, rewards, alpha, **slip)

    assert hint in printed(exercises.check_two_pull_update, update, capsys)


def test_averaging_over_the_pulls_halves_the_step():
    for theta, arms, rewards in exercises.two_pull_batches():
        step = exercises.reference_update(theta, arms, rewards, 0.1) - theta
        assert np.allclose(numpy_update(theta, arms, rewards, 0.1, pulls="mean") - theta, step / 2, atol=1e-12)


def test_a_one_hot_score_is_the_same_estimate_with_the_leave_one_out_baseline(capsys):
    """The (G - b) of a batch sum to 0 with this baseline, so the -pi part of the score adds nothing; the message
    says so."""
    out = printed(exercises.check_two_pull_update, slipped(score="one-hot"), capsys)
    assert out.startswith("Right") and "add up to exactly 0" in out


def test_two_pull_update_without_a_known_slip_is_compared_with_the_exact_gradient(capsys):
    downhill = lambda theta, arms, rewards, alpha: theta - alpha * exercises.two_pull_gradient(theta)  # noqa: E731
    assert "wrong way on average" in printed(exercises.check_two_pull_update, downhill, capsys)
    drift = lambda theta, arms, rewards, alpha: theta + 0.01  # noqa: E731
    assert "averaged over every choice of arms" in printed(exercises.check_two_pull_update, drift, capsys)


@pytest.mark.parametrize("answer, start", [
    (None, "No answer yet"),
    (lambda theta, arms, rewards, alpha: None, "No answer yet"),
    (lambda theta, arms, rewards, alpha: theta[:2], "Your function returned"),
    (lambda theta, arms, rewards, alpha: 1 / 0, "Your function raised ZeroDivisionError"),
    (0.5, "Pass your function itself"),
])
def test_two_pull_update_without_an_answer(answer, start, capsys):
    assert printed(exercises.check_two_pull_update, answer, capsys).startswith(start)


def test_corridor_value_answers_text_with_a_message(capsys):
    assert "one number" in printed(exercises.check_corridor_value, "3/4", capsys)
