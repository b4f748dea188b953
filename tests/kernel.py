"""Drive a notebook's widgets in a real kernel without a browser (nbclient).

    with NotebookKernel("notebooks/03_....ipynb") as kernel:
        kernel.run("explorer.controls['theta'].value = 1.0")
        state = kernel.value("explorer.readout.value")

Each `run` is a cell of its own: the kernel's widget state is read in a later cell than the one that set it.
"""

import ast
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

class NotebookKernel:
    def __init__(self, notebook, timeout=120):
        self.path = ROOT / notebook
        self.nb = nbformat.read(self.path, as_version=4)
        self.client = NotebookClient(self.nb, kernel_name="python3", timeout=timeout,
                                     resources={"metadata": {"path": str(self.path.parent)}})

    def __enter__(self):
        # The notebook's own figures are not made into PNGs here (matplotlib's non-interactive backend): these tests
        # look at the explorers, which make their PNGs themselves; nbval and the browser tests show the rest.
        self._context = self.client.setup_kernel(env={**os.environ, "MPLBACKEND": "agg"})
        self._context.__enter__()
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code":
                self.client.execute_cell(cell, index)
        return self

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)

    def run(self, code):
        """Execute code as a new cell; return its outputs (raises CellExecutionError on an exception)."""
        cell = nbformat.v4.new_code_cell(code)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        return cell.outputs

    def value(self, expression):
        """The value of a Python literal expression evaluated in the kernel (via repr)."""
        outputs = self.run(f"print(repr({expression}))")
        return ast.literal_eval("".join(o.get("text", "") for o in outputs if o.output_type == "stream"))
