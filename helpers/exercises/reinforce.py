"""Exercises on policy gradients: a softmax score, the probability of a trajectory, a reward-to-go term, the best
corridor policy.

Each check prints whether the answer is right and, if not, a hint.
"""

import numpy as np

from .variance import missing

TOLERANCE = 1e-3  # answers computed to three decimals are fine
THETA = np.array([0.0, np.log(2.0), 0.0])  # pi = (1/4, 1/2, 1/4)
P_STAR = 2 - np.sqrt(2)  # from dJ/dp = 0: p^2 - 4p + 2 = 0
P_TOLERANCE = 0.005


def check_softmax_score(answer):
    """grad_theta log pi(a=1|theta) for pi = softmax(theta), theta = (0, log 2, 0)."""
    if missing(answer):
        return
    answer = np.asarray(answer, dtype=float).reshape(-1)
    pi = np.exp(THETA) / np.exp(THETA).sum()
    right = np.eye(3)[1] - pi
    if answer.shape == (3,) and np.allclose(answer, right, atol=TOLERANCE):
        print(f"Right: onehot(a) - pi = {right}. The entries sum to 0, as every score of a softmax does.")
    elif answer.shape == (3,) and np.allclose(answer, np.eye(3)[1], atol=TOLERANCE):
        print("That is only the one-hot part. The log of the normaliser sum_b exp(theta_b) also depends on "
              "theta: subtract its gradient, which is pi itself.")
    elif answer.shape == (3,) and np.allclose(answer, -right, atol=TOLERANCE):
        print("The sign is flipped: log pi(a) = theta_a - log sum_b exp(theta_b), so theta_a enters with +1.")
    else:
        print(f"Not quite: you gave {answer}. Write log pi(a=1) = theta_1 - log(sum_b exp(theta_b)) and "
              "differentiate by each theta_k; expect 3 numbers.")


def check_trajectory_probability(answer):
    """p(tau) for tau = (s0=0, a0=1, s1=2, a1=1) in the tiny MDP under the uniform policy pi(a|s) = 1/2."""
    if missing(answer):
        return
    policy_part, environment_part = 0.5 * 0.5, 1.0 * 0.7
    right = policy_part * environment_part
    if abs(float(answer) - right) < TOLERANCE:
        print(f"Right: p(tau) = p(s0) pi(a0|s0) P(s1|s0,a0) pi(a1|s1) = 1 x 0.5 x 0.7 x 0.5 = {right}.")
    elif abs(float(answer) - policy_part) < TOLERANCE:
        print("That is only the policy's part. The environment chooses too: from state 0, action 1 leads to "
              "state 2 with probability 0.7.")
    else:
        print(f"Not quite: you gave {answer}. Multiply the start probability, each pi(a_t|s_t) and each "
              "transition probability P(s_t+1|s_t, a_t); the transitions are in env.transitions.")


def check_corridor_optimum(p):
    """The probability p* of "right" that maximises the short corridor's J(p) = -2 (2 - p) / (p (1 - p))."""
    if missing(p):
        return
    p = float(p)
    if abs(p - P_STAR) < P_TOLERANCE:
        print(f"Right: p* = 2 - sqrt(2) = {P_STAR:.4f}, the root of p^2 - 4p + 2 = 0 in (0, 1). "
              f"J(p*) = -(6 + 4 sqrt(2)) = {-(6 + 4 * np.sqrt(2)):.3f}.")
    elif abs(p - 0.5) < P_TOLERANCE:
        print("p = 1/2 is a fair coin, J = -12. The corridor is not symmetric: the goal is to the right, so "
              "the best p is a little larger.")
    elif 0 < p < 1:
        print(f"Not quite: J({p:.3f}) = {-2 * (2 - p) / (p * (1 - p)):.3f}. Set dJ/dp = 0, or evaluate "
              "J on np.linspace(0.01, 0.99, 999) and take the argmax.")
    else:
        print(f"p = {p} is not a probability of a policy that reaches the goal: expected 0 < p < 1.")


def check_reward_to_go_term(answer):
    """sum_t grad log pi(a_t|s_t) G_t for tau = (s0=0, a0=1, r0=1.5, s1=2, a1=1, r1=3) in the tiny MDP, theta = 0."""
    if missing(answer):
        return
    answer = np.asarray(answer, dtype=float).reshape(-1)
    first, second = np.array([-0.5, 0.5, 0, 0, 0, 0]), np.array([0, 0, 0, 0, -0.5, 0.5])
    right, whole = first * 4.5 + second * 3.0, (first + second) * 4.5
    if answer.shape == (6,) and np.allclose(answer, right, atol=TOLERANCE):
        print(f"Right: {right}. Step 1 is weighted by G_1 = 3 only: the 1.5 earned before it cannot be its doing.")
    elif answer.shape == (6,) and np.allclose(answer, whole, atol=TOLERANCE):
        print("That weights both steps by the whole return R = 4.5. With reward-to-go, step t is weighted by "
              "G_t, the rewards from step t on: G_0 = 4.5, G_1 = 3.")
    else:
        print(f"Not quite: you gave {answer}. theta has 6 entries, theta[2 s + a] for state s and action a; "
              "at theta = 0 each step's score is +1/2 at (s_t, a_t) and -1/2 at the other action of s_t.")
