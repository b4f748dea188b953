"""Exact values to check every estimate against: sums over a finite support, quadrature for the Gaussian."""

import numpy as np
from numpy.polynomial import hermite_e

from .checks import evaluate_f

QUADRATURE_NODES = 120


def quadrature_rule(dist):
    """Points x and weights w with sum(w * g(x)) = E[g(x)] for x ~ dist, exact on the support or by Gauss-Hermite."""
    if hasattr(dist, "support"):
        return dist.support, dist.probs
    z, w = hermite_e.hermegauss(QUADRATURE_NODES)
    return dist.mean + dist.std * z, w / np.sqrt(2 * np.pi)


def exact_expectation(dist, f):
    """J(theta) = E_{x ~ p(x|theta)}[f(x)] = sum_x p(x|theta) f(x): a float."""
    x, w = quadrature_rule(dist)
    return float(np.sum(w * evaluate_f(f, x)))


def exact_gradient(dist, f):
    """grad_theta J = sum_x f(x) grad_theta p(x|theta) = sum_x p f grad log p: shape (dim theta,)."""
    x, w = quadrature_rule(dist)
    return (w * evaluate_f(f, x)) @ dist.score(x)


def finite_difference_gradient(dist, f, eps=1e-5):
    """Central differences (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps): shape (dim theta,)."""
    theta = dist.params
    grad = np.empty(theta.size)
    for i in range(theta.size):
        step = np.zeros(theta.size)
        step[i] = eps
        grad[i] = (exact_expectation(dist.with_params(theta + step), f)
                   - exact_expectation(dist.with_params(theta - step), f)) / (2 * eps)
    return grad
