"""The exercise checks of notebook 06 accept the answer that an independent computation gives and hint otherwise.

References: the corridor cell's value from the Bellman linear solve started in that cell, and the softmax score
by central differences of log pi.
"""

import dataclasses

import numpy as np
import pytest

from helpers.environments import exact_return, short_corridor
from helpers.exercises import reinforce as exercises

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


def test_softmax_score_accepts_finite_differences(capsys):
    theta = np.array([0.0, np.log(2.0), 0.0])
    log_pi = lambda t: t[1] - np.log(np.exp(t).sum())  # noqa: E731
    numeric = [(log_pi(theta + e) - log_pi(theta - e)) / (2 * EPS) for e in EPS * np.eye(3)]
    assert printed(exercises.check_softmax_score, numeric, capsys).startswith("Right")
    assert "Not quite" in printed(exercises.check_softmax_score, [1.0, 2.0, 3.0], capsys)
