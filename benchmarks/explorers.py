"""Every explorer's handler (draw at its default values + PNG), in this process, against the trivial cell's.

The trivial handler is what a one-line-plot `interactive_output` cell does on the inline backend: a pyplot line
plot of 1000 points saved as PNG with a tight bounding box. The two are timed in turns, so that both see the
same load. The browser section measures the convergence explorer end to end; this one covers all of them.
"""

import functools
import io
import statistics
import time

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import numpy as np

from helpers import ascent_plots, convergence_plots, pathwise_plots, reinforce_plots, rewards_plots, variance_plots

from .timing import ms, ratio, table, verdict

ROUNDS = 5
X = np.linspace(0, 10, 1000)
EXPLORERS = {  # every explorer, with its defaults: its notebook's example
    "make_ascent_explorer": ascent_plots.make_ascent_explorer,
    "make_convergence_explorer": convergence_plots.make_convergence_explorer,
    "make_vector_explorer": convergence_plots.make_vector_explorer,
    "make_baseline_explorer": variance_plots.make_baseline_explorer,
    "make_estimator_explorer": pathwise_plots.make_estimator_explorer,
    "make_reinforce_explorer": reinforce_plots.make_reinforce_explorer,
    "make_rewards_explorer": rewards_plots.make_rewards_explorer,
}


def trivial():
    plt.plot(X, np.sin(X))
    fig = plt.gcf()
    fig.canvas.print_figure(io.BytesIO(), format="png", bbox_inches="tight")
    plt.close(fig)


def handler(explorer):
    explorer.redraw()  # what a control change runs: draw, then render the figure as PNG


def seconds(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def run():
    rows, results = [], {}
    for name in sorted(EXPLORERS):
        draw = functools.partial(handler, EXPLORERS[name]())
        draw(), trivial()  # warm up
        times = [(seconds(draw), seconds(trivial)) for _ in range(ROUNDS)]
        ours, base = (statistics.median(t) for t in zip(*times, strict=True))
        results[name] = {"handler": ours, "trivial": base}
        rows.append([f"`{name}`", ms(ours), ms(base), ratio(ours, base), verdict(ours <= 2 * base)])
    note = (f"Medians of {ROUNDS} turns. A handler draws the explorer's figure at its default values and renders it "
            "as PNG, as one control change does (`make_reinforce_explorer` also trains its run of 100 updates).")
    return table(["explorer", "handler", "trivial handler", "/ trivial", "≤ 2×"], rows) + "\n\n" + note, results
