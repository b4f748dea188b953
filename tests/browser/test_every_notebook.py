"""Every notebook runs in JupyterLab in a real browser: Run All Cells, no error anywhere, every figure shown,
and every slider of every widget redraws its figure."""

import json

import pytest

from .conftest import NOTEBOOKS, SCREENSHOTS
from .controls import FIGURE, figure_src, sliders, step_inwards, wait_for_new_figure

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("notebook_name", [path.name for path in NOTEBOOKS])]


def stored_image_count(path):
    """Number of static figures (image/png outputs outside widgets) in the committed notebook."""
    cells = json.loads(path.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
    return sum("image/png" in o.get("data", {}) for o in outputs)


def test_every_cell_runs_in_order_without_error(notebook):
    assert notebook.errors() == []
    assert notebook.prompts() == [f"[{k}]:" for k in range(1, notebook.code_cells + 1)]


def test_every_figure_shows(notebook):
    images = notebook.page.locator(".jp-Cell-outputArea > .jp-OutputArea-child > "
                                   ".jp-OutputArea-output[data-mime-type='image/png']")
    assert images.count() == stored_image_count(notebook.server.root / notebook.name)
    for view in notebook.widget_views():
        if view.locator(".widget-output").count():
            figure_src(view)  # waits until the widget's figure is visible
    assert notebook.screenshot_figures(SCREENSHOTS)


def test_every_slider_redraws_the_figure(notebook):
    views = [view for view in notebook.widget_views() if view.locator(FIGURE).count()]
    for view in views:
        for slider in sliders(view):
            before = figure_src(view)
            step_inwards(slider)
            wait_for_new_figure(view, before)
    assert notebook.errors() == []
    messages = notebook.page.locator(".explorer-message").all_inner_texts()
    assert not any(text.strip() for text in messages), messages
