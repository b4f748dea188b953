"""Wall time of each notebook executed top to bottom in a fresh kernel (nbclient), one after the other."""

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .timing import table, verdict

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 20.0  # seconds per notebook


def execute_seconds(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def run():
    results = {path.name: execute_seconds(path) for path in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    rows = [[name, f"{seconds:.1f} s", verdict(seconds < LIMIT)] for name, seconds in results.items()]
    note = ("Includes starting the kernel (about 1-2 s); the kernel runs on the same 2 cores as everything else "
            "on the machine.")
    return table(["notebook", "execute (nbclient, fresh kernel)", f"< {LIMIT:.0f} s"], rows) + "\n\n" + note, results
