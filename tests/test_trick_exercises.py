"""The exercise checks of notebook 02 accept the right answers, reject wrong ones, and say so in words."""

import numpy as np
import pytest

from helpers import Bernoulli
from helpers.exercises import trick

POINTS = np.array([-2.0, 0.0, 3.0, 0.0])  # notebook 01's points for its four moves
STANDARD_ERRORS = 4


def said(capsys):
    return capsys.readouterr().out


def sigmoid(t):
    return 1 / (1 + np.exp(-t))


@pytest.mark.parametrize("score, verdict", [
    (lambda x, theta: x - sigmoid(theta), "Right"),
    (lambda x, theta: np.where(x == 1, 1 - sigmoid(theta), -sigmoid(theta)), "Right"),
    (lambda x, theta: sigmoid(theta) * (1 - sigmoid(theta)) * np.where(x == 1, 1, -1), "derivative of the probability"),
    (lambda x, theta: sigmoid(theta) - x, "sign is flipped"),
    (lambda x, theta: x, "Not quite"),
    (lambda x, theta: undefined_name, "raised NameError"),  # noqa: F821
    (lambda x, theta: None, "No answer yet"),
])
def test_bernoulli_score_verdicts(score, verdict, capsys):
    trick.check_bernoulli_score(score)
    assert verdict in said(capsys)


def test_timid_reward_gradient_sign(capsys):
    # J(theta) = p(0|theta), computed by hand; its slope at 0.5 by central differences
    timid = lambda t: 1 / np.exp(t * np.arange(4)).sum()  # noqa: E731
    sign = np.sign((timid(0.5 + 1e-6) - timid(0.5 - 1e-6)) / 2e-6)
    trick.check_gradient_sign(sign)
    assert said(capsys).startswith("Right")
    trick.check_gradient_sign(-sign)
    assert said(capsys).startswith("Not quite")
    trick.check_gradient_sign("+" if sign > 0 else "-")
    assert said(capsys).startswith("Right")


@pytest.mark.parametrize("answer, verdict", [(0, "Right"), (0.0, "Right"), (5, "Not quite")])
def test_constant_reward(answer, verdict, capsys):
    trick.check_constant_reward(answer)
    assert said(capsys).startswith(verdict)


def test_samples_needed_against_sampled_games():
    # Independent of the sum over counts: estimate sigma and the gradient from simulated games of 60 moves.
    rng = np.random.default_rng(7)
    games = rng.choice(4, size=(200_000, 60), p=np.exp(0.5 * np.arange(4)) / np.exp(0.5 * np.arange(4)).sum())
    probs = np.exp(0.5 * np.arange(4)) / np.exp(0.5 * np.arange(4)).sum()
    terms = (POINTS[games].sum(axis=1) > 30) * (games.sum(axis=1) - 60 * probs @ np.arange(4))
    estimate = (terms.std() / (0.01 * terms.mean())) ** 2
    # relative error of (sd / mean)^2 from 200 000 terms: about 2 * (cv of the mean) = 2 * 10 / sqrt(200 000) = 4.5 %
    assert trick.samples_needed() == pytest.approx(estimate, rel=STANDARD_ERRORS * 0.045)


@pytest.mark.parametrize("factor, verdict", [(1.0, "Right"), (1.02, "Right"), (0.2, "5 times"), (0.04, "Not quite")])
def test_samples_needed_verdicts(factor, verdict, capsys):
    trick.check_samples_needed(factor * trick.samples_needed())
    assert verdict in said(capsys)


@pytest.mark.parametrize("check", [trick.check_bernoulli_score, trick.check_gradient_sign,
                                   trick.check_constant_reward, trick.check_samples_needed])
def test_trick_placeholders_ask_for_an_answer(check, capsys):
    check(None)
    assert said(capsys).startswith("No answer yet")


@pytest.mark.parametrize("score, verdict", [
    (lambda x, theta: Bernoulli(theta).score(x), "Right"),  # shape (2, 1): one column per parameter
    (lambda x, theta: (x - sigmoid(theta))[None, :], "Right"),  # shape (1, 2)
    (lambda x, theta: np.zeros(3), "shape (3,)"),
    (lambda x, theta: np.zeros((2, 2)), "shape (2, 2)"),
])
def test_bernoulli_score_shapes(score, verdict, capsys):
    trick.check_bernoulli_score(score)
    assert verdict in said(capsys)


@pytest.mark.parametrize("answer, verdict", [
    ("0", "Right"), (np.array([0.0]), "Right"), ("3/4", "Answer with one number"), ("zero", "Answer with one number"),
    (np.zeros(4), "Answer with one number"),  # one number per move is not the gradient
])
def test_constant_reward_as_text_or_array(answer, verdict, capsys):
    trick.check_constant_reward(answer)
    assert said(capsys).startswith(verdict)
