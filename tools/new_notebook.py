"""Start a notebook with the opening every notebook of the series shares.

Usage: python tools/new_notebook.py notebooks/NN_some_name.ipynb "Title with a verb" word
Writes the title with its Colab badge, the What you'll do / learn / need headings, the Colab-only
setup cell and the imports cell, which imports the notebook's topic modules: word names them (README, "Layout"),
and the modules helpers/word.py, helpers/word_plots.py and helpers/exercises/word.py are started if missing.
Add the notebook's row to the README's layout table. The repository address comes from pyproject.toml.
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
PRECISION_LINE = "h.set_precision()  # floats show 4 significant digits, arrays 4 decimals: the same on every machine"


def imports_cell_source(word):
    return ("import matplotlib.pyplot as plt\nimport numpy as np\n\nimport helpers as h\n"
            f"from helpers import {word}, {word}_plots\nfrom helpers.exercises import {word} as exercises\n\n"
            f"{PRECISION_LINE}\nrng = np.random.default_rng(0)")


def start_topic_modules(word, number):
    """helpers/<word>.py, helpers/<word>_plots.py and helpers/exercises/<word>.py, each with its docstring."""
    docstrings = {f"helpers/{word}.py": f"What notebook {number} computes (numpy only: no figures, no widgets).",
                  f"helpers/{word}_plots.py": f"The figures and explorers of notebook {number}.",
                  f"helpers/exercises/{word}.py": f"The checks of notebook {number}'s exercises, answering in words."}
    for path, docstring in docstrings.items():
        if not (ROOT / path).exists():
            (ROOT / path).write_text(f'"""{docstring}"""\n')


def opening_cells(notebook_path, title, word):
    return [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\n{colab_badge(notebook_path)}\n\n"
            "## What you'll do\n\n...\n\n## What you'll learn\n\n...\n\n## What you'll need\n\n..."),
        nbformat.v4.new_code_cell(setup_cell_source()),
        nbformat.v4.new_code_cell(imports_cell_source(word)),
    ]


def main(path, title, word):
    if not word.isidentifier() or not word.islower():
        sys.exit(f"word={word!r}: expected a lower-case Python name, the notebook's topic word")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = opening_cells(Path(path).as_posix(), title, word)
    start_topic_modules(word, Path(path).name[:2])
    nbformat.write(nb, path)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:4])
