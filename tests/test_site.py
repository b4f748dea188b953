"""The site (`make html`, tools/build_site.py): built with Sphinx, MyST-NB and sphinx-book-theme from the notebooks
as committed. Every notebook has a page in the sidebar, in order, with previous/next links and launch buttons for
Colab and Binder at the address of `[project.urls]`; every figure is on its page, each explorer as its default view
followed by EXPLORER_NOTE; every equation is there as TeX; nothing is loaded from another site. In Chromium: every
equation typesets, each page's next link can be clicked and leads to the next notebook, a search for "baseline" finds
notebook 04, and no request leaves the machine.
"""

import base64
import html
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_site import EXPLORER_NOTE, WIDGET_STATE, WIDGET_VIEW, build_site, explorer_png  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = [f"{path.stem}.html" for path in NOTEBOOKS]
REPOSITORY = re.search(r'^Repository = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)[1]
OWNER_REPO = REPOSITORY.removeprefix("https://github.com/")
IMAGE = re.compile(r'<img\b[^>]*\bsrc="(_images/[^"]+)"')
MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+)\$", re.DOTALL)
LOCAL = ("file:", "data:", "about:", "blob:")
MATHJAX_TIMEOUT = 60_000  # ms for MathJax to typeset a page
pytestmark = pytest.mark.site  # `make test-browser` runs these, the pages built once for all


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    assert build_site(out) == PAGES
    return out


def notebook(path):
    return json.loads(path.read_text())


def text(cell):
    return "".join(cell["source"])


def png_outputs(cell):
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def explorer_pngs(nb):
    """The default-view PNG (bytes) of each explorer of the notebook, in order, from its stored widget state."""
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [base64.b64decode(explorer_png(state, output["data"][WIDGET_VIEW]["model_id"]))
            for cell in nb["cells"] for output in cell.get("outputs", []) if WIDGET_VIEW in output.get("data", {})]


def read(site, name):
    return (site / name).read_text(encoding="utf-8")


def sidebar(page, name):
    """The pages the sidebar links to, in order (the page itself links to "#")."""
    nav = re.search(r'<nav class="[^"]*\bbd-docs-nav\b[^"]*".*?</nav>', page, re.DOTALL)[0]
    return [name if href == "#" else href
            for href in re.findall(r'<a class="(?:current )?reference internal" href="([^"]+)"', nav)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_page_with_its_title(site, path):
    title = text(notebook(path)["cells"][0]).splitlines()[0].removeprefix("# ").strip()
    assert re.search(rf"<title>{re.escape(html.escape(title, quote=False))}\b", read(site, f"{path.stem}.html"))


@pytest.mark.parametrize("name", ["index.html", *PAGES])
def test_the_sidebar_lists_the_series_in_order(site, name):
    assert sidebar(read(site, name), name) == PAGES


@pytest.mark.parametrize("i", range(len(PAGES)), ids=PAGES)
def test_previous_and_next_links_follow_the_series(site, i):
    page = read(site, PAGES[i])
    previous = re.search(r'<a class="left-prev"\s+href="([^"]+)"', page)
    following = re.search(r'<a class="right-next"\s+href="([^"]+)"', page)
    assert previous[1] == (PAGES[i - 1] if i else "index.html")
    assert (following[1] if following else None) == (PAGES[i + 1] if i + 1 < len(PAGES) else None)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_launch_buttons_open_the_notebook_on_colab_and_binder(site, path):
    page = read(site, f"{path.stem}.html")
    assert f'href="https://colab.research.google.com/github/{OWNER_REPO}/blob/main/notebooks/{path.name}"' in page
    assert f'href="https://mybinder.org/v2/gh/{OWNER_REPO}/main?urlpath=lab/tree/notebooks/{path.name}"' in page


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_is_an_image_and_each_explorer_its_default_view_and_the_note(site, path):
    nb = notebook(path)
    page = read(site, f"{path.stem}.html")
    defaults = explorer_pngs(nb)
    assert len(IMAGE.findall(page)) == sum(png_outputs(c) for c in nb["cells"]) + len(defaults)
    since_previous = page.split(EXPLORER_NOTE)
    assert len(since_previous) == len(defaults) + 1
    for segment, png in zip(since_previous, defaults, strict=False):
        assert (site / IMAGE.findall(segment)[-1]).read_bytes() == png, "the image above a note is not its explorer's"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_equations_are_on_the_page_as_tex(site, path):
    tex = [(m[1] or m[2]).strip() for c in notebook(path)["cells"] if c["cell_type"] == "markdown"
           for m in MATH.finditer(text(c))]
    page = html.unescape(read(site, f"{path.stem}.html"))
    assert tex and [t for t in tex if t not in page] == []


@pytest.mark.parametrize("name", ["index.html", "search.html", *PAGES])
def test_pages_load_scripts_styles_and_images_from_the_site_only(site, name):
    page = read(site, name)
    sources = (re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page) + re.findall(r'<link\b[^>]*\bhref="([^"]+)"', page)
               + re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', page))
    sources = [source for source in sources if source != "#"]
    assert sources and all((site / source.split("?")[0]).is_file() for source in sources), sources


@pytest.mark.parametrize("name", ["index.html", *PAGES])
def test_links_between_pages_point_to_pages_that_exist(site, name):
    local = [link.split("#")[0] for link in re.findall(r'\bhref="([^"]*)"', read(site, name))
             if not re.match(r"[a-z][a-z0-9+.-]*:|#", link)]
    assert not [link for link in local if link.endswith(".ipynb")], "a link still points to a notebook"
    missing = sorted({link for link in local if link.endswith(".html") and not (site / link).is_file()})
    assert not missing, f"{name} links to pages that do not exist: {missing}"


@pytest.fixture
def page(browser):
    """A Chromium page that records every request that would leave the machine, and refuses it."""
    page = browser.new_page()
    page.leaving = []

    def route(request_route):
        if request_route.request.url.startswith(LOCAL):
            request_route.continue_()
        else:
            page.leaving.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    yield page
    page.close()


@pytest.mark.browser
def test_a_search_for_baseline_finds_notebook_04(site, page):
    page.goto((site / "search.html").as_uri() + "?q=baseline")
    page.wait_for_selector("#search-results li a", timeout=30_000)
    found = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(href.split("?")[0].split("#")[0] == "04_variance_and_baselines.html" for href in found), found
    assert page.leaving == []


SERIES = ["index.html", *PAGES]  # in the order of the next links


@pytest.mark.browser
@pytest.mark.parametrize("name", SERIES)
def test_every_equation_typesets_the_next_link_leads_on_and_nothing_leaves(site, page, name):
    page.goto((site / name).as_uri())
    page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
                           " && !MathJax.Hub.queue.running", timeout=MATHJAX_TIMEOUT, polling=100)
    static = len(re.findall(r'class="math notranslate nohighlight"', read(site, name)))
    typeset = page.locator("script[type^='math/tex']").count()
    assert typeset == static and page.locator(".MathJax_Error, merror").count() == 0
    assert static > 0
    following = page.locator("a.right-next")
    if name == SERIES[-1]:
        assert following.count() == 0
    else:  # a learner can click it (visible, enabled, not covered: a trial click), and it opens the next page
        following.first.click(trial=True)
        assert following.first.evaluate("a => a.href") == (site / SERIES[SERIES.index(name) + 1]).as_uri()
    assert page.leaving == []
