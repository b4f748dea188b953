"""Input checks shared by the helpers: each raises ValueError naming the argument, its value and what was expected."""

import math
import numbers

import numpy as np


def check_sample_count(n, name="n"):
    """Return n as an int, or raise if it is not an integer >= 1."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise ValueError(f"{name}={n!r}: expected an integer >= 1")
    if n < 1:
        raise ValueError(f"{name}={n!r}: expected an integer >= 1")
    return int(n)


def check_seed(seed):
    """Return seed as an int, or raise if it is not an integer >= 0 (what numpy's default_rng accepts)."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed={seed!r}: expected an integer >= 0")
    return int(seed)


def check_params(theta, size, name="theta"):
    """Return theta as a finite float64 array of shape (size,)."""
    try:
        arr = np.asarray(theta, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={theta!r}: expected {size} finite numbers") from None
    if arr.shape != (size,):
        raise ValueError(f"{name}={theta!r}: expected {size} numbers, got shape {np.shape(theta)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}={theta!r}: expected finite numbers")
    return arr


def check_scalar(value, name):
    """Return value as a finite float."""
    return float(check_params(value, 1, name)[0])


def check_step_size(alpha):
    """Return alpha, the step size (learning rate) of a gradient step, as a float, or raise if it is not > 0."""
    alpha = check_scalar(alpha, "alpha")
    if alpha <= 0:
        raise ValueError(f"alpha={alpha!r}: expected a step size > 0")
    return alpha


def evaluate_f(f, x):
    """f(x) as a finite float64 array of the same shape as x (a scalar result is broadcast)."""
    fx = np.asarray(f(x), dtype=float)
    if fx.ndim == 0:
        fx = np.full(np.shape(x), float(fx))
    if fx.shape != np.shape(x):
        raise ValueError(f"f returned shape {fx.shape} for x of shape {np.shape(x)}: "
                         "expected one value per x (a vectorised function)")
    return check_finite_values(fx, x)


def check_finite_values(fx, x, name="f(x)", hint=""):
    """fx, or ValueError naming the first x at which it is not finite (x: one row or value per entry of fx)."""
    bad = ~np.isfinite(fx)
    if bad.any():
        where = np.asarray(x)[bad][0]  # a number, or a whole game
        shown = f"{where:g}" if np.ndim(where) == 0 else where
        raise ValueError(f"{name} is {fx[bad][0]} at x={shown}: expected finite values{hint}")
    return fx


def check_baseline(baseline, dim):
    """Baseline as a float64 array broadcastable to (dim,): one number, or one per coordinate of theta."""
    if isinstance(baseline, numbers.Real) and math.isfinite(baseline):  # one number: the common case, made quick
        return np.array([float(baseline)])
    b = np.asarray(baseline, dtype=float)
    if b.ndim == 0:
        b = b.reshape(1)
    if b.shape not in ((1,), (dim,)) or not np.all(np.isfinite(b)):
        raise ValueError(f"baseline={baseline!r}: expected one finite number or {dim} (one per coordinate of theta)")
    return b
