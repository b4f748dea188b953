"""Exercises on the objective J(theta) and its gradient: the four-move game of notebook 01.

Moves x = 0 (timid), 1 (steady), 2 (bold), 3 (reckless) earn f(x) = -2, 0, 3, 0 points; the policy is
p(x|theta) = exp(theta x) / sum_x' exp(theta x'). Each check prints whether the answer is right and, if not, a hint.
"""

import numpy as np

from ..ascent import BOLDNESS, POINTS, ascent_path, move_policy, points
from ..distributions import log_softmax
from ..exact import exact_expectation, exact_gradient
from . import check_sign, missing, number

START, STEPS, NEAR = -2.0, 10, 0.05  # the step-size exercise: from theta = -2, ten steps, within 0.05 of the peak
SLIDER_STEP = 0.05  # the explorer's alpha slider moves in steps of 0.05: an answer that close to the smallest is right
TOLERANCE = 0.01  # accepted absolute error of a number worked out by hand (rounded probabilities)


def check_objective(answer, theta=1.0):
    """Is answer J(theta) = sum_x p(x|theta) f(x), the average points per move?"""
    answer = number(answer)
    if answer is None:
        return
    exact = exact_expectation(move_policy(theta), points)
    if abs(answer - exact) <= TOLERANCE:
        print(f"Right: J({theta:g}) = {exact:.4f} points per move on average.")
    elif abs(answer - POINTS.mean()) <= TOLERANCE:
        print("That is the plain average of the four points, as if every move were equally likely (theta = 0). "
              "Weight each f(x) by its probability p(x|theta) at this theta.")
    else:
        print(f"Not quite: you gave {answer}. Compute the four probabilities exp(theta x) / sum of exp(theta x'), "
              "multiply each by its points f(x) = -2, 0, 3, 0, and add the four products.")


def check_gradient_sign(answer, theta=2.0):
    """Is answer ("+" or "-", or +1 or -1) the sign of dJ/dtheta at theta?"""
    if missing(answer):
        return
    slope = exact_gradient(move_policy(theta), points)[0]
    direction = "more" if slope > 0 else "less"
    check_sign(answer, slope,
               f"Right: dJ/dtheta = {slope:.3f} at theta = {theta:g}, so {direction} boldness raises J. "
               "Gradient ascent moves theta that way.",
               f"Not quite. Look at the J(theta) curve at theta = {theta:g}: is it going up or down there? "
               "Up to the right means a positive slope (+), down to the right a negative one (-).")


def ascend(theta, alpha, steps=STEPS):
    """theta after each of `steps` steps theta <- theta + alpha dJ/dtheta: shape (steps + 1,)."""
    return ascent_path(move_policy(theta), points, theta, alpha, steps)


def peak():
    """The boldness with the most points per move, from a fine grid of J(theta) (no gradient involved)."""
    grid = np.linspace(-3.0, 3.0, 60_001)
    values = np.exp(log_softmax(np.outer(grid, BOLDNESS))) @ POINTS
    return grid[int(np.argmax(values))]


def arrives(alpha):
    """True if ten steps of size alpha from theta = -2 end within NEAR of the peak."""
    return abs(ascend(START, alpha)[-1] - peak()) <= NEAR


def smallest_step_size(low=0.05, high=1.0):
    """The smallest alpha that arrives, by bisection: below it ten steps fall short, at alpha = 1 they arrive."""
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (low, middle) if arrives(middle) else (middle, high)
    return high


def check_step_size(alpha):
    """Is alpha (within one slider step) the smallest step size that brings theta from -2 near the peak?"""
    alpha = number(alpha, "alpha")
    if alpha is None:
        return
    if not alpha > 0:
        print(f"alpha = {alpha}: a step size must be positive, or you walk downhill (or stand still).")
        return
    path, best, smallest = ascend(START, float(alpha)), peak(), smallest_step_size()
    if arrives(float(alpha)) and alpha <= smallest + SLIDER_STEP:
        print(f"Right: the smallest step size is about {smallest:.3f}. With alpha = {alpha:g} theta ends at "
              f"{path[-1]:.3f}, within {NEAR} of the peak {best:.3f}. Any smaller and every step still goes uphill, "
              "but each is alpha times the slope, and ten of them do not cover the distance.")
    elif arrives(float(alpha)):
        print(f"alpha = {alpha:g} arrives (theta ends at {path[-1]:.3f}), but a smaller step size also does. "
              "Lower alpha until the last step just falls short, then go back one step.")
    elif path[-1] < best:
        print(f"Too small: after {STEPS} steps theta = {path[-1]:.3f} is still {best - path[-1]:.3f} short of "
              f"the peak {best:.3f}. Try a larger alpha.")
    else:
        print(f"Too large: theta ends at {path[-1]:.3f} (the peak is at {best:.3f}); the steps overshoot. "
              "You are looking for the smallest alpha that arrives.")


def check_move_sequences(answer, moves=250, length=150):
    """Is answer the number of decimal digits of moves**length (Go: about 250 moves, games of about 150)?"""
    answer = number(answer)
    if answer is None:
        return
    digits = len(str(moves**length))
    if answer != round(answer):
        print(f"A number of digits is a whole number, not {answer:g}. The number of digits of N is "
              f"floor(log10 N) + 1: round log10(N) down, then add 1.")
    elif answer == digits:
        print(f"Right: {moves}^{length} has {digits} digits. Compare: about 10^80 atoms in the observable universe.")
    elif answer == moves * length or answer == len(str(moves * length)):
        print(f"That is about {moves} x {length}. The count multiplies by {moves} for each move, "
              f"so it is {moves}^{length}, not {moves} x {length}.")
    else:
        print(f"Not quite: you gave {answer:g}. The number of digits of N is floor(log10 N) + 1, and "
              f"log10({moves}^{length}) = {length} log10({moves}). Or let Python do it: len(str({moves}**{length})).")
