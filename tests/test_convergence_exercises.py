"""The exercise checks of notebook 03 accept the right answers, reject wrong ones, and say so in words.

References: the signs from central finite differences of J; the 1/sqrt(N) law; the softmax's zero sum.
"""

import numpy as np
import pytest

import helpers as h
from helpers.exercises import convergence as exercises


def said(capsys):
    return capsys.readouterr().out


def right_signs():
    """The signs of dJ/dtheta at THETA for the exercise's two f, by central finite differences."""
    coin = h.Binomial(exercises.THETA, trials=10)
    return ["+" if h.central_difference(coin, h.parse_function(text))[0] > 0 else "-"
            for text in exercises.SIGN_FUNCTIONS.values()]


def test_right_answers_are_praised(capsys):
    exercises.check_gradient_signs(*right_signs())
    exercises.check_samples_to_halve(4 * exercises.N_BEFORE)
    exercises.check_component_sum(0)
    assert said(capsys).lower().count("right") == 4  # one for each sign, one for each other answer


def test_wrong_answers_get_a_hint(capsys):
    exercises.check_gradient_signs(*["-" if sign == "+" else "+" for sign in right_signs()])
    exercises.check_samples_to_halve(2 * exercises.N_BEFORE)
    exercises.check_component_sum(1)
    exercises.check_gradient_signs(None, "+")
    out = said(capsys)
    assert "right" not in out.lower() and out.lower().count("not quite") == 3
    assert "Twice the samples" in out and "No answer" in out


@pytest.mark.parametrize("check", [exercises.check_samples_to_halve, exercises.check_component_sum])
@pytest.mark.parametrize("answer", ["3/4", "many", [1, 2], True, False])
def test_an_answer_that_is_not_one_number_gets_a_message_not_a_crash(check, answer, capsys):
    check(answer)
    out = said(capsys)
    assert out.startswith("Answer with") and "right" not in out.lower()


def test_a_number_written_as_text_is_read(capsys):
    exercises.check_samples_to_halve(str(4 * exercises.N_BEFORE))
    exercises.check_component_sum("0")
    assert said(capsys).count("Right") == 2


def test_the_sign_hint_says_where_the_probability_moves():
    """d p(x|theta) / d theta = p(x) (x - mean): x = 4 to 7 lose (most of the loss), x = 8 to 10 gain."""
    coin = h.Binomial(exercises.THETA, trials=10)
    change = coin.probs * (coin.support - coin.probs @ coin.support)
    assert np.isclose(coin.probs @ coin.support, 7.3, atol=0.05)  # the mean number of heads, 10 s(1)
    assert np.all(change[:8] < 0) and np.all(change[8:] > 0)
    assert change[4:8].sum() / change[:8].sum() > 0.9
