"""Exercises on watching Monte Carlo converge: the sign of a gradient, the 1/sqrt(N) law, the softmax gradient.

Each check prints whether the answer is right and, if not, a hint.
"""

import numpy as np

from ..distributions import Binomial
from ..exact import exact_gradient
from ..functions import parse_function
from . import check_sign, missing, number

THETA = 1.0
SIGN_FUNCTIONS = {"step": "where(x >= 5, 1, 0)", "cosine": "cos(x)"}
N_BEFORE = 1000


def check_gradient_signs(step, cosine):
    """Signs of dJ/dtheta at theta = 1 for the coin (10 flips) with f = step (1 if x >= 5) and f = cos x."""
    if missing(step, cosine):
        return
    for name, answer in (("step", step), ("cosine", cosine)):
        f = SIGN_FUNCTIONS[name]
        exact = exact_gradient(Binomial(THETA, trials=10), parse_function(f))[0]
        check_sign(answer, exact, f"right, dJ/dθ = {exact:+.3f} at θ = {THETA:g}.",
                   "not quite. Raising θ moves p(x|θ) towards more heads: probability leaves x = 4 to 7 and "
                   "arrives at x = 8 to 10. Is f(x) larger where it arrives? Check with the explorer: θ = 1, that f, "
                   "and a large N.",
                   prefix=f"f(x) = {f}: ")


def check_samples_to_halve(answer):
    """Samples needed to halve the standard error of an estimate that used N_BEFORE samples."""
    answer = number(answer, "the number of samples")
    if answer is None:
        return
    need = 4 * N_BEFORE
    if answer == need:
        print(f"Right: {need:,} samples. The error falls like 1/√N, so halving it takes 4 times as many samples.")
    elif answer == 2 * N_BEFORE:
        print("Twice the samples halve the variance, not the standard error: the error shrinks by only √2.")
    else:
        print(f"Not quite: you gave {answer:g}. The standard error is σ/√N; solve σ/√N' = σ/(2√{N_BEFORE}) for N'.")


def check_component_sum(answer):
    """The sum of the three components of grad_theta J for a softmax over three outcomes, any theta and f."""
    answer = number(answer, "the sum")
    if answer is None:
        return
    if np.isclose(answer, 0.0):
        print("Right: 0. Adding the same number to all three logits leaves softmax(θ) unchanged, so J does not "
              "change in the direction (1, 1, 1). Each term has this property too, so the estimate sums to 0 as well.")
    else:
        print(f"Not quite: you gave {answer:g}. What happens to softmax(θ) if you add 1 to every θ_k? "
              "What does that say about the slope of J in the direction (1, 1, 1)?")
