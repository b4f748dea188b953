"""Notebook 08: a tiny language model trained from rewards, small enough that every answer can be enumerated.

A prompt p asks for tokens that add up to its target. The model writes y = (y_1, ..., y_m), each token drawn from
softmax(theta[p, previous token]) over the V tokens (worth 1..V) and END; the answer ends at END or after
`max_tokens` tokens. log pi(y|p) is the sum of the log-probabilities of its steps (END included when drawn), so
the score of an answer is the sum of its steps' scores. A verifier scores the whole answer; it is never
differentiated. With every answer enumerated, each estimator used to train language models (REINFORCE, RLOO,
GRPO, the KL penalty) is checked against exact values. Numbers only: no figures here.
"""

import itertools
import math
from dataclasses import dataclass

import numpy as np

from .checks import check_sample_count, check_scalar, check_step_size
from .distributions import log_softmax

BASELINES = ("none", "batch mean", "leave-one-out", "GRPO")
MAX_PATTERNS = 20_000  # reward patterns of the other answers summed exactly; past this, refuse
GRPO_EPS = 1e-4  # added to the group's standard deviation, as GRPO trainers do, so a group of equal rewards is 0


@dataclass(frozen=True, eq=False)
class TinyLM:
    """The model's shape: `vocab` tokens (worth 1..vocab), answers of at most `max_tokens` tokens, one target each
    prompt. theta has one logit per (prompt, previous token or START, next token or END): shape (P, V + 1, V + 1).
    """

    vocab: int = 3
    max_tokens: int = 4
    targets: tuple = (3, 5, 8)

    @property
    def END(self):
        return self.vocab  # as a next token; as a previous token the same index means START

    @property
    def shape(self):
        return (len(self.targets), self.vocab + 1, self.vocab + 1)

    @property
    def n_params(self):
        return int(np.prod(self.shape))


@dataclass(frozen=True, eq=False)
class Answers:
    """Every answer, once: tokens (M, max_tokens) padded with -1, and the (previous, next) pair of each step.

    steps_prev, steps_next: (M, max_tokens + 1), -1 after the last step; lengths: (M,) tokens.
    pairs: (M, V + 1, V + 1), how often each answer steps from a previous token (or START) to a next (or END).
    """

    tokens: np.ndarray
    lengths: np.ndarray
    steps_prev: np.ndarray
    steps_next: np.ndarray
    pairs: np.ndarray

    @property
    def steps(self):
        """Steps of each answer: its tokens, and END if it was drawn: shape (M,)."""
        return (self.steps_next >= 0).sum(axis=1)

    @property
    def totals(self):
        """The sum of each answer's token values (token k is worth k + 1): shape (M,)."""
        return np.where(self.tokens >= 0, self.tokens + 1, 0).sum(axis=1)

    def __len__(self):
        return self.tokens.shape[0]


def all_answers(lm):
    """Every answer of 0..max_tokens tokens: sum_m V^m of them, the longest without END."""
    V, L = lm.vocab, lm.max_tokens
    rows = [np.array(seq, dtype=int) for m in range(L + 1) for seq in itertools.product(range(V), repeat=m)]
    tokens = np.full((len(rows), L), -1)
    prev = np.full((len(rows), L + 1), -1)
    nxt = np.full((len(rows), L + 1), -1)
    for i, seq in enumerate(rows):
        m = seq.size
        tokens[i, :m] = seq
        path = np.concatenate([[V], seq])  # START, then the tokens
        following = np.concatenate([seq, [V]]) if m < L else seq  # END after the tokens unless the answer is full
        prev[i, :following.size], nxt[i, :following.size] = path[:following.size], following
    pairs = np.zeros((len(rows), V + 1, V + 1))
    for t in range(L + 1):
        alive = nxt[:, t] >= 0
        np.add.at(pairs, (np.flatnonzero(alive), prev[alive, t], nxt[alive, t]), 1.0)
    return Answers(tokens, np.array([r.size for r in rows]), prev, nxt, pairs)


def check_theta(lm, theta):
    theta = np.asarray(theta, dtype=float)
    if theta.size != lm.n_params or not np.all(np.isfinite(theta)):
        raise ValueError(f"theta of shape {theta.shape}: expected {lm.n_params} finite logits, {lm.shape}")
    return theta.reshape(lm.shape)


