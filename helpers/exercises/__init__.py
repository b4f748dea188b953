"""Check functions for the exercises at the end of each notebook: each answers in words.

One module per notebook topic; a check prints whether the answer is right and, if not, a hint.
"""

import numpy as np

SIGNS = {"+": 1, "positive": 1, "up": 1, "-": -1, "negative": -1, "down": -1}


def missing(*answers):
    """True (and says so) while an answer is still the placeholder None."""
    if any(answer is None for answer in answers):
        print("No answer yet: replace None with your answer and run the cell again.")
        return True
    return False


def number(answer, name="your answer"):
    """answer as a float, from a number or an array or list holding just one; None (and says why) while it is still
    the placeholder None or is anything else (True and False included: they are not numbers to a learner)."""
    if missing(answer):
        return None
    if isinstance(answer, (bool, np.bool_)):
        print(f"Answer with a number, not {answer!r}.")
        return None
    try:
        values = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        values = None
    if values is None or values.size != 1:
        shape = f" of shape {np.shape(answer)}" if values is not None else ""
        print(f"Answer with one number: {name} is {answer!r}{shape}. If it is an array, "
              "sum it over x or take the one entry you want (a score_table() has one column per parameter: [:, 0]).")
        return None
    return float(values[0])


def read_words(answer, synonyms):
    """answer as lower-case words, one space apart ("_" and "-" count as spaces), then spelled as synonyms says."""
    key = " ".join(str(answer).lower().replace("_", " ").replace("-", " ").split())
    return synonyms.get(key, key)


def read_sign(answer):
    """+1 or -1 from "+", "-", "positive", "negative" or a number; None if it is none of these."""
    if isinstance(answer, str):
        return SIGNS.get(answer.strip().lower())
    if isinstance(answer, (int, float, np.number)) and answer != 0:
        return int(np.sign(answer))
    return None


def check_sign(answer, value, right, hint, prefix=""):
    """Say whether answer ("+" or "-", or +1 or -1) is the sign of value: the text right if it is, else hint."""
    sign = read_sign(answer)
    if sign is None:
        print(f"{prefix}Answer '+' or '-' (or +1 or -1), not {answer!r}.")
    else:
        print(prefix + (right if sign == np.sign(value) else hint))
