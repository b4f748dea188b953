"""An explorer with a frame redraws only what changed (helpers.live_figure), yet shows the same picture as drawing
the whole figure afresh."""

import io

import matplotlib.image
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import convergence_plots, reinforce_plots, rewards_plots
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


def set_controls(explorer, **values):
    """Set the controls one after the other, as a learner does: each change redraws."""
    for name, value in values.items():
        explorer.controls[name].value = value


@pytest.mark.parametrize("f_text", list(PRESETS.values())[:4])
def test_after_many_updates_the_picture_is_the_fresh_one(f_text):
    explorer = convergence_plots.make_convergence_explorer(f_text=f_text)
    for theta, n, seed in RUNS:
        set_controls(explorer, theta=theta, n=n, seed=seed)
    fig, fresh_readout = convergence_plots.draw_convergence_figure(*RUNS[-1][:2], f_text, RUNS[-1][2])
    assert explorer.readout.value == fresh_readout
    assert share_of_different_pixels(explorer.figure.value, png_bytes(fig)) < DIFFERENT_PIXELS


def test_the_vector_explorer_too():
    explorer = convergence_plots.make_vector_explorer()
    for theta, n, seed in RUNS:
        set_controls(explorer, theta0=theta, theta1=-theta, theta2=0.3, n=n, seed=seed)
    fig, fresh_readout = convergence_plots.draw_vector_figure(theta, -theta, 0.3, n, seed)
    assert explorer.readout.value == fresh_readout
    assert share_of_different_pixels(explorer.figure.value, png_bytes(fig)) < DIFFERENT_PIXELS


@pytest.mark.parametrize("make, settings", [
    (lambda: convergence_plots.make_convergence_explorer(), [{"theta": 0.5 + i / 10, "n": 10 ** (1 + i % 4)}
                                                             for i in range(12)]),
    (lambda: reinforce_plots.make_reinforce_explorer(updates=20), [{"seed": i, "alpha": 0.01 * (1 + i % 3)}
                                                                   for i in range(12)]),
], ids=["convergence", "reinforce"])
def test_updates_do_not_pile_up_artists(make, settings):
    explorer = make()
    counts = []
    for values in settings:
        set_controls(explorer, **values)
        live = explorer.live
        counts.append(len(live.artists()) + sum(len(ax.containers) for ax in live.figure.axes))
    assert len(set(counts)) == 1, counts  # each draw draws the same kinds of things: no more of them over time


def still_frame():
    """A figure whose frame is one black line on fixed limits, held in a LiveFigure: (fig, ax, live)."""
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="black")
    ax.set(xlim=(0, 1), ylim=(0, 1))
    return fig, ax, LiveFigure(fig)


def test_an_error_half_way_through_a_draw_leaves_only_the_frame():
    fig, ax, live = still_frame()
    with pytest.raises(ValueError), live.changes():
        ax.plot([0, 1], [1, 0], color="red")
        raise ValueError("refused half way")
    assert len(ax.lines) == 1
    with live.changes():
        ax.plot([0, 1], [0.5, 0.5], color="red")
    assert len(ax.lines) == 2 and share_of_different_pixels(live.png(), fresh_png(fig)) < DIFFERENT_PIXELS


def test_a_still_axes_whose_limits_change_is_drawn_again():
    fig, ax, live = still_frame()
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


def test_a_text_whose_words_change_is_drawn_again():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    title = fig.suptitle(" ")
    live = LiveFigure(fig)
    for words in ("first", "second", "third"):
        with live.changes():
            ax.plot([0, 1], [0, 1], color="red")
            title.set_text(words)
        assert share_of_different_pixels(live.png(), fresh_png(fig)) < DIFFERENT_PIXELS


FRAMED = {  # every explorer with a frame, and the settings a learner moves through
    "convergence": (convergence_plots.make_convergence_explorer, [{"theta": -2.0, "n": 10}, {"f_text": "x**2"},
                                                                  {"n": 10**6, "seed": 3}]),
    "vector": (convergence_plots.make_vector_explorer, [{"theta1": 2.0, "n": 10}, {"n": 10**5, "seed": 2}]),
    "reinforce": (lambda: reinforce_plots.make_reinforce_explorer(updates=30),
                  [{"alpha": 0.1}, {"seed": 4, "baseline": False}, {"alpha": 0.003}]),
    "rewards": (rewards_plots.make_rewards_explorer, [{"beta": 0.5}, {"k": 3, "baseline": "none"}, {"seed": 2}]),
}


@pytest.mark.parametrize("name", sorted(FRAMED))
def test_a_framed_explorer_shows_what_its_frame_and_draw_give_afresh(name):
    make, settings = FRAMED[name]
    explorer = make()
    for values in settings:
        set_controls(explorer, **values)
    framed = {key: value for key, value in explorer.values().items() if key in explorer.frame_names}
    fresh = explorer.frame(**framed)
    readout = explorer.draw(fresh, **explorer.values())
    assert explorer.readout.value == readout
    assert share_of_different_pixels(explorer.figure.value, png_bytes(fresh)) < DIFFERENT_PIXELS
