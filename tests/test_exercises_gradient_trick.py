"""The exercise checks of notebooks 01 and 02 accept the right answers, reject wrong ones, and say so in words."""

import math

import numpy as np
import pytest

from helpers.exercises import gradient

POINTS = np.array([-2.0, 0.0, 3.0, 0.0])


def objective_by_hand(theta):
    """J(theta) = sum_x exp(theta x) f(x) / sum_x exp(theta x), written out independently of the helpers."""
    weights = np.exp(theta * np.arange(4))
    return weights @ POINTS / weights.sum()


def slope_by_hand(theta, eps=1e-6):
    return (objective_by_hand(theta + eps) - objective_by_hand(theta - eps)) / (2 * eps)


def peak_by_bisection(low=-1.0, high=2.0):
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if slope_by_hand(middle) > 0 else (low, middle)
    return (low + high) / 2


def said(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("check", [gradient.check_objective, gradient.check_gradient_sign,
                                   gradient.check_step_size, gradient.check_move_sequences])
def test_placeholder_asks_for_an_answer(check, capsys):
    check(None)
    assert said(capsys).startswith("No answer yet")


def test_objective_accepts_the_hand_computed_value(capsys):
    gradient.check_objective(round(objective_by_hand(1.0), 3))
    assert said(capsys).startswith("Right")


@pytest.mark.parametrize("answer, reply", [(0.25, "plain average"), (0.5, "Not quite")])
def test_objective_explains_a_wrong_value(answer, reply, capsys):
    gradient.check_objective(answer)
    assert reply in said(capsys)


@pytest.mark.parametrize("theta", [-1.0, 0.0, 2.0, 4.0])
def test_gradient_sign_agrees_with_finite_differences(theta, capsys):
    sign = np.sign(slope_by_hand(theta))
    gradient.check_gradient_sign(sign, theta)
    assert said(capsys).startswith("Right")
    gradient.check_gradient_sign(-sign, theta)
    assert said(capsys).startswith("Not quite")


def test_the_peak_is_where_the_slope_vanishes():
    assert gradient.peak() == pytest.approx(peak_by_bisection(), abs=1e-4)


@pytest.mark.parametrize("alpha, verdict", [(1.0, "Right"), (1.5, "Right"), (0.2, "Too small"), (0.05, "Too small"),
                                            (2.0, "Too large"), (4.0, "Too large"), (-1.0, "must be positive")])
def test_step_size_verdicts(alpha, verdict, capsys):
    gradient.check_step_size(alpha)
    assert verdict in said(capsys)


def test_ascent_moves_uphill_by_alpha_times_the_slope():
    path = gradient.ascend(-2.0, 0.5, steps=1)
    assert path[1] == pytest.approx(-2.0 + 0.5 * slope_by_hand(-2.0), abs=1e-8)


@pytest.mark.parametrize("answer, verdict", [(math.floor(150 * math.log10(250)) + 1, "Right"),
                                             (250 * 150, "not 250 x 150"), (100, "Not quite")])
def test_move_sequences_digits(answer, verdict, capsys):
    gradient.check_move_sequences(answer)
    assert verdict in said(capsys)
