"""Figures for variance and baselines: the exact variance parabola in b, and the spread of repeated estimates."""

import numpy as np

from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate

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
    ax.hist(np.clip(estimates, *limits), bins=lattice_bins(limits, bins, spacing), color=ESTIMATE, alpha=0.8,
            label=f"{len(estimates)} estimates")
    ax.axvline(exact, label=r"exact $\nabla_\theta J$", **EXACT_STYLE)
    for side in (-1, 1):
        ax.axvline(exact + 2 * side * sd, color="black", linestyle=":", label="exact ±2 sd" if side < 0 else None)
    ax.set_ylim(0, 1.45 * ax.get_ylim()[1])  # headroom for the legend
    decorate(ax, xlim=limits, xlabel=r"estimate of $\nabla_\theta J$", ylabel="count")
    ax.legend(frameon=False, fontsize="small", loc="upper left")
    return ax
