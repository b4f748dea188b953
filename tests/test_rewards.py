"""Notebook 08's model and estimators against references computed another way.

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
def group_estimates(theta, prompt, groups, rewards, baseline, per_token=False):
    """group_estimate of each row of groups (n, k), all at once."""
    a = R.advantages(rewards[prompt][groups], baseline)
    if per_token:
        a = a / ANSWERS.steps[groups]
    return np.einsum("nk,nkd->nd", a, R.scores(LM, theta, ANSWERS, prompt)[groups]) / groups.shape[1]


def test_group_estimates_is_group_estimate(theta):
    groups = np.random.default_rng(4).integers(len(ANSWERS), size=(3, 4))
    for baseline, per_token in itertools.product(R.BASELINES, [False, True]):
        one_by_one = [R.group_estimate(LM, theta, ANSWERS, 2, g, GRADED, baseline, per_token) for g in groups]
        np.testing.assert_allclose(group_estimates(theta, 2, groups, GRADED, baseline, per_token), one_by_one,
                                   rtol=0, atol=EXACT)


@pytest.mark.parametrize("baseline", R.BASELINES)
@pytest.mark.parametrize("per_token", [False, True])
@pytest.mark.parametrize("rewards", [WINS, GRADED], ids=["0/1", "graded"])
def test_exact_group_moments_equal_every_pair_enumerated(theta, baseline, per_token, rewards):
    probs, prompt = R.answer_probs(LM, theta, ANSWERS)[1], 1
    pairs = np.array(list(itertools.product(range(len(ANSWERS)), repeat=2)))
    g, weight = group_estimates(theta, prompt, pairs, rewards, baseline, per_token), probs[pairs].prod(axis=1)
    total, square = weight @ g, weight @ np.sum(g**2, axis=1)
    exact = R.exact_group_mean(LM, theta, ANSWERS, prompt, rewards, baseline, 2, per_token)
    np.testing.assert_allclose(exact, total, rtol=0, atol=EXACT)
    variance = R.exact_group_variance(LM, theta, ANSWERS, prompt, rewards, baseline, 2, per_token)
    assert math.isclose(variance, square - total @ total, rel_tol=1e-9)


@pytest.mark.parametrize("baseline", R.BASELINES)
def test_exact_group_moments_against_sampled_groups_of_5(theta, baseline):
    """Groups of 5 with graded rewards (9 values: 715 patterns of the other 4, 495 of 3), sampled: the mean of
    the estimates and of their squared distance to the exact mean within Z standard errors."""
    n, prompt = 40_000, 2
    groups = R.sample_group(LM, theta, ANSWERS, prompt, 5 * n, np.random.default_rng(11)).reshape(n, 5)
    g = group_estimates(theta, prompt, groups, GRADED, baseline)
    mean = R.exact_group_mean(LM, theta, ANSWERS, prompt, GRADED, baseline, 5)
    assert np.all(np.abs(g.mean(axis=0) - mean) <= Z * g.std(axis=0) / math.sqrt(n) + EXACT)
    distance = np.sum((g - mean) ** 2, axis=1)
    variance = R.exact_group_variance(LM, theta, ANSWERS, prompt, GRADED, baseline, 5)
    assert abs(distance.mean() - variance) <= Z * distance.std() / math.sqrt(n)


def test_reward_patterns_are_the_multinomial_distribution():
    q = np.array([0.2, 0.5, 0.3])
    patterns, weights = R.reward_patterns(q, 4)
    assert len(patterns) == math.comb(6, 4) and math.isclose(weights.sum(), 1.0, rel_tol=1e-12)
    by_tuple = {}
    for draw in itertools.product(range(3), repeat=4):  # every ordered draw, grouped by its multiset
        key = tuple(sorted(draw))
        by_tuple[key] = by_tuple.get(key, 0.0) + math.prod(q[j] for j in draw)
    for pattern, weight in zip(patterns, weights, strict=True):
        assert math.isclose(weight, by_tuple[tuple(pattern)], rel_tol=1e-12)


def test_too_many_reward_patterns_are_refused(theta):
    with pytest.raises(ValueError, match="patterns"):
        R.exact_group_mean(LM, theta, ANSWERS, 2, GRADED, "GRPO", 16)


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


def grpo_factor_by_every_draw(q, k):
    """grpo_factor from every ordered draw of the other k - 1 rewards, each with its probability."""
    total = 0.0
    for others in itertools.product((0.0, 1.0), repeat=k - 1):
        weight = math.prod(q if o else 1 - q for o in others)
        total += weight * (R.advantages([1.0, *others], "GRPO")[0] - R.advantages([0.0, *others], "GRPO")[0])
    return total


@pytest.mark.parametrize("k", [2, 3, 5, 8])
def test_grpo_factor_sums_every_draw_of_the_others(k):
    for q in (0.05, 0.5, 0.9):
        assert math.isclose(R.grpo_factor(q, k), grpo_factor_by_every_draw(q, k), rel_tol=1e-12)


@pytest.mark.parametrize("k", [3, 4, 6])
def test_grpo_rescales_one_prompt_with_0_1_rewards_and_turns_graded_ones(theta, k):
    """Any function of a 0/1 reward is affine in it, so dividing by the group's standard deviation only rescales a
    prompt's gradient, by grpo_factor; graded rewards turn it."""
    for prompt in range(len(LM.targets)):
        exact = prompt_gradient(theta, prompt, WINS)
        grpo = R.exact_group_mean(LM, theta, ANSWERS, prompt, WINS, "GRPO", k)
        q = R.answer_probs(LM, theta, ANSWERS)[prompt] @ WINS[prompt]
        np.testing.assert_allclose(grpo, R.grpo_factor(q, k) * exact, rtol=1e-9, atol=EXACT)
    graded = [angle(R.exact_group_mean(LM, theta, ANSWERS, p, GRADED, "GRPO", k), prompt_gradient(theta, p, GRADED))
              for p in range(len(LM.targets))]
    assert max(graded) > 1.0


