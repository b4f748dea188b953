"""Figures and explorers of notebook 03.

Each plot_* function draws one kind of figure on the `ax` it is given; `frame_*` and `draw_*` split an explorer's figure
into what stays and what a control changes, `draw_*_figure` draws both once (a default view), and
`make_convergence_explorer` and `make_vector_explorer` wire them to controls.
"""

import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .checks import evaluate_f
from .convergence import estimate_from_counts, outcome_terms, run_counts
from .distributions import Binomial, Categorical
from .exact import objective_curve
from .functions import PRESETS, parse_function
from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, use_log_scale
from .widgets import Explorer, make_seed_box, make_slider, readout_table

BAND = 2.0  # the band and error bars span +- BAND standard errors
LINESTYLES = ["-", "-.", ":"]
COLOURS = [ESTIMATE, PALETTE["vermillion"], PALETTE["green"]]
LEGEND_ROOM = 0.5  # extra y range above the band, as a share of its height, that holds the legend
TANGENT_STYLE = {"color": "black", "linestyle": "-", "linewidth": 1.2}  # J(θ) itself is the dashed exact curve
SLOPE_STYLE = {"color": ESTIMATE, "linewidth": 4, "alpha": 0.6}
FREQUENCY_STYLE = {"color": "black", "marker": "_", "linestyle": "none", "markersize": 9, "markeredgewidth": 2}
TERM_STYLE = {"color": PALETTE["vermillion"], "marker": "^", "linestyle": "none"}


def focus_limits(values, exact, margin=0.1):
    """(low, high) covering the finite values and the exact value(s), with a margin."""
    finite = np.concatenate([np.ravel(values)[np.isfinite(np.ravel(values))], np.ravel(exact)])
    low, high = finite.min(), finite.max()
    pad = margin * max(high - low, 1e-9 * max(1.0, abs(high)))
    return low - pad, high + pad


def plot_running_estimate(ax, k, estimate, se, exact, component=0, label="running estimate", tag=None):
    """Running estimate of one component of grad J against N (log axis), its +-2 se band, exact value dashed.

    tag: if given, written in the component's colour just right of the axes, level with the exact value.
    """
    colour, style = COLOURS[component % 3], LINESTYLES[component % 3]
    ax.fill_between(k, estimate - BAND * se, estimate + BAND * se, color=colour, alpha=0.2, linewidth=0)
    ax.plot(k, estimate, color=colour, linestyle=style, label=label)
    ax.axhline(exact, **EXACT_STYLE)
    if tag is not None:
        ax.annotate(tag, xy=(1.0, exact), xycoords=("axes fraction", "data"), xytext=(3, 0),
                    textcoords="offset points", va="center", color=colour, fontsize="small")
    use_log_scale(ax, decades=True)
    return ax


def plot_convergence(ax, k, estimate, se, exact):
    """Running estimate with band and exact gradient; for N >= 100 the axes start at N = 10: the band before is huge.

    The top third of the y range is kept free for the legend, so the legend never covers the band.
    """
    plot_running_estimate(ax, k, estimate, se, exact, label="running estimate")
    ax.fill_between([], [], color=ESTIMATE, alpha=0.2, label=f"±{BAND:g} standard errors")
    ax.plot([], [], **EXACT_STYLE, label="exact ∇J(θ)")
    first = 10 if k[-1] >= 100 else 1
    late = k >= max(first, 2)  # the standard error needs two samples
    low, high = focus_limits([estimate[late] - BAND * se[late], estimate[late] + BAND * se[late]], exact)
    decorate(ax, xlabel="N, samples so far", ylabel="estimate of ∇J(θ)",
             xlim=(first, max(k[-1], 10)), ylim=(low, high + LEGEND_ROOM * (high - low)))
    ax.legend(frameon=False, loc="upper right", fontsize="small")
    return ax


def plot_objective(ax, thetas, objective):
    """J over theta (dashed black, exact), with the y range and a legend for the slopes `plot_slopes` draws."""
    ax.plot(thetas, objective, **EXACT_STYLE, label="J(θ), exact")
    low, high = objective.min(), objective.max()
    pad = 0.15 * max(high - low, 1e-9)
    ax.set(xlabel="θ", ylabel="J(θ) = E[f(x)]", xlim=(thetas[0], thetas[-1]),
           ylim=(low - pad, high + pad + LEGEND_ROOM * (high - low)))
    handles = [ax.lines[-1], Line2D([], [], **SLOPE_STYLE), Line2D([], [], **TANGENT_STYLE)]
    ax.legend(handles, ["J(θ), exact", "estimated slope", "exact slope"], frameon=False, loc="upper center",
              fontsize="small")
    return ax


