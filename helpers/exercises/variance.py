"""Exercises on variance and baselines: the 10-flip coin at theta = 1 and the game "1 point for 7 heads or more".

Each check prints whether the answer is right and, if not, a hint.
"""

import re

from ..distributions import Binomial
from ..exact import exact_expectation
from ..variance import optimal_baseline, samples_needed, score_function_variance, win
from . import missing, number

THETA = 1.0
HALF_WIDTH = 0.02
RELATIVE = 0.03  # accepted relative error of b*: rounding it to two digits is fine
RELATIVE_SAMPLES = 0.01  # of a sample count: z = 1.96 or b* rounded is fine, b* of theta = 0 (2.2 % more) is not
UNBIASED = {"a", "b", "d"}  # constants, or numbers computed from theta only; never from the sampled x


def close(answer, exact, relative=RELATIVE):
    return abs(answer - exact) <= relative * abs(exact)


def samples_for(coin, baseline):
    """Samples for +-HALF_WIDTH at 95 % confidence for the game on this coin, with b = 0 and with this baseline."""
    variances = [score_function_variance(coin, win)[0], score_function_variance(coin, win, baseline)[0]]
    return samples_needed(variances, HALF_WIDTH)


def check_optimal_baseline(answer):
    """Is answer b* = E[f g^2] / E[g^2] for the coin at theta = 1 and the game?"""
    answer = number(answer)
    if answer is None:
        return
    coin = Binomial(THETA, trials=10)
    best, mean_f = optimal_baseline(coin, win)[0], exact_expectation(coin, win)
    if close(answer, best):
        print(f"Right: b* = {best:.4f}. It is below E[f] = {mean_f:.4f} here.")
    elif close(answer, mean_f):
        print("That is E[f], the mean baseline: good, but not the best. "
              "b* weights f(x) by p(x|θ) g(x)^2, with the score g(x) = x - 10 s(θ) and s(θ) the sigmoid, "
              "not by p(x|θ) alone.")
    elif close(answer, optimal_baseline(Binomial(0.0, trials=10), win)[0]):
        print(f"That is b* at θ = 0, for the notebook's `coin`: the exercise is at θ = {THETA:g}, so use coin1.")
    else:
        print(f"Not quite: you gave {answer}. Compute sum(p * f * g**2) / sum(p * g**2) with p = coin1.probs, "
              "f = f(coin1.support) and g = coin1.score_table()[:, 0].")


def check_samples_needed(without_baseline, with_best_baseline):
    """Samples for +-0.02 at 95 % confidence, at theta = 1, with b = 0 and with b = b*."""
    if missing(without_baseline, with_best_baseline):
        return
    without_baseline = number(without_baseline, "the first answer")
    with_best_baseline = number(with_best_baseline, "the second answer")
    if without_baseline is None or with_best_baseline is None:
        return
    coin, coin0 = Binomial(THETA, trials=10), Binomial(0.0, trials=10)
    need = samples_for(coin, optimal_baseline(coin, win))
    at_zero = samples_for(coin0, optimal_baseline(coin0, win))  # the notebook's coin instead of coin1
    old_b_star = samples_for(coin, optimal_baseline(coin0, win))[1]  # coin1, but b* of theta = 0
    for name, answer, exact, zero in zip(("Without a baseline", "With b*"), (without_baseline, with_best_baseline),
                                         need, at_zero, strict=True):
        if close(answer, exact, RELATIVE_SAMPLES):
            print(f"{name}: right, about {exact:,} samples.")
        elif close(answer, zero, RELATIVE_SAMPLES):
            print(f"{name}: that is the count at θ = 0, for the notebook's `coin`: the exercise is at θ = {THETA:g}, "
                  "so use coin1.")
        elif name == "With b*" and close(answer, old_b_star, RELATIVE_SAMPLES):
            print(f"{name}: that uses b* of θ = 0 (the notebook's b_star = {optimal_baseline(coin0, win)[0]:.3f}) "
                  "on coin1: use your b* for coin1 from exercise 1.")
        else:
            print(f"{name}: not quite, you gave {answer:g}. Use n = (1.96 sd / 0.02)^2 with sd^2 = "
                  "h.score_function_variance(coin1, f, b)[0], the exact variance of ONE term at θ = 1 "
                  "(b = 0, then your b* from exercise 1).")


def check_unbiased_baselines(letters):
    """Which of the baselines (a) to (d) keep the estimate unbiased? letters: a string or set such as "ab"."""
    if missing(letters):
        return
    if isinstance(letters, (set, list, tuple)):
        letters = " ".join(map(str, letters))
    if not isinstance(letters, str):
        print(f'Answer with letters as text, e.g. "ab", not {letters!r}.')
        return
    words = [word for word in re.findall(r"[a-z]+", letters.lower()) if word != "and"]
    chosen = set("".join(words))  # "(a), (b) and (d)" is "abd"
    if chosen - set("abcd"):
        print(f"Answer with the letters a to d only: {''.join(sorted(chosen - set('abcd')))} is not one of the "
              'four, e.g. "ab".')
    elif chosen == UNBIASED:
        print("Right: a, b and d are numbers fixed before you sample x, so E[b g(x)] = b E[g(x)] = 0. "
              "(c) b = f(x) depends on x: every term is 0, the variance is 0, and so is the estimate. Biased.")
    elif "c" in chosen:
        print("Look again at (c): with b = f(x) every term (f(x) - f(x)) g(x) is 0, so the estimate is 0 "
              "whatever the true gradient. A baseline must not depend on x_i, the sample its term is about.")
    else:
        print(f"Not quite: {''.join(sorted(chosen)) or 'none'}. A baseline keeps the estimate unbiased whenever it "
              "is independent of x_i, the sample its term is about, because E[g(x_i)] = 0. Which of the four depend "
              "on x_i?")
