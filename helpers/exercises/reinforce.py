"""Notebook 07's exercises: the value of a corridor cell, and the REINFORCE update for a bandit pulled twice.

Each check prints whether the answer is right and, if not, a hint.
"""

import itertools

import numpy as np

from ..mdp import Environment, Episodes, leave_one_out_baseline, policy_probs, reinforce_terms, rollout
from ..reinforce import train
from . import missing, number

TOLERANCE = 1e-3  # answers computed to three decimals are fine


def check_corridor_value(answer):
    """V(1) of the short corridor's reversed cell under the fair coin p = 1/2, from V = r_pi + P_pi V."""
    answer = number(answer)
    if answer is None:
        return
    # V0 = -1 + V0/2 + V1/2, V1 = -1 + V0/2 + V2/2, V2 = -1 + V1/2 + 0/2  =>  V = (-12, -10, -6)
    values = {0: -12.0, 1: -10.0, 2: -6.0}
    if abs(answer - values[1]) < TOLERANCE:
        print("Right: V(1) = -10, so 10 more steps on average. With V(0) = -12 and V(2) = -6 all three "
              "equations hold, and J(1/2) = V(0) = -12 agrees with -2 (2 - p) / (p (1 - p)).")
    elif abs(answer + values[1]) < TOLERANCE:
        print("The size is right, the sign is not: every step pays -1, so values are negative.")
    elif abs(answer - values[0]) < TOLERANCE:
        print("That is V(0), the value of the first cell, which is J. The question asks for the second cell.")
    elif abs(answer - values[2]) < TOLERANCE:
        print("That is V(2), the cell next to the goal. The question asks for the second, reversed cell.")
    else:
        print(f"Not quite: you gave {answer}. Write one equation per cell, V(s) = -1 + sum_s' P(s'|s) V(s'), "
              "with V(goal) = 0; from the reversed cell 'right' goes back to cell 0 and 'left' on to cell 2.")


# ---------------------------------------------------------------------------------------------------------------
# Exercise 1: the REINFORCE update for a bandit pulled twice per episode

TWO_PULL_MEANS = (1.0, 0.0, 0.5)  # the mean reward of each arm; every reward has Gaussian noise of std 1
TWO_PULL_ALPHA = 0.1
TWO_PULL_BATCHES = [(np.array([0.3, -0.2, 0.1]), 4, 11), (np.array([-0.5, 0.4, 0.8]), 7, 12)]  # (theta, N, seed)
TWO_PULL_TRAINING = {"updates": 50, "episodes": 10, "seed": 0}  # compared with reinforce.train on the same seed
ENUMERATED_EPISODES = 3  # the mean step is summed over every choice of arms for 3 episodes: 3^6 = 729 batches
STEP_TOL = 1e-9
DEVIATIONS = {  # what each wrong choice does, in words
    ("sign", -1): "your step points the wrong way: it goes downhill. REINFORCE climbs, theta + alpha × (the estimate).",
    ("weight", "return"): "you weighted both pulls by the whole return r_0 + r_1. The first reward is paid before the "
                          "second pull, so it cannot be that pull's doing: weight pull t by its reward-to-go, "
                          "G_0 = r_0 + r_1 and G_1 = r_1.",
    ("weight", "reversed"): "your reward-to-go runs the wrong way: you summed the rewards up to pull t "
                            "(G_0 = r_0, G_1 = r_0 + r_1), a cumulative sum in the order of the pulls. Here the mean "
                            "stays right, because neither pull changes what the other pays, but pull 1 then carries "
                            "r_0, which it cannot have caused, and in general pull 0 loses the rewards it leads to. "
                            "Weight pull t by every reward from t on: G_0 = r_0 + r_1, G_1 = r_1 (sum the rewards "
                            "from the last pull back: reverse, cumulative sum, reverse again).",
    ("weight", "own"): "you weighted each pull by its own reward only. Here that keeps the mean right, because the "
                       "first arm does not change what the second pull pays; in general an action changes what comes "
                       "after it (as in the tiny MDP), so weight pull t by every reward from t on: G_0 = r_0 + r_1, "
                       "G_1 = r_1.",
    ("baseline", "none"): "you left out the baseline. That keeps the step right on average but noisier: subtract from "
                          "G_t the mean of G_t over the other episodes of the batch.",
    ("baseline", "all"): "your baseline averages all N episodes, the episode itself included. Its own G_t then sits in "
                         "its baseline, which multiplies your step by exactly (N − 1)/N, batch by batch: average the "
                         "other N − 1 only.",
    ("per_pull", "return"): "you used one baseline for both pulls, the mean return of the other episodes. That keeps "
                            "the mean right (it comes from the other episodes), but pull 1 is weighted by G_1 = r_1 "
                            "alone, about half of G_0: compare G_{i,t} with the mean G_{j,t} of the other episodes "
                            "at the same pull t.",
    ("per_pull", "pooled"): "you used one baseline for both pulls, the mean of G_0 and G_1 over the other episodes. "
                            "That keeps the mean right (it comes from the other episodes), but G_0 and G_1 differ "
                            "in size: compare G_{i,t} with the mean G_{j,t} of the other episodes at the same pull t.",
    ("score", "one-hot"): "your score is only onehot(a). The normaliser of the softmax depends on theta too: "
                          "grad log pi(a) = onehot(a) − pi.",
    ("average", "sum"): "you summed over the episodes: take their mean, or the step grows with the batch size N.",
    ("over_pulls", "mean"): "you averaged over the two pulls instead of adding them up, so your step is exactly half "
                            "of REINFORCE's. log p(tau) is the sum of log pi(a_t) over the pulls, so the score of an "
                            "episode is the sum over t: add the two pulls' terms.",
    ("uses_alpha", False): "you did not multiply by the step size alpha.",
    ("adds_theta", False): "you returned the step, not the new theta: add the step to theta.",
}
RIGHT_CHOICES = {"sign": 1, "weight": "to-go", "baseline": "others", "per_pull": "each", "score": "full",
                 "average": "mean", "over_pulls": "sum", "uses_alpha": True, "adds_theta": True}
