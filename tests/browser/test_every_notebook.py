"""Every notebook runs in JupyterLab in a real browser: Run All Cells, no error anywhere, every figure and
widget shown, and every slider of every widget redraws its figure."""

import json

import pytest
from playwright.sync_api import expect

from tools.lab.controls import figure_src, sliders, step_inwards, wait_for_new_figure

from .conftest import NOTEBOOKS, SCREENSHOTS

FIGURE_HOLDER = "img.explorer-figure, .widget-output"  # an explorer's figure, or an Output widget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("notebook_name", [path.name for path in NOTEBOOKS])]


def stored_output_count(path, mime_type):
    """Number of outputs of that type in the committed notebook (cells that show a figure, a widget)."""
    cells = json.loads(path.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
    return sum(mime_type in o.get("data", {}) for o in outputs)


def figure_views(notebook):
    """The widget views that hold a figure, each once its figure is shown."""
    views = [view for view in notebook.widget_views().all() if view.locator(FIGURE_HOLDER).count()]
    for view in views:
        figure_src(view)  # waits until the widget has drawn its figure
    return views


def test_every_cell_runs_in_order_without_error(notebook):
    assert notebook.errors() == []
    assert notebook.prompts() == notebook.expected_prompts()


def test_every_figure_and_widget_shows(notebook):
    """As many figures and widgets on the page as the committed notebook holds; a screenshot of each."""
    committed = notebook.server.root / notebook.name
    expect(notebook.static_images()).to_have_count(stored_output_count(committed, "image/png"))
    expect(notebook.widget_views()).to_have_count(stored_output_count(committed, WIDGET_MIME))
    figure_views(notebook)
    assert notebook.screenshot_figures(SCREENSHOTS)


def test_every_slider_redraws_the_figure(notebook):
    for view in figure_views(notebook):
        for slider in sliders(view):
            before = figure_src(view)
            step_inwards(slider)
            wait_for_new_figure(view, before)
    assert notebook.errors() == []
    messages = notebook.page.locator(".explorer-message").all_inner_texts()
    assert not any(text.strip() for text in messages), messages
