"""The explorers of notebook 03, driven in this process as the browser drives them.

Every control changes the figure and the readout; the readout's exact value is the gradient computed here by
enumeration; a bad f(x) shows a message and keeps the last figure, and a good one afterwards recovers.
"""

import re

import numpy as np
import pytest
from explorer_state import explorer_state

import helpers as h
from helpers import convergence_plots

Z = 4.0
DIGITS = 1e-4  # the readout shows 5 significant digits: rounding moves a value by at most 5e-5 of it


@pytest.fixture
def explorer():
    """The convergence explorer as notebook 03 makes it."""
    return convergence_plots.make_convergence_explorer(theta=0.5, n=1000, f_text="x", seed=0)


def set_and_read(control, value, explorer):
    """Set one control (a widget of the explorer) and return the explorer's state afterwards."""
    control.value = value
    state = explorer_state(explorer)
    assert state["png"] is not None
    return state


def readout(state):
    """{name: text} from the readout table."""
    return dict(re.findall(r"<td>(.*?)</td><td[^>]*>(.*?)</td>", state["readout"]))


def numbers(text):
    return np.array([float(v) for v in re.findall(r"[-+]?[\d.]+(?:e[-+]?\d+)?", text.replace(",", ""))])


def check_against_exact(state, dist, f_text, n):
    """Readout: exact value equal to h.exact_gradient, estimate within Z standard errors, n as set."""
    values = readout(state)
    exact = h.exact_gradient(dist, h.parse_function(f_text))
    np.testing.assert_allclose(numbers(values["exact ∇J(θ)"]), exact, rtol=DIGITS, atol=1e-12)
    estimate, se = numbers(values["estimate"]), numbers(values["standard error"])
    assert np.all(np.abs(estimate - exact) <= Z * se * (1 + DIGITS) + 1e-12)
    assert numbers(values["N"])[0] == n


def test_convergence_explorer_follows_every_control(explorer):
    first = explorer_state(explorer)
    check_against_exact(first, h.Binomial(0.5), "x", 1000)
    controls = explorer.controls
    steps = [
        (controls["theta"], 1.2, 1.2, "x", 1000),
        (controls["n"], 10**6, 1.2, "x", 10**6),
        (controls["f_text"].choice, h.PRESETS["cos x"], 1.2, "cos(x)", 10**6),
        (controls["f_text"].text, "sin(x) + x / 10", 1.2, "sin(x) + x / 10", 10**6),
        (controls["n"], 10**8, 1.2, "sin(x) + x / 10", 10**8),
        (controls["seed"], 7, 1.2, "sin(x) + x / 10", 10**8),
    ]
    previous = first
    for control, value, theta, f_text, n in steps:
        state = set_and_read(control, value, explorer)
        assert state["png"] != previous["png"] and state["readout"] != previous["readout"], (control, value)
        assert state["message"] == ""
        check_against_exact(state, h.Binomial(theta), f_text, n)
        previous = state


def test_preset_writes_its_formula_and_typing_switches_to_your_own(explorer):
    f_text = explorer.controls["f_text"]
    f_text.choice.value = h.PRESETS["x²"]
    assert f_text.text.value == h.PRESETS["x²"]
    f_text.text.value = "exp(-x)"
    assert f_text.choice.value == "" and f_text.value == "exp(-x)"
    f_text.text.value = "cos(x)"
    assert f_text.choice.value == "cos(x)"


def test_bad_f_shows_a_message_keeps_the_figure_and_recovers(explorer):
    text = explorer.controls["f_text"].text
    good = set_and_read(text, "x**2", explorer)
    bad = set_and_read(text, "x**", explorer)
    assert "x**" in bad["message"] and "expected" in bad["message"]
    assert bad["png"] == good["png"] and bad["readout"] == good["readout"]
    unknown = set_and_read(text, "y + 1", explorer)
    assert "unknown name" in unknown["message"] and unknown["png"] == good["png"]
    fixed = set_and_read(text, "x**3", explorer)
    assert fixed["message"] == "" and fixed["png"] != good["png"]
    check_against_exact(fixed, h.Binomial(0.5), "x**3", 1000)


def test_same_settings_redraw_the_same_run(explorer):
    """The random stream restarts from the seed: going back to earlier settings gives the same figure."""
    theta = explorer.controls["theta"]
    before = set_and_read(theta, -0.5, explorer)
    set_and_read(theta, 2.0, explorer)
    after = set_and_read(theta, -0.5, explorer)
    assert after["png"] == before["png"] and after["readout"] == before["readout"]


def test_vector_explorer_follows_every_control():
    f_text, theta, n = "table(x, 1, 3, -2)", [0.5, 0.0, -0.5], 1000
    explorer = convergence_plots.make_vector_explorer(theta=tuple(theta), n=n, seed=0)  # as notebook 03 makes it
    previous = explorer_state(explorer)
    check_against_exact(previous, h.Categorical(theta), f_text, n)
    for name, value in [("theta0", -1.0), ("theta1", 2.0), ("theta2", 1.5), ("n", 10**7), ("seed", 3)]:
        state = set_and_read(explorer.controls[name], value, explorer)
        assert state["png"] != previous["png"] and state["readout"] != previous["readout"], name
        if name.startswith("theta"):
            theta[int(name[-1])] = value
        n = value if name == "n" else n
        check_against_exact(state, h.Categorical(theta), f_text, n)
        previous = state
