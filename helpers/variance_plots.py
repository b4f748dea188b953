"""Figures of notebook 04: the exact variance parabola in b, the spread of repeated estimates; the baseline explorer."""

import numpy as np

from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, panel_figure, use_log_scale
from .variance import baseline_experiment, samples_needed, win
from .widgets import Explorer, make_seed_box, make_slider, readout_table

# Markers for baselines on the variance curve: colour and shape differ, and each has a label.
MARK_STYLES = [
    {"color": PALETTE["vermillion"], "marker": "s"},
    {"color": PALETTE["green"], "marker": "D"},
    {"color": PALETTE["orange"], "marker": "^"},
    {"color": PALETTE["purple"], "marker": "v"},
]


def plot_variance_curve(ax, baselines, variance, marks=(), ylabel="Var of one term"):
    """Exact variance against b (dashed black), a labelled marker at each (label, b, variance at b) in marks (<= 4)."""
    ax.plot(baselines, variance, label="exact variance", **EXACT_STYLE)
    for (label, b, value), style in zip(marks, MARK_STYLES, strict=False):
        ax.plot([b], [value], linestyle="none", markersize=9, markeredgecolor="black", label=label, **style)
    return decorate(ax, xlabel="baseline b", ylabel=ylabel)


def lattice_bins(limits, bins, spacing):
    """Bin edges over limits: each bin k lattice steps (k * spacing) wide, edges halfway between lattice points."""
    if spacing is None:
        return np.linspace(*limits, bins + 1)
    width = max(1, round((limits[1] - limits[0]) / (bins * spacing))) * spacing
    first = np.floor(limits[0] / width) * width - spacing / 2
    return np.arange(first, limits[1] + width, width)


def plot_estimate_spread(ax, estimates, exact, sd, limits, bins=40, spacing=None):
    """Histogram of repeated estimates, the exact gradient (dashed black) and the exact interval +-2 sd.

    spacing: if the estimates lie on a lattice of this step (e.g. 1/N), each bar covers whole lattice steps.
    """
    # one filled outline, not a bar per bin: the same pixels, about 20 ms less per update of the baseline explorer
    ax.hist(np.clip(estimates, *limits), bins=lattice_bins(limits, bins, spacing), histtype="stepfilled",
            color=ESTIMATE, alpha=0.8, label=f"{len(estimates)} estimates")
    ax.axvline(exact, label=r"exact $\nabla_\theta J$", **EXACT_STYLE)
    for side in (-1, 1):
        ax.axvline(exact + 2 * side * sd, color="black", linestyle=":", label="exact ±2 sd" if side < 0 else None)
    ax.set_ylim(0, 1.45 * ax.get_ylim()[1])  # headroom for the legend
    decorate(ax, xlim=limits, xlabel=r"estimate of $\nabla_\theta J$", ylabel="count")
    ax.legend(frameon=False, fontsize="small", loc="upper left")
    return ax


HALF_WIDTH = 0.01  # accuracy for the "samples needed" readout, at 95 % confidence


def spread_limits(view):
    """x-limits of the histogram: exact +-4 sd, never narrower than for f without shift or baseline."""
    width = 4 * np.sqrt(max(view.variance, view.variance_none) / view.n)
    return view.exact - width, view.exact + width


def baseline_grid(points, best, count=201):
    """Baselines b for the variance curve: b* +- max(1, 1.25 * the largest distance of a marked point from b*)."""
    half = max(1.0, 1.25 * np.max(np.abs(np.asarray(points) - best)))
    return np.linspace(best - half, best + half, count)


def plot_baseline_view(axes, view):
    """Left: the spread of the repeated estimates. Right: exact Var(b) / N, b = 0, E[f], b* and your b."""
    sd = np.sqrt(view.variance / view.n)
    # with integer rewards and theta = 0 the estimates lie on a lattice of step 1/N: bars cover whole steps
    plot_estimate_spread(axes[0], view.estimates, view.exact, sd, spread_limits(view), spacing=1 / view.n)
    named = [("no baseline, b", 0.0), ("E[f]", view.mean_f), ("b*", view.best)]
    points = [b for _, b in named] + [view.baseline]
    b = baseline_grid(points, view.best)
    at = view.curve(np.array(points[:3])) / view.n
    marks = [(f"{name} = {value:.3f}", value, y) for (name, value), y in zip(named, at, strict=True)]
    ax = axes[1]
    ax.plot([view.baseline], [np.var(view.estimates, ddof=1)], "o", color=ESTIMATE, markersize=6, zorder=5,
            label=f"your b = {view.baseline:.3f}:\nvariance of the estimates")
    plot_variance_curve(ax, b, view.curve(b) / view.n, marks, ylabel=f"Var of the N = {view.n} estimate")
    ax.set_yscale("log")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * (high / low) ** 0.9)  # headroom: the legend sits above the curve
    use_log_scale(ax, "y")
    ax.legend(frameon=False, fontsize="small", loc="upper center", handletextpad=0.3)
    return axes


def readout_html(view):
    """The numbers of the view as an HTML table: exact values next to what the estimates show."""
    need = samples_needed([view.variance, view.variance_best], HALF_WIDTH)
    rows = [
        ("exact ∇θJ", f"{view.exact:.4f}"),
        (f"mean of {len(view.estimates)} estimates", f"{view.estimates.mean():.4f}"),
        ("exact sd of one estimate", f"{np.sqrt(view.variance / view.n):.4f}"),
        ("sd of the estimates", f"{view.estimates.std(ddof=1):.4f}"),
        ("E[f]", f"{view.mean_f:.4f}"),
        ("b*", f"{view.best:.4f}"),
        (f"N for ±{HALF_WIDTH} (95 %), your b", f"{need[0]:,}"),
        (f"N for ±{HALF_WIDTH} (95 %), b*", f"{need[1]:,}"),
    ]
    return readout_table(rows)


def draw_baseline_figure(f, **values):
    """The explorer's draw function: (Figure, readout HTML) for the current control values."""
    view = baseline_experiment(f, **values)
    fig, axes = panel_figure(3.2, 2, left=0.085, bottom=0.15, top=0.975, wspace=0.36)
    plot_baseline_view(axes, view)
    return fig, readout_html(view)


def make_baseline_explorer(f=win, theta=0.0, baseline=0.0, shift=0.0, n=100, seed=0):
    """Explorer of the baseline b for the 10-flip coin and f (notebook 04's game by default): sliders for b, theta,
    shift and N, a seed box."""
    controls = {
        "baseline": make_slider("baseline b", baseline, -5.0, 105.0, 0.05, readout_format=".2f"),
        "theta": make_slider("θ (logit)", theta, -2.0, 2.0, 0.1),
        "shift": make_slider("shift of f", shift, 0.0, 100.0, 1.0),
        "n": make_slider("N samples", n, 10, 1000, 10, integer=True),
        "seed": make_seed_box(seed),
    }
    return Explorer(controls, lambda **values: draw_baseline_figure(f, **values), height="340px")