WRONG_CHOICES = {"sign": [-1], "weight": ["return", "own", "reversed"], "baseline": ["none", "all"],
                 "per_pull": ["return", "pooled"], "score": ["one-hot"], "average": ["sum"], "over_pulls": ["mean"],
                 "uses_alpha": [False], "adds_theta": [False]}


def two_pull_bandit(means=TWO_PULL_MEANS, noise=1.0):
    """Exercise 1's environment: a bandit pulled twice per episode with the same softmax policy (one observation).

    States 0 and 1 are the first and the second pull; both pay means[a] + noise * N(0, 1) for arm a.
    """
    means = np.asarray(means, dtype=float)
    arms = means.size
    transitions = np.zeros((2, arms, 3))
    transitions[0, :, 1] = 1.0  # the first pull leads to the second
    transitions[1, :, 2] = 1.0  # and the second ends the episode
    return Environment(f"{arms}-armed bandit pulled twice", transitions, np.tile(means, (2, 1)), np.array([1.0, 0.0]),
                       np.zeros(2, int), tuple(f"arm {a}" for a in range(arms)), float(noise), horizon=2)


def two_pull_policy(theta):
    """pi = softmax(theta), the policy of both pulls (the helpers' own softmax)."""
    return policy_probs(two_pull_bandit(), theta)[0]


def two_pull_gradient(theta, means=TWO_PULL_MEANS):
    """The exact gradient of J = 2 sum_a pi(a) means[a] for pi = softmax(theta): 2 pi(a) (means[a] - J / 2)."""
    pi = two_pull_policy(theta)
    means = np.asarray(means, dtype=float)
    return 2 * pi * (means - pi @ means)


def reference_update(theta, arms, rewards, alpha):
    """theta + alpha * the REINFORCE estimate with reward-to-go and the leave-one-out baseline, by the helpers."""
    env = two_pull_bandit()
    episodes = Episodes(np.zeros_like(arms) + [0, 1], arms, rewards, np.ones(arms.shape, bool))
    terms = reinforce_terms(env, episodes, policy_probs(env, theta), reward_to_go=True,
                            baseline=leave_one_out_baseline(episodes))
    return theta + alpha * terms.mean(axis=0)


