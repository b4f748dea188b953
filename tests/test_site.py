"""The static site (`make html`): a page per notebook, an index of them all, links that work, figures, equations."""

import html
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_site import EXPLORER_NOTE, build_site  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,')
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.DOTALL)
MATHJAX_TIMEOUT = 60_000  # ms for MathJax to typeset a page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build_site(out)
    return out


def cells(path):
    return json.loads(path.read_text())["cells"]


def text(cell):
    return "".join(cell["source"])


def png_outputs(cell):
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def is_explorer(cell):
    return any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))


def hrefs(page):
    return re.findall(r'\bhref="([^"]*)"', page)


def read(site, name):
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_page_with_its_title(site, path):
    title = text(cells(path)[0]).splitlines()[0].removeprefix("# ").strip()
    assert f"<title>{html.escape(title, quote=False)}</title>" in read(site, f"{path.stem}.html")


def test_index_links_every_notebook_in_order(site):
    listed = re.findall(r'<li><a href="([^"]+)">', read(site, "index.html"))
    assert listed == [f"{path.stem}.html" for path in NOTEBOOKS]


@pytest.mark.parametrize("name", ["index.html"] + [f"{p.stem}.html" for p in NOTEBOOKS])
def test_links_between_pages_point_to_pages_that_exist(site, name):
    local = [link.split("#")[0] for link in hrefs(read(site, name)) if not re.match(r"[a-z][a-z0-9+.-]*:|#", link)]
    assert not [link for link in local if link.endswith(".ipynb")], "a link still points to a notebook"
    missing = sorted({link for link in local if link.endswith(".html") and not (site / link).is_file()})
    assert not missing, f"{name} links to pages that do not exist: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_is_an_image_on_the_page(site, path):
    assert len(IMAGE.findall(read(site, f"{path.stem}.html"))) == sum(png_outputs(c) for c in cells(path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_explorer_follows_an_image_of_its_default_view(site, path):
    explorers = sum(is_explorer(c) for c in cells(path))
    since_previous_explorer = read(site, f"{path.stem}.html").split(EXPLORER_NOTE)[:-1]
    assert len(since_previous_explorer) == explorers
    assert all(IMAGE.search(segment) for segment in since_previous_explorer), "an explorer follows no figure"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_equations_are_on_the_page_as_tex(site, path):
    tex = [m for c in cells(path) if c["cell_type"] == "markdown" for m in MATH.findall(text(c))]
    page = read(site, f"{path.stem}.html")
    assert [m for m in tex if html.escape(m, quote=False) not in page] == []


@pytest.mark.parametrize("name", ["index.html"] + [f"{p.stem}.html" for p in NOTEBOOKS])
def test_pages_load_scripts_and_styles_from_the_site_only(site, name):
    page = read(site, name)
    sources = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page) + re.findall(r'<link\b[^>]*\bhref="([^"]+)"', page)
    assert sources and all((site / source.split("?")[0]).is_file() for source in sources), sources


@pytest.mark.browser
@pytest.mark.parametrize("name", ["index.html"] + [f"{p.stem}.html" for p in NOTEBOOKS])
def test_equations_render_in_chromium(site, browser, name):
    page = browser.new_page()
    try:
        page.goto((site / name).as_uri())
        page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
                               " && !MathJax.Hub.queue.running", timeout=MATHJAX_TIMEOUT)
        tex = page.locator("script[type^='math/tex']").count()
        assert page.locator("span.MathJax").count() == tex > 0
        assert page.locator(".MathJax_Error, merror").count() == 0
    finally:
        page.close()
