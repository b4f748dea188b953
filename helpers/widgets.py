"""The frame every explorer shares: controls, a message line, a readout of numbers, and the figure.

An explorer is a model function `draw(**values) -> (figure, readout_html)` plus the controls that feed
it. Bad input (a ValueError from draw) shows its message next to the controls and keeps the last
good figure and numbers; the next valid input redraws as usual.

A figure whose frame (axes, ticks, legends, a curve no control moves) costs more to draw than its data can be
split in two: `frame(**some_values) -> figure` draws the frame, again only when the values it takes change, and
`draw(figure, **values) -> readout_html` adds the data to it. What draw adds is removed before the next draw,
and only that is drawn again, over a kept image of the frame (`live_figure.LiveFigure`).
"""

import asyncio
import html
import inspect
import io

import ipywidgets as widgets
from IPython import get_ipython

from .live_figure import LiveFigure

# A change from the browser is drawn this long after it arrives, so that the changes queued behind it (key presses
# made while the last figure was drawn) are applied first and one figure shows the latest values.
SETTLE_SECONDS = 0.01
TABLE_STYLE = "border-spacing:0.8em 0.15em"  # readout columns apart, so a label never runs into its value


class Explorer(widgets.VBox):
    """VBox of [controls | readout], status, message, figure. `controls` maps draw's argument names to widgets;
    `status`: widgets shown under them that draw updates itself (a progress bar); `frame`: see the module.

    The figure is a PNG in an Image widget of a fixed height (the page does not jump when it changes), shown at its
    own size (smaller only if it does not fit).
    """

    def __init__(self, controls, draw, height="520px", status=(), frame=None):
        self.controls = dict(controls)
        self.draw, self.frame = draw, frame
        self.frame_names = list(inspect.signature(frame).parameters) if frame else []
        self.live, self.frame_values = None, None
        self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.readout = widgets.HTML(layout=widgets.Layout(min_width="16em"))
        self.figure = widgets.Image(format="png", layout=widgets.Layout(
            height=height, max_width="100%", object_fit="scale-down", object_position="left top"))
        panel = widgets.HBox([widgets.VBox(list(self.controls.values())), self.readout])
        super().__init__([panel, *status, self.message, self.figure])
        # Stable CSS hooks for the browser tests (and for anyone styling an explorer).
        for part, name in [(self, "explorer"), (self.message, "explorer-message"),
                           (self.readout, "explorer-readout"), (self.figure, "explorer-figure")]:
            part.add_class(name)
        self.redraws = 0  # how many times draw ran: a burst of slider moves should add one, not one per move
        self._redraw_pending = False
        for control in self.controls.values():
            control.observe(self.request_redraw, names="value")
        self.redraw()

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def request_redraw(self, change=None):
        """Redraw once the messages already received are applied, so a burst of moves draws only its last value.

        Only a change from the browser waits for the kernel's event loop: a value set by code in a cell draws at
        once, so the cell's output is complete when the cell ends.
        """
        loop = running_loop() if change_from_browser() else None
        if loop is None:
            self.redraw()
        elif not self._redraw_pending:
            self._redraw_pending = True
            loop.call_later(SETTLE_SECONDS, self._redraw_pending_values)

    def _redraw_pending_values(self):
        self._redraw_pending = False
        self.redraw()

    def view(self, **values):
        """(figure, readout_html) of these values: drawn whole, or over the frame of the values it takes."""
        if self.frame is None:
            return self.draw(**values)
        framed = {name: values[name] for name in self.frame_names}
        if self.live is None or framed != self.frame_values:
            self.live, self.frame_values = LiveFigure(self.frame(**framed)), framed  # a ValueError keeps the last
        with self.live.changes():
            readout = self.draw(self.live.figure, **values)
        return self.live.figure, readout

    def redraw(self, change=None):
        """Draw the current values now; on ValueError show the message and keep the last figure."""
        self.redraws += 1
        try:
            fig, readout = self.view(**self.values())
        except ValueError as error:
            self.message.value = f'<span style="color:#D55E00">&#9888; {html.escape(str(error))}</span>'
            return
        png = self.live.png() if self.frame else png_bytes(fig)  # first, so numbers and figure change together
        self.message.value = ""
        self.readout.value = readout
        self.figure.value = png


def change_from_browser():
    """True while the kernel handles a message from the browser (a comm message), not the code of a cell."""
    kernel = getattr(get_ipython(), "kernel", None)
    parent = kernel.get_parent("shell") if hasattr(kernel, "get_parent") else None
    return bool(parent) and parent.get("header", {}).get("msg_type") == "comm_msg"


def running_loop():
    """The event loop running in this thread (the kernel's), or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def png_bytes(fig):
    """PNG of a matplotlib Figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def readout_table(rows):
    """The readout as a two-column HTML table of (name, value) rows, values right-aligned, columns spaced."""
    cells = "".join(f"<tr><td>{html.escape(name)}</td><td style='text-align:right'>{value}</td></tr>"
                    for name, value in rows)
    return f"<table style='{TABLE_STYLE}'>{cells}</table>"


def make_seed_box(value=0):
    """A box for the seed of the random stream; a negative one is refused by the draw function (check_seed)."""
    return widgets.IntText(value=value, description="seed", style={"description_width": "initial"},
                           layout=widgets.Layout(width="12em"))


def make_slider(description, value, low, high, step, integer=False, **kwargs):
    """A labelled slider that redraws on release (continuous_update=False) with a wide description."""
    kind = widgets.IntSlider if integer else widgets.FloatSlider
    return kind(value=value, min=low, max=high, step=step, description=description,
                continuous_update=False, style={"description_width": "initial"},
                layout=widgets.Layout(width="24em"), **kwargs)
