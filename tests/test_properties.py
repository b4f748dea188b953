"""Property-based tests over random logits, including values near +-1000."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import helpers as h

logits = st.integers(2, 8).flatmap(
    lambda k: arrays(np.float64, k, elements=st.floats(-1000, 1000, allow_nan=False)))
tables = arrays(np.float64, 8, elements=st.floats(-100, 100, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(logits)
def test_probs_are_a_distribution(theta):
    p = h.Categorical(theta).probs
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    assert abs(p.sum() - 1.0) < 1e-12


@settings(max_examples=200, deadline=None)
@given(logits)
def test_expected_score_is_zero(theta):
    dist = h.Categorical(theta)
    score = dist.score(dist.support)
    assert np.all(np.isfinite(score))
    np.testing.assert_allclose(dist.probs @ score, 0.0, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(logits, tables)
def test_exact_gradient_is_p_times_centred_f(theta, table):
    dist = h.Categorical(theta)
    fx = table[: theta.size]
    p = dist.probs
    expected = p * (fx - p @ fx)
    np.testing.assert_allclose(h.exact_gradient(dist, lambda x: fx[x]), expected, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.floats(-1000, 1000), st.integers(1, 30))
def test_binomial_is_finite_and_normalised(theta, trials):
    dist = h.Binomial(theta, trials)
    assert np.all(np.isfinite(dist.log_probs()))
    assert abs(dist.probs.sum() - 1.0) < 1e-12
    np.testing.assert_allclose(dist.probs @ dist.score(dist.support), 0.0, atol=1e-9 * trials)


@settings(max_examples=100, deadline=None)
@given(logits, st.integers(0, 2**32 - 1))
def test_samples_lie_in_the_support(theta, seed):
    dist = h.Categorical(theta)
    x = dist.sample(50, np.random.default_rng(seed))
    assert x.shape == (50,) and x.min() >= 0 and x.max() < theta.size
    assert np.all(dist.probs[x] > 0)
