"""Figures for variance and baselines: the exact variance parabola in b, and the spread of repeated estimates."""

import numpy as np

from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate

# Vertical lines marking baselines on the variance curve: colour and line style differ, and each has a label.
MARK_STYLES = [
    {"color": PALETTE["vermillion"], "linestyle": ":", "linewidth": 2},
    {"color": PALETTE["green"], "linestyle": "-.", "linewidth": 1.5},
    {"color": PALETTE["orange"], "linestyle": (0, (6, 2)), "linewidth": 1.5},
    {"color": PALETTE["purple"], "linestyle": "-", "linewidth": 1},
]


def plot_variance_curve(ax, baselines, variance, marks=(), ylabel=r"Var of one term"):
    """Exact variance against b (dashed black), a labelled vertical line at each (label, b) in marks (at most 4)."""
    ax.plot(baselines, variance, label="exact variance", **EXACT_STYLE)
    for (label, b), style in zip(marks, MARK_STYLES, strict=False):
        ax.axvline(b, label=label, **style)
    return decorate(ax, xlabel="baseline b", ylabel=ylabel)


def plot_estimate_spread(ax, estimates, exact, sd, limits, bins=40):
    """Histogram of repeated estimates, the exact gradient (dashed black) and the exact interval +-2 sd."""
    ax.hist(np.clip(estimates, *limits), bins=np.linspace(*limits, bins + 1), color=ESTIMATE, alpha=0.8,
            label=f"{len(estimates)} estimates")
    ax.axvline(exact, label=r"exact $\nabla_\theta J$", **EXACT_STYLE)
    for side in (-1, 1):
        ax.axvline(exact + 2 * side * sd, color="black", linestyle=":", label="exact ±2 sd" if side < 0 else None)
    ax.set_ylim(0, 1.45 * ax.get_ylim()[1])  # headroom for the legend
    decorate(ax, xlim=limits, xlabel=r"estimate of $\nabla_\theta J$", ylabel="count")
    ax.legend(frameon=False, fontsize="small", loc="upper left")
    return ax
