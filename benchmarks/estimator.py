"""Throughput and peak memory of `score_function_estimate` on a Categorical, against a per-sample Python loop
and PyTorch autograd (in .venv-bench, if installed) on the same task: n draws of softmax(theta), f(x) = cos(x)."""

import json
import subprocess
import tracemalloc
from pathlib import Path

import numpy as np

import helpers as h

from .timing import median_seconds, ms, ratio, table, verdict

ROOT = Path(__file__).resolve().parents[1]
TORCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
SIZES = [(k, n) for k in (10, 1000) for n in (10**3, 10**5, 10**6)]
LOOP_SAMPLES = 20_000  # the loop is timed on at most this many samples; its cost per sample is constant
TORCH_MEMORY_LIMIT = 2 * 10**9  # bytes: autograd's (n, K) float64 gradient of log_prob must stay under this
F = np.cos


def categorical(k):
    return h.Categorical(np.linspace(-1.0, 1.0, k))


def loop_gradient(dist, f, x):
    """The formula written one sample at a time: (1/n) sum_i f(x_i) (onehot(x_i) - p)."""
    p, total = dist.probs, np.zeros(dist.params.size)
    for xi in x:
        score = -p.copy()
        score[xi] += 1.0
        total += f(xi) * score
    return total / len(x)


def loop_seconds(dist, n):
    """Time of the per-sample loop for n samples, from a run over min(n, LOOP_SAMPLES) samples."""
    m = min(n, LOOP_SAMPLES)
    x = dist.sample(m, np.random.default_rng(0))
    return median_seconds(lambda: loop_gradient(dist, F, x), repeats=max(3, LOOP_SAMPLES // m), warmup=0) * n / m


def peak_bytes(run):
    """Peak memory that numpy allocated during run(), from tracemalloc."""
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def torch_result(k, n, repeats):
    """{"seconds", "gradient", "peak_rss"} from torch_task.py, or a reason it was not run."""
    if not TORCH_PYTHON.exists():
        return "torch not installed (.venv-bench)"
    if 8 * n * k > TORCH_MEMORY_LIMIT:
        return f"not run: autograd would build an (n, K) gradient of {8 * n * k / 1e9:.0f} GB"
    done = subprocess.run([str(TORCH_PYTHON), str(ROOT / "benchmarks" / "torch_task.py"), str(k), str(n),
                           str(repeats)], capture_output=True, text=True)
    if done.returncode != 0:
        return f"torch failed: {done.stderr.strip().splitlines()[-1]}"
    return json.loads(done.stdout)


def measure(k, n):
    dist, rng = categorical(k), np.random.default_rng(0)
    repeats = 101 if n <= 10**3 else 7 if n < 10**6 else 3  # a call of 0.1 ms needs many to give a steady median
    fast = median_seconds(lambda: h.score_function_estimate(dist, F, n, rng), repeats)
    peak = peak_bytes(lambda: h.score_function_estimate(dist, F, n, rng))
    torch = torch_result(k, n, repeats)
    ran = isinstance(torch, dict)
    return {"K": k, "n": n, "fast": fast, "loop": loop_seconds(dist, n), "peak": peak,
            "torch": torch if ran else None, "torch_note": None if ran else torch}


def report(results):
    rows = []
    for r in results:
        t = r["torch"]["seconds"] if r["torch"] else None
        rows.append([r["K"], f"{r['n']:,}", ms(r["fast"]), ms(r["loop"]), ratio(r["loop"], r["fast"]),
                     verdict(r["loop"] >= 100 * r["fast"]), ms(t) if t else r["torch_note"], ratio(t, r["fast"]),
                     verdict(None if t is None else t > r["fast"]), f"{r['peak'] / 1e6:.3g} MB",
                     f"{8 * r['n'] * r['K'] / 1e6:.3g} MB"])
    header = ["K", "n", "score_function_estimate", "Python loop", "loop / ours", "≥ 100×", "torch autograd",
              "torch / ours", "faster than torch", "our peak memory", "an (n, K) float64 matrix"]
    return table(header, rows)


def run():
    results = [measure(k, n) for k, n in SIZES]
    notes = ("Median wall time of the whole task (draw n outcomes, f, gradient), over 101 calls at n = 1,000. The "
             f"Python loop's time is measured on min(n, {LOOP_SAMPLES:,}) samples (median of 3 runs, of 20 at "
             "n = 1,000) and scaled to n. Peak memory is tracemalloc's for one call of `score_function_estimate`; the "
             "last column is what an (n, K) matrix of per-sample scores would take.")
    return report(results) + "\n\n" + notes, results