def log_probs(lm, theta, answers):
    """log pi(y|p) of every answer for every prompt: shape (P, M)."""
    logp = log_softmax(check_theta(lm, theta))  # (P, V + 1, V + 1), softmax over the last axis
    return np.einsum("mrc,prc->pm", answers.pairs, logp)  # sum over the steps of log pi(next | previous)


def answer_probs(lm, theta, answers):
    """pi(y|p) of every answer for every prompt: shape (P, M); each row sums to 1."""
    return np.exp(log_probs(lm, theta, answers))


def next_token_log_probs(lm, theta, prompt):
    """log pi(next | previous) for one prompt: shape (V + 1, V + 1), a row per previous token (or START)."""
    return log_softmax(check_theta(lm, theta))[prompt]


def scores(lm, theta, answers, prompt):
    """grad_theta log pi(y|prompt) of every answer, the sum of its steps' scores: shape (M, n_params)."""
    probs = np.exp(next_token_log_probs(lm, theta, prompt))  # (V + 1, V + 1)
    g = np.zeros((len(answers), *lm.shape))
    g[:, prompt] = pair_scores(answers.pairs, probs)
    return g.reshape(len(answers), -1)


def pair_scores(pairs, probs):
    """The score in one prompt's rows of logits: each step from prev to next adds onehot(next) - pi(.|prev) to row
    prev. pairs (..., V + 1, V + 1): the count of each (prev, next) in an answer; probs: pi(next|prev), broadcast."""
    return pairs - pairs.sum(axis=-1, keepdims=True) * probs


def verifier(lm, answers, graded=False):
    """The reward of every answer for every prompt, (P, M): 1 if its tokens add up to the target, else 0;
    graded: 1 - |total - target| / target, at least 0."""
    totals, targets = answers.totals[None, :], np.array(lm.targets)[:, None]
    if graded:
        return np.maximum(1.0 - np.abs(totals - targets) / targets, 0.0)
    return (totals == targets).astype(float)


def reference_model(lm, end_logit=1.0):
    """The model training starts from: every logit 0 but END's, so each answer ends early and rarely succeeds."""
    theta = np.zeros(lm.shape)
    theta[:, :, lm.END] = end_logit
    return theta


def exact_objective(lm, theta, answers, rewards):
    """J(theta) = mean over prompts of sum_y pi(y|p) r(y, p), by enumeration."""
    return float(np.mean(np.sum(answer_probs(lm, theta, answers) * rewards, axis=1)))


def exact_objective_gradient(lm, theta, answers, rewards):
    """grad J = mean over prompts of sum_y pi(y|p) r(y, p) grad log pi(y|p), by enumeration: shape (n_params,)."""
    probs = answer_probs(lm, theta, answers)
    return np.mean([(probs[p] * rewards[p]) @ scores(lm, theta, answers, p) for p in range(len(lm.targets))],
                   axis=0)


def advantages(rewards, baseline):
    """A_i of each answer of a group from the rewards r (..., k): r - b_i, for the baseline named.

    none: b = 0; batch mean: b = mean(r); leave-one-out: b_i = mean of the others (RLOO);
    GRPO: (r - mean(r)) / (std(r) + GRPO_EPS), std over the group (ddof = 0).
    """
    r = np.asarray(rewards, dtype=float)
    k = r.shape[-1]
    if baseline not in BASELINES:
        raise ValueError(f"baseline={baseline!r}: expected one of {', '.join(map(repr, BASELINES))}")
    if baseline == "none":
        return r
    mean = r.mean(axis=-1, keepdims=True)
    if baseline == "batch mean":
        return r - mean
    if baseline == "leave-one-out":
        if k < 2:
            raise ValueError("a leave-one-out baseline needs a group of at least 2")
        return r - (r.sum(axis=-1, keepdims=True) - r) / (k - 1)
    return (r - mean) / (r.std(axis=-1, keepdims=True) + GRPO_EPS)