def plot_slopes(ax, theta, value, exact_slope, estimated_slope, half_width=1.0):
    """At (theta, J(theta)): the exact tangent (thin solid black) and a line of the estimated slope (thick blue)."""
    span = np.array([theta - half_width, theta + half_width])
    ax.plot(span, value + estimated_slope * (span - theta), **SLOPE_STYLE)
    ax.plot(span, value + exact_slope * (span - theta), **TANGENT_STYLE)
    ax.plot([theta], [value], "o", color="black", markersize=5)
    return ax


def frame_probabilities(ax, support, frequencies=True):
    """Axes for `plot_probabilities`: outcomes on x, probability 0 to 1 on y, and the legend."""
    handles = [Patch(color=PALETTE["sky"], label="p(x|θ)")]
    if frequencies:
        handles.insert(0, Line2D([], [], **FREQUENCY_STYLE, label="share of samples"))
    ax.set(xticks=outcome_ticks(support), xlim=(support[0] - 0.6, support[-1] + 0.6), ylim=(0, 1),
           ylabel="probability")
    ax.legend(handles=handles, frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_probabilities(ax, support, probs, frequencies=None):
    """Bars of p(x|theta) and, if given, black dashes at the share of the samples that fell on each x."""
    ax.bar(support, probs, color=PALETTE["sky"])
    if frequencies is not None:
        ax.plot(support, frequencies, **FREQUENCY_STYLE)
    return ax


def outcome_ticks(support):
    """Every outcome as a tick when there are few, else every other one."""
    return support if len(support) <= 6 else support[::2]


def plot_f_values(ax, support, fx, ylim=None, terms=True):
    """Markers of f(x) on each outcome, and the legend of the terms that `plot_terms` adds (if terms)."""
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.plot(support, fx, "o", color=PALETTE["orange"], label="f(x)")
    handles = [ax.lines[-1]]
    if terms:
        handles += [Line2D([], [], **TERM_STYLE, label="f(x) ∇log p(x|θ)"),
                    Line2D([], [], **EXACT_STYLE, label="mean term = ∇J(θ)")]
    ax.set(xlabel="x, the outcome", ylabel="value", xticks=outcome_ticks(support))
    if ylim is not None:
        ax.set_ylim(ylim)
    ax.legend(handles=handles, frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_terms(ax, support, terms, exact):
    """Markers of the term f(x) grad log p(x|theta) of each outcome, and their p-weighted mean (dashed)."""
    ax.plot(support, terms, **TERM_STYLE)
    ax.axhline(exact, **EXACT_STYLE)
    return ax


def plot_error_law(ax, k, errors, exact_rms):
    """|error| of a few runs (thin), the root-mean-square error over all runs, and sigma / sqrt(n) dashed (slope -1/2).

    errors: (runs, m) estimate minus exact at the checkpoints k.
    """
    for run in np.abs(errors[:3]):
        ax.plot(k, run, color=PALETTE["sky"], linewidth=0.8)
    ax.plot([], [], color=PALETTE["sky"], linewidth=0.8, label="|error| of single runs")
    ax.plot(k, np.sqrt(np.mean(errors**2, axis=0)), "o", color=ESTIMATE, markersize=3,
            label=f"root-mean-square error, {len(errors)} runs")
    ax.plot(k, exact_rms, **EXACT_STYLE, label="σ/√N, slope −1/2")
    use_log_scale(ax, decades=True)
    use_log_scale(ax, "y", decades=True)
    return decorate(ax, xlabel="N, samples", ylabel="|estimate − exact|")


def plot_coverage(ax, ns, coverages, repeats, target):
    """Coverage of the +-2 se interval against n for each labelled series, with binomial error bars (2 se).

    coverages: dict label -> shares, one per n; target: the normal-theory coverage, drawn dashed black.
    """
    for i, (label, coverage) in enumerate(coverages.items()):
        se = np.sqrt(coverage * (1 - coverage) / repeats)
        ax.errorbar(ns, coverage, yerr=BAND * se, fmt="os^"[i % 3], linestyle=LINESTYLES[i % 3],
                    color=COLOURS[i % 3], capsize=3, label=label)
    ax.axhline(target, **EXACT_STYLE, label=f"normal theory, {target:.1%}")
    use_log_scale(ax, decades=True)
    return decorate(ax, xlabel="N, samples per run", ylabel="share of intervals\ncontaining the exact value")


def plot_gradient_components(ax, exact, estimate, se, names):
    """Each component of grad J: estimate with +-2 se error bars, exact value as a dashed black segment."""
    index = np.arange(len(exact))
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.hlines(exact, index - 0.3, index + 0.3, **EXACT_STYLE)
    for i in index:
        ax.errorbar([i], [estimate[i]], yerr=[BAND * se[i]], fmt="o", color=COLOURS[i % 3], capsize=4)
    ax.set(xticks=index, xticklabels=names, xlim=(-0.6, len(exact) - 0.4))
    # the key sits in the axis label: a legend would cover the points wherever they are
    return decorate(ax, xlabel=f"dashes: exact; dots: estimate ±{BAND:g} se", ylabel="component of ∇J(θ)",
                    ylim=focus_limits([estimate - BAND * np.nan_to_num(se), estimate + BAND * np.nan_to_num(se)],
                                      exact, margin=0.15))


THETA_RANGE = (-3.0, 3.0)
N_EXPONENTS = (1, 8)  # the N slider runs from 10**1 to 10**8 samples
TRIALS = 10
YOUR_OWN = "your own: type it below"
VECTOR_F = "table(x, 1, 3, -2)"  # f(0) = 1, f(1) = 3, f(2) = -2 for the three outcomes of the softmax
SUBSCRIPTS = "₀₁₂"  # θ₀, θ₁, θ₂: the logit θ_x belongs to outcome x


def convergence_readout(exact, estimate, se, n):
    return readout_table([("exact ∇J(θ)", f"{exact:.5g}"), ("estimate", f"{estimate:.5g}"),
                         ("standard error", f"{se:.3g}"), ("error", f"{estimate - exact:.3g}"), ("N", f"{n:,}")])


def three_panel_figure(height):
    """A 10-inch figure: two tall panels, then p(x|theta) above f(x) on a shared x axis. Returns (fig, axes)."""
    fig = Figure(figsize=(10, height))
    grid = fig.add_gridspec(2, 3, width_ratios=[1.25, 1, 0.8], left=0.085, right=0.84, bottom=0.13, top=0.9,
                            wspace=0.5, hspace=0.2)
    left, middle, top = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[:, 1]), fig.add_subplot(grid[0, 2])
    top.tick_params(labelbottom=False)
    return fig, (left, middle, top, fig.add_subplot(grid[1, 2], sharex=top))


def draw_convergence_figure(theta=0.5, n=1000, f_text="x", seed=0, trials=TRIALS):
    """(figure, readout_html): running estimate against n, J(theta) with both slopes, and p(x), f(x), the terms."""
    fig = frame_convergence(f_text, trials)
    return fig, draw_convergence(fig, theta, n, f_text, seed, trials)


def frame_convergence(f_text="x", trials=TRIALS):
    """What depends on f alone: every axes, J over theta, and f(x) with room for the terms at every theta."""
    family, f = Binomial(0.0, trials), parse_function(f_text)
    thetas = np.linspace(*THETA_RANGE, 61)
    fx = evaluate_f(f, family.support)
    terms = [fx[:, None] * family.with_params([t]).score_table() for t in thetas]  # their range over every theta
    fig, (_, middle, top, bottom) = three_panel_figure(3.8)
    plot_objective(middle, thetas, objective_curve(family, f, thetas))
    frame_probabilities(top, family.support)
    plot_f_values(bottom, family.support, fx, ylim=focus_limits(terms, fx))
    fig.suptitle(" ", fontsize="medium")  # each draw writes the run into it
    return fig


def draw_convergence(fig, theta, n, f_text, seed, trials=TRIALS):
    """The run of n samples at theta from seed, on the frame of `frame_convergence(f_text)`: returns the readout."""
    left, middle, top, bottom = fig.axes
    dist = Binomial(theta, trials)
    fx = evaluate_f(parse_function(f_text), dist.support)
    table = fx[:, None] * dist.score_table()  # the term of each outcome, f(x) d/dθ log p(x|θ): (K, 1)
    k, counts = run_counts(dist, n, seed)
    estimate, se = estimate_from_counts(counts, table)
    exact = dist.probs @ table[:, 0]
    plot_convergence(left, k, estimate[:, 0], se[:, 0], exact)
    plot_slopes(middle, theta, dist.probs @ fx, exact, estimate[-1, 0])
    plot_probabilities(top, dist.support, dist.probs, counts[-1] / n)
    plot_terms(bottom, dist.support, table[:, 0], exact)
    fig.suptitle(f"θ = {theta:.2f},  f(x) = {f_text},  N = {n:,} samples,  seed {seed}", fontsize="medium")
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
    """Explorer with controls θ, N (log scale), f(x) (preset or typed) and seed, drawing `draw_convergence_figure`."""
    controls = {"theta": make_slider("θ (logit)", theta, *THETA_RANGE, 0.05), "n": make_n_slider(n),
                "f_text": FunctionPicker(PRESETS, f_text), "seed": make_seed_box(seed)}

    def draw(figure, theta, n, f_text, seed):
        return draw_convergence(figure, theta, int(round(n)), f_text, seed)

    return Explorer(controls, draw, height="400px", frame=lambda f_text: frame_convergence(f_text))


def draw_vector_figure(theta0=0.5, theta1=0.0, theta2=-0.5, n=1000, seed=0, f_text=VECTOR_F):
    """(figure, readout_html) for a softmax over outcomes 0, 1, 2 (logits theta0..theta2): grad J, exact vs estimate."""
    fig = frame_vector(f_text)
    return fig, draw_vector(fig, (theta0, theta1, theta2), n, seed, f_text)


def frame_vector(f_text=VECTOR_F):
    """What no slider changes: every axes, the frame of p(x), and f(x)."""
    support = np.arange(len(SUBSCRIPTS))
    fig, (_, _, top, bottom) = three_panel_figure(3.6)
    frame_probabilities(top, support)
    plot_f_values(bottom, support, evaluate_f(parse_function(f_text), support), terms=False)
    fig.suptitle(" ", fontsize="medium")  # each draw writes the run into it
    return fig


def draw_vector(fig, theta, n, seed, f_text=VECTOR_F):
    """The run of n samples at the logits theta from seed, on the frame of `frame_vector`: returns the readout."""
    running, components, top, _ = fig.axes
    dist = Categorical(theta)
    table = outcome_terms(dist, parse_function(f_text))
    k, counts = run_counts(dist, n, seed)
    estimate, se = estimate_from_counts(counts, table)
    exact = dist.probs @ table
    names = [f"θ{s}" for s in SUBSCRIPTS]
    for i in range(3):
        plot_running_estimate(running, k, estimate[:, i], se[:, i], exact[i], component=i,
                              label=f"∂J/∂{names[i]}", tag=names[i])
    decorate(running, xlabel="N, samples so far", ylabel="estimate of ∇J(θ)")
    plot_gradient_components(components, exact, estimate[-1], se[-1], names)
    plot_probabilities(top, dist.support, dist.probs, counts[-1] / n)
    theta_text = ", ".join(f"{t:.2f}" for t in theta)
    fig.suptitle(f"θ = ({theta_text}),  f(x) = {f_text},  N = {n:,} samples,  seed {seed}", fontsize="medium")
    return vector_readout(exact, estimate[-1], se[-1], n)


def vector_readout(exact, estimate, se, n):
    def vector(values, digits):
        return "(" + ", ".join(f"{v:.{digits}g}" for v in values) + ")"
    return readout_table([("exact ∇J(θ)", vector(exact, 5)), ("estimate", vector(estimate, 5)),
                         ("standard error", vector(se, 3)), ("N", f"{n:,}")])


def make_vector_explorer(theta=(0.5, 0.0, -0.5), n=1000, seed=0, f_text=VECTOR_F):
    """Explorer with sliders θ₀, θ₁, θ₂ (softmax logits of outcomes 0, 1, 2), N and seed: `draw_vector_figure`'s."""
    controls = {f"theta{i}": make_slider(f"θ{SUBSCRIPTS[i]} (logit of x = {i})", t, *THETA_RANGE, 0.05)
                for i, t in enumerate(theta)}
    controls.update(n=make_n_slider(n), seed=make_seed_box(seed))

    def draw(figure, theta0, theta1, theta2, n, seed):
        return draw_vector(figure, (theta0, theta1, theta2), int(round(n)), seed, f_text)

    return Explorer(controls, draw, height="380px", frame=lambda: frame_vector(f_text))
