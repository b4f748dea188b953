"""Checks for the exercises of notebook 05 (continuous x, pathwise and finite-difference estimators)."""

import numpy as np

from ..distributions import Gaussian
from . import number, read_words

POINTS = np.linspace(-3.0, 4.0, 15)
CASES = [(0.0, 1.0), (1.5, 0.5), (-0.7, 2.3)]  # (mu, sigma) at which a learner's formula is compared
TOL = 1e-6
STEP_EXERCISE_ANSWERS = {
    "score function": "Right: the score function only needs f(x), never its derivative, so a jump does no harm.",
    "pathwise": "Not this one: f'(x) = 0 wherever it exists, so every pathwise term is 0, "
                "yet moving μ clearly changes P(x > 0). The jump carries all of the gradient and f' never sees it.",
    "finite differences": "Close, but no: with a step δ > 0 its mean is a slope over a width 2δ, "
                          "off by O(δ²), and its variance grows like 1/δ as you shrink δ.",
}
STEP_EXERCISE_ALIASES = {"score": "score function", "score function estimator": "score function",
                         "finite difference": "finite differences", "pathwise estimator": "pathwise"}


def log_std_score_by_differences(x, mu, sigma, h=1e-5):
    """d/d log sigma log p(x|mu, sigma) by central differences of Gaussian.log_prob."""
    up, down = Gaussian(mu, np.log(sigma) + h), Gaussian(mu, np.log(sigma) - h)
    return (up.log_prob(x) - down.log_prob(x)) / (2 * h)


def learner_values(score, mu, sigma):
    """score(POINTS, mu, sigma) as floats; None (and says why) if score is not a function or gives no numbers."""
    try:
        return np.asarray(score(POINTS, mu, sigma), dtype=float)
    except (TypeError, ValueError):
        if not callable(score):
            print(f"Pass your function itself, e.g. check_log_std_score(my_log_std_score), not {score!r}.")
        else:
            print("Your function should return numbers, one per x (an array like x), computed from x, mu and sigma.")
        return None


def check_log_std_score(score):
    """Exercise: score(x, mu, sigma) should return d/d log sigma log p(x|theta) for an array x."""
    for mu, sigma in CASES:
        yours = learner_values(score, mu, sigma)
        if yours is None:
            return
        reference = log_std_score_by_differences(POINTS, mu, sigma)
        if yours.shape != POINTS.shape:
            print(f"Your function returned shape {yours.shape} for 15 values of x: return one value per x.")
            return
        if not np.allclose(yours, reference, atol=TOL):
            d_sigma = (POINTS - mu) ** 2 / sigma**3 - 1 / sigma
            if np.allclose(yours, d_sigma, atol=TOL):
                print("That is the derivative in σ. The parameter is log σ: by the chain rule multiply by "
                      "dσ/d log σ = σ.")
            else:
                print(f"Not yet: at μ = {mu}, σ = {sigma}, x = {POINTS[0]} you give {yours[0] + 0.0:.4g}, the "
                      f"answer is {reference[0]:.4g}. Differentiate −(x − μ)²/(2σ²) − log σ with σ = exp(log σ).")
            return
    print("Correct: ∂/∂log σ log p(x|θ) = (x − μ)²/σ² − 1, the squared standardised distance minus one.")


def check_pathwise_variance(answer):
    """Exercise: the variance of one pathwise term for f(x) = x^2, coordinate mu, at mu = 1, sigma = 2."""
    answer = number(answer)
    if answer is None:
        return
    mu, sigma = 1.0, 2.0
    exact = 4 * sigma**2  # the term is f'(x) = 2x, and Var(2x) = 4 sigma^2
    if np.isclose(answer, exact):
        print(f"Correct: the term is f'(x) = 2x, so its variance is 4σ² = {exact:g}; μ does not enter.")
    elif np.isclose(answer, 4 * (mu**2 + sigma**2)):
        print("That is E[(2x)²], the second moment. The variance subtracts the squared mean (2μ)².")
    elif np.isclose(answer, 2 * sigma):
        print("That is the standard deviation of 2x. The question asks for the variance: square it.")
    else:
        print("Not yet. For ∂/∂μ the pathwise term is f'(x) · ∂x/∂μ = 2x · 1. What is the variance of 2x "
              "when x ~ N(μ, σ²)?")


def check_step_estimator(answer):
    """Exercise: which estimator is unbiased for the gradient of E[1[x > 0]] at any sample size?"""
    key = read_words(answer, STEP_EXERCISE_ALIASES)
    if key not in STEP_EXERCISE_ANSWERS:
        print(f"Answer with one of {', '.join(map(repr, STEP_EXERCISE_ANSWERS))}; you gave {answer!r}.")
        return
    print(STEP_EXERCISE_ANSWERS[key])
