"""The estimator explorer of notebook 05, driven in this process as the browser drives it.

Every control is moved; after each move the figure (PNG) and the readout change, and the readout holds
the numbers recomputed here with plain numpy from the explorer's seed: the four estimators' terms
written out by hand and the exact gradient in closed form (normal CDF for the step), independently of helpers.
"""

import math
import re

import numpy as np
import pytest
from explorer_state import explorer_state

from helpers import pathwise_plots

SEED, STEP = 0, 0.1  # the explorer's defaults
SHOWN = 5e-5 + 1e-9  # the readout rounds to 4 decimals
NUMBER = r"(-?\d+\.\d+)"


def phi(t):
    return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)


def closed_forms(name, mu, sigma):
    """f, f', E[f] and the exact gradient (d/d mu, d/d log sigma) of E[f(x)], x ~ N(mu, sigma^2)."""
    s = 1 + 2 * sigma**2
    gauss = math.exp(-(mu**2) / s) / math.sqrt(s)
    return {
        "x": (lambda x: x, lambda x: np.ones_like(x), mu, (1.0, 0.0)),
        "x²": (lambda x: x**2, lambda x: 2 * x, mu**2 + sigma**2, (2 * mu, 2 * sigma**2)),
        "exp(−x²)": (lambda x: np.exp(-(x**2)), lambda x: -2 * x * np.exp(-(x**2)), gauss,
                     (-2 * mu / s * gauss, 4 * sigma**2 * gauss * (mu**2 / s**2 - 1 / (2 * s)))),
        "step 1[x > 0]": (lambda x: (x > 0) * 1.0, np.zeros_like, 0.5 * math.erfc(-mu / sigma / math.sqrt(2)),
                          (phi(mu / sigma) / sigma, -(mu / sigma) * phi(mu / sigma))),
    }[name]


def expected_readout(mu, sigma, n, function):
    """{row: [(estimate, se) for d/d mu, d/d log sigma]} and the exact gradient, by hand from the same seed."""
    f, df, mean_f, exact = closed_forms(function, mu, sigma)
    eps = np.random.default_rng(SEED).standard_normal(n)
    x = mu + sigma * eps
    score = np.stack([(x - mu) / sigma**2, eps**2 - 1], axis=1)
    moved = [(mu + STEP, sigma, mu - STEP, sigma), (mu, sigma * math.exp(STEP), mu, sigma * math.exp(-STEP))]
    terms = {
        "score function": f(x)[:, None] * score,
        "score function, b = E[f]": (f(x) - mean_f)[:, None] * score,
        "pathwise": df(x)[:, None] * np.stack([np.ones(n), sigma * eps], axis=1),
        "finite differences": np.stack([(f(m1 + s1 * eps) - f(m2 + s2 * eps)) / (2 * STEP)
                                        for m1, s1, m2, s2 in moved], axis=1),
    }
    se = {name: t.std(axis=0, ddof=1) / np.sqrt(n) for name, t in terms.items()}
    return {name: list(zip(t.mean(axis=0), se[name], strict=True)) for name, t in terms.items()}, exact


def parse_readout(html):
    """({row: [(estimate, se), (estimate, se)]}, [exact, exact]) from the readout table."""
    rows = {}
    for name, cells in re.findall(r"<tr><td>([^<]+)</td>(.*?)</tr>", html):
        rows[name] = [(float(m), float(s)) for m, s in re.findall(rf"{NUMBER} ± {NUMBER}", cells)]
    exact = [float(v) for v in re.findall(rf"<td><b>{NUMBER}</b></td>", html)]
    return rows, exact


@pytest.fixture
def explorer():
    """The estimator explorer as notebook 05 makes it."""
    return pathwise_plots.make_estimator_explorer(mu=0.5, sigma=1.0, n=1000, function="exp(−x²)")


def check_view(explorer, previous_png=None):
    """The view is a single figure, no message, and its readout equals the numbers recomputed here."""
    state = explorer_state(explorer)
    assert state["message"] == "" and state["png"] is not None
    assert state["png"] != previous_png
    html, controls = state["readout"], explorer.values()
    rows, exact = parse_readout(html)
    expected_rows, expected_exact = expected_readout(**controls)
    assert f"N = {controls['n']}" in html
    np.testing.assert_allclose(exact, expected_exact, atol=SHOWN)
    assert rows.keys() == expected_rows.keys()
    for name, pairs in expected_rows.items():
        np.testing.assert_allclose(rows[name], pairs, atol=SHOWN, err_msg=name)
    return state["png"], html


def test_default_view(explorer):
    check_view(explorer)


def test_every_control_redraws_with_the_right_numbers(explorer):
    png, html = check_view(explorer)
    for name, value in [("mu", -1.2), ("sigma", 2.3), ("n", 3000), ("function", "x"), ("function", "x²"),
                        ("function", "step 1[x > 0]"), ("n", 40), ("sigma", 0.4)]:
        explorer.controls[name].value = value
        new_png, new_html = check_view(explorer, previous_png=png)
        assert new_html != html, name
        png, html = new_png, new_html


def test_pathwise_row_is_zero_for_the_step(explorer):
    explorer.controls["function"].value = "step 1[x > 0]"
    rows, exact = parse_readout(explorer.readout.value)
    assert rows["pathwise"] == [(0.0, 0.0), (0.0, 0.0)] and abs(exact[0]) > 0.01


def test_sigma_below_its_range_is_clamped_and_the_explorer_keeps_working(explorer):
    explorer.controls["sigma"].value = 0.0
    assert explorer.controls["sigma"].value == pytest.approx(0.1)
    check_view(explorer)
    explorer.controls["mu"].value = 0.3
    check_view(explorer)
