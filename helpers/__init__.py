"""Helpers for the course on the log-derivative trick: distributions, exact values and estimators."""

from .distributions import Bernoulli, Binomial, Categorical, Gaussian
from .estimators import running_estimate, score_function_gradient, score_function_samples
from .exact import exact_expectation, exact_gradient, finite_difference_gradient
from .functions import PRESETS, parse_function
from .pathwise import (
    EXAMPLE_FUNCTIONS,
    finite_difference_estimate,
    finite_difference_samples,
    finite_difference_term_moments,
    gaussian_expectation,
    pathwise_gradient,
    pathwise_samples,
    pathwise_term_moments,
    score_term_moments,
)

__all__ = [
    "Bernoulli", "Binomial", "Categorical", "Gaussian",
    "exact_expectation", "exact_gradient", "finite_difference_gradient",
    "running_estimate", "score_function_gradient", "score_function_samples",
]
__all__ += [
    "EXAMPLE_FUNCTIONS", "finite_difference_estimate", "finite_difference_samples", "finite_difference_term_moments",
    "gaussian_expectation", "pathwise_gradient", "pathwise_samples", "pathwise_term_moments", "score_term_moments",
]
__all__ += ["PRESETS", "parse_function"]
