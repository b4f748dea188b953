"""Drive ipywidgets 8 controls in JupyterLab the way a learner does: keys on a slider, typing, choosing.

`view` is the locator of a widget's output (an explorer, an interact); every helper looks only inside it.

    theta = control(view, "θ (logit)")
    before = figure_src(view)
    move_slider(theta, +1)                      # focus the handle, press ArrowRight
    wait_for_new_figure(view, before)
"""

import re
import time

from playwright.sync_api import expect

REDRAW_TIMEOUT = 30_000  # ms: a redraw draws samples and a PNG; about 0.1-2 s on a busy machine
POLL_INTERVAL = 50  # ms

LABELLED = ".widget-inline-hbox"  # every control with a description: slider, text, dropdown
SLIDER = ".widget-slider"
HANDLE = ".noUi-handle"
FIGURE = "img.explorer-figure, .widget-output img"  # an explorer's figure, or an interact's


def label_reading(page, description):
    """Locator of a description label whose text is exactly description (spaces around it aside)."""
    return page.locator(":scope > .widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))


def control(view, description):
    """The control whose description label reads exactly `description`."""
    found = view.locator(LABELLED).filter(has=label_reading(view.page, description))
    expect(found, f"one control labelled {description!r}").to_have_count(1)
    return found


def sliders(view):
    return view.locator(SLIDER).all()


def slider_value(slider):
    """The value the slider shows beside it (its readout; the handle's aria-valuenow can lag behind).

    Negative values are shown with the minus sign U+2212."""
    return float(slider.locator(".widget-readout").inner_text().replace(",", "").replace("\u2212", "-"))


def move_slider(slider, steps):
    """Press ArrowRight (steps > 0) or ArrowLeft on the slider's focused handle, once per step.

    Each step is a redraw of its own: to read the figure of the last one, wait for it, not for the first.
    """
    handle = slider.locator(HANDLE).first
    handle.focus()
    for _ in range(abs(steps)):
        handle.press("ArrowRight" if steps > 0 else "ArrowLeft")


def step_inwards(slider):
    """Move the slider one step away from the end it is nearest to, so the step always changes the value."""
    handle = slider.locator(HANDLE).first
    low, now, high = (float(handle.get_attribute(f"aria-value{end}")) for end in ["min", "now", "max"])
    move_slider(slider, +1 if now < (low + high) / 2 else -1)


def type_into_readout(slider, value):
    """Click the number beside a slider, replace it with value and press Enter."""
    readout = slider.locator(".widget-readout")
    readout.click()
    readout.press("Control+a")
    readout.type(str(value))
    readout.press("Enter")


def type_text(text_control, text):
    """Replace what a text box holds with text and press Enter."""
    box = text_control.locator("input")
    box.fill(text)
    box.press("Enter")


def choose(dropdown, label):
    dropdown.locator("select").select_option(label=label)


def figure_src(view):
    """The src of the view's figure (a data: URL), once the figure is shown."""
    figure = view.locator(FIGURE).first
    expect(figure).to_be_visible(timeout=REDRAW_TIMEOUT)
    return figure.get_attribute("src")


def wait_for_new_figure(view, old_src):
    """Wait until the view's figure differs from old_src; return the new src."""
    deadline = time.monotonic() + REDRAW_TIMEOUT / 1000
    while (src := figure_src(view)) == old_src:
        if time.monotonic() > deadline:
            raise AssertionError(f"the figure did not change within {REDRAW_TIMEOUT / 1000:.0f} s")
        view.page.wait_for_timeout(POLL_INTERVAL)
    return src


def settled_figure_src(view, still_for=0.5):
    """The figure's src once it has not changed for still_for seconds: no redraw is on its way."""
    deadline = time.monotonic() + REDRAW_TIMEOUT / 1000
    src, since = figure_src(view), time.monotonic()
    while time.monotonic() - since < still_for:
        if time.monotonic() > deadline:
            raise AssertionError(f"the figure kept changing for {REDRAW_TIMEOUT / 1000:.0f} s")
        view.page.wait_for_timeout(POLL_INTERVAL)
        if (now := figure_src(view)) != src:
            src, since = now, time.monotonic()
    return src


def explorer_with(page, *descriptions):
    """The one explorer on the page that has a control labelled with each of descriptions."""
    found = page.locator(".explorer")
    for description in descriptions:
        found = found.filter(has=page.locator(LABELLED).filter(has=label_reading(page, description)))
    expect(found, f"one explorer with controls {descriptions}").to_have_count(1)
    return found


def readout(view):
    """The explorer's readout table as {name: number}; '1,000' reads as 1000.0."""
    rows = view.locator(".explorer-readout tr").all()
    cells = [row.locator("td").all_inner_texts() for row in rows]
    return {name.strip(): float(value.replace(",", "")) for name, value in cells}


def message(view):
    return view.locator(".explorer-message").inner_text().strip()


def chosen(dropdown):
    """The label of the dropdown's selected option."""
    return dropdown.locator("select").evaluate("select => select.options[select.selectedIndex].text")


def text_value(text_control):
    return text_control.locator("input").input_value()