def test_grpo_weighs_prompts_by_their_difficulty_from_a_group_of_4():
    """With 3 answers a group is all equal or splits 1:2, whose standard deviation is the same either way: the
    factor is sqrt(2) at every difficulty. From 4 on it depends on the success rate q, so over prompts of different
    difficulty GRPO turns the gradient (Dr. GRPO's point)."""
    factors3 = [R.grpo_factor(q, 3) for q in (0.05, 0.3, 0.9)]
    np.testing.assert_allclose(factors3, math.sqrt(2) / (1 + R.GRPO_EPS * 3 / math.sqrt(2)), rtol=1e-9)
    factors4 = [R.grpo_factor(q, 4) for q in (0.05, 0.5, 0.95)]
    assert factors4[0] > factors4[1] + 0.05 and factors4[2] > factors4[1] + 0.05  # rare and common wins weigh more




def test_length_normalisation_turns_every_prompts_gradient(theta):
    """Dividing each term by |y| weighs short answers more: the mean is no longer along the exact gradient."""
    for prompt in range(len(LM.targets)):
        per_token = R.exact_group_mean(LM, theta, ANSWERS, prompt, WINS, "leave-one-out", 4, per_token=True)
        assert angle(per_token, prompt_gradient(theta, prompt, WINS)) > 1.0


def test_the_surrogate_loss_has_minus_the_estimate_as_its_gradient(theta):
    group = R.sample_group(LM, theta, ANSWERS, 0, 6, np.random.default_rng(5))
    for baseline in R.BASELINES:
        adv = R.advantages(WINS[0, group], baseline)
        fd = finite_difference(lambda t, adv=adv: R.surrogate_loss(LM, t, ANSWERS, 0, group, adv), theta)
        estimate = R.group_estimate(LM, theta, ANSWERS, 0, group, WINS, baseline)
        np.testing.assert_allclose(-fd, estimate, rtol=0, atol=FD_TOL)


def test_the_ratio_loss_is_minus_the_mean_advantage_with_the_surrogates_gradient_at_theta_old(theta):
    group = R.sample_group(LM, theta, ANSWERS, 1, 6, np.random.default_rng(6))
    adv = R.advantages(GRADED[1, group], "GRPO")
    assert math.isclose(R.ratio_loss(LM, theta, theta, ANSWERS, 1, group, adv), -adv.mean(), rel_tol=1e-12)
    ratio = finite_difference(lambda t: R.ratio_loss(LM, t, theta, ANSWERS, 1, group, adv), theta)
    surrogate = finite_difference(lambda t: R.surrogate_loss(LM, t, ANSWERS, 1, group, adv), theta)
    np.testing.assert_allclose(ratio, surrogate, rtol=0, atol=FD_TOL)