def best_constant_baseline(lm, theta, answers, rewards, prompt):
    """b* = E[r |s|^2] / E[|s|^2], s = grad log pi(y|prompt): the constant b that gives (r - b) s the least total
    variance for one answer (notebook 04's b*, for a vector score); returned with the success rate E[r]."""
    probs = answer_probs(lm, theta, answers)[prompt]
    size = np.sum(scores(lm, theta, answers, prompt) ** 2, axis=1)
    return float((probs * rewards[prompt]) @ size / (probs @ size)), float(probs @ rewards[prompt])


def grpo_factor(q, k):
    """b = E[A_1 | r_1 = 1] - E[A_1 | r_1 = 0] for GRPO's advantage of 0/1 rewards with success rate q, over every
    pattern of the other k - 1 rewards: with a 0/1 reward, GRPO's mean for one prompt is b times its exact gradient."""
    q, k = check_scalar(q, "q"), check_sample_count(k, "k")
    patterns, weight = reward_patterns(np.array([1.0 - q, q]), k - 1)  # value index 1: a success
    win, loss = advantages_given(np.array([[1.0], [0.0]]), patterns.astype(float), "GRPO")[..., 0]
    return float((win - loss) @ weight)


def group_estimate(lm, theta, answers, prompt, group, rewards, baseline, per_token=False):
    """(1/k) sum_i A_i grad log pi(y_i|prompt) for the answers `group` (indices (k,)): shape (n_params,).

    per_token: each term divided by its answer's number of steps |y_i| (GRPO's length normalisation).
    """
    group = np.asarray(group)
    a = advantages(rewards[prompt, group], baseline)
    if per_token:
        a = a / answers.steps[group]
    return a @ scores(lm, theta, answers, prompt)[group] / group.size


def reward_patterns(q, n):
    """Every multiset of n rewards drawn independently with P(value j) = q[j], and its probability.

    Returns (patterns (m, n) of value indices, weights (m,)): the weight of a multiset is its multinomial count
    times the product of its q's. Every baseline is symmetric in the other answers, so their rewards matter only
    as a multiset: C(v + n - 1, n) of them for v values, refused past MAX_PATTERNS.
    """
    count = math.comb(q.size + n - 1, n)
    if count > MAX_PATTERNS:
        raise ValueError(f"{q.size} reward values give {count:,} patterns of {n} other answers, more than "
                         f"{MAX_PATTERNS:,}; expected a smaller group or fewer reward values")
    patterns = np.array(list(itertools.combinations_with_replacement(range(q.size), n)), dtype=int).reshape(count, n)
    counts = (patterns[:, :, None] == np.arange(q.size)).sum(axis=1)  # (m, v): how often each value appears
    factorials = np.array([math.factorial(i) for i in range(n + 1)], dtype=float)
    return patterns, factorials[n] / factorials[counts].prod(axis=1) * np.prod(q ** counts, axis=1)


def prompt_tables(lm, theta, answers, prompt, rewards, per_token):
    """What the exact group moments need of one prompt: (probs (M,), reward values (v,), the value index of each
    answer (M,), P(value) (v,), w(y) grad log pi(y) (M, n_params)), with w = 1 / |y| if per_token, else 1."""
    probs = answer_probs(lm, theta, answers)[prompt]
    values, where = np.unique(rewards[prompt], return_inverse=True)
    weighted = scores(lm, theta, answers, prompt)
    if per_token:
        weighted = weighted / answers.steps[:, None]
    return probs, values, where, np.bincount(where, weights=probs, minlength=values.size), weighted


def advantages_given(fixed, others, baseline):
    """The advantages of the first j answers of groups made of `fixed` rewards (..., j) and each pattern of the
    others' rewards (m, n): shape (..., m, j)."""
    lead = np.broadcast_to(fixed[..., None, :], (*fixed.shape[:-1], others.shape[0], fixed.shape[-1]))
    rest = np.broadcast_to(others, (*fixed.shape[:-1], *others.shape))
    return advantages(np.concatenate([lead, rest], axis=-1), baseline)[..., :fixed.shape[-1]]


