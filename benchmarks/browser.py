"""Explorer updates in JupyterLab in headless Chromium, with the harness the browser tests use (tools/lab).

One notebook (written to a temporary folder) holds three views: a trivial one-line-plot `interactive_output`
cell (the baseline), the convergence explorer of notebook 03, and an explorer whose redraw takes 0.3 s.
Measured: key press to new figure (in the page's clock), the kernel's handler time (logged by the kernel),
how many redraws 20 fast ArrowRight presses cause on the slow explorer, and how soon a bad f(x) gets its message.
"""

import json
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

from .timing import ms, ratio, table, verdict

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]  # tools.lab: the JupyterLab driver the browser tests use too

from tools.lab import CHROMIUM_ARGS, HOSTILE, VIEWPORT  # noqa: E402
from tools.lab.controls import HANDLE, control, explorer_with, figure_src  # noqa: E402
from tools.lab.notebook import LabNotebook  # noqa: E402
from tools.lab.server import LabServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
NOTEBOOK = "bench_updates.ipynb"
LOG = "handler_times.jsonl"
PRESSES = 7  # θ key presses timed at each N
BURST = 20
SLOW_SECONDS = 0.3
# N runs over 10**1 .. 10**8 in steps of 10**0.25; Home goes to 10, PageUp moves 5 steps, End to 10**8.
N_KEYS = ["Home", "PageUp", "PageUp", "PageUp", "PageUp", "PageUp", "End"]

CELLS = [
    f"""import json, time
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from helpers.convergence_plots import make_convergence_explorer
from helpers.widgets import Explorer, make_slider

def log(kind, seconds, **values):
    with open("{LOG}", "a") as file:
        file.write(json.dumps(dict(kind=kind, seconds=seconds, **values)) + "\\n")""",
    """x = np.linspace(0, 10, 1000)
theta_t = widgets.FloatSlider(value=1.0, min=0.0, max=5.0, step=0.05, description="θ", continuous_update=False)
n_t = widgets.IntSlider(value=3, min=1, max=8, description="N", continuous_update=False)
def trivial(theta, n):
    start = time.perf_counter()
    plt.plot(x, n * np.sin(theta * x))
    plt.show()
    log("trivial", time.perf_counter() - start)
trivial_view = widgets.VBox([theta_t, n_t, widgets.interactive_output(trivial, {"theta": theta_t, "n": n_t})])
trivial_view.add_class("trivial")
trivial_view""",
    """explorer = make_convergence_explorer()
untimed_redraw = explorer.redraw
def timed_redraw(change=None):
    start = time.perf_counter()
    untimed_redraw()
    log("explorer", time.perf_counter() - start, n=int(round(explorer.controls["n"].value)))
explorer.redraw = timed_redraw
explorer""",
    f"""def slow_draw(k):
    time.sleep({SLOW_SECONDS})
    log("slow", {SLOW_SECONDS}, k=k)
    fig = Figure(figsize=(3, 1))
    fig.text(0.5, 0.5, f"k = {{k}}", ha="center", fontsize=20)
    return fig, f"k = {{k}}"
slow = Explorer({{"k": make_slider("k", 0, 0, 40, 1, integer=True)}}, slow_draw, height="160px")
slow.add_class("slow")
slow""",
]

# Run All is lost if it comes before the kernel is connected, which the execution indicator does not wait for.
KERNEL_READY = """() => {
    const kernel = window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel;
    return kernel?.connectionStatus === 'connected' && kernel?.status === 'idle';
}"""
MESSAGE_SHOWN = """([view]) => {
    if (view.querySelector('.explorer-message').textContent.trim() === '') return false;
    window.benchMessage = performance.now();
    return true;
}"""
NEW_FIGURE = """([view, old]) => {
    const img = view.querySelector('img.explorer-figure, .widget-output img');
    if (img && img.getAttribute('src') !== old) { window.benchChanged = performance.now(); return true; }
    return false;
}"""


def write_notebook(folder):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / NOTEBOOK)


def press_to_figure(view, handle, key):
    """Seconds from pressing key on the focused handle to a new figure in view, in the page's clock."""
    page, old = view.page, figure_src(view)
    handle.focus()
    start = page.evaluate("performance.now()")
    handle.press(key)
    page.wait_for_function(NEW_FIGURE, arg=[view.element_handle(), old], polling=5, timeout=60_000)
    return (page.evaluate("window.benchChanged") - start) / 1000


def theta_presses(view, slider):
    handle = slider.locator(HANDLE).first
    return [press_to_figure(view, handle, "ArrowRight" if i % 2 == 0 else "ArrowLeft") for i in range(PRESSES)]


def measure_trivial(page):
    view = page.locator(".trivial")
    return theta_presses(view, view.locator(".widget-slider").first)


def measure_explorer(page):
    """{N: {"theta": [s...], "n_key": [s...], "trivial": [s...]}} at each N reached with N_KEYS.

    At each N: θ keys (right, left, ...), N keys (one step inwards and back, twice), and the trivial cell's θ keys
    right after, so that each ratio compares times taken under the same load of the machine.
    """
    view = explorer_with(page, "θ (logit)", "N samples", "formula f(x) =")
    theta, n_handle = control(view, "θ (logit)"), control(view, "N samples").locator(HANDLE).first
    found = {}
    for key in N_KEYS:
        press_to_figure(view, n_handle, key)
        n = round(float(control(view, "N samples").locator(".widget-readout").inner_text().replace(",", "")))
        inwards = ["ArrowRight", "ArrowLeft"] if key == "Home" else ["ArrowLeft", "ArrowRight"]
        found[n] = {"theta": theta_presses(view, theta),
                    "n_key": [press_to_figure(view, n_handle, k) for k in inwards * 2],
                    "trivial": measure_trivial(page)}
    return found


