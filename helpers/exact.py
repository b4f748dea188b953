"""Exact values to check every estimate against: sums over a finite support, quadrature for the Gaussian.

For a Gaussian, x = mean + std * eps with eps ~ N(0, 1), and E[g(x)] is a composite Gauss-Legendre rule over
eps in [-12, 12] (the density beyond is below 1e-31), with an extra panel edge wherever f jumps (`jumps=`, the
x where f is discontinuous). Between edges the rule is exact to rounding for a smooth integrand. Each value is
computed a second time, with fewer nodes on panels shifted by half a width: if the two disagree, f jumps or bends
somewhere the rule was not told of, and the helper raises a ValueError rather than return a wrong "exact" value.
So does an integrand that is not negligible at |eps| = 12. (A feature narrower than the spacing of the nodes, about
0.02 std, such as a box 0.01 wide, can slip between the nodes of both rules: tell the rule where its edges are.)
"""

import numpy as np
from numpy.polynomial import legendre

from .checks import check_baseline, evaluate_f

PANEL_EDGES = np.linspace(-12.0, 12.0, 97)  # panels of width 0.25 in eps
PANEL_NODES = 16  # Gauss-Legendre nodes per panel
CHECK_NODES = 11  # the second rule that must agree
AGREEMENT = 1e-9  # relative to the size of the integrand
NEGLIGIBLE = 1e-30  # below this the rule does not look: the density beyond |eps| = 12 is below 1e-31


def noise_rule(breaks=(), nodes=PANEL_NODES, shifted=False):
    """Points eps and weights w with sum(w g(eps)) = E[g(eps)], eps ~ N(0, 1), for g smooth between the breaks.

    Composite Gauss-Legendre on [-12, 12] with extra panel edges at the breaks: shapes (m,), (m,). shifted: the
    panel edges moved by half a panel, so that a jump at an edge of the first rule lies inside a panel of this one.
    """
    breaks = np.clip(np.asarray(breaks, dtype=float).reshape(-1), PANEL_EDGES[0], PANEL_EDGES[-1])
    panels = (PANEL_EDGES[:-1] + PANEL_EDGES[1:]) / 2 if shifted else PANEL_EDGES
    edges = np.unique(np.concatenate([PANEL_EDGES[[0, -1]], panels, breaks]))
    t, v = legendre.leggauss(nodes)
    middle, half = (edges[1:] + edges[:-1]) / 2, (edges[1:] - edges[:-1]) / 2
    eps = (middle[:, None] + half[:, None] * t).ravel()
    weights = (half[:, None] * v).ravel() * np.exp(-0.5 * eps**2) / np.sqrt(2 * np.pi)
    return eps, weights


def jump_breaks(dists, jumps):
    """The eps = (c - mean) / std at which x = mean + std * eps reaches a jump c of f, for each distribution."""
    c = np.asarray(jumps, dtype=float).reshape(-1)
    return np.concatenate([(c - d.mean) / d.std for d in dists])


def quadrature_rule(dist, jumps=()):
    """Points x and weights w with sum(w * g(x)) = E[g(x)] for x ~ dist: the support itself, or the rule above."""
    if hasattr(dist, "support"):
        return dist.support, dist.probs
    eps, w = noise_rule(jump_breaks([dist], jumps))
    return dist.mean + dist.std * eps, w


def checked_noise_expectation(g, breaks=(), what="this f"):
    """sum(w g(eps)) over noise_rule(breaks), g(eps) of shape (m,) or (m, d): refused if the second rule disagrees."""
    eps, w = noise_rule(breaks)
    values = g(eps)
    total = w @ values
    size = w @ np.abs(values)
    allowed = AGREEMENT * size + NEGLIGIBLE
    eps2, w2 = noise_rule(breaks, CHECK_NODES, shifted=True)
    gap = np.abs(w2 @ g(eps2) - total)
    outer = np.abs(eps) > 11.75  # the outermost panel on each side
    tail = w[outer] @ np.abs(values[outer])
    if np.any(gap > allowed):
        raise ValueError(f"the quadrature cannot be trusted with {what}: two rules differ by "
                         f"{np.max(gap / (size + NEGLIGIBLE)):.1e} of its size. If f jumps, pass the x where it jumps, "
                         "e.g. jumps=(0.0,).")
    if np.any(tail > allowed):
        raise ValueError(f"{what} grows too fast for quadrature: its term is not negligible at 12 standard deviations "
                         "from the mean")
    return total


def checked_expectation(dist, g, jumps=()):
    """E[g(x)], x ~ dist, g(x) of shape (m,) or (m, d): a sum over the support, or the checked rule for a Gaussian."""
    if hasattr(dist, "support"):
        return dist.probs @ g(dist.support)
    return checked_noise_expectation(lambda eps: g(dist.mean + dist.std * eps), jump_breaks([dist], jumps),
                                     f"this f on {dist!r}")


def exact_expectation(dist, f, jumps=()):
    """J(theta) = E_{x ~ p(x|theta)}[f(x)] = sum_x p(x|theta) f(x): a float. jumps: where f jumps (Gaussian)."""
    return float(checked_expectation(dist, lambda x: evaluate_f(f, x), jumps))


def exact_gradient(dist, f, jumps=()):
    """grad_theta J = sum_x f(x) grad_theta p(x|theta) = sum_x p f grad log p: shape (dim theta,).

    jumps: for a Gaussian, the x where f jumps; without them a discontinuous f is refused, never approximated.
    """
    return checked_expectation(dist, lambda x: evaluate_f(f, x)[:, None] * dist.score(x), jumps)


def objective_curve(dist, f, thetas):
    """J(theta) = E[f(x)] at each theta of a one-parameter family (dist at another theta): shape (len(thetas),)."""
    return np.array([exact_expectation(dist.with_params([theta]), f) for theta in np.ravel(thetas)])


def central_difference(dist, f, eps=1e-5, jumps=()):
    """Central differences (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps): shape (dim theta,)."""
    theta = dist.params
    grad = np.empty(theta.size)
    for i in range(theta.size):
        step = np.zeros(theta.size)
        step[i] = eps
        grad[i] = (exact_expectation(dist.with_params(theta + step), f, jumps)
                   - exact_expectation(dist.with_params(theta - step), f, jumps)) / (2 * eps)
    return grad


def enumerate_terms(dist, f):
    """Probabilities p (K,), f(x) (K,) and scores g (K, dim theta) over the whole finite support."""
    if not hasattr(dist, "support"):
        raise ValueError(f"dist={dist!r}: expected a distribution with a finite support (exact sums)")
    x = dist.support
    return dist.probs, evaluate_f(f, x), dist.score(x)


def score_function_variance(dist, f, baseline=0.0):
    """Var[(f(x) - b) grad_theta log p(x|theta)] of ONE term, exact by enumeration: shape (dim theta,).

    The mean of n independent terms (the n-sample estimate) has variance this / n.
    baseline: one number, or one per coordinate of theta.
    """
    p, fx, g = enumerate_terms(dist, f)
    b = check_baseline(baseline, g.shape[1])
    terms = (fx[:, None] - b) * g
    mean = p @ terms
    return p @ (terms - mean) ** 2
