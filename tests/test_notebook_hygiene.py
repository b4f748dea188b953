"""Every notebook is committed executed top to bottom, error-free, with its Colab opening, and small."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from new_notebook import PRECISION_LINE, colab_badge, setup_cell_source  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_BYTES = 1_500_000  # figures are PNGs of about 50 kB; a notebook past this holds something it should not


def load(path):
    return json.loads(path.read_text())


def source(cell):
    return "".join(cell["source"])


def test_the_series_starts_here():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param, load(request.param)


def test_python3_kernel(notebook):
    path, nb = notebook
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_cells_executed_in_order_without_errors(notebook):
    path, nb = notebook
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "run `make notebooks`"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors


def test_colab_badge_and_setup_cell(notebook):
    path, nb = notebook
    assert colab_badge(f"notebooks/{path.name}") in source(nb["cells"][0])
    assert source(nb["cells"][1]) == setup_cell_source()
    assert PRECISION_LINE in source(nb["cells"][2]).splitlines(), "numbers print as h.set_precision() shows them"


def test_opening_and_closing_sections(notebook):
    path, nb = notebook
    first = source(nb["cells"][0])
    assert first.startswith("# ")
    for heading in ["## What you'll do", "## What you'll learn", "## What you'll need"]:
        assert heading in first
    markdown = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    if path.name != "00_start_here.ipynb":
        assert "## On your own" in markdown and "## Further reading" in markdown


def test_size_bound(notebook):
    path, nb = notebook
    assert path.stat().st_size < MAX_BYTES


def test_only_widget_cells_ignore_their_output(notebook):
    path, nb = notebook
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "NBVAL_IGNORE_OUTPUT" in source(cell):
            outputs = cell["outputs"]
            assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), \
                f"cell marked NBVAL_IGNORE_OUTPUT shows no widget:\n{source(cell)}"
