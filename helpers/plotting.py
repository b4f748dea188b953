"""Shared look of every figure: a colour-blind-safe palette and the exact-value line style.

Colours are Okabe-Ito; exact values are dashed black; colour is never the only carrier of meaning
(lines also differ in style or marker, and everything has a legend or label).
"""

import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
ESTIMATE = PALETTE["blue"]
EXACT_STYLE = {"color": "black", "linestyle": "--", "linewidth": 1.5}
WIDTH = 7.0  # inches: the widest figure a notebook shows
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def panel_figure(height, columns, left, bottom, top, wspace=0.0):
    """A WIDTH-wide Figure with `columns` axes side by side at fixed margins (fractions of the figure): (fig, axes).

    For figures an explorer redraws on every move: constrained layout would spend about a third of each redraw
    solving for the margins. These leave room for the widest tick labels and titles the explorer can show.
    """
    fig = Figure(figsize=(WIDTH, height))
    fig.subplots_adjust(left=left, right=0.985, bottom=bottom, top=top, wspace=wspace)
    return fig, fig.subplots(1, columns)


def decorate(ax, **options):
    """Set labels and limits (ax.set) and add a legend if anything is labelled."""
    ax.set(**options)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False)
    return ax


def power_of_ten(value, position=None):
    """Tick label 10ⁿ in plain text at a power of ten, else none (mathtext labels cost a third of a redraw)."""
    exponent = int(round(np.log10(value)))
    return "10" + str(exponent).translate(SUPERSCRIPTS) if np.isclose(value, 10.0**exponent) else ""


def plain_tick(value, position=None):
    """Tick label in plain text: 0.02 or 500, and 10⁶ for a very large or small power of ten."""
    if 1e-4 <= value < 1e4:
        return f"{value:g}"
    return power_of_ten(value) or f"{value:.0e}"


def use_log_scale(ax, which="x", decades=False):
    """Log scale on ax's x or y axis, without minor ticks (up to 8 a decade cost more than the rest of the axis).

    decades: ticks 10⁰, 10¹, ... at the decades only (for an axis whose limits change). Otherwise, called after
    drawing: ticks at 1, 2, 5 in each decade, or at the decades over more than 2 decades, in plain numbers.
    """
    ax.set(**{f"{which}scale": "log"})
    axis = ax.xaxis if which == "x" else ax.yaxis
    if decades:
        axis.set_major_formatter(ticker.FuncFormatter(power_of_ten))
    else:
        low, high = ax.get_xlim() if which == "x" else ax.get_ylim()
        axis.set_major_locator(ticker.LogLocator(subs=(1.0,) if np.log10(high / low) > 2 else (1.0, 2.0, 5.0)))
        axis.set_major_formatter(ticker.FuncFormatter(plain_tick))
    axis.set_minor_locator(ticker.NullLocator())
    return ax
