"""A notebook open in JupyterLab (4.x) in one Chromium page: open it, run every cell, read its outputs.

    notebook = LabNotebook(page, server, "00_start_here.ipynb")
    notebook.open()
    notebook.run_all()                  # Run > Run All Cells, waits until every cell has run
    # or notebook.start_run_all(), other work, then notebook.finish_run_all()
    assert notebook.errors() == []
"""

import json
import re

from playwright.sync_api import TimeoutError, expect

OPEN_TIMEOUT = 90_000  # ms: loading Lab and starting a kernel on a busy 2-core machine
START_TIMEOUT = 30_000  # ms from choosing Run All Cells to the first cell showing [*]
RUN_ALL_ATTEMPTS = 2  # choices of the menu item, if no cell starts
RUNS = 2  # runs of Run All, if one stops early without an error
RUN_TIMEOUT = 180_000  # ms: a notebook runs in under 20 s on its own; the browser and server add to it
# ms between checks of the page while a run goes on (Playwright's default, every frame, costs the page CPU that the
# kernels and the other test runs need)
POLL = 200
# Lab asks which kernel to start if it opens a notebook before it knows the kernels (LabServer's settings say not to)
KERNEL_DIALOG = ".jp-Dialog:has(.jp-Dialog-header:text('Select Kernel'))"

CODE_CELL = ".jp-NotebookPanel .jp-CodeCell"
PROMPT = f"{CODE_CELL} .jp-InputPrompt"
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
# Text that Lab or the widget manager shows instead of an output it could not render.
RENDER_FAILURES = ["Error displaying widget", "Error rendering output", "Failed to display"]
# A figure is an image output of a cell, or a widget (explorer, interact) that holds one; not those nested in it.
CELL_OUTPUT = ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output"
STATIC_IMAGE = f"{CELL_OUTPUT}[data-mime-type='image/png']"
FIGURE = f"{CELL_OUTPUT}:is([data-mime-type='image/png'], :has(img.explorer-figure), :has(.widget-output img))"
WIDGET_VIEW = f"{CELL_OUTPUT}:has(> .jupyter-widgets)"

A_CELL_STARTED = "prompt => [...document.querySelectorAll(prompt)].some(p => p.textContent.trim() !== '[ ]:')"
ALL_PROMPTS_EMPTY = "prompt => [...document.querySelectorAll(prompt)].every(p => p.textContent.trim() === '[ ]:')"
# Run All has ended when the kernel is idle and no cell waits ([*]), and a cell has run: every cell ran, one failed
# and stopped the rest, or the run stopped early without an error (see run_all).
RUN_ALL_ENDED = """([prompt, idle]) => {
    const prompts = [...document.querySelectorAll(prompt)].map(p => p.textContent.trim());
    return document.querySelector(idle) !== null && !prompts.includes('[*]:')
        && prompts.some(p => /^\\[\\d+\\]:$/.test(p));
}"""


def count_code_cells(path):
    return sum(cell["cell_type"] == "code" for cell in json.loads(path.read_text())["cells"])


