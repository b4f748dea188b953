"""The convergence explorer of notebook 03 in a real browser: keys on the θ and N sliders, a new seed,
a typed f(x), a preset, a mistake and the recovery; every number shown checked against enumeration."""

import math
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tools.lab import HOSTILE
from tools.lab.controls import (
    REDRAW_TIMEOUT,
    choose,
    chosen,
    control,
    explorer_with,
    figure_src,
    message,
    move_slider,
    readout,
    settled_figure_src,
    slider_value,
    text_value,
    type_into_readout,
    type_text,
    wait_for_new_figure,
)

CONVERGENCE = "03_watching_monte_carlo_converge.ipynb"
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("notebook_name", [CONVERGENCE])]
TRIALS = 10  # the explorer's x is the number of heads in 10 flips, p(heads) = sigmoid(θ)
THETA_STEP = 0.05
ROUNDING = 5e-5  # relative: the readout shows 5 significant digits
SE_TOLERANCE = 4  # standard errors between the estimate and the exact value (fixed seed)
EXACT, ESTIMATE, SE = "exact ∇J(θ)", "estimate", "standard error"


def enumerated_gradient(f, theta):
    """∇_θ E[f(x)] = Σ_x p(x|θ) f(x) (x - n σ(θ)) for x ~ Binomial(n, σ(θ)), summed over x = 0..n."""
    p = 1 / (1 + math.exp(-theta))
    return sum(math.comb(TRIALS, x) * p**x * (1 - p) ** (TRIALS - x) * f(x) * (x - TRIALS * p)
               for x in range(TRIALS + 1))


@pytest.fixture
def explorer(lab_server, ran_notebooks, notebook_name):
    if not (lab_server.root / notebook_name).exists():
        pytest.skip(f"{notebook_name} is not in notebooks/")
    notebook = ran_notebooks.get(notebook_name)
    return notebook, explorer_with(notebook.page, "θ (logit)", "N samples", "formula f(x) =")


def assert_shows_gradient(view, f):
    """The readout's exact value is the enumerated gradient at the slider's θ; the estimate is within a few SE."""
    numbers = readout(view)
    theta = slider_value(control(view, "θ (logit)"))
    assert numbers[EXACT] == pytest.approx(enumerated_gradient(f, theta), rel=ROUNDING, abs=1e-12)
    assert abs(numbers[ESTIMATE] - numbers[EXACT]) <= SE_TOLERANCE * numbers[SE]


def test_numbers_match_the_closed_form(explorer):
    """With f(x) = x, ∇_θ E[x] = n σ(θ)(1 - σ(θ)); the explorer opens with f(x) = x."""
    notebook, view = explorer
    assert notebook.errors() == []
    assert text_value(control(view, "formula f(x) =")) == "x"
    assert_shows_gradient(view, lambda x: x)
    p = 1 / (1 + math.exp(-slider_value(control(view, "θ (logit)"))))
    assert readout(view)[EXACT] == pytest.approx(TRIALS * p * (1 - p), rel=ROUNDING)


def test_theta_keys_redraw(explorer):
    notebook, view = explorer
    theta = control(view, "θ (logit)")
    start, before = slider_value(theta), figure_src(view)
    move_slider(theta, +1)
    wait_for_new_figure(view, before)
    expect(theta.locator(".widget-readout")).to_have_text(f"{start + THETA_STEP:.2f}")
    assert_shows_gradient(view, lambda x: x)
    assert notebook.errors() == []


def test_n_keys_redraw_with_the_same_exact_value(explorer):
    notebook, view = explorer
    n, before, numbers = control(view, "N samples"), figure_src(view), readout(view)
    move_slider(n, +1)
    wait_for_new_figure(view, before)
    after = readout(view)
    assert after["N"] > numbers["N"]
    assert after["N"] == float(n.locator(".widget-readout").inner_text().replace(",", ""))
    assert after[EXACT] == numbers[EXACT] and after[ESTIMATE] != numbers[ESTIMATE]
    assert notebook.errors() == []


def test_a_new_seed_is_a_new_draw(explorer):
    notebook, view = explorer
    before, numbers = figure_src(view), readout(view)
    type_text(control(view, "seed"), "7")
    wait_for_new_figure(view, before)
    assert readout(view)[EXACT] == numbers[EXACT] and readout(view)[ESTIMATE] != numbers[ESTIMATE]
    assert_shows_gradient(view, lambda x: x)


