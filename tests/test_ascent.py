"""Gradient ascent with the exact gradient against recurrences written out by hand, and its explorer's draw."""

import numpy as np
import pytest

import helpers as h
from helpers.ascent import ascent_path, ascent_view
from helpers.ascent_plots import draw_ascent_figure, make_ascent_explorer

POINTS = np.array([-2.0, 0.0, 3.0, 0.0])
EXACT_TOL = 1e-10


def points(x):
    return POINTS[x]


def slope_by_hand(theta):
    """dJ/dtheta for p(x|theta) proportional to exp(theta x): the covariance of f(x) and x under p."""
    p = np.exp(theta * np.arange(4))
    p /= p.sum()
    return p @ (POINTS * np.arange(4)) - (p @ POINTS) * (p @ np.arange(4))


@pytest.mark.parametrize("alpha, start", [(0.2, -2.0), (1.0, -2.0), (4.0, -2.0), (2.0, 3.0)])
def test_path_follows_the_hand_written_recurrence(alpha, start):
    expected = [start]
    for _ in range(12):
        expected.append(expected[-1] + alpha * slope_by_hand(expected[-1]))
    path = ascent_path(h.MovePolicy(0.0, [0, 1, 2, 3]), points, start, alpha, 12)
    np.testing.assert_allclose(path, expected, atol=EXACT_TOL)


def test_path_on_the_coin_against_its_closed_form():
    # E[x] for x ~ Binomial(n, sigmoid(theta)) is n sigmoid(theta); its slope is n sigmoid (1 - sigmoid)
    n, theta, alpha = 10, -1.0, 0.3
    expected = [theta]
    for _ in range(5):
        s = 1 / (1 + np.exp(-expected[-1]))
        expected.append(expected[-1] + alpha * n * s * (1 - s))
    np.testing.assert_allclose(ascent_path(h.Binomial(0.0, n), lambda x: x, theta, alpha, 5), expected,
                               atol=EXACT_TOL)


def test_view_finds_the_peak_where_the_slope_changes_sign():
    view = ascent_view(h.MovePolicy(0.0, [0, 1, 2, 3]), points, alpha=1.0, start=-2.0, steps=10)
    spacing = view.thetas[1] - view.thetas[0]
    assert slope_by_hand(view.peak - spacing) > 0 > slope_by_hand(view.peak + spacing)
    assert view.last_slope == pytest.approx(slope_by_hand(view.path[-1]), abs=EXACT_TOL)
    assert abs(view.path[-1] - view.peak) < spacing


def test_draw_returns_a_figure_and_the_numbers():
    fig, readout = draw_ascent_figure(h.MovePolicy(0.0, [0, 1, 2, 3]), points, alpha=4.0, start=-2.0, steps=3)
    expected = ascent_path(h.MovePolicy(0.0, [0, 1, 2, 3]), points, -2.0, 4.0, 3)[-1]
    assert f"{expected:.4f}" in readout and len(fig.axes) == 1


@pytest.mark.parametrize("kwargs, name", [
    ({"alpha": 0.0}, "alpha=0.0"), ({"alpha": -1.0}, "alpha"), ({"alpha": np.nan}, "alpha"),
    ({"steps": 0}, "steps=0"), ({"steps": 2.5}, "steps"), ({"theta": np.inf}, "theta"),
])
def test_bad_input_names_the_argument(kwargs, name):
    arguments = {"dist": h.MovePolicy(0.0, [0, 1, 2, 3]), "f": points, "theta": 0.0, "alpha": 1.0, "steps": 3}
    with pytest.raises(ValueError, match=name):
        ascent_path(**{**arguments, **kwargs})


def test_explorer_redraws_on_every_control():
    explorer = make_ascent_explorer(h.MovePolicy(0.0, [0, 1, 2, 3]), points)
    readouts = [explorer.readout.value]
    for name, value in [("alpha", 4.0), ("start", 1.5), ("steps", 25)]:
        explorer.controls[name].value = value
        readouts.append(explorer.readout.value)
        assert explorer.message.value == ""
    assert len(set(readouts)) == 4
    expected = ascent_path(h.MovePolicy(0.0, [0, 1, 2, 3]), points, 1.5, 4.0, 25)[-1]
    assert f"{expected:.4f}" in readouts[-1]


def test_a_slope_that_rounds_to_zero_shows_no_minus_sign():
    fig, readout = draw_ascent_figure(h.MovePolicy(0.0, [0, 1, 2, 3]), points, alpha=1.0, start=-2.0, steps=10)
    assert "<td>dJ/dθ at last θ</td><td style='text-align:right'>0.0000</td>" in readout