def measure_burst(page):
    """Press ArrowRight BURST times as fast as the page takes them; return (final readout, final slider value)."""
    view = page.locator(".slow")
    handle = view.locator(HANDLE).first
    old = figure_src(view)
    handle.focus()
    for _ in range(BURST):
        handle.press("ArrowRight")
    page.wait_for_function("([view]) => view.querySelector('.explorer-readout').textContent.trim() === 'k = 20'",
                           arg=[view.element_handle()], polling=50, timeout=120_000)
    return view.locator(".explorer-readout").inner_text().strip(), figure_src(view) != old


def measure_messages(page):
    """[(text, seconds)]: from Enter in the f(x) box to the explorer's message, for each text of the hostile corpus.

    Before each text, a valid f(x) clears the message, so each wait is for a message of its own.
    """
    view = explorer_with(page, "formula f(x) =")
    box = control(view, "formula f(x) =").locator("input")
    found = []
    for text, _ in HOSTILE:
        box.fill("x")
        box.press("Enter")
        page.wait_for_function("([view]) => view.querySelector('.explorer-message').textContent.trim() === ''",
                               arg=[view.element_handle()], polling=20, timeout=60_000)
        box.fill(text)
        start = page.evaluate("performance.now()")
        box.press("Enter")
        page.wait_for_function(MESSAGE_SHOWN, arg=[view.element_handle()], polling=5, timeout=60_000)
        found.append((text, (page.evaluate("window.benchMessage") - start) / 1000))
    return found


def run_in_lab():
    with tempfile.TemporaryDirectory() as tmp:
        folder, workdir = Path(tmp) / "bench", Path(tmp) / "lab"
        folder.mkdir(), workdir.mkdir()
        write_notebook(folder)
        server = LabServer(folder, workdir)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport=VIEWPORT).new_page()
                page.set_default_timeout(60_000)
                notebook = LabNotebook(page, server, NOTEBOOK)
                notebook.open()
                page.wait_for_function(KERNEL_READY, timeout=120_000)
                notebook.run_all()
                errors = notebook.errors()
                (server.root / LOG).write_text("")  # only the updates below
                results = {"explorer": measure_explorer(page)}
                results["burst_readout"], results["burst_new_figure"] = measure_burst(page)
                results["messages"] = measure_messages(page)
                page.wait_for_timeout(2 * SLOW_SECONDS * 1000)  # a redraw still running would log after this
                results["errors"] = errors + notebook.errors()
                browser.close()
            results["log"] = [json.loads(line) for line in (server.root / LOG).read_text().splitlines()]
        finally:
            server.shut_down_kernels()
            server.stop()
    return results


def handler_median(log, kind, **match):
    times = [e["seconds"] for e in log if e["kind"] == kind and all(e.get(k) == v for k, v in match.items())]
    return statistics.median(times) if times else None


def report(results):
    log, rows = results["log"], []
    trivial_handler = handler_median(log, "trivial")
    for n, times in sorted(results["explorer"].items()):
        trivial = statistics.median(times["trivial"])
        theta, n_key = statistics.median(times["theta"]), statistics.median(times["n_key"])
        handler = handler_median(log, "explorer", n=n)
        handler_ok = None if handler is None else handler <= 2 * trivial_handler
        rows.append([f"{n:,}", ms(trivial), ms(theta), ratio(theta, trivial), verdict(theta <= 2 * trivial),
                     ms(n_key), ratio(n_key, trivial), verdict(n_key <= 2 * trivial), ms(handler),
                     ratio(handler, trivial_handler), verdict(handler_ok)])
    header = ["N", "trivial cell, θ key", "explorer, θ key", "/ trivial", "≤ 2×", "explorer, N key", "/ trivial",
              "≤ 2×", "explorer handler", "/ trivial handler", "≤ 2×"]
    notes = (f"Medians of key press → new figure in the page's clock: {PRESSES} θ presses and 4 N presses on the "
             f"explorer, then {PRESSES} θ presses on the trivial cell, at each N. Handler: the kernel's time for "
             f"compute + figure + PNG at that N (θ presses), against the trivial cell's over the whole run "
             f"({ms(trivial_handler)}).")
    drawn = [e["k"] for e in log if e["kind"] == "slow"]
    burst = (f"**Rapid input.** {BURST} ArrowRight presses on a slider whose redraw takes {SLOW_SECONDS} s: "
             f"{len(drawn)} redraws (values {drawn}); readout '{results['burst_readout']}'; the figure changed: "
             f"{results['burst_new_figure']}. Fewer than {BURST} redraws, the last one of the final value: "
             f"{verdict(len(drawn) < BURST and drawn[-1:] == [BURST])}.")
    errors = f"Errors on the page: {results['errors'] or 'none'}."
    return "\n\n".join([table(header, rows), notes, burst, message_report(results["messages"]), errors])


def message_report(messages):
    rows = [[f"`{shown(text)}`", ms(seconds), verdict(seconds <= 1.0)] for text, seconds in messages]
    slowest = max(seconds for _, seconds in messages)
    return "\n\n".join([
        "**Messages for bad f(x).** From Enter in the f(x) box to the message beside the controls, for each text "
        "of the hostile corpus of the browser tests (tests/browser/test_explorer_convergence.py):",
        table(["typed", "to the message", "≤ 1 s"], rows),
        f"Slowest: {ms(slowest)}; all within a second: {verdict(slowest <= 1.0)}."])


def shown(text, width=40):
    """text for a table cell: empty shown as such, long texts cut, | escaped."""
    if not text:
        return "(empty)"
    cut = text if len(text) <= width else f"{text[:width]}… ({len(text):,} characters)"
    return cut.replace("|", "\\|")


def run():
    results = run_in_lab()
    return report(results), results
