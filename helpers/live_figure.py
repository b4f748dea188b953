"""A figure that an explorer redraws in part: what a control changes is drawn over a kept image of the rest.

Redrawing a whole figure of four panels costs several times a one-line plot, mostly in tick labels, legends
and titles that a slider move does not change. `LiveFigure` draws the figure once, keeps the image, and on
every later `png()` draws only

- the artists added inside the last `with live.changes():` block (removed again when the next block starts),
- the `redrawn` artists, drawn whole every time: an axes whose limits follow the data (ticks and legend
  included), or a title whose text is updated.

Every other axes must keep its limits; if one does not, the kept image is made again, so the figure is
right either way, only slower.
"""

import io
from contextlib import contextmanager

import matplotlib.image
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg


class LiveFigure:
    """A matplotlib Figure (`.figure`); `changes()` marks what an update draws, `png()` renders it as PNG bytes."""

    def __init__(self, figure, redrawn=()):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.redrawn = list(redrawn)
        self.changing = []
        self.background = None
        self.kept_limits = None

    @contextmanager
    def changes(self):
        """Remove what the last block drew; whatever is drawn inside this block is redrawn on every `png()`."""
        for artist in self.changing:
            artist.remove()
        for ax in set(self.redrawn) & set(self.figure.axes):
            ax.ignore_existing_data_limits = True  # autoscale to what is drawn next, not to what was removed
        before = set(self.artists())
        containers = [len(ax.containers) for ax in self.figure.axes]
        yield
        self.changing = [a for a in self.artists() if a not in before]
        for ax, kept in zip(self.figure.axes, containers, strict=True):
            del ax.containers[kept:]  # what ax.bar returned: its bars are in `changing`, nothing else needs it

    def artists(self):
        """Every artist of the figure and of its axes."""
        return [*self.figure.get_children(), *(a for ax in self.figure.axes for a in ax.get_children())]

    def png(self):
        """The figure as PNG bytes: the kept image of the still parts, with the redrawn and changing parts on top."""
        on_top = self.redrawn + [a for a in self.changing if a.axes not in self.redrawn]
        if self.background is None or self.limits() != self.kept_limits:
            self.keep_background(on_top)
        else:
            self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()
        for artist in sorted(on_top, key=lambda a: a.get_zorder()):
            artist.draw(renderer)
        buffer = io.BytesIO()
        matplotlib.image.imsave(buffer, np.asarray(self.canvas.buffer_rgba()), format="png", dpi=self.figure.dpi)
        return buffer.getvalue()

    def keep_background(self, on_top):
        """Draw everything but on_top (animated artists are left out of a draw) and keep the image."""
        for artist in on_top:
            artist.set_animated(True)
        self.canvas.draw()
        for artist in on_top:
            artist.set_animated(False)
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.kept_limits = self.limits()

    def limits(self):
        return [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes if ax not in self.redrawn]