def exact_group_mean(lm, theta, answers, prompt, rewards, baseline, k, per_token=False):
    """E[group_estimate] over groups of k answers drawn from pi(.|prompt), exactly: shape (n_params,).

    By symmetry, the mean of one answer's term A_1 grad log pi(y_1); A_1 depends on the other k - 1 answers only
    through their rewards, so the sum runs over every answer y_1 and every pattern of the others' rewards.
    """
    terms = prompt_tables(lm, theta, answers, prompt, rewards, per_token)
    return group_mean(terms, baseline, check_sample_count(k, "k"))


def group_mean(terms, baseline, k):
    """E[group_estimate] from the prompt_tables of a prompt: sum over y_1 of p(y_1) E[A_1 | r_1] w grad log pi(y_1)."""
    probs, values, where, q, weighted = terms
    patterns, weight = reward_patterns(q, k - 1)
    mean_a = advantages_given(values[:, None], values[patterns], baseline)[..., 0] @ weight  # E[A_1 | r_1]
    return (probs * mean_a[where]) @ weighted


def exact_group_variance(lm, theta, answers, prompt, rewards, baseline, k, per_token=False):
    """The total variance E|g - E g|^2 of group_estimate g over groups of k answers, exactly: a number.

    E|g|^2 = (1/k^2) (k E[A_1^2 |s_1|^2] + k (k - 1) E[A_1 A_2 s_1 . s_2]), s the (weighted) scores. The first
    sums over y_1 and the others' reward patterns; the second over the reward values of y_1 and y_2 (through
    T_v = sum of p(y) s(y) over the answers of reward value v) and the patterns of the other k - 2.
    """
    k = check_sample_count(k, "k")
    terms = prompt_tables(lm, theta, answers, prompt, rewards, per_token)
    probs, values, where, q, weighted = terms
    patterns, weight = reward_patterns(q, k - 1)
    square_a = advantages_given(values[:, None], values[patterns], baseline)[..., 0] ** 2 @ weight  # E[A_1^2 | r_1]
    second = k * (probs * square_a[where]) @ np.sum(weighted**2, axis=1)
    if k > 1:
        patterns, weight = reward_patterns(q, k - 2)
        pair = np.stack(np.meshgrid(values, values, indexing="ij"), axis=-1)  # (v, v, 2): r_1, r_2
        a = advantages_given(pair, values[patterns], baseline)
        cross_a = (a[..., 0] * a[..., 1]) @ weight  # E[A_1 A_2 | r_1, r_2]
        by_value = np.zeros((values.size, weighted.shape[1]))
        np.add.at(by_value, where, probs[:, None] * weighted)  # T_v
        second += k * (k - 1) * np.sum(cross_a * (by_value @ by_value.T))
    mean = group_mean(terms, baseline, k)
    return max(float(second / k**2 - mean @ mean), 0.0)  # rounding can leave -1e-17


def angle_and_size(estimate, exact):
    """The angle (degrees) between an expected estimate and the exact gradient, and its length relative to it."""
    cosine = estimate @ exact / (np.linalg.norm(estimate) * np.linalg.norm(exact))
    return math.degrees(math.acos(np.clip(cosine, -1.0, 1.0))), float(np.linalg.norm(estimate) / np.linalg.norm(exact))


@dataclass(frozen=True)
class EstimateQuality:
    """The training step's estimate g (the mean over prompts of one group each) against the exact gradient of J:
    the angle (degrees) of E g to grad J, its length |E g| / |grad J|, and its spread sqrt(E|g - E g|^2) / |E g|,
    the noise against the signal (scale-free: a baseline that rescales g does not change it)."""

    angle: float
    size: float
    spread: float


def estimate_quality(lm, theta, answers, rewards, baseline, k, per_token=False):
    """EstimateQuality of the groups of k with `baseline` at theta, every moment exact."""
    args = (lm, theta, answers)
    mean = np.mean([exact_group_mean(*args, p, rewards, baseline, k, per_token) for p in range(len(lm.targets))],
                   axis=0)
    variance = np.sum([exact_group_variance(*args, p, rewards, baseline, k, per_token)
                       for p in range(len(lm.targets))]) / len(lm.targets) ** 2  # independent groups, one each
    exact = exact_objective_gradient(*args, rewards)
    return EstimateQuality(*angle_and_size(mean, exact), float(np.sqrt(variance) / np.linalg.norm(mean)))


