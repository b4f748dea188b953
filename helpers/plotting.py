"""Shared look of every figure: a colour-blind-safe palette and the exact-value line style.

Colours are Okabe-Ito; exact values are dashed black; colour is never the only carrier of meaning
(lines also differ in style or marker, and everything has a legend or label).
"""

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


def decorate(ax, **options):
    """Set labels and limits (ax.set) and add a legend if anything is labelled."""
    ax.set(**options)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False)
    return ax
