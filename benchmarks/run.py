"""Run every benchmark, print the tables and write them to benchmarks/results.md.

    .venv/bin/python -m benchmarks.run [--only estimator,counts,explorers,notebooks,browser,suite]

Times are medians of repeated runs; every ratio compares against a baseline measured in the same run. Nothing
here asserts a time: the tables say whether each target is met on this machine, today. With --only, the sections
named are measured again and the others in results.md are kept; each section says when and at which commit it
was measured.
"""

import argparse
import os
import platform
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import matplotlib
import numpy as np

from . import browser, counts, estimator, explorers, notebooks, suite

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.md"
SECTIONS = {
    "estimator": ("Estimator throughput and memory: `score_function_estimate` on a Categorical", estimator.run),
    "counts": ("Convergence explorer: cost independent of N (counts at log-spaced checkpoints)", counts.run),
    "explorers": ("Every explorer's handler against the trivial cell's (in this process)", explorers.run),
    "notebooks": ("Notebooks: execution time", notebooks.run),
    "browser": ("Explorer updates in JupyterLab (headless Chromium)", browser.run),
    "suite": ("`make test` on a fresh clone, install included", suite.run),
}
DEFAULT = ["estimator", "counts", "explorers", "notebooks", "browser"]


def machine():
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}; {os.cpu_count()} cores, "
            f"load average {load} (other work shares these cores); Python {platform.python_version()}, "
            f"numpy {np.__version__}, matplotlib {matplotlib.__version__}.")


def kept_sections():
    """{title: text} of the sections results.md holds now (empty if there is none)."""
    if not RESULTS.exists():
        return {}
    parts = RESULTS.read_text().split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1].strip() for part in parts
            if not part.startswith("Machine at the end")}


def write(sections):
    """results.md: the header, then every section in the order of SECTIONS."""
    order = [title for title, _ in SECTIONS.values()]
    parts = ["# Benchmarks", "Written by `make bench` (`benchmarks/run.py`); each section says when it was measured."]
    parts += [f"## {title}\n\n{sections[title]}" for title in order if title in sections]
    RESULTS.write_text("\n\n".join(parts) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(DEFAULT), help=f"comma-separated, of {', '.join(SECTIONS)}")
    names = parser.parse_args().only.split(",")
    sections = kept_sections()
    for name in names:
        title, run = SECTIONS[name]
        start, at = time.perf_counter(), machine()
        try:
            text, _ = run()
        except Exception as error:  # one section failing (no browser, a changed page) leaves the others' numbers
            text = f"**Not measured:** {type(error).__name__}: {str(error).strip().splitlines()[0]}"
        sections[title] = f"{text}\n\n_(Measured {at} Took {time.perf_counter() - start:.0f} s.)_"
        print(f"## {title}\n\n{sections[title]}\n", flush=True)
        write(sections)
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
