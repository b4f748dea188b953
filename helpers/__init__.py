"""Helpers for the course on the log-derivative trick: distributions, exact values and estimators."""

from .distributions import Bernoulli, Binomial, Categorical, Gaussian
from .estimators import running_estimate, score_function_gradient, score_function_samples
from .exact import exact_expectation, exact_gradient, finite_difference_gradient
from .functions import PRESETS, parse_function

__all__ = [
    "Bernoulli", "Binomial", "Categorical", "Gaussian",
    "exact_expectation", "exact_gradient", "finite_difference_gradient",
    "running_estimate", "score_function_gradient", "score_function_samples",
]
__all__ += ["PRESETS", "parse_function"]
