"""Helpers for the course on the log-derivative trick: distributions, exact values and estimators."""

from .ascent import ascent_path, ascent_view, make_ascent_explorer, plot_ascent
from .convergence import (
    estimate_from_counts,
    interval_coverage,
    log_checkpoints,
    outcome_terms,
    running_estimate_at,
    running_estimates_over_runs,
)
from .distributions import Bernoulli, Binomial, Categorical, Gaussian
from .environments import (
    Environment,
    bandit,
    corridor_optimum,
    corridor_return,
    exact_return,
    short_corridor,
    tiny_mdp,
)
from .estimator_plots import (
    add_shared_legend,
    draw_estimators,
    estimator_terms,
    exact_estimator_moments,
    make_estimator_explorer,
    plot_running_estimates,
    plot_variances,
    running_estimates,
    spread_against_n,
    variance_against_sigma,
)
from .estimators import running_estimate, score_function_gradient, score_function_samples
from .exact import exact_expectation, exact_gradient, finite_difference_gradient, objective_curve
from .explorers import convergence_view, make_convergence_explorer, make_vector_explorer, vector_view
from .functions import PRESETS, parse_function
from .pathwise import (
    EXAMPLE_FUNCTIONS,
    finite_difference_estimate,
    finite_difference_samples,
    finite_difference_term_moments,
    pathwise_gradient,
    pathwise_samples,
    pathwise_term_moments,
    score_term_moments,
)
from .printing import set_precision
from .reinforce import (
    History,
    TrajectoryDistribution,
    leave_one_out_baseline,
    log_policy,
    policy_probs,
    reinforce,
    reinforce_samples,
    reinforce_terms,
    step_scores,
)
from .reinforce_plots import (
    draw_corridor_run,
    make_reinforce_explorer,
    plot_corridor_learning,
    plot_corridor_objective,
    plot_gradient_check,
    plot_run_lines,
    plot_runs,
    plot_variance_bars,
    train_corridor,
)
from .sequences import (
    Game,
    MovePolicy,
    exact_expectation_by_counts,
    exact_game_expectation,
    exact_game_gradient,
    game_score_terms,
    score_of_counts,
)
from .trajectories import Episodes, enumerate_trajectories, rollout
from .variance import optimal_baseline, repeated_estimates, samples_needed, score_function_variance, variance_curve
from .variance_explorer import baseline_experiment, make_baseline_explorer, plot_baseline_view
from .variance_plots import plot_estimate_spread, plot_variance_curve

__all__ = [  # every name above, sorted
    "Bernoulli", "Binomial", "Categorical", "EXAMPLE_FUNCTIONS", "Environment", "Episodes", "Game",
    "Gaussian", "History", "MovePolicy", "PRESETS", "TrajectoryDistribution", "add_shared_legend",
    "ascent_path", "ascent_view", "bandit", "baseline_experiment", "convergence_view", "corridor_optimum",
    "corridor_return", "draw_corridor_run", "draw_estimators", "enumerate_trajectories",
    "estimate_from_counts", "estimator_terms", "exact_estimator_moments", "exact_expectation",
    "exact_expectation_by_counts", "exact_game_expectation", "exact_game_gradient", "exact_gradient",
    "exact_return", "finite_difference_estimate", "finite_difference_gradient", "finite_difference_samples",
    "finite_difference_term_moments", "game_score_terms", "interval_coverage",
    "leave_one_out_baseline", "log_checkpoints", "log_policy", "make_ascent_explorer",
    "make_baseline_explorer", "make_convergence_explorer", "make_estimator_explorer",
    "make_reinforce_explorer", "make_vector_explorer", "objective_curve", "optimal_baseline", "outcome_terms",
    "parse_function", "pathwise_gradient", "pathwise_samples", "pathwise_term_moments", "plot_ascent",
    "plot_baseline_view", "plot_corridor_learning", "plot_corridor_objective", "plot_estimate_spread",
    "plot_gradient_check", "plot_run_lines", "plot_running_estimates", "plot_runs", "plot_variance_bars",
    "plot_variance_curve", "plot_variances", "policy_probs", "reinforce", "reinforce_samples",
    "reinforce_terms", "repeated_estimates", "rollout", "running_estimate", "running_estimate_at",
    "running_estimates", "running_estimates_over_runs", "samples_needed", "score_function_gradient",
    "score_function_samples", "score_function_variance", "score_of_counts", "score_term_moments", "set_precision",
    "short_corridor", "spread_against_n", "step_scores", "tiny_mdp", "train_corridor",
    "variance_against_sigma", "variance_curve", "vector_view",
]
