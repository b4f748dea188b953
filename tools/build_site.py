"""Build the course's site with Sphinx, MyST-NB and sphinx-book-theme: the notebooks as committed, nothing executed.

Usage: python tools/build_site.py [OUT_DIR]   (default: site/; `make html`)

The configuration is tools/site/conf.py: a sidebar with the series in order, previous/next links, full-text search,
launch buttons for Colab and Binder (from `Repository` under `[project.urls]` in pyproject.toml), and MathJax 2.7
from the jupyter-server-mathjax package, so that no page loads anything from the network. Before the build, each
notebook is copied with three changes for the page: the Colab badge goes (the launch buttons replace it, and the
badge's image would come from the network), each explorer's output becomes its default-view figure (the PNG stored in
the notebook's widget state) and EXPLORER_NOTE, and the widget state goes. A Sphinx warning fails the build.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "tools" / "site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BADGE = re.compile(r"^\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)\n*", re.MULTILINE)
EXPLORER_NOTE = ('<p class="explorer-note"><em>Above: the default view of a figure with controls. In the notebook the '
                 'controls move it live, which needs a running Python: open the notebook in Jupyter, or on Colab or '
                 'Binder with the rocket button at the top of this page.</em></p>')
TITLE = "The log-derivative trick, interactively"
INDEX = """# {title}

A series of notebooks on the score-function gradient estimator, the log-derivative trick, read here with their
stored outputs. To move the sliders, open a notebook in Jupyter, or on Colab or Binder with the rocket button at the
top of its page. Read them in this order:

{items}

```{{toctree}}
:hidden:
:maxdepth: 1

{names}
```
"""


def explorer_png(state, model_id):
    """The PNG of the figure inside the widget model_id (an explorer's Image, or the Output of an `interact`), from
    the notebook's stored widget state, as base64; None if it holds none."""
    model = state[model_id]
    if model["model_name"] == "ImageModel":
        return next(b["data"] for b in model["buffers"] if b["path"] == ["value"])
    if model["model_name"] == "OutputModel":
        pngs = [o["data"]["image/png"] for o in model["state"].get("outputs", []) if "image/png" in o.get("data", {})]
        return pngs[0] if pngs else None
    for child in model["state"].get("children", []):
        png = explorer_png(state, child.removeprefix("IPY_MODEL_"))
        if png:
            return png
    return None


def page_notebook(nb):
    """The notebook as its page shows it: no badge, each explorer as its default-view figure and EXPLORER_NOTE."""
    nb.cells[0].source = BADGE.sub("", nb.cells[0].source)
    state = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        outputs = []
        for output in cell.get("outputs", []):
            if WIDGET_VIEW not in output.get("data", {}):
                outputs.append(output)
                continue
            png = explorer_png(state, output.data[WIDGET_VIEW]["model_id"])
            if png is None:
                raise ValueError(f"an explorer without a stored figure in a cell starting {cell.source[:60]!r}: "
                                 "re-execute the notebook (make notebooks)")
            outputs += [nbformat.v4.new_output("display_data", {"image/png": png}),
                        nbformat.v4.new_output("display_data", {"text/html": EXPLORER_NOTE})]
        if cell.cell_type == "code":
            cell.outputs = outputs
    return nb


def title_and_summary(nb):
    """The notebook's title (its first heading) and the first sentence under "What you'll do"."""
    first = nb.cells[0].source
    title = re.search(r"^#\s+(.+)$", first, re.MULTILINE)[1].strip()
    doing = re.search(r"^## What you'll do\s*\n+(.+?)(?:\n\n|\n#|$)", first, re.MULTILINE | re.DOTALL)
    summary = re.split(r"(?<=[.!?])\s", doing[1].strip())[0] if doing else ""
    return title, " ".join(summary.split())


def write_sources(src, notebooks):
    """The Sphinx sources in src: each notebook as its page shows it, index.md, and the static files (MathJax)."""
    items = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        title, summary = title_and_summary(nb)
        items.append(f"1. [{title}]({path.name}): {summary}")
        nbformat.write(page_notebook(nb), src / path.name)
    names = "\n".join(path.stem for path in notebooks)
    (src / "index.md").write_text(INDEX.format(title=TITLE, items="\n".join(items), names=names), encoding="utf-8")
    import jupyter_server_mathjax

    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static", src / "_site_static" / "mathjax",
                    ignore=shutil.ignore_patterns("localization"))


def build_site(out, notebooks=None):
    """Build the site into out; return the notebooks' page names in order."""
    out = Path(out)
    notebooks = sorted(notebooks or (ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        write_sources(src, notebooks)
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-c", str(CONF),
                        "-d", str(Path(tmp) / "doctrees"), str(src), str(out)], check=True,
                       env={**os.environ, "SITE_STATIC": str(src / "_site_static")})
    return [f"{path.stem}.html" for path in notebooks]


if __name__ == "__main__":
    for page in build_site(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"):
        print(page)
