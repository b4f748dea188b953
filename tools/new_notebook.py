"""Start a notebook with the opening every notebook of the series shares.

Usage: python tools/new_notebook.py notebooks/NN_some_name.ipynb "Title with a verb"
Writes the title with its Colab badge, the What you'll do / learn / need headings, the Colab-only
setup cell and the imports cell. The repository address comes from pyproject.toml.
"""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def repository_url():
    """The one declaration of the repository address: [project.urls] Repository in pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text()
    return re.search(r'^Repository\s*=\s*"([^"]+)"', text, re.MULTILINE).group(1)


def colab_badge(notebook_path):
    slug = repository_url().removeprefix("https://github.com/")
    url = f"https://colab.research.google.com/github/{slug}/blob/main/{notebook_path}"
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"


def setup_cell_source():
    return ("# Colab only: install the course helpers (elsewhere `make lab` has installed them)\n"
            "import sys\n\n"
            'if "google.colab" in sys.modules:\n'
            f"    %pip install --quiet --no-deps git+{repository_url()}")


# Every notebook's imports cell sets how numbers print (helpers/printing.py); tests/test_notebook_hygiene.py checks it.
PRECISION_LINE = "h.set_precision()  # numbers print to 4 significant digits: the same on every machine"


def opening_cells(notebook_path, title):
    return [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\n{colab_badge(notebook_path)}\n\n"
            "## What you'll do\n\n...\n\n## What you'll learn\n\n...\n\n## What you'll need\n\n..."),
        nbformat.v4.new_code_cell(setup_cell_source()),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nimport numpy as np\n\nimport helpers as h\n\n"
            f"{PRECISION_LINE}\nrng = np.random.default_rng(0)"),
    ]


def main(path, title):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = opening_cells(Path(path).as_posix(), title)
    nbformat.write(nb, path)


if __name__ == "__main__":
    main(*sys.argv[1:3])
