"""The checks of notebook 08's exercises, answering in words."""

import numpy as np

from ..rewards import advantages
from . import missing

UNBIASED = {"none", "leave-one-out"}
GROUP = [1.0, 0.0, 0.0, 1.0]
TOLERANCE = 0.01  # an answer written to 2 decimals, 0.67, is right


def check_baselines(answer):
    """answer: {"unbiased": [names], "batch mean factor": number} for groups of k = 4."""
    if missing(answer):
        return
    if not isinstance(answer, dict) or set(answer) != {"unbiased", "batch mean factor"}:
        print('Answer with a dict of two entries: {"unbiased": [...], "batch mean factor": ...}.')
        return
    named = {str(name).strip().lower() for name in answer["unbiased"]}
    synonyms = {"rloo": "leave-one-out", "leave one out": "leave-one-out", "no baseline": "none"}
    named = {synonyms.get(name, name) for name in named}
    factor = answer["batch mean factor"]
    right_names, right_factor = named == UNBIASED, np.isclose(factor, 3 / 4)
    if right_names and right_factor:
        print("Right: no baseline and leave-one-out are unbiased, and the batch mean is (k - 1)/k = 3/4 of the "
              "gradient, because each reward is part of its own baseline.")
        return
    if not right_names:
        print("Not quite, the unbiased ones: a baseline keeps the mean only if it does not depend on the answer it "
              "is subtracted from. Which of the four leave the answer's own reward out?")
    if not right_factor and np.isclose(factor, 4 / 3):
        print("Not quite, the factor: 4/3 is how much longer the exact gradient is. The question asks the other way: "
              "the batch-mean estimate's mean is what number times the exact gradient?")
    elif not right_factor:
        print("Not quite, the factor: the batch mean r_bar contains r_i / k. What does subtracting r_i / k from r_i "
              "leave of r_i, for k = 4?")


def check_rloo_advantages(answer):
    """answer: the leave-one-out advantages of the group GROUP."""
    if missing(answer):
        return
    right = advantages(GROUP, "leave-one-out")
    try:
        yours = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        print("Answer with a list of 4 numbers, e.g. [0.5, -0.5, -0.5, 0.5] (2/3 without quotes is a number).")
        return
    if yours.shape == right.shape and np.allclose(yours, right, rtol=0, atol=TOLERANCE):
        print(f"Right: {right.round(4).tolist()}. Each answer is compared with the mean of the other three.")
    elif yours.shape == right.shape and np.allclose(yours, advantages(GROUP, "batch mean"), rtol=0, atol=TOLERANCE):
        print("Not quite: that is the batch mean, which includes each answer's own reward. Leave it out: "
              "subtract the mean of the other three.")
    else:
        print("Not quite. For answer i, subtract from r_i the mean of the other three rewards.")