def variant_update(theta, arms, rewards, alpha, sign=1, weight="to-go", baseline="others", per_pull="each",
                   score="full", average="mean", over_pulls="sum", uses_alpha=True, adds_theta=True):
    """The update with one or more choices made differently (RIGHT_CHOICES, WRONG_CHOICES): each a known slip.

    weight: G_t itself ("to-go"), the return, r_t alone, or r_0 + ... + r_t ("reversed"). baseline: the mean over the
    other episodes, over all of them, or none; per_pull: of G_t at each pull t ("each"), or one for both pulls, of G_0
    ("return") or of G_0 and G_1 together ("pooled"). over_pulls: the pulls' terms summed or averaged.
    """
    n, arm_count = arms.shape[0], theta.size
    pi = two_pull_policy(theta)
    to_go = np.cumsum(rewards[:, ::-1], axis=1)[:, ::-1]
    G = {"to-go": to_go, "return": np.repeat(to_go[:, :1], 2, axis=1), "own": rewards,
         "reversed": np.cumsum(rewards, axis=1)}[weight]
    compared = {"each": G, "return": np.repeat(G[:, :1], 2, axis=1),
                "pooled": np.repeat(G.mean(axis=1, keepdims=True), 2, axis=1)}[per_pull]  # what b averages
    b = {"others": (compared.sum(axis=0) - compared) / (n - 1), "all": compared.mean(axis=0) + 0 * G,
         "none": 0 * G}[baseline]
    scores = np.eye(arm_count)[arms] - (pi if score == "full" else 0.0)  # (n, 2, arms)
    terms = (G - b)[..., None] * scores  # (n, 2, arms)
    per_episode = terms.sum(axis=1) if over_pulls == "sum" else terms.mean(axis=1)
    estimate = per_episode.mean(axis=0) if average == "mean" else per_episode.sum(axis=0)
    step = sign * (alpha if uses_alpha else 1.0) * estimate
    return theta + step if adds_theta else step


def two_pull_batches():
    """The batches a learner's update is compared on: (theta, arms, rewards), drawn by rollout from fixed seeds."""
    env = two_pull_bandit()
    for theta, n, seed in TWO_PULL_BATCHES:
        episodes = rollout(env, policy_probs(env, theta), n, np.random.default_rng(seed))
        yield theta, episodes.actions, episodes.rewards


def call_update(update, theta, arms, rewards, alpha):
    """The learner's new theta as a float array, on copies of the inputs (a function may change them in place)."""
    result = update(theta.copy(), arms.copy(), rewards.copy(), alpha)
    return None if result is None else np.asarray(result, dtype=float).reshape(-1)


def train_two_pull(update, theta0, alpha, updates, episodes, seed):
    """theta before each update and after the last, each batch drawn by rollout as train draws it."""
    env, rng, path = two_pull_bandit(), np.random.default_rng(seed), [np.asarray(theta0, dtype=float)]
    for _ in range(updates):
        batch = rollout(env, policy_probs(env, path[-1]), episodes, rng)
        path.append(call_update(update, path[-1], batch.actions, batch.rewards, alpha))
    return np.array(path)


def mean_step(update, theta, alpha, n=ENUMERATED_EPISODES, means=TWO_PULL_MEANS):
    """E[new theta - theta] over every choice of arms for n episodes, by enumeration, each reward at its arm's mean.

    That is the mean over the noise too for an update linear in the rewards, as REINFORCE's is.
    """
    pi = two_pull_policy(theta)
    total = np.zeros(theta.size)
    for arms in itertools.product(range(theta.size), repeat=2 * n):
        arms = np.array(arms).reshape(n, 2)
        rewards = np.asarray(means, dtype=float)[arms]
        total += np.prod(pi[arms]) * (call_update(update, theta, arms, rewards, alpha) - theta)
    return total


def matching_slips(update):
    """The known slips (a list of DEVIATIONS keys) whose update agrees with the learner's on every batch, or None."""
    names = list(WRONG_CHOICES)
    batches = [(theta, arms, rewards, call_update(update, theta, arms, rewards, TWO_PULL_ALPHA))
               for theta, arms, rewards in two_pull_batches()]
    combinations = sorted(itertools.product(*[[None, *WRONG_CHOICES[name]] for name in names]),
                          key=lambda wrong: sum(value is not None for value in wrong))  # the fewest slips first
    for wrong in combinations:
        slips = [(name, value) for name, value in zip(names, wrong, strict=True) if value is not None]
        choices = {**RIGHT_CHOICES, **dict(slips)}
        if all(np.allclose(yours, variant_update(theta, arms, rewards, TWO_PULL_ALPHA, **choices), atol=STEP_TOL)
               for theta, arms, rewards, yours in batches):
            return slips
    return None


def show(vector):
    return "(" + ", ".join(f"{v:+.4f}" for v in vector) + ")"


