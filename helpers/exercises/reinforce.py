"""Exercises on policy gradients: a softmax score, the probability of a trajectory, a reward-to-go term, the value of a
corridor cell.

Each check prints whether the answer is right and, if not, a hint.
"""

import numpy as np

from . import missing

TOLERANCE = 1e-3  # answers computed to three decimals are fine
THETA = np.array([0.0, np.log(2.0), 0.0])  # pi = (1/4, 1/2, 1/4)


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
        print("That is only the one-hot part. The log of the normaliser sum_a' exp(theta_a') also depends on "
              "theta: subtract its gradient, which is pi itself.")
    elif answer.shape == (3,) and np.allclose(answer, -right, atol=TOLERANCE):
        print("The sign is flipped: log pi(a) = theta_a - log sum_a' exp(theta_a'), so theta_a enters with +1.")
    else:
        print(f"Not quite: you gave {answer}. Write log pi(a=1) = theta_1 - log(sum_a' exp(theta_a')) and "
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


def check_corridor_value(answer):
    """V(1) of the short corridor's reversed cell under the fair coin p = 1/2, from V = r_pi + P_pi V."""
    if missing(answer):
        return
    answer = float(answer)
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