def test_typed_function_redraws(explorer):
    notebook, view = explorer
    before = figure_src(view)
    type_text(control(view, "formula f(x) ="), "x**2")
    wait_for_new_figure(view, before)
    assert_shows_gradient(view, lambda x: x**2)
    assert chosen(control(view, "preset f(x)")) == "x²"
    assert notebook.errors() == []


def test_a_mistake_shows_a_message_and_keeps_the_figure(explorer):
    notebook, view = explorer
    before, numbers = figure_src(view), readout(view)
    type_text(control(view, "formula f(x) ="), "x +* 2")
    expect(view.locator(".explorer-message")).to_contain_text(re.compile(r"\S"))
    assert figure_src(view) == before and readout(view) == numbers
    assert notebook.errors() == []

    type_text(control(view, "formula f(x) ="), "cos(x)")
    wait_for_new_figure(view, before)
    assert message(view) == ""
    assert_shows_gradient(view, math.cos)


def test_a_preset_fills_the_box_and_redraws(explorer):
    notebook, view = explorer
    before = figure_src(view)
    choose(control(view, "preset f(x)"), "indicator x = 3")
    wait_for_new_figure(view, before)
    assert text_value(control(view, "formula f(x) =")) == "x == 3"
    assert_shows_gradient(view, lambda x: float(x == 3))
    assert notebook.errors() == []


def wait_for_gradient_at(view, theta, f):
    """Wait until the readout shows the exact gradient at theta (a redraw of a later value may still be on its way)."""
    expected, deadline = enumerated_gradient(f, theta), time.monotonic() + REDRAW_TIMEOUT / 1000
    while readout(view)[EXACT] != pytest.approx(expected, rel=ROUNDING, abs=1e-12):
        assert time.monotonic() < deadline, f"the readout did not reach θ = {theta} within {REDRAW_TIMEOUT} ms"
        view.page.wait_for_timeout(50)


def test_fast_keys_end_on_the_last_value_and_typed_theta_is_clamped(explorer):
    """20 ArrowRight presses as fast as the page takes them: the slider, the figure and the numbers all settle on
    the last θ. A θ typed far outside the slider's range is clamped to its end, and the explorer goes on working."""
    notebook, view = explorer
    if text_value(control(view, "formula f(x) =")) != "x":
        type_text(control(view, "formula f(x) ="), "x")
    theta = control(view, "θ (logit)")
    type_into_readout(theta, "-1")
    wait_for_gradient_at(view, -1.0, lambda x: x)
    move_slider(theta, +20)
    expect(theta.locator(".widget-readout")).to_have_text("0.00")
    wait_for_gradient_at(view, 0.0, lambda x: x)
    assert_shows_gradient(view, lambda x: x)

    for typed, end in [("99", 3.0), ("-1e9", -3.0)]:
        type_into_readout(theta, typed)
        wait_for_gradient_at(view, end, lambda x: x)
        assert slider_value(theta) == end
    assert message(view) == "" and notebook.errors() == []


# Typed into the f(x) box: (text, a fragment the message must show). Each is refused without being run.
SENTINEL = "/tmp/explorer-was-run"


def test_hostile_input_is_refused_and_the_explorer_keeps_working(explorer):
    """Every hostile or malformed text shows its own message, keeps the figure and numbers, runs nothing;
    out-of-range numbers typed beside N are clamped; afterwards valid input draws as usual."""
    notebook, view = explorer
    if text_value(control(view, "formula f(x) =")) != "x":
        type_text(control(view, "formula f(x) ="), "x")
    wait_for_gradient_at(view, slider_value(control(view, "θ (logit)")), lambda x: x)
    before, numbers = settled_figure_src(view), readout(view)  # not a figure of the last test still on its way
    for text, fragment in HOSTILE:
        type_text(control(view, "formula f(x) ="), text)
        expect(view.locator(".explorer-message")).to_contain_text(fragment)
        assert figure_src(view) == before and readout(view) == numbers, text[:40]
    assert not Path(SENTINEL).exists()

    type_text(control(view, "formula f(x) ="), "x**2")
    wait_for_new_figure(view, before)
    recovered = figure_src(view)
    type_into_readout(control(view, "N samples"), "1e30")
    wait_for_new_figure(view, recovered)
    assert message(view) == "" and readout(view)["N"] == 10**8  # the slider's maximum
    assert_shows_gradient(view, lambda x: x**2)
    assert notebook.errors() == []
