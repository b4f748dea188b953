"""The checks of notebook 08's exercises, answering in words."""

import numpy as np

from ..rewards import advantages
from . import missing, read_words

UNBIASED = {"none", "leave-one-out"}
SYNONYMS = {"no baseline": "none", "leave one out": "leave-one-out", "rloo": "leave-one-out", "loo": "leave-one-out",
            "batch mean": "batch mean", "grpo": "GRPO"}
GROUP = [1.0, 0.0, 0.0, 1.0]
TOLERANCE = 0.01  # an answer written to 2 decimals, 0.67, is right


def read_name(name):
    """A baseline's name as rewards.BASELINES spells it, from "RLOO", "leave_one_out", "no baseline", ..."""
    return read_words(name, SYNONYMS)


def read_numbers(answer):
    """answer as a flat float array, or None if it is not numbers (e.g. text such as "3/4")."""
    try:
        return np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None


def check_baselines(answer):
    """answer: {"unbiased": [names], "batch mean factor": number} for groups of k = 4."""
    if missing(answer):
        return
    if not isinstance(answer, dict) or set(answer) != {"unbiased", "batch mean factor"}:
        print('Answer with a dict of two entries: {"unbiased": [...], "batch mean factor": ...}.')
        return
    names, factor = answer["unbiased"], read_numbers(answer["batch mean factor"])
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, (list, tuple, set)) or factor is None or factor.size != 1:
        print('Answer "unbiased" with a list of names, e.g. ["GRPO"], and "batch mean factor" with one number '
              f'(a fraction such as 2/3 is a number when written without quotes), not {answer!r}.')
        return
    right_names, right_factor = {read_name(name) for name in names} == UNBIASED, np.isclose(factor[0], 3 / 4)
    if right_names and right_factor:
        print("Right: no baseline and leave-one-out are unbiased, and the batch mean is (k - 1)/k = 3/4 of the "
              "gradient, because each reward is part of its own baseline.")
        return
    if not right_names:
        print("Not quite, the unbiased ones: a baseline keeps the mean only if it does not depend on the answer it "
              "is subtracted from. Which of the four leave the answer's own reward out?")
    if not right_factor and np.isclose(factor[0], 4 / 3):
        print("Not quite, the factor: 4/3 is how much longer the exact gradient is. The question asks the other way: "
              "the batch-mean estimate's mean is what number times the exact gradient?")
    elif not right_factor:
        print("Not quite, the factor: the batch mean r_bar contains r_i / k. What does subtracting r_i / k from r_i "
              "leave of r_i, for k = 4?")


def check_rloo_advantages(answer):
    """answer: the leave-one-out advantages of the group GROUP."""
    if missing(answer):
        return
    right, yours = advantages(GROUP, "leave-one-out"), read_numbers(answer)
    if yours is None:
        print("Answer with a list of 4 numbers, e.g. [0.1, -0.2, 0.3, 0.4] (2/3 without quotes is a number).")
    elif yours.shape != right.shape:
        print(f"Answer with 4 numbers, one per answer of the group: yours has {yours.size}.")
    elif np.allclose(yours, right, rtol=0, atol=TOLERANCE):
        print(f"Right: {right.round(4).tolist()}. Each answer is compared with the mean of the other three.")
    elif np.allclose(yours, advantages(GROUP, "batch mean"), rtol=0, atol=TOLERANCE):
        print("Not quite: that is the batch mean, which includes each answer's own reward. Leave it out: "
              "subtract the mean of the other three.")
    else:
        print("Not quite. For answer i, subtract from r_i the mean of the other three rewards.")
