"""Score function, pathwise and finite differences side by side for a Gaussian: figures and explorer of notebook 05.

All estimators are fed the same noise eps (x = mean + std * eps), so differences between them are
differences of the estimators, not of the draws.
"""

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .distributions import Gaussian
from .exact import exact_gradient
from .pathwise import (
    EXAMPLE_FUNCTIONS,
    FD_STEP,
    estimator_running_means,
    lookup_function,
)
from .plotting import EXACT_STYLE, PALETTE, panel_figure, use_log_scale
from .widgets import TABLE_STYLE, Explorer, make_slider

COORDINATES = ("∂/∂μ", "∂/∂log σ")
STYLES = {  # keyed by pathwise.ESTIMATORS, in their order
    "score function": {"color": PALETTE["blue"], "marker": "o", "linestyle": "-"},
    "score function, b = E[f]": {"color": PALETTE["orange"], "marker": "s", "linestyle": "-."},
    "pathwise": {"color": PALETTE["green"], "marker": "^", "linestyle": "-", "linewidth": 4, "alpha": 0.5},
    "finite differences": {"color": PALETTE["vermillion"], "marker": "D", "linestyle": ":"},
}
# finite differences with common random numbers often coincide with pathwise: hollow markers show both,
# pathwise drawn on top, and each estimator's markers nudged sideways so equal values stay visible side by side
MARKER_OPTIONS = {"finite differences": {"markerfacecolor": "none", "markersize": 9}, "pathwise": {"zorder": 4}}
DODGE = dict(zip(STYLES, (0.9, 0.966, 1.035, 1.1), strict=True))  # x factor of each estimator's markers
ZERO = 1e-20  # a variance below this is zero up to rounding: not drawable on a log axis


def plot_variances(ax, x, simulated, exact, title, xlabel, xscale="log"):
    """Simulated variances as markers on the exact ones (dashed black), log y; zero variances named in a corner."""
    zero = [name for name in STYLES if np.all(exact[name] < ZERO)]
    for name, style in STYLES.items():
        if name not in zero:
            ax.plot(x, exact[name], **EXACT_STYLE)
            ax.plot(x * DODGE[name], simulated[name], linestyle="none", color=style["color"], marker=style["marker"],
                    label=name, **MARKER_OPTIONS.get(name, {}))
    ax.set(title=title, xlabel=xlabel, ylabel="variance")
    ax.set_yscale("log")
    if zero:
        low, high = ax.get_ylim()
        ax.set_ylim(low / (high / low) ** 0.2, high)  # room for the note under the curves
        ax.text(0.03, 0.04, "variance 0: " + ", ".join(zero), transform=ax.transAxes, fontsize=8)
    if xscale == "log":
        use_log_scale(ax, "x")
    else:
        ax.set_xscale(xscale)
    return use_log_scale(ax, "y")


def add_shared_legend(fig, exact_label="exact"):
    """One legend under the axes for every label drawn in fig (each once), plus the dashed exact line."""
    entries = {}
    for ax in fig.axes:
        entries.update(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    entries[exact_label] = Line2D([], [], **EXACT_STYLE)
    fig.legend(entries.values(), entries.keys(), loc="outside lower center", ncol=3, frameon=False)
    return fig


def plot_running_estimates(axes, runs, exact):
    """Running estimate of each estimator against k (log axis), one axis per coordinate; exact dashed black."""
    for i, (ax, label) in enumerate(zip(axes, COORDINATES, strict=True)):
        for name, (k, mean, _) in runs.items():
            style = {key: v for key, v in STYLES[name].items() if key != "marker"}
            ax.plot(k, mean[:, i], label=name, **style)
        ax.axhline(exact[i], **EXACT_STYLE)
        ax.set(title=f"{label} E[f(x)]", xlabel="samples N", ylabel="estimate")
        use_log_scale(ax, "x")
    add_shared_legend(axes[0].figure, "exact gradient")
    return axes


def estimator_readout(runs, exact):
    """HTML table: final estimate +- standard error of each estimator and the exact gradient."""
    head = "".join(f"<th>{c}</th>" for c in COORDINATES)
    rows = [f"<tr><td>{html.escape(name)}</td>" + "".join(
        f"<td>{m:.4f} ± {s:.4f}</td>" for m, s in zip(mean[-1], se[-1], strict=True)) + "</tr>"
        for name, (_, mean, se) in runs.items()]
    exact_row = "<tr><td><b>exact</b></td>" + "".join(f"<td><b>{v:.4f}</b></td>" for v in exact) + "</tr>"
    n = len(next(iter(runs.values()))[0])
    return f"<table style='{TABLE_STYLE}'><tr><th>N = {n}</th>{head}</tr>{''.join(rows)}{exact_row}</table>"


def draw_estimators(axes, mu, sigma, n, function, seed=0, step=FD_STEP):
    """Draw the running estimates for x ~ N(mu, sigma^2) and f = EXAMPLE_FUNCTIONS[function]; return the readout."""
    example = lookup_function(function)
    dist = Gaussian(mu, np.log(sigma))
    runs = estimator_running_means(dist, example, n, np.random.default_rng(seed), step=step)
    exact = exact_gradient(dist, example.f, example.jumps)
    plot_running_estimates(axes, runs, exact)
    return estimator_readout(runs, exact)


def make_estimator_explorer(mu=0.5, sigma=1.0, n=1000, function="exp(−x²)", seed=0, step=FD_STEP):
    """Explorer over mu, sigma, N and f: the four estimators converging on the same draws (seed fixed)."""
    def draw(mu, sigma, n, function):
        fig, axes = panel_figure(3.4, 2, left=0.1, bottom=0.3, top=0.915, wspace=0.3)
        readout = draw_estimators(axes, mu, sigma, n, function, seed, step)
        return fig, readout

    controls = {
        "mu": make_slider("mean μ", mu, -2.0, 2.0, 0.1),
        "sigma": make_slider("standard deviation σ", sigma, 0.1, 3.0, 0.1),
        "n": make_slider("N samples", n, 10, 10_000, 10, integer=True),
        "function": widgets.Dropdown(options=list(EXAMPLE_FUNCTIONS), value=function, description="function f(x)",
                                     style={"description_width": "initial"}),
    }
    return Explorer(controls, draw, height="360px")
