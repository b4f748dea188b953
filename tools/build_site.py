"""Write a static site of the notebooks as committed (outputs included, nothing re-executed) with an index page.

Usage: python tools/build_site.py [OUT_DIR]   (default: site/; `make html`)

One page per notebook (nbconvert's JupyterLab HTML template), links between notebooks rewritten from
`NN_name.ipynb` to `NN_name.html`, and `index.html` listing the notebooks in order, one line each.
Pages load nothing from the network: equations render with the MathJax 2.7 that the jupyter-server-mathjax
package ships, copied into OUT_DIR/mathjax (without that package, pages load MathJax from a CDN); an
explorer, which needs a running kernel, is replaced by a sentence saying so, under its default view figure.
"""

import html
import re
import shutil
import sys
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html_mistune

ROOT = Path(__file__).resolve().parents[1]
MATHJAX_CONFIG = "?config=TeX-AMS-MML_HTMLorMML-full,Safe"
CDN_MATHJAX = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js" + MATHJAX_CONFIG
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The only web font that the MathJax of jupyter-server-mathjax ships (as the classic Notebook configured it).
MATHJAX_FONTS = ('<script type="text/x-mathjax-config">MathJax.Hub.Config({"HTML-CSS": '
                 '{availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null}});</script>')
# JupyterLab's template without the scripts it would fetch from CDNs (require.js, widget manager, mermaid).
TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_mathjax %}""" + MATHJAX_FONTS + """{{ super() }}{% endblock %}
{% block html_head_js_requirejs %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
"""
EXPLORER_NOTE = ('<p class="explorer-note"><em>Here the notebook shows an explorer with controls to move. '
                 'It needs a running Python: open the notebook in Jupyter or on Colab to use it. '
                 'The figure above is its default view.</em></p>')
NOTEBOOK_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#)(?:[^"]*/)?([^"/]+)\.ipynb(#[^"]*)?"')
INDEX = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>The log-derivative trick, interactively</title>
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true}}}});
</script>
{mathjax_fonts}
<script src="{mathjax_url}"></script>
<style>body {{ font-family: sans-serif; max-width: 44em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
li {{ margin: 0.5em 0; }}</style></head>
<body>
<h1>The log-derivative trick, interactively</h1>
<p>A series of notebooks on the score-function gradient estimator, read here with their stored outputs.
To move the sliders, open a notebook in Jupyter or on Colab. Read them in this order:</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def install_mathjax(out):
    """URL of MathJax for the pages: a copy in out/mathjax if jupyter-server-mathjax is installed, else a CDN."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return CDN_MATHJAX
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(static, out / "mathjax", dirs_exist_ok=True, ignore=shutil.ignore_patterns("localization"))
    return "mathjax/MathJax.js" + MATHJAX_CONFIG


def make_exporter(mathjax_url):
    return HTMLExporter(template_name="lab", template_file="site.html.j2", mathjax_url=mathjax_url,
                        extra_loaders=[jinja2.DictLoader({"site.html.j2": TEMPLATE})])


def without_widgets(nb):
    """The notebook with each widget output replaced by EXPLORER_NOTE and no stored widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                output.data = {"text/html": EXPLORER_NOTE}
    return nb


def relink(page):
    """Links to notebooks (`../notebooks/NN_x.ipynb#part`) made links to their pages (`NN_x.html#part`)."""
    return NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', page)


def title_and_summary(nb):
    """The notebook's title (its first heading) and the first sentence under "What you'll do"."""
    first = nb.cells[0].source
    title = re.search(r"^#\s+(.+)$", first, re.MULTILINE)[1].strip()
    doing = re.search(r"^## What you'll do\s*\n+(.+?)(?:\n\n|\n#|$)", first, re.MULTILINE | re.DOTALL)
    summary = re.split(r"(?<=[.!?])\s", doing[1].strip())[0] if doing else ""
    return title, " ".join(summary.split())


def write_page(path, exporter, out):
    """Write out/NN_name.html from the notebook at path; return (page name, title, one-line summary)."""
    nb = nbformat.read(path, as_version=4)
    title, summary = title_and_summary(nb)
    body, _ = exporter.from_notebook_node(without_widgets(nb), resources={"metadata": {"name": title}})
    page = f"{path.stem}.html"
    (out / page).write_text(relink(body), encoding="utf-8")
    return page, title, summary


def inline_markdown(text):
    """HTML of one line of Markdown (emphasis, code, $math$ kept for MathJax), without the paragraph tags."""
    return markdown2html_mistune(text).strip().removeprefix("<p>").removesuffix("</p>")


def index_page(entries, mathjax_url):
    """HTML of the index: the notebooks in order, each a link with its one-line summary."""
    items = "\n".join(f'  <li><a href="{page}">{html.escape(title)}</a>: {inline_markdown(summary)}</li>'
                      for page, title, summary in entries)
    return INDEX.format(mathjax_url=mathjax_url, mathjax_fonts=MATHJAX_FONTS, items=items)


def build_site(out, notebooks=None):
    """Write every notebook's page and index.html into out; return the index entries (page, title, summary)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    mathjax_url = install_mathjax(out)
    exporter = make_exporter(mathjax_url)
    notebooks = sorted(notebooks or (ROOT / "notebooks").glob("*.ipynb"))
    entries = [write_page(path, exporter, out) for path in notebooks]
    (out / "index.html").write_text(index_page(entries, mathjax_url), encoding="utf-8")
    return entries


if __name__ == "__main__":
    for page, title, _ in build_site(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"):
        print(f"{page}: {title}")
