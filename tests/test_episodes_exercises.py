"""The exercise checks of notebook 06 accept the answer that an independent computation gives and hint otherwise.

References: the softmax score by central differences of log pi, the trajectory's probability from the tiny MDP's
tables, and the reward-to-go term from scores by central differences.
"""

import numpy as np
import pytest

from helpers.episodes import tiny_mdp
from helpers.exercises import episodes as exercises

EPS = 1e-6


def printed(check, answer, capsys):
    check(answer)
    return capsys.readouterr().out


def test_softmax_score_accepts_finite_differences(capsys):
    theta = np.array([0.0, np.log(2.0), 0.0])
    log_pi = lambda t: t[1] - np.log(np.exp(t).sum())  # noqa: E731
    numeric = [(log_pi(theta + e) - log_pi(theta - e)) / (2 * EPS) for e in EPS * np.eye(3)]
    assert printed(exercises.check_softmax_score, numeric, capsys).startswith("Right")
    assert "Not quite" in printed(exercises.check_softmax_score, [1.0, 2.0, 3.0], capsys)


def test_softmax_score_names_pi_itself(capsys):
    theta = np.array([0.0, np.log(2.0), 0.0])
    out = printed(exercises.check_softmax_score, np.exp(theta) / np.exp(theta).sum(), capsys)
    assert "That is pi itself" in out and "onehot(a) - pi" in out


# Exercise 2: the product p(s0) pi(a0|s0) P(s1|s0, a0) pi(a1|s1), each factor read from the tiny MDP's tables.


def trajectory_factors():
    """(start, policy, environment) factors of tau = (s0=0, a0=1, s1=2, a1=1) under the uniform policy."""
    env = tiny_mdp()
    return env.start[0], 0.5 * 0.5, env.transitions[0, 1, 2]


def test_trajectory_probability_accepts_the_product(capsys):
    start, policy, environment = trajectory_factors()
    assert printed(exercises.check_trajectory_probability, start * policy * environment, capsys).startswith("Right")


@pytest.mark.parametrize("part, hint", [
    ("policy", "only the policy's part"),
    ("environment", "only the environment's part"),
    ("one action", "counts one action"),
])
def test_trajectory_probability_names_the_missing_factors(part, hint, capsys):
    start, policy, environment = trajectory_factors()
    answer = {"policy": policy, "environment": start * environment, "one action": 0.5 * start * environment}[part]
    assert hint in printed(exercises.check_trajectory_probability, answer, capsys)


# Exercise 3: sum_t grad log pi(a_t|s_t) w_t, each score by central differences of log pi in the tiny MDP.


def tiny_step_scores():
    """grad log pi(a_t|s_t) at theta = 0 for the two steps of tau = (s0=0, a0=1, s1=2, a1=1): (2, 6)."""
    states, actions = [0, 2], [1, 1]
    log_pi = lambda t, s, a: t[2 * s + a] - np.log(np.exp(t[2 * s: 2 * s + 2]).sum())  # noqa: E731
    return np.array([[(log_pi(e, s, a) - log_pi(-e, s, a)) / (2 * EPS) for e in EPS * np.eye(6)]
                     for s, a in zip(states, actions, strict=True)])


def test_reward_to_go_term_accepts_the_definition(capsys):
    scores, rewards = tiny_step_scores(), np.array([1.5, 3.0])
    to_go = np.array([rewards.sum(), rewards[1]])
    assert printed(exercises.check_reward_to_go_term, to_go @ scores, capsys).startswith("Right")


@pytest.mark.parametrize("weights, hint", [((4.5, 4.5), "whole return"), ((1.5, 3.0), "its own reward r_t only")])
def test_reward_to_go_term_names_the_weighting(weights, hint, capsys):
    assert hint in printed(exercises.check_reward_to_go_term, np.array(weights) @ tiny_step_scores(), capsys)


# Answers written as text: a fraction such as "7/40" is read as the number it writes, anything else gets a message.


def test_a_fraction_written_as_text_is_read_as_its_number(capsys):
    start, policy, environment = trajectory_factors()
    fraction = f"{round(start * policy * environment * 40)}/40"  # 7/40
    assert printed(exercises.check_trajectory_probability, fraction, capsys).startswith("Right")
    to_go = np.array([4.5, 3.0]) @ tiny_step_scores()
    as_text = [f"{entry * 4:g}/4" for entry in to_go]  # e.g. "-9/4"
    assert printed(exercises.check_reward_to_go_term, as_text, capsys).startswith("Right")


@pytest.mark.parametrize("check", [exercises.check_softmax_score, exercises.check_trajectory_probability,
                                   exercises.check_reward_to_go_term])
@pytest.mark.parametrize("answer", ["seven fortieths", ["1/4", "a half", "1/4"], "1/0", {"p": 0.175}])
def test_text_that_is_no_number_gets_a_message_not_an_error(check, answer, capsys):
    assert printed(check, answer, capsys).startswith(("Answer with numbers", "Answer with one number"))


def test_several_numbers_for_one_probability_get_a_message(capsys):
    assert printed(exercises.check_trajectory_probability, [0.25, 0.7], capsys).startswith("Answer with one number")