def check_two_pull_update(update):
    """Exercise 1: update(theta, arms, rewards, alpha) -> theta + alpha * REINFORCE's estimate for the two-pull bandit.

    Compared batch by batch with the helpers' estimate, over a training run with reinforce.train on the same seed, and,
    averaged over every choice of arms for a batch of 3 episodes, with alpha times the exact gradient.
    """
    if missing(update):
        return
    if not callable(update):
        print(f"Pass your function itself, without calling it: check_two_pull_update(two_pull_update), not "
              f"{type(update).__name__}.")
        return
    theta, arms, rewards = next(two_pull_batches())
    try:
        first = call_update(update, theta, arms, rewards, TWO_PULL_ALPHA)
        if first is None:
            print("No answer yet: your function returns None. Make it return the new theta and run the cell again.")
            return
        if first.shape != theta.shape or not np.all(np.isfinite(first)):
            print(f"Your function returned {first} for theta = {theta}: expected the new theta, 3 finite numbers.")
            return
        batches = [(call_update(update, t, a, r, TWO_PULL_ALPHA), reference_update(t, a, r, TWO_PULL_ALPHA))
                   for t, a, r in two_pull_batches()]
        if all(np.allclose(yours, right, atol=STEP_TOL) for yours, right in batches):
            check_right_update(update)
            return
        slips = matching_slips(update)
        average = mean_step(update, theta, TWO_PULL_ALPHA)
    except Exception as error:  # the learner's code may fail in any way; say how
        print(f"Your function raised {type(error).__name__}: {error}. It gets theta (3 numbers), arms (integers) and "
              "rewards, both of shape (N, 2) with pull t of episode i at [i, t], and the step size alpha.")
        return
    if slips:
        print("Not quite. Compared with REINFORCE's update, " + " Also, ".join(DEVIATIONS[slip] for slip in slips))
        return
    goal = TWO_PULL_ALPHA * two_pull_gradient(theta)
    where = (f"averaged over every choice of arms for a batch of {ENUMERATED_EPISODES} episodes at theta = "
             f"{show(theta)}, each reward at its arm's mean, your step is")
    if np.allclose(average, goal, atol=STEP_TOL):
        print(f"Not quite, but unbiased: {where} alpha times the exact gradient, {show(goal)}. Batch by batch it is "
              "not the estimate asked for: weight pull t by G_t minus the mean G_t of the other episodes, times "
              "onehot(a_t) − pi, summed over t and averaged over the episodes.")
    elif average @ goal < 0:
        print(f"Your step points the wrong way on average: {where} {show(average)}, against alpha times the exact "
              f"gradient, {show(goal)}.")
    else:
        print(f"Not quite: {where} {show(average)}; it should be alpha times the exact gradient, {show(goal)}. "
              "Build it step by step: G_t, the baseline, the score onehot(a_t) − pi, then the mean over episodes.")


def check_right_update(update):
    """The learner's update agrees with the helpers on the batches: train with it and enumerate its mean step."""
    theta0, settings = np.zeros(3), TWO_PULL_TRAINING
    yours = train_two_pull(update, theta0, TWO_PULL_ALPHA, **settings)
    helper = train(two_pull_bandit(), theta0, TWO_PULL_ALPHA, settings["updates"], settings["episodes"],
                   np.random.default_rng(settings["seed"]), baseline=True).params[:, 0]
    theta = TWO_PULL_BATCHES[0][0]
    unbiased = np.allclose(mean_step(update, theta, TWO_PULL_ALPHA), TWO_PULL_ALPHA * two_pull_gradient(theta),
                           atol=STEP_TOL)
    if np.allclose(yours, helper, atol=1e-8) and unbiased:
        print(f"Right. Trained for {settings['updates']} updates of {settings['episodes']} episodes on the draws of "
              f"reinforce.train (seed {settings['seed']}), your update gives the same theta as it after every "
              f"update, and averaged over every choice of arms for a batch of {ENUMERATED_EPISODES} episodes (each "
              "reward at its arm's mean) its step is alpha times the exact gradient 2 pi(a) (r̄_a − pi · r̄): "
              "unbiased. The second pull is not weighted by r_0, and each episode is compared with the others only. "
              "(A score of onehot(a_t) without the − pi passes too, and is no slip here: with the leave-one-out "
              "baseline the G_{i,t} − b_{i,t} of a batch add up to exactly 0 at each t, so the − pi part, the same "
              "for every episode, cancels. With another baseline, or none, it would not.)")
    else:
        print("Your update agrees with REINFORCE's on the test batches, but not in a training run or for a batch of "
              f"{ENUMERATED_EPISODES} episodes. Does it depend on the batch size N, or change theta in place?")
