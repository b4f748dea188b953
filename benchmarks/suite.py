"""`make test` on a fresh clone of the repository (committed files only), install included, timed (as CI runs it).

The same machine has run at very different speeds on different days, so the run also times the explorers section's
trivial cell before it starts: a reference for how fast the machine was, to set beside that section's own figure.
"""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from .explorers import trivial
from .timing import median_seconds, ms, verdict

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 300.0  # seconds


def run():
    reference = median_seconds(trivial, repeats=21)
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        # empty package caches, as on a fresh machine: the install downloads everything
        env = {**os.environ, "CI": "true", "UV_CACHE_DIR": str(Path(tmp) / "uv-cache"), "PIP_NO_CACHE_DIR": "1"}
        start = time.perf_counter()
        done = subprocess.run(["make", "test"], cwd=clone, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    lines = (done.stdout + done.stderr).strip().splitlines()
    failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]  # pytest's summary of each failure
    tail = "\n".join(failed + lines[-3:])
    text = (f"`git clone` then `time make test`: {seconds:.0f} s, exit code {done.returncode}; within "
            f"{LIMIT:.0f} s: {verdict(seconds <= LIMIT)}. The machine's speed then: the trivial cell of the explorers "
            f"section took {ms(reference)} (median of 21) just before.\n\n```\n{tail}\n```")
    return text, {"seconds": seconds, "returncode": done.returncode, "trivial": reference}
