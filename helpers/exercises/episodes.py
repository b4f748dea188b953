"""Notebook 06's exercises: a softmax score, the probability of a trajectory, and a reward-to-go term.

Each check prints whether the answer is right and, if not, a hint.
"""

from fractions import Fraction

import numpy as np

from . import missing

TOLERANCE = 1e-3  # answers computed to three decimals are fine
THETA = np.array([0.0, np.log(2.0), 0.0])  # pi = (1/4, 1/2, 1/4)


def read_numbers(answer, what="numbers"):
    """answer as a flat float array, text such as "7/40" or "-0.5" read as the number it writes; None (and says
    why) while it is still None or holds something that is not a number."""
    if missing(answer):
        return None
    try:
        return np.array([float(Fraction(x.replace(" ", ""))) if isinstance(x, str) else float(x)
                         for x in np.ravel(np.asarray(answer, dtype=object))])
    except (TypeError, ValueError, ZeroDivisionError):
        print(f"Answer with {what}, not {answer!r}: write each one as 0.25 or 1 / 4, without quotes.")
        return None


def check_softmax_score(answer):
    """grad_theta log pi(a=1|theta) for pi = softmax(theta), theta = (0, log 2, 0)."""
    answer = read_numbers(answer)
    if answer is None:
        return
    pi = np.exp(THETA) / np.exp(THETA).sum()
    right = np.eye(3)[1] - pi
    if answer.shape == (3,) and np.allclose(answer, right, atol=TOLERANCE):
        print(f"Right: onehot(a) - pi = {right}. The entries sum to 0, as every score of a softmax does.")
    elif answer.shape == (3,) and np.allclose(answer, pi, atol=TOLERANCE):
        print("That is pi itself, the policy. The score is the gradient of log pi(a=1): onehot(a) - pi, the one-hot "
              "vector of the action minus pi.")
    elif answer.shape == (3,) and np.allclose(answer, np.eye(3)[1], atol=TOLERANCE):
        print("That is only the one-hot part. The log of the normaliser sum_a' exp(theta_a') also depends on "
              "theta: subtract its gradient, which is pi itself.")
    elif answer.shape == (3,) and np.allclose(answer, -right, atol=TOLERANCE):
        print("The sign is flipped: log pi(a) = theta_a - log sum_a' exp(theta_a'), so theta_a enters with +1.")
    else:
        print(f"Not quite: you gave {answer}. Write log pi(a=1) = theta_1 - log(sum_a' exp(theta_a')) and "
              "differentiate by each theta_k; expect 3 numbers.")


def check_trajectory_probability(answer):
    """p(tau) for tau = (s0=0, a0=1, s1=2, a1=1) in the tiny MDP under the uniform policy pi(a|s) = 1/2."""
    values = read_numbers(answer, "one number")
    if values is None:
        return
    if values.size != 1:
        print(f"Answer with one number, the probability of this one trajectory: you gave {values.size} numbers "
              f"(shape {np.shape(answer)}).")
        return
    answer = values[0]
    policy_part, environment_part = 0.5 * 0.5, 1.0 * 0.7  # p(s0 = 0) = 1: every episode starts in state 0
    right = policy_part * environment_part
    if abs(answer - right) < TOLERANCE:
        print(f"Right: p(tau) = p(s0) pi(a0|s0) P(s1|s0,a0) pi(a1|s1) = 1 x 0.5 x 0.7 x 0.5 = {right}.")
    elif abs(answer - policy_part) < TOLERANCE:
        print("That is only the policy's part. The environment chooses too: from state 0, action 1 leads to "
              "state 2 with probability 0.7.")
    elif abs(answer - environment_part) < TOLERANCE:
        print("That is only the environment's part, P(s1=2|s0=0, a0=1) = 0.7 (and p(s0=0) = 1). The agent chooses "
              "too: each of its two actions has probability pi(a|s) = 1/2 under the uniform policy.")
    elif abs(answer - 0.5 * environment_part) < TOLERANCE:
        print("0.35 = 0.5 x 0.7 counts one action of the agent. It acts twice, a0 in state 0 and a1 in state 2, "
              "each with probability 1/2: multiply by both.")
    else:
        print(f"Not quite: you gave {answer}. Multiply the start probability, each pi(a_t|s_t) and each "
              "transition probability P(s_t+1|s_t, a_t); the transitions are in env.transitions.")


def check_reward_to_go_term(answer):
    """sum_t grad log pi(a_t|s_t) G_t for tau = (s0=0, a0=1, r0=1.5, s1=2, a1=1, r1=3) in the tiny MDP, theta = 0."""
    answer = read_numbers(answer)
    if answer is None:
        return
    first, second = np.array([-0.5, 0.5, 0, 0, 0, 0]), np.array([0, 0, 0, 0, -0.5, 0.5])
    right, whole, own = first * 4.5 + second * 3.0, (first + second) * 4.5, first * 1.5 + second * 3.0
    if answer.shape == (6,) and np.allclose(answer, right, atol=TOLERANCE):
        print(f"Right: {right}. Step 1 is weighted by G_1 = 3 only: the 1.5 earned before it cannot be its doing.")
    elif answer.shape == (6,) and np.allclose(answer, whole, atol=TOLERANCE):
        print("That weights both steps by the whole return R = 4.5. With reward-to-go, step t is weighted by "
              "G_t, the rewards from step t on: G_0 = 4.5, G_1 = 3.")
    elif answer.shape == (6,) and np.allclose(answer, own, atol=TOLERANCE):
        print("That weights each step by its own reward r_t only. The first action also decides where the agent "
              "lands, and so what it earns next: weight step t by the reward-to-go G_t, every reward from step t on: "
              "G_0 = r_0 + r_1 = 4.5, G_1 = r_1 = 3.")
    else:
        print(f"Not quite: you gave {answer}. theta has 6 entries, theta[2 s + a] for state s and action a; "
              "at theta = 0 each step's score is +1/2 at (s_t, a_t) and -1/2 at the other action of s_t.")
