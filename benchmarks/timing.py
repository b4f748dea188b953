"""Timing and table helpers shared by the benchmarks: medians of repeated runs, ratios, Markdown tables."""

import statistics
import time


def median_seconds(run, repeats=5, warmup=1):
    """Median wall time of run() over `repeats` calls, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ms(seconds):
    return "—" if seconds is None else f"{1000 * seconds:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"


def ratio(a, b):
    return "—" if a is None or b is None else f"{a / b:.3g}×"


def verdict(ok):
    return "—" if ok is None else "yes" if ok else "**no**"


def table(header, rows):
    """A Markdown table: header is a list of column names, rows lists of cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
