"""Notebook 07: a tiny language model trained from rewards, small enough that every answer can be enumerated.

A prompt p asks for tokens that add up to its target. The model writes y = (y_1, ..., y_m), each token drawn from
softmax(theta[p, previous token]) over the V tokens (worth 1..V) and END; the answer ends at END or after
`max_tokens` tokens. log pi(y|p) is the sum of the log-probabilities of its steps (END included when drawn), so
the score of an answer is the sum of its steps' scores. A verifier scores the whole answer; it is never
differentiated. With every answer enumerated, each estimator used to train language models (REINFORCE, RLOO,
GRPO, the KL penalty) is checked against exact values. Numbers only: no figures here.
"""

import itertools
from dataclasses import dataclass

import numpy as np

from .checks import check_sample_count, check_scalar
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


def scores(lm, theta, answers, prompt):
    """grad_theta log pi(y|prompt) of every answer, the sum of its steps' scores: shape (M, n_params)."""
    probs = np.exp(log_softmax(check_theta(lm, theta)))[prompt]  # (V + 1, V + 1)
    g = np.zeros((len(answers), *lm.shape))
    # each step from prev to next adds onehot(next) - pi(.|prev) to the row prev of this prompt's logits
    g[:, prompt] = answers.pairs - answers.pairs.sum(axis=2, keepdims=True) * probs
    return g.reshape(len(answers), -1)


def verifier(lm, answers, graded=False):
    """The reward of every answer for every prompt, (P, M): 1 if its tokens add up to the target, else 0;
    graded: 1 - |total - target| / target, at least 0."""
    totals, targets = answers.totals[None, :], np.array(lm.targets)[:, None]
    if graded:
        return np.maximum(1.0 - np.abs(totals - targets) / targets, 0.0)
    return (totals == targets).astype(float)


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


def group_estimate(lm, theta, answers, prompt, group, rewards, baseline, per_token=False):
    """(1/k) sum_i A_i grad log pi(y_i|prompt) for the answers `group` (indices (k,)): shape (n_params,).

    per_token: each term divided by its answer's number of steps |y_i| (GRPO's length normalisation).
    """
    group = np.asarray(group)
    a = advantages(rewards[prompt, group], baseline)
    if per_token:
        a = a / answers.steps[group]
    return a @ scores(lm, theta, answers, prompt)[group] / group.size


def exact_group_mean(lm, theta, answers, prompt, rewards, baseline, k, per_token=False):
    """E[group_estimate] over groups of k answers drawn from pi(.|prompt), exactly: shape (n_params,).

    By symmetry, (1/k) sum_i of k terms with one mean: it is the mean of the first answer's term, which depends
    on the other k - 1 answers only
    through their rewards, drawn independently from the few values the verifier gives: the sum runs over every
    answer y and every (k - 1)-tuple of the others' reward values.
    """
    k = check_sample_count(k, "k")
    probs = answer_probs(lm, theta, answers)[prompt]
    r = rewards[prompt]
    values, where = np.unique(r, return_inverse=True)
    q = np.bincount(where, weights=probs, minlength=values.size)  # P(reward = value)
    if values.size ** (k - 1) > MAX_PATTERNS:
        raise ValueError(f"k={k}: {values.size} reward values give {values.size}^{k - 1} patterns of the others, "
                         f"more than {MAX_PATTERNS:,}; expected a smaller group or fewer reward values")
    mean_a = np.zeros(len(answers))  # E over the others of A_1, for each answer as y_1
    for others in itertools.product(range(values.size), repeat=k - 1):
        weight = np.prod(q[list(others)])
        if weight == 0:
            continue
        group = np.column_stack([r, np.broadcast_to(values[list(others)], (r.size, k - 1))])
        mean_a += weight * advantages(group, baseline)[:, 0]
    if per_token:
        mean_a = mean_a / answers.steps
    return (probs * mean_a) @ scores(lm, theta, answers, prompt)


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


def check_rate(alpha):
    alpha = check_scalar(alpha, "alpha")
    if alpha <= 0:
        raise ValueError(f"alpha={alpha!r}: expected a learning rate > 0")
    return alpha


def kl_loss_gradients(lm, theta, reference, answers, prompt):
    """What each per-answer KL estimate gives, differentiated as a loss with its answer held fixed, in expectation
    over y ~ pi(.|prompt), by enumeration: dict name -> (n_params,).

    k1 = log(pi / pi_ref): its gradient is the score, of mean 0. k3 = rho - 1 - log rho, rho = pi_ref / pi: its
    gradient (1 - rho) grad log pi has the mean -E_ref[grad log pi] = grad KL(pi_ref || pi), the other KL. The
    score-function form log(pi / pi_ref) grad log pi has the mean grad KL(pi || pi_ref).
    """
    lp, lr = log_probs(lm, theta, answers)[prompt], log_probs(lm, reference, answers)[prompt]
    p, s = np.exp(lp), scores(lm, theta, answers, prompt)
    return {"k1": p @ s, "k3": (p * (1 - np.exp(lr - lp))) @ s, "score function": (p * (lp - lr)) @ s}


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
    """
    alpha, beta = check_rate(alpha), check_scalar(beta, "beta")
    reference = np.array(theta0, dtype=float) if reference is None else np.asarray(reference, dtype=float)
    theta = check_theta(lm, theta0).reshape(-1).copy()
    params = [theta]
    for _ in range(check_sample_count(updates, "updates")):
        log_ratio = log_probs(lm, theta, answers) - log_probs(lm, reference, answers)
        step = np.zeros_like(theta)
        for prompt in range(len(lm.targets)):
            group = sample_group(lm, theta, answers, prompt, k, rng)
            s = scores(lm, theta, answers, prompt)[group]
            step += advantages(rewards[prompt, group], baseline) @ s / k
            step -= beta * log_ratio[prompt, group] @ s / k
        theta = theta + alpha * step / len(lm.targets)
        params.append(theta)
    params = np.array(params)
    return Training(params, np.array([exact_objective(lm, t, answers, rewards) for t in params]),
                    np.array([exact_kl(lm, t, reference, answers) for t in params]))