def surrogate_loss(lm, theta, answers, prompt, group, adv):
    """-(1/k) sum_i A_i log pi(y_i|prompt) with the advantages A held fixed: the loss training code minimises.

    Its gradient in theta, the answers and A fixed, is minus group_estimate: the trick as written in real code.
    """
    group = np.asarray(group)
    return float(-np.asarray(adv) @ log_probs(lm, theta, answers)[prompt, group] / group.size)


def ratio_loss(lm, theta, theta_old, answers, prompt, group, adv):
    """-(1/k) sum_i exp(log pi_theta(y_i) - log pi_old(y_i)) A_i, PPO's ratio (GRPO trainers write
    exp(log pi - stop_gradient(log pi)) A): at theta = theta_old its value is -mean(A), its gradient the
    surrogate_loss's."""
    group = np.asarray(group)
    ratio = np.exp(log_probs(lm, theta, answers)[prompt, group] - log_probs(lm, theta_old, answers)[prompt, group])
    return float(-(ratio * np.asarray(adv)).sum() / group.size)


def sample_group(lm, theta, answers, prompt, k, rng):
    """k answers to prompt drawn from pi(.|prompt): indices into answers, shape (k,).

    Drawing an answer as a whole from its probability is the same distribution as drawing it token by token.
    """
    probs = answer_probs(lm, theta, answers)[prompt]
    return np.minimum(np.cumsum(probs).searchsorted(rng.random(check_sample_count(k, "k")), side="right"),
                      len(answers) - 1)


def exact_kl(lm, theta, reference, answers):
    """KL(pi_theta || pi_ref) = sum_y pi log(pi / pi_ref), mean over prompts."""
    lp, lr = log_probs(lm, theta, answers), log_probs(lm, reference, answers)
    return float(np.mean(np.sum(np.exp(lp) * (lp - lr), axis=1)))


def exact_kl_gradient(lm, theta, reference, answers):
    """grad KL(pi_theta || pi_ref) = mean over prompts of E[log(pi / pi_ref) grad log pi], by enumeration."""
    lp, lr = log_probs(lm, theta, answers), log_probs(lm, reference, answers)
    return np.mean([(np.exp(lp[p]) * (lp[p] - lr[p])) @ scores(lm, theta, answers, p)
                    for p in range(len(lm.targets))], axis=0)


def kl_loss_gradients(lm, theta, reference, answers, prompt):
    """What each per-answer KL estimate gives, differentiated as a loss with its answer held fixed, in expectation
    over y ~ pi(.|prompt), by enumeration: dict name -> (n_params,). rho = pi_ref / pi, grad rho = -rho grad log pi.

    k1 = log(pi / pi_ref) = -log rho: its gradient is the score, of mean 0. k2 = (log rho)^2 / 2: its gradient
    log(pi / pi_ref) grad log pi is the score-function form, of mean grad KL(pi || pi_ref). k3 = rho - 1 - log rho:
    its gradient (1 - rho) grad log pi has the mean -E_ref[grad log pi] = grad KL(pi_ref || pi), the other KL.
    """
    lp, lr = log_probs(lm, theta, answers)[prompt], log_probs(lm, reference, answers)[prompt]
    p, s = np.exp(lp), scores(lm, theta, answers, prompt)
    return {"k1": p @ s, "k2": (p * (lp - lr)) @ s, "k3": (p * (1 - np.exp(lr - lp))) @ s}


def step_log_probs(lm, theta, answers, prompt):
    """log pi(next | previous) of each step of every answer to prompt: shape (M, max_tokens + 1), 0 past the last."""
    logp = next_token_log_probs(lm, theta, prompt)
    return np.where(answers.steps_next >= 0, logp[answers.steps_prev, answers.steps_next], 0.0)