def test_kl_and_its_gradient_against_finite_differences(theta):
    reference = R.reference_model(LM)
    fd = finite_difference(lambda t: R.exact_kl(LM, t, reference, ANSWERS), theta)
    np.testing.assert_allclose(R.exact_kl_gradient(LM, theta, reference, ANSWERS), fd, rtol=0, atol=FD_TOL)
    assert R.exact_kl(LM, reference, reference, ANSWERS) == 0.0 < R.exact_kl(LM, theta, reference, ANSWERS)


def kl_of_prompt(a, b, prompt):
    """KL(pi_a || pi_b) for one prompt, summed over every answer."""
    la, lb = R.log_probs(LM, a, ANSWERS)[prompt], R.log_probs(LM, b, ANSWERS)[prompt]
    return float(np.exp(la) @ (la - lb))


@pytest.mark.parametrize("prompt", range(len(LM.targets)))
def test_k1_has_mean_gradient_zero_k2_the_right_one_and_k3_the_other_kl(theta, prompt):
    """The formulas, and the losses themselves by finite differences (each answer's probability held at theta),
    against finite differences of the two KLs."""
    reference = R.reference_model(LM)
    losses = {"k1": lambda r: -r, "k2": lambda r: r**2 / 2, "k3": lambda r: np.exp(r) - 1 - r}  # of r = log rho
    expected = {"k1": 0.0, "k2": finite_difference(lambda t: kl_of_prompt(t, reference, prompt), theta),
                "k3": finite_difference(lambda t: kl_of_prompt(reference, t, prompt), theta)}
    means = R.kl_loss_gradients(LM, theta, reference, ANSWERS, prompt)
    held, log_ref = R.answer_probs(LM, theta, ANSWERS)[prompt], R.log_probs(LM, reference, ANSWERS)[prompt]
    for name, loss in losses.items():
        fd = finite_difference(lambda t, f=loss: held @ f(log_ref - R.log_probs(LM, t, ANSWERS)[prompt]), theta)
        np.testing.assert_allclose(means[name], expected[name], rtol=0, atol=FD_TOL)
        np.testing.assert_allclose(fd, expected[name], rtol=0, atol=FD_TOL)
    np.testing.assert_allclose(means["k1"], 0.0, rtol=0, atol=EXACT)


@pytest.mark.parametrize("prompt", range(len(LM.targets)))
def test_k3_per_token_averages_to_the_kl_but_its_gradient_weights_each_row_by_how_often_pi_visits_it(theta, prompt):
    """Against finite differences of the per-token loss (answers held fixed) and of KL(pi_ref || pi)."""
    reference = R.reference_model(LM)
    lp = R.log_probs(LM, theta, ANSWERS)[prompt]
    np.testing.assert_allclose(R.step_log_probs(LM, theta, ANSWERS, prompt).sum(axis=1), lp, rtol=0, atol=EXACT)
    held, values = np.exp(lp), R.per_token_k3(LM, theta, reference, ANSWERS, prompt)
    assert values.min() >= 0 and math.isclose(held @ values, kl_of_prompt(theta, reference, prompt), rel_tol=1e-12)
    loss = finite_difference(lambda t: held @ R.per_token_k3(LM, t, reference, ANSWERS, prompt), theta)
    per_token = R.visit_weighted_gap(LM, theta, reference, ANSWERS, prompt, visitor=theta)
    np.testing.assert_allclose(per_token, loss, rtol=0, atol=FD_TOL)
    other = finite_difference(lambda t: kl_of_prompt(reference, t, prompt), theta)  # grad KL(pi_ref || pi)
    np.testing.assert_allclose(R.visit_weighted_gap(LM, theta, reference, ANSWERS, prompt, visitor=reference), other,
                               rtol=0, atol=FD_TOL)
    right = finite_difference(lambda t: kl_of_prompt(t, reference, prompt), theta)  # grad KL(pi || pi_ref)
    assert angle(per_token, other) > 1 and angle(per_token, right) > 1  # neither KL's gradient