class LabNotebook:
    def __init__(self, page, server, name):
        self.page = page
        self.server = server
        self.name = name
        self.code_cells = count_code_cells(server.root / name)
        self.executed_before = 0  # cells the kernel ran in runs that stopped early (see run_all)

    def open(self):
        """Open the notebook; return once all its cells are on the page and the kernel is idle."""
        self.page.goto(self.server.url(self.name), timeout=OPEN_TIMEOUT)
        expect(self.page.locator(CODE_CELL)).to_have_count(self.code_cells, timeout=OPEN_TIMEOUT)
        self.page.wait_for_selector(f"{IDLE}, {KERNEL_DIALOG}", timeout=OPEN_TIMEOUT)
        if self.page.locator(KERNEL_DIALOG).count():
            self.page.locator(f"{KERNEL_DIALOG} .jp-mod-accept").click()  # the preferred kernel, Python 3
            self.page.wait_for_selector(IDLE, timeout=OPEN_TIMEOUT)

    def run_all(self):
        """Clear the stored outputs, then Run > Run All Cells; return once every cell ran or one failed."""
        self.start_run_all()
        self.finish_run_all()

    def start_run_all(self):
        """Clear the stored outputs, then Run > Run All Cells; return once the first cell has started.

        The page goes on running its cells while others are driven: finish_run_all waits for the end.
        """
        self.page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        self.page.wait_for_function(ALL_PROMPTS_EMPTY, arg=PROMPT, timeout=OPEN_TIMEOUT, polling=POLL)
        self.choose_run_all_cells()

    def finish_run_all(self):
        """Return once every cell of the started run has run, or one failed.

        On a loaded machine Lab has, rarely, run the first cell and then dropped the others, with no error and the
        kernel idle (the cells back to [ ]); such a run is started once more, in the same kernel, and a second one
        fails the test.
        """
        for run in range(1, RUNS + 1):
            try:
                self.page.wait_for_function(RUN_ALL_ENDED, arg=[PROMPT, IDLE], timeout=RUN_TIMEOUT, polling=POLL)
            except TimeoutError:
                raise AssertionError(f"{self.name}: Run All did not end within {RUN_TIMEOUT / 1000:.0f} s; "
                                     f"prompts {self.prompts()}, execution indicator {self.indicator()}") from None
            prompts = self.prompts()
            if "[ ]:" not in prompts or self.page.locator(STDERR).count():
                return  # every cell ran, or one failed and stopped the rest
            self.executed_before += sum(prompt != "[ ]:" for prompt in prompts)
            if run < RUNS:
                self.start_run_all()
        raise AssertionError(f"{self.name}: Run All stopped early without an error, {RUNS} times; "
                             f"prompts {prompts}, execution indicator {self.indicator()}")

    def expected_prompts(self):
        """The prompts once every cell ran, in order: [1]:, [2]:, ..., numbered on after a run that stopped early."""
        first = self.executed_before + 1
        return [f"[{k}]:" for k in range(first, first + self.code_cells)]

    def indicator(self):
        return self.page.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status")

    def choose_run_all_cells(self):
        """Run > Run All Cells, once the menu item is enabled; choose it again if no cell has started after a while.

        On a loaded machine Lab sometimes takes the click before the notebook is its current widget.
        """
        for _ in range(RUN_ALL_ATTEMPTS):
            self.page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click()
            label = self.page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')")
            item = self.page.locator(".lm-Menu-item").filter(has=label)
            expect(item).not_to_have_class(re.compile(r"\blm-mod-disabled\b"), timeout=OPEN_TIMEOUT)
            item.click()
            try:
                self.page.wait_for_function(A_CELL_STARTED, arg=PROMPT, timeout=START_TIMEOUT, polling=POLL)
                return
            except TimeoutError:
                self.page.keyboard.press("Escape")
        raise AssertionError(f"{self.name}: Run > Run All Cells started no cell ({RUN_ALL_ATTEMPTS} attempts)")

    def prompts(self):
        """The input prompts of the code cells, "[1]:" for a cell that ran first, "[ ]:" for one that never ran."""
        return [text.strip() for text in self.page.locator(PROMPT).all_text_contents()]

    def errors(self):
        """Texts of every error or stderr output on the page (inside widgets too) and of failed renderings."""
        texts = self.page.locator(STDERR).all_inner_texts()
        body = self.page.locator(".jp-NotebookPanel").inner_text()
        return texts + [failure for failure in RENDER_FAILURES if failure in body]

    def figures(self):
        return self.page.locator(FIGURE).all()

    def static_images(self):
        """Locator of the image outputs of cells (not those inside widgets)."""
        return self.page.locator(STATIC_IMAGE)

    def widget_views(self):
        """Locator of the outputs that hold a live widget (an explorer, an interact)."""
        return self.page.locator(WIDGET_VIEW)

    def screenshot_figures(self, folder):
        """Save each figure output as folder/<notebook>-<k>.png; return the paths."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = self.name.removesuffix(".ipynb")
        for old in folder.glob(f"{stem}-*.png"):  # a notebook with fewer figures than last time leaves none stale
            old.unlink()
        paths = []
        for k, figure in enumerate(self.figures(), start=1):
            figure.scroll_into_view_if_needed()
            paths.append(folder / f"{stem}-{k:02d}.png")
            figure.screenshot(path=paths[-1])
        return paths