def per_token_k3(lm, theta, reference, answers, prompt):
    """k3 applied per token, as GRPO's KL loss does, summed over each answer's steps: shape (M,).

    sum_t (rho_t - 1 - log rho_t), rho_t = pi_ref(y_t | y_t-1) / pi(y_t | y_t-1). Its mean over y ~ pi is still
    KL(pi || pi_ref), as each E[rho_t - 1] is 0 and the -log rho_t add up to log(pi / pi_ref) of the answer.
    """
    log_rho = step_log_probs(lm, reference, answers, prompt) - step_log_probs(lm, theta, answers, prompt)
    return (np.exp(log_rho) - 1 - log_rho).sum(axis=1)  # 0 past the last step, where log_rho = 0


def visit_weighted_gap(lm, theta, reference, answers, prompt, visitor):
    """n(r) (pi(.|r) - pi_ref(.|r)) in the prompt's row of logits after each previous token r (or START), where
    n(r) is how often answers drawn from pi_visitor step from r: shape (n_params,).

    visitor = reference: the gradient of KL(pi_ref || pi), -sum_y pi_ref(y) grad log pi(y), as answers drawn from
    pi_ref step from r to c n(r) pi_ref(c|r) times on average. visitor = theta: the mean gradient of per_token_k3,
    differentiated with the answer held fixed: step t gives (1 - rho_t) grad log pi(y_t | r), whose mean over
    y_t ~ pi(.|r) is sum_c (pi(c|r) - pi_ref(c|r)) (onehot(c) - pi(.|r)) = pi(.|r) - pi_ref(.|r).
    """
    visits = answer_probs(lm, visitor, answers)[prompt] @ answers.pairs.sum(axis=2)  # (V + 1,)
    probs = [np.exp(next_token_log_probs(lm, t, prompt)) for t in (theta, reference)]
    g = np.zeros(lm.shape)
    g[prompt] = visits[:, None] * (probs[0] - probs[1])
    return g.reshape(-1)


@dataclass(frozen=True, eq=False)
class Training:
    """A training run: params (K + 1, n_params) before each update and after the last; exact J and KL to the
    reference at each of them, (K + 1,)."""

    params: np.ndarray
    objective: np.ndarray
    kl: np.ndarray


def train(lm, theta0, answers, rewards, alpha, updates, k, rng, *, baseline="leave-one-out", beta=0.0,
          reference=None):
    """`updates` steps theta <- theta + alpha (g - beta h), one group of k answers per prompt per step.

    g: the mean over prompts of group_estimate with `baseline`; h: the score-function estimate of grad KL(pi ||
    pi_ref) from the same answers, (1/k) sum_i log(pi / pi_ref)(y_i) grad log pi(y_i). reference: theta0 if None.
    The groups are those of sample_group, prompt after prompt; every prompt at once here, for speed.
    """
    alpha, beta, k = check_step_size(alpha), check_scalar(beta, "beta"), check_sample_count(k, "k")
    theta = check_theta(lm, theta0).reshape(-1).copy()
    reference = theta.copy() if reference is None else check_theta(lm, reference).reshape(-1)
    log_ref = log_probs(lm, reference, answers)
    params, objective, kl = [], [], []
    for step in range(check_sample_count(updates, "updates") + 1):
        logp = log_softmax(theta.reshape(lm.shape))  # (P, V + 1, V + 1)
        lp = np.einsum("mrc,prc->pm", answers.pairs, logp)
        probs = np.exp(lp)
        params.append(theta)
        objective.append(np.mean(np.sum(probs * rewards, axis=1)))
        kl.append(np.mean(np.sum(probs * (lp - log_ref), axis=1)))
        if step == updates:
            break
        u = rng.random((len(lm.targets), k))  # the draws of sample_group, for each prompt in turn
        group = np.minimum((np.cumsum(probs, axis=1)[:, None, :] <= u[:, :, None]).sum(axis=2), len(answers) - 1)
        chosen = answers.pairs[group]  # (P, k, V + 1, V + 1)
        s = pair_scores(chosen, np.exp(logp)[:, None])  # the scores, in each prompt's rows
        weight = advantages(np.take_along_axis(rewards, group, axis=1), baseline)
        weight = weight - beta * np.take_along_axis(lp - log_ref, group, axis=1)
        theta = theta + alpha * np.einsum("pk,pkrc->prc", weight, s).reshape(-1) / (k * len(lm.targets))
    return Training(np.array(params), np.array(objective), np.array(kl))
