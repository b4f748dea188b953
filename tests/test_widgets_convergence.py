"""The explorers of notebook 03, driven in a real kernel without a browser.

Every control changes the figure and the readout; the readout's exact value is the gradient computed here by
enumeration; a bad f(x) shows a message and keeps the last figure, and a good one afterwards recovers.
"""

import re

import numpy as np
import pytest
from kernel import NotebookKernel

import helpers as h

NOTEBOOK = "notebooks/03_watching_monte_carlo_converge.ipynb"
Z = 4.0
DIGITS = 1e-4  # the readout shows 5 significant digits: rounding moves a value by at most 5e-5 of it


@pytest.fixture(scope="module")
def kernel():
    with NotebookKernel(NOTEBOOK) as kernel:
        yield kernel


def set_and_read(kernel, assignment, explorer="explorer"):
    """Run the assignment in one cell, then read the explorer's state in the next (widget state syncs between)."""
    kernel.run(assignment)
    state = kernel.explorer_state(explorer)
    assert state["errors"] == 0 and state["images"] == 1
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


def test_convergence_explorer_follows_every_control(kernel):
    first = kernel.explorer_state()
    check_against_exact(first, h.Binomial(0.5), "x", 1000)
    steps = [
        ("explorer.controls['theta'].value = 1.2", 1.2, "x", 1000),
        ("explorer.controls['n'].value = 10**6", 1.2, "x", 10**6),
        ("explorer.controls['f_text'].choice.value = h.PRESETS['cos x']", 1.2, "cos(x)", 10**6),
        ("explorer.controls['f_text'].text.value = 'sin(x) + x / 10'", 1.2, "sin(x) + x / 10", 10**6),
        ("explorer.controls['n'].value = 10**8", 1.2, "sin(x) + x / 10", 10**8),
        ("explorer.controls['seed'].value = 7", 1.2, "sin(x) + x / 10", 10**8),
    ]
    previous = first
    for assignment, theta, f_text, n in steps:
        state = set_and_read(kernel, assignment)
        assert state["png"] != previous["png"] and state["readout"] != previous["readout"], assignment
        assert state["message"] == ""
        check_against_exact(state, h.Binomial(theta), f_text, n)
        previous = state


def test_preset_writes_its_formula_and_typing_switches_to_your_own(kernel):
    kernel.run("explorer.controls['f_text'].choice.value = h.PRESETS['x²']")
    assert kernel.value("explorer.controls['f_text'].text.value") == h.PRESETS["x²"]
    kernel.run("explorer.controls['f_text'].text.value = 'exp(-x)'")
    assert kernel.value("explorer.controls['f_text'].choice.value") == ""
    assert kernel.value("explorer.controls['f_text'].value") == "exp(-x)"
    kernel.run("explorer.controls['f_text'].text.value = 'cos(x)'")
    assert kernel.value("explorer.controls['f_text'].choice.value") == "cos(x)"


def test_bad_f_shows_a_message_keeps_the_figure_and_recovers(kernel):
    good = set_and_read(kernel, "explorer.controls['f_text'].text.value = 'x'")
    bad = set_and_read(kernel, "explorer.controls['f_text'].text.value = 'x**'")
    assert "x**" in bad["message"] and "expected" in bad["message"]
    assert bad["png"] == good["png"] and bad["readout"] == good["readout"]
    unknown = set_and_read(kernel, "explorer.controls['f_text'].text.value = 'y + 1'")
    assert "unknown name" in unknown["message"] and unknown["png"] == good["png"]
    fixed = set_and_read(kernel, "explorer.controls['f_text'].text.value = 'x**3'")
    assert fixed["message"] == "" and fixed["png"] != good["png"]
    values = kernel.value("{k: v.value for k, v in explorer.controls.items()}")
    check_against_exact(fixed, h.Binomial(values["theta"]), "x**3", round(values["n"]))


def test_same_settings_redraw_the_same_run(kernel):
    """The random stream restarts from the seed: going back to earlier settings gives the same figure."""
    before = set_and_read(kernel, "explorer.controls['theta'].value = -0.5")
    set_and_read(kernel, "explorer.controls['theta'].value = 2.0")
    after = set_and_read(kernel, "explorer.controls['theta'].value = -0.5")
    assert after["png"] == before["png"] and after["readout"] == before["readout"]


def test_vector_explorer_follows_every_control(kernel):
    f_text = "table(x, 1, 3, -2)"
    first = kernel.explorer_state("vector_explorer")
    check_against_exact(first, h.Categorical([0.5, 0.0, -0.5]), f_text, 1000)
    theta, n, previous = [0.5, 0.0, -0.5], 1000, first
    for name, value in [("theta0", -1.0), ("theta1", 2.0), ("theta2", 1.5), ("n", 10**7), ("seed", 3)]:
        state = set_and_read(kernel, f"vector_explorer.controls[{name!r}].value = {value!r}", "vector_explorer")
        assert state["png"] != previous["png"] and state["readout"] != previous["readout"], name
        if name.startswith("theta"):
            theta[int(name[-1])] = value
        n = value if name == "n" else n
        check_against_exact(state, h.Categorical(theta), f_text, n)
        previous = state


def test_redraw_time_is_reported(kernel):
    """Not a time limit (tests never assert times): prints how long a redraw takes at small and large N."""
    outputs = kernel.run("""import time
for n in (10, 10**8):
    explorer.controls['n'].value = n
    start, cpu = time.perf_counter(), time.process_time()
    explorer.redraw()
    print(f"N = {n:,}: redraw {time.perf_counter() - start:.3f} s, {time.process_time() - cpu:.3f} s of CPU")""")
    print("".join(o.get("text", "") for o in outputs))
    assert not [o for o in outputs if o.output_type == "error"]
