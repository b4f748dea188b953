"""The baseline explorer of notebook 04, driven in this process as the browser drives it.

Every control is moved; after each move the figure (PNG) and the readout change, and the readout holds
the exact values computed here from the binomial formula with math.comb, independently of helpers.
"""

import math
import re
from statistics import NormalDist

import pytest
from explorer_state import explorer_state

from helpers import variance_plots

TRIALS, REPEATS, HALF_WIDTH = 10, 200, 0.01
Z = 4.0
SHOWN = 5e-5  # the readout rounds to 4 decimals


def exact_values(theta, baseline, shift, n):
    """Exact readout values for f = [x >= 7] + shift, plus the variance and 4th central moment of one term."""
    s = 1 / (1 + math.exp(-theta))
    outcomes = [(math.comb(TRIALS, x) * s**x * (1 - s) ** (TRIALS - x), float(x >= 7) + shift, x - TRIALS * s)
                for x in range(TRIALS + 1)]
    grad = sum(p * f * g for p, f, g in outcomes)
    best = sum(p * f * g * g for p, f, g in outcomes) / sum(p * g * g for p, f, g in outcomes)
    var = {b: sum(p * ((f - b) * g) ** 2 for p, f, g in outcomes) - grad**2 for b in (baseline, best)}
    m4 = sum(p * ((f - baseline) * g - grad) ** 4 for p, f, g in outcomes)
    z2 = NormalDist().inv_cdf(0.975) ** 2
    return {"exact ∇θJ": grad, "E[f]": sum(p * f for p, f, g in outcomes), "b*": best,
            "exact sd of one estimate": math.sqrt(var[baseline] / n),
            "your b": math.ceil(z2 * var[baseline] / HALF_WIDTH**2), "b* N": math.ceil(z2 * var[best] / HALF_WIDTH**2),
            "var": var[baseline], "m4": m4}


def parse_readout(html):
    """{row name: number} from the readout table."""
    rows = dict(re.findall(r"<tr><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", html))
    numbers = {name: float(value.replace(",", "")) for name, value in rows.items()}
    needed = {"your b" if name.endswith("your b") else "b* N": value
              for name, value in numbers.items() if name.startswith("N ")}
    return {**numbers, **needed}


def check_readout(readout, controls):
    """The readout's exact rows equal the independent values; its sampled rows lie within Z standard errors."""
    expected, n = exact_values(**{k: controls[k] for k in ("theta", "baseline", "shift", "n")}), controls["n"]
    for name in ("exact ∇θJ", "E[f]", "b*", "exact sd of one estimate"):
        assert abs(readout[name] - expected[name]) <= SHOWN + 1e-9, name
    for name in ("your b", "b* N"):
        assert abs(readout[name] - expected[name]) <= 1, name
    sd_mean = math.sqrt(expected["var"] / n)
    assert abs(readout[f"mean of {REPEATS} estimates"] - expected["exact ∇θJ"]) < Z * sd_mean / math.sqrt(REPEATS)
    # sample variance of REPEATS means of n terms: fourth central moment of a mean is (m4 + 3(n-1) var^2) / n^3
    m4_mean = (expected["m4"] + 3 * (n - 1) * expected["var"] ** 2) / n**3
    se_var = math.sqrt((m4_mean - sd_mean**4) / REPEATS)
    sd = readout["sd of the estimates"]
    assert abs(sd**2 - sd_mean**2) < Z * se_var + 2 * SHOWN * sd  # + rounding of the shown sd


@pytest.fixture
def explorer():
    """The baseline explorer as notebook 04 makes it: 1 point for 7 heads or more."""
    return variance_plots.make_baseline_explorer(lambda x: (x >= 7).astype(float))


def read(explorer):
    """(PNG hash, readout numbers, message) and the control values."""
    state = explorer_state(explorer)
    return state["png"], parse_readout(state["readout"]), state["message"], explorer.values()


def test_default_view_holds_the_exact_values(explorer):
    png, readout, message, controls = read(explorer)
    assert message == "" and png is not None
    check_readout(readout, controls)


@pytest.mark.parametrize("settings", [
    {"baseline": 0.4}, {"theta": 0.8}, {"shift": 100.0}, {"shift": 100.0, "baseline": 100.5}, {"n": 400},
    {"seed": 11},
])
def test_every_control_changes_figure_and_readout(explorer, settings):
    for name, value in list(settings.items())[:-1]:  # the settings before the last move
        explorer.controls[name].value = value
    before_png, before, *_ = read(explorer)
    name, value = list(settings.items())[-1]
    explorer.controls[name].value = value
    png, readout, message, controls = read(explorer)
    assert controls[name] == value
    assert message == ""
    assert png != before_png
    assert readout != before
    check_readout(readout, controls)


def test_negative_seed_shows_a_message_keeps_the_figure_and_recovers(explorer):
    before_png, before, *_ = read(explorer)
    explorer.controls["seed"].value = -3
    png, readout, message, _ = read(explorer)
    assert "seed=-3: expected an integer &gt;= 0" in message
    assert png == before_png and readout == before
    explorer.controls["seed"].value = 12
    png, readout, message, controls = read(explorer)
    assert message == "" and png != before_png and readout != before
    check_readout(readout, controls)
