"""The explorers of notebook 03: watch the score-function estimate converge as you move theta, N and f(x).

Each explorer is a view function `*_view(...) -> (figure, readout_html)` (the model, also drawn statically
in the notebook) plus `make_*_explorer`, which wires controls to it through `widgets.Explorer`.
"""


import functools

import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.figure import Figure

from .checks import check_seed, evaluate_f
from .convergence import cumulative_counts, estimate_from_counts, log_checkpoints, outcome_terms
from .convergence_plots import (
    focus_limits,
    frame_probabilities,
    plot_convergence,
    plot_f_values,
    plot_gradient_components,
    plot_objective,
    plot_probabilities,
    plot_running_estimate,
    plot_slopes,
    plot_terms,
)
from .distributions import Binomial, Categorical
from .exact import objective_curve
from .functions import PRESETS, parse_function
from .live_figure import LiveFigure
from .plotting import decorate
from .widgets import Explorer, make_seed_box, make_slider, readout_table

THETA_RANGE = (-3.0, 3.0)
N_EXPONENTS = (1, 8)  # the N slider runs from 10**1 to 10**8 samples
TRIALS = 10
YOUR_OWN = "your own: type it below"
VECTOR_F = "table(x, 1, 3, -2)"  # f(0) = 1, f(1) = 3, f(2) = -2 for the three outcomes of the softmax
SUBSCRIPTS = "₀₁₂"  # θ₀, θ₁, θ₂: the logit θ_x belongs to outcome x


def run_counts(dist, n, seed):
    """Checkpoints up to n and the outcome counts at each, from a random stream started at seed."""
    k = log_checkpoints(n)
    return k, cumulative_counts(dist.probs, k, np.random.default_rng(check_seed(seed)))


def convergence_readout(exact, estimate, se, n):
    return readout_table([("exact ∇J(θ)", f"{exact:.5g}"), ("estimate", f"{estimate:.5g}"),
                         ("standard error", f"{se:.3g}"), ("error", f"{estimate - exact:.3g}"), ("N", f"{n:,}")])


def three_panel_figure(height):
    """A 10-inch figure: two tall panels, then p(x|theta) above f(x) on a shared x axis. Returns (fig, axes)."""
    fig = Figure(figsize=(10, height))
    grid = fig.add_gridspec(2, 3, width_ratios=[1.25, 1, 0.8], left=0.085, right=0.84, bottom=0.13, top=0.9,
                            wspace=0.5, hspace=0.2)
    top = fig.add_subplot(grid[0, 2])
    axes = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[:, 1]), top, fig.add_subplot(grid[1, 2], sharex=top)
    top.tick_params(labelbottom=False)
    return fig, axes


def convergence_view(theta=0.5, n=1000, f_text="x", seed=0, trials=TRIALS):
    """(figure, readout_html): running estimate against n, J(theta) with both slopes, and p(x), f(x), the terms."""
    figure = ConvergenceFigure(f_text, trials)
    return figure.live.figure, figure.update(theta, n, seed)


class ConvergenceFigure:
    """The figure of `convergence_view` for one f(x); `update(theta, n, seed)` draws a run (`live.png()` renders it).

    What depends on f alone is drawn once: J over theta, f(x), and every axes but the running estimate's, whose
    limits follow the run. An update redraws, through a `LiveFigure`, only that axes and what changed.
    """

    def __init__(self, f_text="x", trials=TRIALS):
        self.f_text, self.trials = f_text, trials
        family, f = Binomial(0.0, trials), parse_function(f_text)
        thetas = np.linspace(*THETA_RANGE, 61)
        self.fx = evaluate_f(f, family.support)
        terms = [self.terms(family.with_params([t])) for t in thetas]  # the terms' range over every theta
        fig, (self.left, self.middle, self.top, self.bottom) = three_panel_figure(3.8)
        plot_objective(self.middle, thetas, objective_curve(family, f, thetas))
        frame_probabilities(self.top, family.support)
        plot_f_values(self.bottom, family.support, self.fx, ylim=focus_limits(terms, self.fx))
        self.title = fig.suptitle(" ", fontsize="medium")
        self.live = LiveFigure(fig, redrawn=[self.left, self.title])

    def terms(self, dist):
        """The term of each outcome, f(x) d/dθ log p(x|θ): shape (K, 1), from the f(x) evaluated once."""
        return self.fx[:, None] * dist.score_table()

    def update(self, theta, n, seed):
        """Draw the run of n samples at theta from seed; returns the readout (HTML)."""
        dist = Binomial(theta, self.trials)
        table = self.terms(dist)
        k, counts = run_counts(dist, n, seed)
        estimate, se = estimate_from_counts(counts, table)
        exact = dist.probs @ table[:, 0]
        with self.live.changes():
            plot_convergence(self.left, k, estimate[:, 0], se[:, 0], exact)
            plot_slopes(self.middle, theta, dist.probs @ self.fx, exact, estimate[-1, 0])
            plot_probabilities(self.top, dist.support, dist.probs, counts[-1] / n)
            plot_terms(self.bottom, dist.support, table[:, 0], exact)
        self.title.set_text(f"θ = {theta:.2f},  f(x) = {self.f_text},  N = {n:,} samples,  seed {seed}")
        return convergence_readout(exact, estimate[-1, 0], se[-1, 0], n)


