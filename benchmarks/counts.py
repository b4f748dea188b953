"""The convergence explorer's update at N = 10 .. 10**8: counts at log-spaced checkpoints cost the same for any N.

Measured in this process: the running estimate from counts (`running_estimate_at`), the whole handler (the
explorer redrawn over its kept frame and rendered as PNG, as a slider move draws it), and, for contrast,
the running estimate from N explicit samples (`running_estimate`). That the counts give the same distribution
of results as explicit sampling is tested in tests/test_convergence.py (test_single_runs_match_explicit_sampling).
"""

import numpy as np

import helpers as h
from helpers import convergence
from helpers.convergence_plots import make_convergence_explorer

from .timing import median_seconds, ms, ratio, table, verdict

NS = [10, 10**2, 10**4, 10**6, 10**8]
EXPLICIT_LIMIT = 10**6  # explicit samples beyond this take seconds and gigabytes
REFERENCE = 10**2


def measure(n, explorer):
    dist, f = h.Binomial(0.5, 10), lambda x: x
    checkpoints = convergence.log_checkpoints(n)
    counts = median_seconds(lambda: convergence.running_estimate_at(dist, f, checkpoints, np.random.default_rng(0)),
                            repeats=21)
    explicit = (median_seconds(lambda: h.running_estimate(dist, f, n, np.random.default_rng(0)), repeats=5)
                if n <= EXPLICIT_LIMIT else None)
    explorer.controls["n"].value = n
    update = median_seconds(explorer.redraw, repeats=5)  # the handler a slider move runs
    return {"n": n, "counts": counts, "handler": update, "explicit": explicit}


def run():
    # interleaved rounds, so that a change in the machine's load does not fall on one N only
    explorer = make_convergence_explorer()
    rounds = [[measure(n, explorer) for n in NS] for _ in range(2)]
    results = [{key: (np.median([r[i][key] for r in rounds]) if key != "n" and rounds[0][i][key] is not None
                      else rounds[0][i][key]) for key in rounds[0][i]} for i in range(len(NS))]
    ref = next(r for r in results if r["n"] == REFERENCE)
    rows = [[f"{r['n']:,}", ms(r["counts"]), ratio(r["counts"], ref["counts"]), ms(r["handler"]),
             ratio(r["handler"], ref["handler"]), verdict(r["handler"] <= 2 * ref["handler"]),
             ms(r["explicit"]) if r["explicit"] else "not run (too large)"] for r in results]
    header = ["N", "estimate from counts", f"/ N = {REFERENCE}", "handler (update + PNG)", f"/ N = {REFERENCE}", "≤ 2×",
              "estimate from N explicit samples"]
    return table(header, rows), results
