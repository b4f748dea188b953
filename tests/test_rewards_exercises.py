"""The exercise checks of notebook 08 accept the answer computed another way and hint otherwise.

References: the unbiased baselines and the batch mean's factor (k - 1)/k from the exact group means of the model
(every answer enumerated), and the leave-one-out advantages written out by hand from their definition.
"""

import numpy as np
import pytest

from helpers import rewards
from helpers.exercises import rewards as exercises


def printed(check, answer, capsys):
    check(answer)
    return capsys.readouterr().out


def unbiased_and_factor(k=4):
    """The baselines whose exact group mean is the exact gradient, and the batch mean's length ratio, at k."""
    lm = rewards.TinyLM()
    answers = rewards.all_answers(lm)
    wins = rewards.verifier(lm, answers)
    theta = np.random.default_rng(3).standard_normal(lm.n_params)
    quality = {b: rewards.estimate_quality(lm, theta, answers, wins, b, k) for b in rewards.BASELINES}
    unbiased = [b for b, q in quality.items() if q.angle < 1e-5 and abs(q.size - 1) < 1e-9]
    return unbiased, quality["batch mean"].size


def test_baselines_accept_the_enumerated_answer(capsys):
    unbiased, factor = unbiased_and_factor()
    assert printed(exercises.check_baselines, {"unbiased": unbiased, "batch mean factor": factor},
                   capsys).startswith("Right")
    assert printed(exercises.check_baselines, {"unbiased": ["No baseline", "RLOO"], "batch mean factor": 0.75},
                   capsys).startswith("Right")


@pytest.mark.parametrize("answer, hint", [
    ({"unbiased": ["none", "leave-one-out", "GRPO"], "batch mean factor": 0.75}, "leave the answer's own reward out"),
    ({"unbiased": ["none", "leave-one-out"], "batch mean factor": 4 / 3}, "the other way"),
    ({"unbiased": ["none", "leave-one-out"], "batch mean factor": 0.5}, "r_i / k"),
    ("none", "a dict of two entries"),
    ({"unbiased": "none", "batch mean factor": 0.75}, "leave the answer's own reward out"),
])
def test_baselines_hint(answer, hint, capsys):
    out = printed(exercises.check_baselines, answer, capsys)
    assert out.startswith("Not quite") or "Answer with" in out
    assert hint in out


def test_baselines_accept_other_spellings(capsys):
    for names in (["none", "loo"], ["No_Baseline", "leave_one_out"], ("none", "Leave-One-Out")):
        assert printed(exercises.check_baselines, {"unbiased": names, "batch mean factor": 3 / 4},
                       capsys).startswith("Right")


@pytest.mark.parametrize("factor", ["3/4", "three quarters", [0.75, 0.25]])
def test_baselines_factor_not_a_number_gets_a_message(factor, capsys):
    out = printed(exercises.check_baselines, {"unbiased": ["none", "leave-one-out"], "batch mean factor": factor},
                  capsys)
    assert "one number" in out


def test_baselines_factor_as_numeric_text_is_read(capsys):
    assert printed(exercises.check_baselines, {"unbiased": ["none", "leave-one-out"], "batch mean factor": "0.75"},
                   capsys).startswith("Right")


def test_rloo_advantages_accept_fractions_and_decimals(capsys):
    by_hand = [1 - (0 + 0 + 1) / 3, 0 - (1 + 0 + 1) / 3, 0 - (1 + 0 + 1) / 3, 1 - (1 + 0 + 0) / 3]
    assert printed(exercises.check_rloo_advantages, by_hand, capsys).startswith("Right")
    assert printed(exercises.check_rloo_advantages, [0.6667, -0.6667, -0.6667, 0.6667], capsys).startswith("Right")
    assert printed(exercises.check_rloo_advantages, [0.67, -0.67, -0.67, 0.67], capsys).startswith("Right")


def test_rloo_advantages_as_text_get_a_hint(capsys):
    out = printed(exercises.check_rloo_advantages, ["2/3", "-2/3", "-2/3", "2/3"], capsys)
    assert "list of 4 numbers" in out
    example = [float(x) for x in out.split("e.g. [")[1].split("]")[0].split(",")]
    for baseline in rewards.BASELINES:  # the format example gives no answer away
        assert not np.allclose(example, rewards.advantages(exercises.GROUP, baseline), atol=exercises.TOLERANCE)


def test_rloo_advantages_of_the_wrong_count_say_so(capsys):
    assert "yours has 3" in printed(exercises.check_rloo_advantages, [2 / 3, -2 / 3, 2 / 3], capsys)


@pytest.mark.parametrize("answer, hint", [([0.5, -0.5, -0.5, 0.5], "batch mean"), ([1, 0, 0, 1], "mean of the other")])
def test_rloo_advantages_hint(answer, hint, capsys):
    out = printed(exercises.check_rloo_advantages, answer, capsys)
    assert out.startswith("Not quite") and hint in out


def test_no_answer_yet(capsys):
    assert "No answer yet" in printed(exercises.check_baselines, None, capsys)
    assert "No answer yet" in printed(exercises.check_rloo_advantages, None, capsys)
