"""Exercises on the log-derivative trick (notebook 02): the score of a coin, signs of gradients, samples needed.

The game is notebook 01's: moves x = 0..3 earning f(x) = -2, 0, 3, 0 points, p(x|theta) proportional to
exp(theta x), here at theta = 0.5. Each check prints whether the answer is right and, if not, a hint.
"""

import numpy as np

from ..distributions import Bernoulli, MovePolicy
from ..exact import exact_gradient
from ..games import Game, exact_expectation_by_counts, score_of_counts
from . import check_sign, missing, number
from .ascent import BOLDNESS, POINTS

THETA = 0.5
THETAS = np.array([-3.0, -0.7, 0.0, 0.4, 2.5])  # where a hand-derived score is compared with finite differences
EPS = 1e-6
SCORE_TOL = 1e-5  # finite differences of log p are accurate to about eps**2 here; this leaves room for rounding
LENGTH, RELATIVE = 60, 0.01  # the games of the samples exercise: 60 moves, a standard error of 1 % of the gradient
ACCEPT = 0.05  # accepted relative error of a sample count (rounding sigma or the gradient is fine)


def sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def bernoulli_score_by_differences(x, theta):
    """d/dtheta log p(x|theta) of the Bernoulli(sigmoid(theta)) coin by central differences: shape of x."""
    log_p = lambda t: Bernoulli(t).log_prob(x)  # noqa: E731
    return (log_p(theta + EPS) - log_p(theta - EPS)) / (2 * EPS)


def one_value_per_x(values):
    """values as shape (2,), one per x in [0, 1]: a column (2, 1), as Bernoulli.score returns, is flattened and one
    number is repeated; None for any other size."""
    values = np.asarray(values, dtype=float)
    if values.size == 2:
        return values.reshape(2)
    return np.full(2, values.reshape(-1)[0]) if values.size == 1 else None


def scores_at_thetas(score, x):
    """score(x, t) for each t in THETAS as an array (len(THETAS), 2); None (and says why) if it cannot be had."""
    try:
        if score(x, THETA) is None:
            print("No answer yet: your function returns None. Replace None in its body by your formula.")
            return None
        answers = [np.asarray(score(x, t), dtype=float) for t in THETAS]
    except Exception as error:  # the learner's code may fail in any way; say how
        print(f"Your function raised {type(error).__name__}: {error}. It gets x = np.array([0, 1]) and a number theta.")
        return None
    values = [one_value_per_x(answer) for answer in answers]
    wrong = [answer.shape for answer, value in zip(answers, values, strict=True) if value is None]
    if wrong:
        print(f"Your function returns shape {wrong[0]}: give one value per x, shape (2,) for x = np.array([0, 1]).")
        return None
    return np.array(values)


def check_bernoulli_score(score):
    """Does score(x, theta) equal d/dtheta log p(x|theta) for the coin p(1|theta) = sigmoid(theta)?"""
    if missing(score):
        return
    x = np.array([0, 1])
    yours = scores_at_thetas(score, x)
    if yours is None:
        return
    truth = np.array([bernoulli_score_by_differences(x, t) for t in THETAS])
    probs = np.array([[1 - sigmoid(t), sigmoid(t)] for t in THETAS])
    if np.allclose(yours, truth, atol=SCORE_TOL):
        print("Right: d/dtheta log p(x|theta) = x - sigmoid(theta). Heads (x = 1) pushes theta up by "
              "1 - sigmoid(theta), tails pulls it down by sigmoid(theta); on average the two cancel.")
    elif np.allclose(yours, truth * probs, atol=SCORE_TOL):
        print("That is d/dtheta p(x|theta), the derivative of the probability. Divide by p(x|theta): "
              "(log u)' = u'/u.")
    elif np.allclose(yours, -truth, atol=SCORE_TOL):
        print("The sign is flipped: more theta makes heads (x = 1) more likely, so the score of x = 1 is positive.")
    else:
        print("Not quite. Write log p(1|theta) = log sigmoid(theta) and log p(0|theta) = log(1 - sigmoid(theta)); "
              "use sigmoid'(theta) = sigmoid(theta)(1 - sigmoid(theta)). Both cases fit in one formula in x.")


def check_gradient_sign(answer):
    """Sign ('+' or '-', or +1 or -1) of dJ/dtheta at theta = 0.5 for f(x) = 1 if x = 0 (timid), else 0."""
    if missing(answer):
        return
    slope = exact_gradient(MovePolicy(THETA, BOLDNESS), lambda x: (x == 0).astype(float))[0]
    check_sign(answer, slope,
               f"Right: dJ/dtheta = {slope:.4f}. Only x = 0 has f(x) != 0, and its score 0 - E[x] is negative: "
               "more boldness makes the timid move, the only rewarded one, rarer.",
               "Not quite. By the trick the gradient is E[f(x) (x - E[x])]. Which x has f(x) != 0 here, and is "
               "x - E[x] positive or negative there?")


def check_constant_reward(answer):
    """The gradient of E[f(x)] when f(x) = 5 for every x."""
    answer = number(answer)
    if answer is None:
        return
    if abs(answer) <= 1e-9:
        print("Right: 0. J = 5 whatever theta is. The trick agrees because the score averages to zero: "
              "E[grad log p] = sum_x grad p = grad sum_x p = grad 1 = 0. Notebook 04 builds baselines on this.")
    else:
        print(f"Not quite: you gave {answer:g}. What is J(theta) = E[5] for any theta? What is its slope? "
              "Then check: sum_x p(x|theta) grad log p(x|theta) = sum_x grad p(x|theta) = grad of what?")


def samples_needed(relative=RELATIVE, length=LENGTH):
    """N = (sigma / (relative |grad J|))**2 for the game of `length` moves, exact by the sum over move counts."""
    game = Game(MovePolicy(THETA, BOLDNESS), length)
    term = lambda n: (n @ POINTS > length / 2) * score_of_counts(game, n)[:, 0]  # noqa: E731
    gradient = exact_expectation_by_counts(game, term)
    variance = exact_expectation_by_counts(game, lambda n: term(n) ** 2) - gradient**2
    return variance / (relative * gradient) ** 2


def check_samples_needed(answer):
    """Games needed for a standard error of 1 % of the gradient, with 60 moves per game."""
    answer = number(answer)
    if answer is None:
        return
    exact = samples_needed()
    if abs(answer - exact) <= ACCEPT * exact:
        print(f"Right: about {exact:,.0f} games, {LENGTH * exact:,.0f} moves. A 5 times smaller error costs "
              "25 times more samples (the error shrinks like 1/sqrt(N)), and still nothing like 4^60.")
    elif abs(answer - exact / 5) <= ACCEPT * exact / 5:
        print("That is 5 times the samples for 5 times the accuracy. The standard error is sigma/sqrt(N): "
              "to divide it by 5, multiply N by 5^2 = 25.")
    else:
        print(f"Not quite: you gave {answer}. Use N = (sigma / epsilon)^2 with epsilon = 0.01 |grad J| "
              "and sigma the standard deviation of one term, both from the notebook for T = 60.")
