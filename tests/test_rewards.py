"""Notebook 07's model and estimators against references computed another way.

References: the answers' probabilities multiplied out token by token in plain Python; finite differences of the
exact J, log-probabilities and KLs; every group of k = 2 answers enumerated pair by pair; for sampled claims, the
exact value within Z standard errors (seeds fixed).
"""

import itertools
import math

import numpy as np
import pytest

from helpers import rewards as R

Z = 4.0
EPS = 1e-6
FD_TOL = 1e-7  # central differences of smooth functions with EPS = 1e-6
EXACT = 1e-12
LM = R.TinyLM()
ANSWERS = R.all_answers(LM)
WINS = R.verifier(LM, ANSWERS)
GRADED = R.verifier(LM, ANSWERS, graded=True)


@pytest.fixture
def theta():
    return np.random.default_rng(7).standard_normal(LM.n_params) * 0.7


def finite_difference(fn, theta):
    return np.array([(fn(theta + EPS * e) - fn(theta - EPS * e)) / (2 * EPS) for e in np.eye(theta.size)])


def angle(a, b):
    return math.degrees(math.acos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1.0, 1.0)))


def test_every_answer_once_and_each_prompt_a_distribution(theta):
    assert len(ANSWERS) == sum(LM.vocab**m for m in range(LM.max_tokens + 1))
    assert len({tuple(row) for row in ANSWERS.tokens}) == len(ANSWERS)
    np.testing.assert_allclose(R.answer_probs(LM, theta, ANSWERS).sum(axis=1), 1.0, rtol=0, atol=EXACT)


def test_probability_is_the_product_of_the_token_probabilities(theta):
    logits = theta.reshape(LM.shape)
    for p, i in itertools.product(range(len(LM.targets)), [0, 1, 5, 40, len(ANSWERS) - 1]):
        tokens = [int(t) for t in ANSWERS.tokens[i] if t >= 0]
        prev, prob = LM.END, 1.0  # START shares END's index as a previous token
        for token in tokens + ([LM.END] if len(tokens) < LM.max_tokens else []):
            row = [math.exp(v) for v in logits[p, prev]]
            prob *= row[token] / sum(row)
            prev = token
        assert math.isclose(R.answer_probs(LM, theta, ANSWERS)[p, i], prob, rel_tol=1e-12)


def test_the_score_is_the_gradient_of_the_log_probability(theta):
    for p, i in [(0, 3), (1, 17), (2, len(ANSWERS) - 1)]:
        fd = finite_difference(lambda t, p=p, i=i: R.log_probs(LM, t, ANSWERS)[p, i], theta)
        np.testing.assert_allclose(R.scores(LM, theta, ANSWERS, p)[i], fd, rtol=0, atol=FD_TOL)


@pytest.mark.parametrize("rewards", [WINS, GRADED], ids=["0/1", "graded"])
def test_exact_gradient_against_finite_differences(theta, rewards):
    fd = finite_difference(lambda t: R.exact_objective(LM, t, ANSWERS, rewards), theta)
    np.testing.assert_allclose(R.exact_objective_gradient(LM, theta, ANSWERS, rewards), fd, rtol=0, atol=FD_TOL)


@pytest.mark.parametrize("baseline", R.BASELINES)
@pytest.mark.parametrize("per_token", [False, True])
@pytest.mark.parametrize("rewards", [WINS, GRADED], ids=["0/1", "graded"])
def test_exact_group_mean_equals_every_pair_enumerated(theta, baseline, per_token, rewards):
    probs, prompt = R.answer_probs(LM, theta, ANSWERS)[1], 1
    total = np.zeros(LM.n_params)
    for i, j in itertools.product(range(len(ANSWERS)), repeat=2):
        total += probs[i] * probs[j] * R.group_estimate(LM, theta, ANSWERS, prompt, [i, j], rewards, baseline,
                                                          per_token)
    exact = R.exact_group_mean(LM, theta, ANSWERS, prompt, rewards, baseline, 2, per_token)
    np.testing.assert_allclose(exact, total, rtol=0, atol=1e-12)


