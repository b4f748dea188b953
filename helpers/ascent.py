"""Gradient ascent on J(theta) = E[f(x)] with the exact gradient (notebook 01): numbers only.

`ascent_view` is one run of it; `ascent_plots` draws it and makes the step-size explorer.
"""

from typing import NamedTuple

import numpy as np

from .checks import check_sample_count, check_scalar, check_step_size
from .distributions import MovePolicy
from .exact import exact_gradient, objective_curve

THETA_RANGE = (-3.0, 5.0)  # the stretch of J(theta) drawn; paths that leave it are still followed
GRID = 801  # points of the drawn curve, and of the grid search for its peak
MAX_STEPS = 30
# the game of notebook 01: moves x = 0 (timid), 1 (steady), 2 (bold), 3 (reckless) earn f(x) points, and the policy
# p(x|theta) = exp(theta x) / sum_x' exp(theta x') favours the bolder moves as theta grows
POINTS = np.array([-2.0, 0.0, 3.0, 0.0])
BOLDNESS = np.arange(4)


def points(x):
    """f(x): the points of move x in the game of notebook 01."""
    return POINTS[x]


def move_policy(theta=0.0):
    """The game's policy p(x|theta) over the four moves."""
    return MovePolicy(theta, BOLDNESS)


def ascent_path(dist, f, theta, alpha, steps):
    """theta_0 = theta, theta_{k+1} = theta_k + alpha dJ/dtheta(theta_k) (exact gradient): shape (steps + 1,).

    dist: a distribution with one parameter, moved to each theta_k in turn.
    """
    alpha = check_step_size(alpha)
    path = [check_scalar(theta, "theta")]
    for _ in range(check_sample_count(steps, "steps")):
        path.append(path[-1] + alpha * exact_gradient(dist.with_params(path[-1]), f)[0])
    return np.array(path)


def ascent_curve(dist, f):
    """thetas on THETA_RANGE and J(theta) there: two arrays of shape (GRID,)."""
    thetas = np.linspace(*THETA_RANGE, GRID)
    return thetas, objective_curve(dist, f, thetas)


class AscentView(NamedTuple):
    """One run of gradient ascent: the path theta_0..theta_K, J along it, the J curve on a grid and its peak."""
    alpha: float
    path: np.ndarray
    path_values: np.ndarray
    thetas: np.ndarray
    curve: np.ndarray
    peak: float
    peak_value: float
    last_slope: float  # dJ/dtheta at the last theta


def ascent_view(dist, f, alpha, start, steps, curve=None):
    """Numbers of one run of gradient ascent: the path, J along it, the J curve and its peak on the grid.

    curve: (thetas, J(thetas)) from ascent_curve, computed here if not given.
    """
    path = ascent_path(dist, f, start, alpha, steps)
    thetas, curve = ascent_curve(dist, f) if curve is None else curve
    return AscentView(float(alpha), path, objective_curve(dist, f, path), thetas, curve, thetas[np.argmax(curve)],
                      curve.max(), exact_gradient(dist.with_params(path[-1]), f)[0])