class FunctionPicker(widgets.VBox):
    """A dropdown of preset f(x) and a text box showing the f(x) in use; `value` is the text in use.

    Choosing a preset writes its formula into the box; typing in the box (Enter) switches the dropdown to
    the matching preset or to "your own".
    """

    value = traitlets.Unicode()

    def __init__(self, presets, value):
        self.presets = dict(presets)
        self.choice = widgets.Dropdown(options=[*self.presets.items(), (YOUR_OWN, "")], description="preset f(x)",
                                       style={"description_width": "initial"}, layout=widgets.Layout(width="24em"))
        self.text = widgets.Text(value=value, description="formula f(x) =", continuous_update=False,
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="24em"))
        super().__init__([self.choice, self.text])
        self.choice.value = value if value in self.presets.values() else ""
        self.value = value
        self.choice.observe(self._choose, names="value")
        self.text.observe(self._type, names="value")

    def _choose(self, change):
        if change["new"]:
            self.text.value = change["new"]

    def _type(self, change):
        self.choice.value = change["new"] if change["new"] in self.presets.values() else ""
        self.value = change["new"]


def make_n_slider(value=1000):
    """N on a log scale, 10 to 10**8, redrawn on release."""
    return widgets.FloatLogSlider(value=value, base=10, min=N_EXPONENTS[0], max=N_EXPONENTS[1], step=0.25,
                                  description="N samples", readout_format=",.0f", continuous_update=False,
                                  style={"description_width": "initial"}, layout=widgets.Layout(width="24em"))


def make_convergence_explorer(theta=0.5, n=1000, f_text="x", seed=0):
    """Explorer with controls θ, N (log scale), f(x) (preset or typed) and seed, drawing `convergence_view`."""
    controls = {"theta": make_slider("θ (logit)", theta, *THETA_RANGE, 0.05), "n": make_n_slider(n),
                "f_text": FunctionPicker(PRESETS, f_text), "seed": make_seed_box(seed)}

    figure_for = functools.lru_cache(maxsize=1)(ConvergenceFigure)  # kept while f(x) stays; a bad f(x) raises

    def draw(theta, n, f_text, seed):
        figure = figure_for(f_text)
        return figure.live, figure.update(theta, int(round(n)), seed)

    return Explorer(controls, draw, height="400px")


def vector_view(theta0=0.5, theta1=0.0, theta2=-0.5, n=1000, seed=0, f_text=VECTOR_F):
    """(figure, readout_html) for a softmax over outcomes 0, 1, 2 (logits theta0..theta2): grad J, exact vs estimate."""
    figure = VectorFigure(f_text)
    return figure.live.figure, figure.update((theta0, theta1, theta2), n, seed)


class VectorFigure:
    """The figure of `vector_view` for one f(x); `update(theta, n, seed)` draws a run.

    p(x) and f(x) keep their axes and f(x) is drawn once; the running estimates and the components are redrawn.
    """

    def __init__(self, f_text=VECTOR_F):
        self.f_text, self.f = f_text, parse_function(f_text)
        support = np.arange(len(SUBSCRIPTS))
        fig, (self.running, self.components, self.top, bottom) = three_panel_figure(3.6)
        frame_probabilities(self.top, support)
        plot_f_values(bottom, support, evaluate_f(self.f, support), terms=False)
        self.title = fig.suptitle(" ", fontsize="medium")
        self.live = LiveFigure(fig, redrawn=[self.running, self.components, self.title])

    def update(self, theta, n, seed):
        """Draw the run of n samples at the logits theta from seed; returns the readout (HTML)."""
        dist = Categorical(theta)
        table = outcome_terms(dist, self.f)
        k, counts = run_counts(dist, n, seed)
        estimate, se = estimate_from_counts(counts, table)
        exact = dist.probs @ table
        names = [f"θ{s}" for s in SUBSCRIPTS]
        with self.live.changes():
            for i in range(3):
                plot_running_estimate(self.running, k, estimate[:, i], se[:, i], exact[i], component=i,
                                      label=f"∂J/∂{names[i]}", tag=names[i])
            decorate(self.running, xlabel="N, samples so far", ylabel="estimate of ∇J(θ)")
            plot_gradient_components(self.components, exact, estimate[-1], se[-1], names)
            plot_probabilities(self.top, dist.support, dist.probs, counts[-1] / n)
        theta_text = ", ".join(f"{t:.2f}" for t in theta)
        self.title.set_text(f"θ = ({theta_text}),  f(x) = {self.f_text},  N = {n:,} samples,  seed {seed}")
        return vector_readout(exact, estimate[-1], se[-1], n)


def vector_readout(exact, estimate, se, n):
    def vector(values, digits):
        return "(" + ", ".join(f"{v:.{digits}g}" for v in values) + ")"
    return readout_table([("exact ∇J(θ)", vector(exact, 5)), ("estimate", vector(estimate, 5)),
                         ("standard error", vector(se, 3)), ("N", f"{n:,}")])


def make_vector_explorer(theta=(0.5, 0.0, -0.5), n=1000, seed=0, f_text=VECTOR_F):
    """Explorer with sliders θ₀, θ₁, θ₂ (softmax logits of outcomes 0, 1, 2), N and seed, drawing `vector_view`."""
    controls = {f"theta{i}": make_slider(f"θ{SUBSCRIPTS[i]} (logit of x = {i})", t, *THETA_RANGE, 0.05)
                for i, t in enumerate(theta)}
    controls.update(n=make_n_slider(n), seed=make_seed_box(seed))

    figure = VectorFigure(f_text)

    def draw(theta0, theta1, theta2, n, seed):
        return figure.live, figure.update((theta0, theta1, theta2), int(round(n)), seed)

    return Explorer(controls, draw, height="380px")