def test_training_takes_the_steps_of_group_estimate_on_sample_groups():
    """train, vectorised over prompts, against one prompt at a time with sample_group and group_estimate."""
    reference, alpha, k, beta = R.reference_model(LM), 1.5, 5, 0.3
    run = R.train(LM, reference, ANSWERS, WINS, alpha, 4, k, np.random.default_rng(2), baseline="GRPO", beta=beta)
    rng, theta = np.random.default_rng(2), reference.reshape(-1)
    for params in run.params[1:]:
        step = np.zeros(LM.n_params)
        for prompt in range(len(LM.targets)):
            group = R.sample_group(LM, theta, ANSWERS, prompt, k, rng)
            log_ratio = R.log_probs(LM, theta, ANSWERS)[prompt] - R.log_probs(LM, reference, ANSWERS)[prompt]
            step += R.group_estimate(LM, theta, ANSWERS, prompt, group, WINS, "GRPO")
            step -= beta * log_ratio[group] @ R.scores(LM, theta, ANSWERS, prompt)[group] / k
        theta = theta + alpha * step / len(LM.targets)
        np.testing.assert_allclose(params, theta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(run.objective, [R.exact_objective(LM, t, ANSWERS, WINS) for t in run.params],
                               rtol=0, atol=EXACT)
    np.testing.assert_allclose(run.kl, [R.exact_kl(LM, t, reference, ANSWERS) for t in run.params], rtol=0, atol=EXACT)


@pytest.mark.parametrize("seed", range(5))
def test_training_learns_the_task_and_the_kl_penalty_holds_the_model_near_the_reference(seed):
    """The claims of notebook 08's training section, for several seeds."""
    reference = R.reference_model(LM)
    free, held = (R.train(LM, reference, ANSWERS, WINS, 2.0, 150, 8, np.random.default_rng(seed), beta=beta)
                  for beta in (0.0, 0.5))
    assert free.objective[0] < 0.1 and free.objective[-1] > 0.6
    assert held.kl[-1] < free.kl[-1] / 4


def test_bad_input_is_refused():
    reference = R.reference_model(LM)
    for kwargs, match in [({"alpha": 0.0}, "alpha"), ({"k": 0}, "k="), ({"updates": 1.5}, "updates")]:
        args = {"alpha": 1.0, "updates": 2, "k": 4, **kwargs}
        with pytest.raises(ValueError, match=match):
            R.train(LM, reference, ANSWERS, WINS, args["alpha"], args["updates"], args["k"], np.random.default_rng(0))
    with pytest.raises(ValueError, match="baseline"):
        R.advantages([1.0, 0.0], "median")
    with pytest.raises(ValueError, match="leave-one-out"):
        R.advantages([1.0], "leave-one-out")
    with pytest.raises(ValueError, match="theta"):
        R.log_probs(LM, np.full(LM.n_params, np.nan), ANSWERS)


def test_estimate_quality_of_the_unbiased_baselines_and_the_batch_mean(theta):
    for baseline, size in [("none", 1.0), ("leave-one-out", 1.0), ("batch mean", 3 / 4)]:
        quality = R.estimate_quality(LM, theta, ANSWERS, WINS, baseline, 4)
        assert quality.angle < 1e-5 and math.isclose(quality.size, size, rel_tol=1e-9) and quality.spread > 0


@pytest.mark.parametrize("rewards", [WINS, GRADED], ids=["0/1", "graded"])
def test_best_constant_baseline_has_the_least_variance(theta, rewards):
    """Var[(r - b) s] = E[(r - b)^2 |s|^2] - |E[r s]|^2 (E[s] = 0), by enumeration, is least at b*."""
    probs = R.answer_probs(LM, theta, ANSWERS)[1]
    size = np.sum(R.scores(LM, theta, ANSWERS, 1) ** 2, axis=1)

    def variance(b):
        return probs @ ((rewards[1] - b) ** 2 * size) - np.sum(prompt_gradient(theta, 1, rewards) ** 2)

    b_star, success = R.best_constant_baseline(LM, theta, ANSWERS, rewards, 1)
    assert math.isclose(success, probs @ rewards[1], rel_tol=1e-12)
    assert variance(b_star) < min(variance(b_star - 1e-3), variance(b_star + 1e-3))
