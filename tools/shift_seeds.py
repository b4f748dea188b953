"""Run every notebook with all its seeds shifted: each claim must hold for other seeds, not just the committed ones.

Usage: python tools/shift_seeds.py SHIFT [SHIFT ...] [-- notebooks/NN_name.ipynb ...]   (default: every notebook)

For each SHIFT, copies of the notebooks have every seed in their code cells moved by SHIFT: `default_rng(k)`
becomes `default_rng(k + SHIFT)` and `seed=k` becomes `seed=k + SHIFT`. The copies run under
`pytest --nbval-lax`: the outputs differ from the stored ones, so they are not compared, but every cell must run
and every `assert` hold. Exit status 0 only if every shift passes.
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SEED = re.compile(r"(default_rng\(|\bseed=)(\d+)\b")  # a literal seed: default_rng(4), seed=0


def shift_source(source, shift):
    """The code with every literal seed moved by `shift`."""
    return SEED.sub(lambda match: f"{match[1]}{int(match[2]) + shift}", source)


def shifted_copy(notebook, shift, folder):
    """The notebook with its seeds shifted, written into `folder`; the number of seeds moved."""
    nb = nbformat.read(notebook, as_version=4)
    moved = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            moved += len(SEED.findall(cell.source))
            cell.source = shift_source(cell.source, shift)
    nbformat.write(nb, folder / notebook.name)
    return moved


def run(shift, notebooks):
    with tempfile.TemporaryDirectory(prefix=f"seeds+{shift}-") as tmp:
        folder = Path(tmp)
        moved = {nb.name: shifted_copy(nb, shift, folder) for nb in notebooks}
        unseeded = [name for name, count in moved.items() if count == 0 and not name.startswith("00")]
        print(f"seed shift {shift}: moved {sum(moved.values())} seeds in {len(notebooks)} notebooks", flush=True)
        if unseeded:
            print(f"  no seed to move in {', '.join(unseeded)}")
        (folder / "pytest.ini").write_text("[pytest]\n")
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--nbval-lax",
                   "--nbval-current-env", "-c", str(folder / "pytest.ini"), str(folder)]
        return subprocess.run(command, cwd=folder).returncode


def main(argv):
    shifts, paths = (argv[: argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    if not shifts:
        sys.exit(__doc__)
    notebooks = [Path(p).resolve() for p in paths] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    failed = [shift for shift in map(int, shifts) if run(shift, notebooks) != 0]
    if failed:
        print(f"claims that failed with seeds shifted by {', '.join(map(str, failed))}: see above")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
