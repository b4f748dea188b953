"""Notebook 06's figures: the REINFORCE estimate against the exact gradient, and the variance of each estimator."""

import numpy as np

from .plotting import ESTIMATE, PALETTE, decorate


def plot_gradient_check(ax, exact, estimate, se, names):
    """Each coordinate of grad J: the exact value (black dash) and the estimate with +-2 standard errors."""
    i = np.arange(len(exact))
    ax.errorbar(i, estimate, yerr=2 * se, fmt="o", color=ESTIMATE, capsize=4, label="REINFORCE estimate ± 2 SE")
    ax.plot(i, exact, "_", color="black", markersize=22, markeredgewidth=2, label="exact (enumeration)")
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.set_xticks(i, names)
    return decorate(ax, ylabel=r"$\partial J / \partial \theta_i$")


def plot_variance_bars(ax, variances, names):
    """Bars of the variance of each coordinate of grad J, one hatched group per estimator: variances = {label: (d,)}."""
    width = 0.8 / len(variances)
    hatches = ["", "//", ".."]
    colours = [PALETTE["orange"], PALETTE["sky"], PALETTE["green"]]
    for j, (label, variance) in enumerate(variances.items()):
        ax.bar(np.arange(len(names)) + (j - (len(variances) - 1) / 2) * width, variance, width, label=label,
               color=colours[j % 3], hatch=hatches[j % 3], edgecolor="black", linewidth=0.5)
    ax.set_xticks(np.arange(len(names)), names)
    return decorate(ax, ylabel="variance of one episode's term")