def prompt_gradient(theta, prompt, rewards):
    probs = R.answer_probs(LM, theta, ANSWERS)[prompt]
    return (probs * rewards[prompt]) @ R.scores(LM, theta, ANSWERS, prompt)


@pytest.mark.parametrize("k", [2, 3, 4])
@pytest.mark.parametrize("rewards", [WINS, GRADED], ids=["0/1", "graded"])
def test_no_baseline_and_leave_one_out_are_unbiased_and_the_batch_mean_is_k_minus_1_over_k(theta, k, rewards):
    for prompt in range(len(LM.targets)):
        exact = prompt_gradient(theta, prompt, rewards)
        mean = {b: R.exact_group_mean(LM, theta, ANSWERS, prompt, rewards, b, k) for b in R.BASELINES}
        np.testing.assert_allclose(mean["none"], exact, rtol=0, atol=EXACT)
        np.testing.assert_allclose(mean["leave-one-out"], exact, rtol=0, atol=EXACT)
        np.testing.assert_allclose(mean["batch mean"], (k - 1) / k * exact, rtol=0, atol=EXACT)


def test_leave_one_out_is_k_over_k_minus_1_times_the_batch_mean_group_by_group(theta):
    group = R.sample_group(LM, theta, ANSWERS, 2, 5, np.random.default_rng(3))
    loo = R.group_estimate(LM, theta, ANSWERS, 2, group, GRADED, "leave-one-out")
    mean = R.group_estimate(LM, theta, ANSWERS, 2, group, GRADED, "batch mean")
    np.testing.assert_allclose(loo, 5 / 4 * mean, rtol=0, atol=EXACT)


def grpo_factor(q, k):
    """E[A_1 | r_1 = 1] - E[A_1 | r_1 = 0] for GRPO's advantage with 0/1 rewards of success probability q, every
    group of the other k - 1 rewards summed: the factor by which GRPO scales one prompt's gradient."""
    total = 0.0
    for others in itertools.product((0.0, 1.0), repeat=k - 1):
        weight = math.prod(q if o else 1 - q for o in others)
        total += weight * (R.advantages([1.0, *others], "GRPO")[0] - R.advantages([0.0, *others], "GRPO")[0])
    return total


@pytest.mark.parametrize("k", [3, 4, 6])
def test_grpo_rescales_one_prompt_with_0_1_rewards_and_turns_graded_ones(theta, k):
    """Any function of a 0/1 reward is affine in it, so dividing by the group's standard deviation only rescales a
    prompt's gradient, by grpo_factor; graded rewards turn it."""
    for prompt in range(len(LM.targets)):
        exact = prompt_gradient(theta, prompt, WINS)
        grpo = R.exact_group_mean(LM, theta, ANSWERS, prompt, WINS, "GRPO", k)
        q = R.answer_probs(LM, theta, ANSWERS)[prompt] @ WINS[prompt]
        np.testing.assert_allclose(grpo, grpo_factor(q, k) * exact, rtol=1e-9, atol=EXACT)
    graded = [angle(R.exact_group_mean(LM, theta, ANSWERS, p, GRADED, "GRPO", k), prompt_gradient(theta, p, GRADED))
              for p in range(len(LM.targets))]
    assert max(graded) > 1.0


def test_grpo_weighs_prompts_by_their_difficulty_from_a_group_of_4():
    """With 3 answers a group is all equal or splits 1:2, whose standard deviation is the same either way: the
    factor is sqrt(2) at every difficulty. From 4 on it depends on the success rate q, so over prompts of different
    difficulty GRPO turns the gradient (Dr. GRPO's point)."""
    factors3 = [grpo_factor(q, 3) for q in (0.05, 0.3, 0.9)]
    np.testing.assert_allclose(factors3, math.sqrt(2) / (1 + R.GRPO_EPS * 3 / math.sqrt(2)), rtol=1e-9)
    factors4 = [grpo_factor(q, 4) for q in (0.05, 0.5, 0.95)]
    assert factors4[0] > factors4[1] + 0.05 and factors4[2] > factors4[1] + 0.05  # rare and common wins weigh more


