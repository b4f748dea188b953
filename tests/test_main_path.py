"""tools/main_path.py: what a first reading skips, and that each notebook's main path stands without it.

The optional parts are cut at their headings and end lines (checked on a small notebook written here), and in
every notebook neither the main path nor any one optional part uses a name that only another optional part defines:
the main path, written out by `--write`, runs on its own, and so does each optional part added to it.
"""

import ast
import builtins
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import main_path  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def markdown(text):
    return {"cell_type": "markdown", "source": text}


def code(text):
    return {"cell_type": "code", "source": text}


def test_optional_parts_end_at_their_heading_level_or_the_end_line():
    cells = [markdown("# Title\n\nIntro."), code("a = 1"),
             markdown("Main text.\n\n### Optional: a detail\n\n*This part can be skipped.*\n\nDetail."), code("b = 2"),
             markdown("#### A sub-heading inside it"), code("c = 3"),
             markdown("*End of the optional part.* Back on the main path."), code("d = a"),
             markdown("## Optional: a section"), markdown("### Its part"), code("e = 5"),
             markdown("## Next section"), code("f = d")]
    split = main_path.split_cells(cells)
    kept = [(cell["source"], text) for cell, text, part in split if part == 0]
    assert [source for source, _ in kept] == ["# Title\n\nIntro.", "a = 1", cells[2]["source"], cells[6]["source"],
                                              "d = a", "## Next section", "f = d"]
    assert kept[2][1] == "Main text." and kept[3][1] == "Back on the main path."
    assert [part for _, _, part in split] == [0, 0, 0, 1, 1, 1, 0, 0, 2, 2, 2, 0, 0]


def defined_and_used(source):
    """(names a code cell defines, names it reads) by its syntax; magics and shell lines left out."""
    lines = [line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    tree = ast.parse("\n".join(lines))
    defined, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (defined if isinstance(node.ctx, (ast.Store, ast.Del)) else used).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return defined, used


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_main_path_and_each_optional_part_use_no_name_another_optional_part_defines(notebook):
    """Read the main path with any one optional part, or none: every name a cell reads is defined before it."""
    defined_in = {}  # part -> names its code cells define (part 0: the main path)
    for cell, _, part in main_path.split_cells(json.loads(notebook.read_text())["cells"]):
        if cell["cell_type"] != "code":
            continue
        defined, used = defined_and_used("".join(cell["source"]))
        known = set(dir(builtins)) | defined_in.get(0, set()) | defined_in.get(part, set()) | defined
        elsewhere = {name for other, names in defined_in.items() if other not in (0, part) for name in names}
        missing = (used - known) & elsewhere
        assert not missing, f"part {part} uses {sorted(missing)}, defined only in another optional part"
        defined_in.setdefault(part, set()).update(defined)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_main_path_is_shorter_than_the_notebook_where_it_has_optional_parts(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    main, whole = main_path.measure(cells), main_path.measure_all(cells)
    has_optional = any("Optional:" in "".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert (main["words"] < whole["words"]) == has_optional
