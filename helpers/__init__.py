"""Helpers for the course on the log-derivative trick.

The top level is the core the notebooks share: distributions, exact values, the estimators, the typed f(x), and the
environments, policies and episodes of the two notebooks on policy gradients.
What one notebook alone needs lives in the module named by its topic word (README, "Layout"), imported by name:
`from helpers import convergence, convergence_plots`.
"""

from .distributions import Bernoulli, Binomial, Categorical, Gaussian, MovePolicy
from .estimators import repeated_estimates, running_estimate, score_function_estimate, score_function_samples
from .exact import central_difference, exact_expectation, exact_gradient, objective_curve, score_function_variance
from .functions import PRESETS, parse_function
from .games import (
    Game,
    exact_expectation_by_counts,
    exact_game_expectation,
    exact_game_gradient,
    game_score_samples,
    score_of_counts,
)
from .mdp import exact_return, leave_one_out_baseline, policy_probs, reinforce_terms, rollout, step_scores
from .printing import set_precision

__all__ = [  # every name above, sorted
    "Bernoulli", "Binomial", "Categorical", "Game", "Gaussian", "MovePolicy", "PRESETS", "central_difference",
    "exact_expectation", "exact_expectation_by_counts", "exact_game_expectation", "exact_game_gradient",
    "exact_gradient", "exact_return", "game_score_samples", "leave_one_out_baseline", "objective_curve",
    "parse_function", "policy_probs", "reinforce_terms", "repeated_estimates", "rollout", "running_estimate",
    "score_function_estimate", "score_function_samples", "score_function_variance", "score_of_counts",
    "set_precision", "step_scores",
]
