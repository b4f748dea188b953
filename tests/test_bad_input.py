"""Bad input raises ValueError naming the argument, the value and what was expected."""

import numpy as np
import pytest

import helpers as h
from helpers.exercises import ascent as ascent_exercises
from helpers.exercises import episodes as episodes_exercises
from helpers.exercises import reinforce as reinforce_exercises
from helpers.exercises import trick as trick_exercises
from helpers.exercises import variance as variance_exercises

DIST = h.Categorical([0.0, 1.0, 2.0])
F = np.square


@pytest.mark.parametrize("n", [0, -3, 2.5, "10", None, True])
def test_sample_count(n, rng):
    with pytest.raises(ValueError, match=rf"n={n!r}: expected an integer >= 1"):
        h.score_function_estimate(DIST, F, n, rng)


@pytest.mark.parametrize("make", [
    lambda: h.Categorical([0.0, np.nan]),
    lambda: h.Categorical([[0.0, 1.0]]),
    lambda: h.Categorical([1.0]),
    lambda: h.Bernoulli(np.inf),
    lambda: h.Bernoulli([0.0, 1.0]),
    lambda: h.Binomial(0.0, trials=0),
    lambda: h.Gaussian(0.0, np.nan),
    lambda: DIST.with_params([1.0, 2.0]),
])
def test_bad_parameters(make):
    with pytest.raises(ValueError, match=r"=.*expected"):
        make()


def test_message_names_argument_value_and_expectation():
    with pytest.raises(ValueError, match=r"log_std=nan: expected finite numbers"):
        h.Gaussian(0.0, np.nan)
    with pytest.raises(ValueError, match=r"logit=\[0.0, 1.0\]: expected 1 numbers"):
        h.Bernoulli([0.0, 1.0])


def test_f_with_wrong_shape():
    with pytest.raises(ValueError, match=r"f returned shape \(2,\) for x of shape \(3,\)"):
        h.exact_expectation(DIST, lambda x: np.ones(2))


def test_f_with_non_finite_values(rng):
    with np.errstate(divide="ignore"):
        with pytest.raises(ValueError, match=r"f\(x\) is -inf at x=0: expected finite values"):
            h.exact_gradient(DIST, np.log)
        with pytest.raises(ValueError, match=r"f\(x\) is inf at x="):
            h.score_function_estimate(DIST, lambda x: 1 / (x - 1), 1000, rng)


def test_outcomes_outside_the_support():
    with pytest.raises(ValueError, match=r"expected integer outcomes in 0..2"):
        DIST.score([0, 3])
    with pytest.raises(ValueError, match=r"expected integer outcomes in 0..2"):
        DIST.log_prob([0.5])


def test_baseline_of_wrong_size(rng):
    with pytest.raises(ValueError, match=r"baseline=.*expected one finite number or 3"):
        h.score_function_estimate(DIST, F, 10, rng, baseline=[1.0, 2.0])


def test_scalar_f_is_broadcast():
    assert h.exact_expectation(DIST, lambda x: 2.0) == pytest.approx(2.0)


ONE_NUMBER_CHECKS = {  # each exercise check that asks for one number, with the arguments before it
    "ascent.check_objective": (ascent_exercises.check_objective, ()),
    "trick.check_samples_needed": (trick_exercises.check_samples_needed, ()),
    "variance.check_optimal_baseline": (variance_exercises.check_optimal_baseline, ()),
    "variance.check_samples_needed": (variance_exercises.check_samples_needed, (100,)),
    "episodes.check_trajectory_probability": (episodes_exercises.check_trajectory_probability, ()),
    "reinforce.check_corridor_value": (reinforce_exercises.check_corridor_value, ()),
}


@pytest.mark.parametrize("name", sorted(ONE_NUMBER_CHECKS))
def test_a_number_in_an_array_is_that_number_and_many_numbers_get_a_hint(name, capsys):
    check, before = ONE_NUMBER_CHECKS[name]
    check(*before, 0.4702)
    as_number = capsys.readouterr().out
    check(*before, np.array([0.4702]))
    assert capsys.readouterr().out == as_number
    check(*before, np.linspace(0, 1, 11))  # a whole column of terms, not yet summed
    out = capsys.readouterr().out
    assert "Answer with one number" in out and "(11,)" in out
    check(*before, "many")
    assert "Answer with one number" in capsys.readouterr().out
