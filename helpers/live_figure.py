"""A figure that an explorer redraws in part: what a control changes is drawn over a kept image of the rest.

Redrawing a whole figure of four panels costs several times a one-line plot, mostly in tick labels, legends
and titles that a slider move does not change. `LiveFigure` draws the figure once, keeps the image, and on
every later `png()` draws only

- the artists added inside the last `with live.changes():` block (removed again when the next block starts),
- the artists it finds changing, drawn whole every time: an axes whose limits follow the data (its autoscaling
  is on, or its limits changed; ticks and legend included), and a title or other text whose words changed.

So the explorer that owns it (`widgets.Explorer` with a `frame`) needs to know nothing of it: what the frame
drew stays, what a draw adds goes at the next one. The figure is right whatever a draw does, only slower when it
changes the frame in other ways, which would be drawn only when the kept image is made again.
"""

import io
from contextlib import contextmanager

import matplotlib.image
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text


class LiveFigure:
    """A matplotlib Figure (`.figure`); `changes()` marks what an update draws, `png()` renders it as PNG bytes."""

    def __init__(self, figure):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        # an axes whose limits the frame left to autoscaling follows the data: it is drawn whole every time
        self.redrawn = [ax for ax in figure.axes if ax.get_autoscalex_on() or ax.get_autoscaley_on()]
        self.changing = []
        self.background = None
        self.kept_limits, self.kept_texts = {}, {}

    @contextmanager
    def changes(self):
        """Remove what the last block drew; whatever is drawn inside this block is redrawn on every `png()`.

        If the block raises, what it drew so far is removed too: the next block starts from the frame.
        """
        for artist in self.changing:
            artist.remove()
        self.changing = []
        for ax in self.redrawn:
            if isinstance(ax, Axes):
                ax.relim()  # autoscale to the frame's data and what is drawn next, not to what was removed
        before = set(self.artists())
        containers = [len(ax.containers) for ax in self.figure.axes]
        try:
            yield
        except BaseException:
            for artist in self.added(before, containers):
                artist.remove()
            raise
        self.changing = self.added(before, containers)

    def added(self, before, containers):
        """The artists drawn since `before`; the containers ax.bar returned meanwhile are dropped (their bars stay)."""
        for ax, kept in zip(self.figure.axes, containers, strict=True):
            del ax.containers[kept:]
        return [a for a in self.artists() if a not in before]

    def artists(self):
        """Every artist of the figure and of its axes."""
        return [*self.figure.get_children(), *(a for ax in self.figure.axes for a in ax.get_children())]

    def png(self):
        """The figure as PNG bytes: the kept image of the still parts, with the redrawn and changing parts on top."""
        if self.background is None or self.frame_changed():
            self.keep_background()
        else:
            self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()
        for artist in sorted(self.on_top(), key=lambda a: a.get_zorder()):
            artist.draw(renderer)
        buffer = io.BytesIO()
        matplotlib.image.imsave(buffer, np.asarray(self.canvas.buffer_rgba()), format="png", dpi=self.figure.dpi)
        return buffer.getvalue()

    def on_top(self):
        return self.redrawn + [a for a in self.changing if a.axes not in self.redrawn]

    def frame_changed(self):
        """Whether an axes of the kept image has new limits or a text of it new words; those are redrawn from now on."""
        moved = [ax for ax in self.figure.axes if ax not in self.redrawn and self.limits(ax) != self.kept_limits[ax]]
        reworded = [t for t, words in self.kept_texts.items() if t not in self.redrawn and t.get_text() != words]
        self.redrawn += moved + reworded
        return bool(moved or reworded)

    def keep_background(self):
        """Draw everything but what goes on top (animated artists are left out of a draw) and keep the image."""
        on_top = self.on_top()
        for artist in on_top:
            artist.set_animated(True)
        self.canvas.draw()
        for artist in on_top:
            artist.set_animated(False)
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.kept_limits = {ax: self.limits(ax) for ax in self.figure.axes}
        self.kept_texts = {a: a.get_text() for a in self.artists() if isinstance(a, Text) and a not in self.changing}

    @staticmethod
    def limits(ax):
        return ax.get_xlim(), ax.get_ylim()
