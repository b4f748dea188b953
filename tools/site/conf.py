"""Sphinx configuration of the course's site (`make html`, tools/build_site.py): MyST-NB reads the notebooks as
committed (nothing is executed), sphinx-book-theme gives the sidebar, previous/next links, search and launch buttons,
and MathJax comes from the jupyter-server-mathjax package, so no page loads anything from the network."""

import os
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
TITLE = "The log-derivative trick, interactively"

project = TITLE
html_title = TITLE
extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build"]
nb_execution_mode = "off"  # the stored outputs, as committed
nb_output_stderr = "remove"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3  # links such as 03_watching_monte_carlo_converge.ipynb#the-explorer

html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "main",
    "path_to_docs": "notebooks",  # the pages are the notebooks of notebooks/
    "launch_buttons": {"colab_url": "https://colab.research.google.com", "binderhub_url": "https://mybinder.org",
                       "notebook_interface": "jupyterlab"},
    "use_repository_button": True,
    "use_download_button": False,
    "show_navbar_depth": 1,
}
if "SITE_STATIC" not in os.environ:
    raise SystemExit("SITE_STATIC is not set: build the site with `make html` (tools/build_site.py)")
html_static_path = [os.environ["SITE_STATIC"]]  # a folder holding mathjax/, made by tools/build_site.py
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"  # MathJax 2.7, in _static/mathjax
mathjax2_config = {
    "tex2jax": {"processClass": "math", "ignoreClass": "tex2jax_ignore"},  # MyST marks the math; the rest is text
    "HTML-CSS": {"availableFonts": [], "preferredFont": None, "webFont": "STIX-Web", "imageFont": None},  # its font
}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
