"""The exercise checks of notebook 01 accept the right answers, reject wrong ones, and say so in words."""

import math

import numpy as np
import pytest

from helpers.exercises import ascent, trick

POINTS = np.array([-2.0, 0.0, 3.0, 0.0])
STANDARD_ERRORS = 4


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


@pytest.mark.parametrize("check", [ascent.check_objective, ascent.check_gradient_sign,
                                   ascent.check_step_size, ascent.check_move_sequences])
def test_placeholder_asks_for_an_answer(check, capsys):
    check(None)
    assert said(capsys).startswith("No answer yet")


def test_objective_accepts_the_hand_computed_value(capsys):
    ascent.check_objective(round(objective_by_hand(1.0), 3))
    assert said(capsys).startswith("Right")


@pytest.mark.parametrize("answer, reply", [(0.25, "plain average"), (0.5, "Not quite")])
def test_objective_explains_a_wrong_value(answer, reply, capsys):
    ascent.check_objective(answer)
    assert reply in said(capsys)


@pytest.mark.parametrize("theta", [-1.0, 0.0, 2.0, 4.0])
def test_gradient_sign_agrees_with_finite_differences(theta, capsys):
    sign = np.sign(slope_by_hand(theta))
    ascent.check_gradient_sign(sign, theta)
    assert said(capsys).startswith("Right")
    ascent.check_gradient_sign(-sign, theta)
    assert said(capsys).startswith("Not quite")
    ascent.check_gradient_sign("+" if sign > 0 else "-", theta)
    assert said(capsys).startswith("Right")


@pytest.mark.parametrize("check", [ascent.check_gradient_sign, trick.check_gradient_sign])
def test_gradient_sign_rejects_an_unreadable_answer(check, capsys):
    check("up-ish")
    assert "Answer '+' or '-'" in said(capsys)


def test_the_peak_is_where_the_slope_vanishes():
    assert ascent.peak() == pytest.approx(peak_by_bisection(), abs=1e-4)


def final_theta_by_hand(alpha, start=-2.0, steps=10):
    theta = start
    for _ in range(steps):
        theta += alpha * slope_by_hand(theta)
    return theta


def smallest_arriving_step_by_scan():
    # the first alpha on a 0.001 grid whose ten steps from -2 end within 0.05 of the bisected peak
    peak = peak_by_bisection()
    return next(a for a in np.arange(0.05, 1.0, 0.001) if abs(final_theta_by_hand(a) - peak) <= 0.05)


def test_smallest_step_size_matches_a_scan():
    assert ascent.smallest_step_size() == pytest.approx(smallest_arriving_step_by_scan(), abs=0.001)


@pytest.mark.parametrize("alpha, verdict", [(0.42, "Right"), (0.45, "Right"), (1.0, "smaller step size also"),
                                            (3.35, "smaller step size also"), (0.4, "Too small"),
                                            (0.05, "Too small"), (2.0, "Too large"), (4.0, "Too large"),
                                            (-1.0, "must be positive")])
def test_step_size_verdicts(alpha, verdict, capsys):
    ascent.check_step_size(alpha)
    assert verdict in said(capsys)


def test_ascent_moves_uphill_by_alpha_times_the_slope():
    path = ascent.ascend(-2.0, 0.5, steps=1)
    assert path[1] == pytest.approx(-2.0 + 0.5 * slope_by_hand(-2.0), abs=1e-8)


@pytest.mark.parametrize("answer, verdict", [(math.floor(150 * math.log10(250)) + 1, "Right"),
                                             (250 * 150, "not 250 x 150"), (100, "Not quite")])
def test_move_sequences_digits(answer, verdict, capsys):
    ascent.check_move_sequences(answer)
    assert verdict in said(capsys)


@pytest.mark.parametrize("check", [ascent.check_objective, ascent.check_step_size, ascent.check_move_sequences])
def test_an_answer_given_as_text_gets_a_message(check, capsys):
    check("3/4")
    assert "Answer with one number" in said(capsys)


def test_a_number_written_as_text_is_read_as_that_number(capsys):
    ascent.check_step_size("0.45")
    assert said(capsys).startswith("Right")
    ascent.check_move_sequences(str(math.floor(150 * math.log10(250)) + 1))
    assert said(capsys).startswith("Right")


def test_move_sequences_rejects_a_fraction_of_a_digit(capsys):
    ascent.check_move_sequences(150 * math.log10(250) + 1)  # 360.69...: not a number of digits
    assert "whole number" in said(capsys)
