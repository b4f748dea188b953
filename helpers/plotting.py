"""Shared look of every figure: a colour-blind-safe palette and the exact-value line style.

Colours are Okabe-Ito; exact values are dashed black; colour is never the only carrier of meaning
(lines also differ in style or marker, and everything has a legend or label).
"""

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
