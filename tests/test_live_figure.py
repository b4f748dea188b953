"""A LiveFigure redraws only what changed, yet shows the same picture as drawing the whole figure afresh."""

import io

import matplotlib.image
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers.convergence_plots import ConvergenceFigure, VectorFigure, convergence_view, vector_view
from helpers.functions import PRESETS
from helpers.live_figure import LiveFigure
from helpers.widgets import png_bytes

# Kept and fresh drawings differ only in the antialiased edge pixels where a redrawn artist crosses a still one
# of the same axes (drawn in another order): far fewer than this share of the image.
DIFFERENT_PIXELS = 1e-3
RUNS = [(0.5, 1000, 0), (-2.0, 10, 1), (2.5, 10**8, 2), (-1.3, 10**6, 3)]


def pixels(png):
    return matplotlib.image.imread(io.BytesIO(png), format="png")


def share_of_different_pixels(png, other):
    a, b = pixels(png), pixels(other)
    assert a.shape == b.shape
    return np.mean(np.any(np.abs(a - b) > 1 / 255, axis=-1))


def fresh_png(fig):
    """The whole figure drawn as savefig draws it, every artist in order."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


@pytest.mark.parametrize("f_text", list(PRESETS.values())[:4])
def test_after_many_updates_the_picture_is_the_fresh_one(f_text):
    kept = ConvergenceFigure(f_text)
    for theta, n, seed in RUNS:
        readout = kept.update(theta, n, seed)
    fig, fresh_readout = convergence_view(*RUNS[-1][:2], f_text, RUNS[-1][2])
    assert readout == fresh_readout
    assert share_of_different_pixels(kept.live.png(), png_bytes(fig)) < DIFFERENT_PIXELS


def test_the_vector_explorer_too():
    kept = VectorFigure()
    for theta, n, seed in RUNS:
        readout = kept.update((theta, -theta, 0.3), n, seed)
        kept.live.png()
    fig, fresh_readout = vector_view(theta, -theta, 0.3, n, seed)
    assert readout == fresh_readout
    assert share_of_different_pixels(kept.live.png(), png_bytes(fig)) < DIFFERENT_PIXELS


def test_updates_do_not_pile_up_artists():
    figure = ConvergenceFigure("x")
    counts = []
    for i in range(30):
        figure.update(*RUNS[i % len(RUNS)])
        figure.live.png()
        counts.append(len(figure.live.artists()) + sum(len(ax.containers) for ax in figure.live.figure.axes))
    assert counts[-len(RUNS):] == counts[:len(RUNS)]


def test_a_still_axes_whose_limits_change_is_drawn_again():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="black")
    ax.set(xlim=(0, 1), ylim=(0, 1))
    live = LiveFigure(fig)
    with live.changes():
        ax.plot([0, 1], [1, 0], color="red")
    live.png()
    with live.changes():
        ax.plot([0, 2], [2, 0], color="red")
        ax.set(xlim=(0, 2), ylim=(0, 2))  # the kept image has the old ticks: it must be made again
    assert share_of_different_pixels(live.png(), fresh_png(fig)) < DIFFERENT_PIXELS
    with live.changes():
        pass  # what the last block drew is gone
    assert share_of_different_pixels(live.png(), fresh_png(fig)) < DIFFERENT_PIXELS
    assert len(ax.lines) == 1
