"""Accessibility: figures readable without colour, a sentence after every figure, controls that say what they are.

1. Colour. PALETTE is the Okabe-Ito palette (its published hex values). In every figure an explorer draws with its
   defaults, every colour of a line, marker, patch, collection or text is a PALETTE colour, black, white or a grey.
   Within each axes, and within each figure-level legend, any two legend entries with different labels differ in
   something other than colour: the kind of mark (line, bars or band, error bars), the line style (solid, dashed,
   dotted, dash-dot: dash patterns of one kind count as the same), the marker (its shape, or filled against
   hollow), or the line width (by a factor of WIDTH_FACTOR at least). An entry whose label is written in the axes
   itself (a text whose string is part of the label) is directly labelled and needs no other difference.
2. A sentence after every figure. In every notebook each code cell that shows an image (image/png), and each
   explorer cell (source starting with `# NBVAL_IGNORE_OUTPUT`), is followed by a markdown cell that starts with
   prose (not a heading, a list, a table, code or an image), and whose first sentence names something seen in the
   figure: it matches SEEN (a mark, a line style, a colour, a part of the figure, or a position such as "on the
   left"). A sentence ends at . ! or ? before a space (not inside $math$); a lead-in ending with a colon runs on into
   the first list item. A word list can be fooled; it does catch a heading, code, a list or a new topic after a figure.
3. Controls that say what they are. Every control of every explorer made by a `make_*_explorer` of any helpers module
   with its defaults
   (composite controls are opened into the widgets they hold) has a description with a word of plain language
   (three letters or more, not an abbreviation of mathematics such as exp or std), no two controls of one explorer
   share a description, and a description beside its control is never cut off (description_width "initial").

The last section makes a broken case for each rule and checks that the rule catches it.
"""

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.colors import to_rgba, to_rgba_array
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import helpers as h
from helpers.plotting import ESTIMATE, EXACT_STYLE, PALETTE
from helpers.widgets import make_slider

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Okabe & Ito (2008), "Color Universal Design": the eight colours, as published.
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
WIDTH_FACTOR = 2.0  # line widths this far apart are told apart at a glance
DOTTED = 1.5  # a dash no longer than this many line widths reads as a dot

# Arguments for explorers that have no default for them: the notebooks' own (01: the moves' points; 04: x >= 7).

def explorer_makers():
    """{name: function} of every make_*_explorer defined in a module of helpers."""
    modules = [importlib.import_module(f"helpers.{m.name}") for m in pkgutil.iter_modules(h.__path__)]
    return {name: f for module in modules for name, f in inspect.getmembers(module, inspect.isfunction)
            if re.fullmatch(r"make_\w+_explorer", name) and f.__module__ == module.__name__}


EXPLORER_MAKERS = explorer_makers()

NOT_WORDS = {"exp", "log", "sin", "cos", "tan", "std", "var", "cov", "max", "min", "abs", "sqrt", "sgn", "sum"}
SEEN = re.compile("|".join([  # a mark, a line style, a colour or a part of the figure; a position only in context
    r"\b(lines?|curves?|bands?|bars?|histograms?|markers?|dots?|dotted|stars?|dash(es|ed)?|crosses|arrows?|circles?)\b",
    r"\b(triangles?|diamonds?|parabola|slopes?|peaks?|panels?|rows?|columns?|axis|axes|scale|legend|figure|plots?)\b",
    r"\b(ticks?|shaded|shading|hatched|solid|pale|thin|thick|wide|tall(est)?|steep|straight|flat|centred|edges?)\b",
    r"\b(blue|orange|green|vermillion|sky|purple|yellow|black|grey)\b",
    r"\b(on|at|in|to) the (left|right|top|bottom|middle)\b",
    r"\b(left|right|top|bottom|middle) (panel|row|column|side|edge)", r"^(left|right|top|bottom):",
]), re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------------------
# 1. Colour


def test_palette_is_okabe_ito():
    assert {value.upper() for value in PALETTE.values()} == OKABE_ITO
    assert ESTIMATE in PALETTE.values()
    assert to_rgba(EXACT_STYLE["color"]) == to_rgba("black") and EXACT_STYLE["linestyle"] == "--"


def test_every_explorer_is_checked():
    called = {name for nb in NOTEBOOKS for name in re.findall(r"\b(make_\w+_explorer)\(", nb.read_text())}
    assert called and called <= set(EXPLORER_MAKERS)


def make_explorer(name):
    """The explorer `name` makes with its defaults: each has one for every argument, its notebook's example."""
    return EXPLORER_MAKERS[name]()


@pytest.fixture(scope="module", params=sorted(EXPLORER_MAKERS))
def explorer(request):
    return make_explorer(request.param)


@pytest.fixture(scope="module")
def figure(explorer):
    """The matplotlib Figure of the explorer's default view."""
    return explorer.view(**explorer.values())[0]


def allowed_colour(rgba):
    """PALETTE, black, white or a grey (red = green = blue); a fully transparent colour is not seen at all."""
    r, g, b, a = rgba
    palette = [to_rgba(value)[:3] for value in PALETTE.values()]
    return a == 0 or np.isclose(r, g) and np.isclose(g, b) or any(np.allclose((r, g, b), p) for p in palette)


def used_colours(ax):
    """(artist, rgba) for every colour of the lines, markers, patches, collections and texts drawn in ax."""
    for line in ax.lines:
        for colour in (line.get_color(), line.get_markerfacecolor(), line.get_markeredgecolor()):
            if not (isinstance(colour, str) and colour.lower() == "none"):
                yield line, to_rgba(colour)
    for patch in ax.patches:
        yield patch, patch.get_facecolor()
        yield patch, patch.get_edgecolor()
    for collection in ax.collections:
        for colour in [*to_rgba_array(collection.get_facecolor()), *to_rgba_array(collection.get_edgecolor())]:
            yield collection, tuple(colour)
    for text in ax.texts:
        yield text, to_rgba(text.get_color())


def foreign_colours(fig):
    """(kind of artist, its label, rgba) for each colour in fig outside PALETTE, black, white and grey."""
    return [(type(artist).__name__, artist.get_label(), tuple(np.round(rgba, 3))) for ax in fig.axes
            for artist, rgba in used_colours(ax) if not allowed_colour(rgba)]


def test_every_colour_is_from_the_palette(figure):
    wrong = foreign_colours(figure)
    assert not wrong, f"colours outside PALETTE, black and grey: {wrong}"


def line_style_kind(line):
    """'solid', 'dotted', 'dashed' or 'dash-dot', from the dash pattern in units of the line width."""
    if line.get_linestyle() in ("None", " ", "") or line.get_linewidth() == 0:
        return "none"
    pattern = line._unscaled_dash_pattern[1]  # set by linestyle; no public getter
    if not pattern:
        return "solid"
    dashes = pattern[::2]
    if max(dashes) <= DOTTED:
        return "dotted"
    return "dashed" if min(dashes) > DOTTED else "dash-dot"


def marker_kind(line):
    marker = line.get_marker()
    if marker in (None, "None", "none", " ", ""):
        return "none"
    face = line.get_markerfacecolor()
    hollow = isinstance(face, str) and face.lower() == "none" or to_rgba(face)[3] == 0
    return f"{marker} hollow" if hollow else str(marker)


def look(handle):
    """What tells a legend entry apart without colour: (kind of mark, line style, marker, line width)."""
    if isinstance(handle, ErrorbarContainer):
        return ("error bars", *look(handle.lines[0])[1:])
    if isinstance(handle, BarContainer):
        return look(handle.patches[0]) if handle.patches else ("bars or band", "", "", None)
    if isinstance(handle, Line2D):
        return ("line", line_style_kind(handle), marker_kind(handle), handle.get_linewidth())
    hatch = handle.get_hatch() if hasattr(handle, "get_hatch") else None
    return ("bars or band", f"hatch {hatch or 'none'}", "", None)


def widths_differ(a, b):
    return a is not None and b is not None and max(a, b) >= WIDTH_FACTOR * max(min(a, b), 1e-9)


def told_apart(a, b):
    return a[:3] != b[:3] or widths_differ(a[3], b[3])


def entries(handles, labels):
    """{label: [looks]}: one meaning per label, drawn by one or more artists."""
    found = {}
    for handle, label in zip(handles, labels, strict=True):
        found.setdefault(label, []).append(look(handle))
    return found


def colour_only_pairs(found, direct=()):
    """Pairs of labels (not directly labelled) that some of their artists draw alike but for colour."""
    names = [label for label in found if label not in direct]
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if any(not told_apart(x, y) for x in found[a] for y in found[b])]


def directly_labelled(ax, labels):
    """Labels written in the axes itself: some text of two characters or more drawn in ax is part of the label."""
    texts = [t.get_text().strip() for t in ax.texts if len(t.get_text().strip()) >= 2]
    return {label for label in labels if any(text in label for text in texts)}


def colour_only_problems(fig):
    """Pairs of labels, in one axes or one figure legend, that are told apart by colour alone."""
    problems = []
    for ax in fig.axes:
        handles, labels = ax.get_legend_handles_labels()
        problems += colour_only_pairs(entries(handles, labels), directly_labelled(ax, labels))
    for legend in fig.legends:
        labels = [text.get_text() for text in legend.get_texts()]
        problems += colour_only_pairs(entries(legend.legend_handles, labels))
    return problems


def test_lines_of_different_meaning_differ_in_more_than_colour(figure):
    problems = colour_only_problems(figure)
    assert not problems, f"told apart by colour alone: {problems}"


# ---------------------------------------------------------------------------------------------------------------
# 2. A sentence after every figure


def source(cell):
    return "".join(cell["source"])


def shows_a_figure(cell):
    if cell["cell_type"] != "code":
        return False
    image = any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))
    return image or source(cell).startswith("# NBVAL_IGNORE_OUTPUT")


NOT_PROSE = re.compile(r"#|[-*+] |\d+[.)] |\||```|<|!\[|\$\$")  # heading, list, table, code, html, image, display math


def first_sentence(markdown):
    """The first sentence of the markdown: up to . ! ? before a space, or a blank line unless a colon leads on."""
    paragraphs = markdown.strip().split("\n\n")
    sentence = paragraphs[0]
    if sentence.rstrip().endswith(":") and len(paragraphs) > 1:
        sentence += " " + re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", paragraphs[1])
    masked = re.sub(r"\$[^$]*\$", lambda m: "x" * len(m.group()), sentence)  # no sentence ends inside math
    end = re.search(r"[.!?](?=\s|$)", masked)
    return sentence[: end.end()] if end else sentence


def names_something_seen(sentence):
    return SEEN.search(sentence) is not None


def missing_sentences(cells):
    """(index of the figure cell, why) for each figure not followed by a sentence about what it shows."""
    problems = []
    for index, cell in enumerate(cells):
        if not shows_a_figure(cell):
            continue
        after = cells[index + 1] if index + 1 < len(cells) else None
        text = source(after).strip() if after else ""
        if after is None or after["cell_type"] != "markdown":
            problems.append((index, "no markdown cell follows"))
        elif not text or NOT_PROSE.match(text):
            problems.append((index, f"followed by no prose: {text[:60]!r}"))
        elif not names_something_seen(first_sentence(text)):
            problems.append((index, f"first sentence names nothing seen: {first_sentence(text)!r}"))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_is_followed_by_what_to_see(path):
    cells = json.loads(path.read_text())["cells"]
    assert any(shows_a_figure(cell) for cell in cells)
    problems = missing_sentences(cells)
    assert not problems, "\n".join(f"cell {index}: {why}" for index, why in problems)


# ---------------------------------------------------------------------------------------------------------------
# 3. Controls that say what they are


def leaf_controls(control):
    """The widgets a learner works with: a box (a composite control) is opened into its children."""
    if isinstance(control, widgets.Box):
        return [leaf for child in control.children for leaf in leaf_controls(child)]
    return [control]


def plain_words(description):
    return [w for w in re.findall(r"[A-Za-z]{3,}", description) if w.lower() not in NOT_WORDS]


def control_problems(explorer):
    """What keeps a learner (or a screen reader) from knowing what each control of the explorer is."""
    controls = [leaf for control in explorer.controls.values() for leaf in leaf_controls(control)]
    descriptions = [control.description.strip() for control in controls]
    problems = [f"no plain word in {d!r}" for d in descriptions if not plain_words(d)]
    problems += [f"{d!r} repeats" for d in {d.casefold() for d in descriptions}
                 if [e.casefold() for e in descriptions].count(d) > 1]
    beside = [c for c in controls if not isinstance(c, widgets.Checkbox)]  # a checkbox's text is not in a fixed box
    problems += [f"{c.description!r} is cut to the default label width" for c in beside
                 if c.style.description_width != "initial"]
    return problems


def test_every_control_says_what_it_is(explorer):
    assert not control_problems(explorer)


# ---------------------------------------------------------------------------------------------------------------
# Each check catches what it is for: broken cases made on purpose


def legend_figure(*styles, direct=()):
    """A figure with one line per style dict (labelled a, b, ... unless the style has a label), texts `direct` in it."""
    fig = Figure()
    ax = fig.subplots()
    for label, style in zip("abcdef", styles, strict=False):
        ax.plot([0, 1], [0, 1], **{"label": label, **style})
    for text in direct:
        ax.text(0.5, 0.5, text)
    return fig


BLUE, ORANGE = {"color": PALETTE["blue"]}, {"color": PALETTE["orange"]}


@pytest.mark.parametrize("styles, direct, caught", [
    pytest.param((BLUE, ORANGE), (), True, id="colour only"),
    pytest.param((BLUE, {**ORANGE, "linestyle": "--"}), (), False, id="solid and dashed"),
    pytest.param((BLUE, {**ORANGE, "marker": "o"}), (), False, id="a marker"),
    pytest.param((BLUE, {**ORANGE, "linewidth": 4}), (), False, id="width 1.5 and 4"),
    pytest.param((BLUE, {**ORANGE, "linewidth": 2}), (), True, id="width 1.5 and 2"),
    pytest.param(({**BLUE, "linestyle": "--"}, {**ORANGE, "linestyle": (0, (4, 2))}), (), True, id="two dashes"),
    pytest.param(({**BLUE, "linestyle": ":"}, {**ORANGE, "linestyle": "-."}), (), False, id="dotted and dash-dot"),
    pytest.param(({**BLUE, "marker": "o", "linestyle": ""},
                  {**ORANGE, "marker": "o", "linestyle": "", "markerfacecolor": "none"}), (), False, id="hollow"),
    pytest.param((BLUE, ORANGE), ("a", "b"), True, id="one-letter texts are no labels"),
])
def test_the_colour_rule_catches_colour_only_pairs(styles, direct, caught):
    assert bool(colour_only_problems(legend_figure(*styles, direct=direct))) == caught


def test_the_colour_rule_reads_figure_legends_and_direct_labels():
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], **BLUE)
    fig.legend([Line2D([], [], **BLUE), Line2D([], [], **ORANGE)], ["one", "two"])
    assert colour_only_problems(fig) == [("one", "two")]
    fig = legend_figure({**BLUE, "label": "∂J/∂θ₀"}, {**ORANGE, "label": "∂J/∂θ₁"}, direct=("θ₀", "θ₁"))
    assert not colour_only_problems(fig)


def test_the_palette_check_catches_foreign_colours():
    assert not foreign_colours(legend_figure(BLUE, {"color": "0.5"}, {"color": "black"}))
    for colour in ["#1f77b4", "red", "#0072B3"]:  # matplotlib's default blue, red, one step off Okabe-Ito blue
        assert foreign_colours(legend_figure(BLUE, {"color": colour}))
    fig = Figure()
    fig.subplots().bar([0, 1], [1, 2], color=PALETTE["sky"], edgecolor="tab:green")
    assert len(foreign_colours(fig)) == 2


FIGURE_CELL = {"cell_type": "code", "source": "plt.show()", "outputs": [{"data": {"image/png": ""}}]}
EXPLORER_CELL = {"cell_type": "code", "source": "# NBVAL_IGNORE_OUTPUT\nexplorer", "outputs": []}


def markdown(text):
    return {"cell_type": "markdown", "source": text}


@pytest.mark.parametrize("cells, caught", [
    pytest.param([FIGURE_CELL, markdown("The blue line ends on the dashed one.")], False, id="what to see"),
    pytest.param([FIGURE_CELL, markdown("## Next\n\nThe blue line ends on the dashed one.")], True, id="heading"),
    pytest.param([FIGURE_CELL, {"cell_type": "code", "source": "x = 1", "outputs": []}], True, id="code"),
    pytest.param([FIGURE_CELL], True, id="last cell"),
    pytest.param([FIGURE_CELL, markdown("Now compute the mean. The blue line ends on the dashed one.")], True,
                 id="new topic first"),
    pytest.param([FIGURE_CELL, markdown("At $x = 0.5$ the estimate is right. Its band is wide.")], True,
                 id="right is no position here"),
    pytest.param([FIGURE_CELL, markdown("Where $x > 1. $ the curve is flat.")], False, id="no sentence ends in math"),
    pytest.param([FIGURE_CELL, markdown("- The blue line ends on the dashed one.")], True, id="a list"),
    pytest.param([EXPLORER_CELL, markdown("Things to try:\n\n- Move N. The band narrows.")], True, id="lead-in"),
    pytest.param([EXPLORER_CELL, markdown("Things to try:\n\n- Move N: the band narrows.")], False,
                 id="lead-in into the first item"),
    pytest.param([EXPLORER_CELL, markdown("With $\\alpha = 0.05$ (left panel) the runs crawl.")], False, id="position"),
    pytest.param([EXPLORER_CELL, markdown("There is little left to gain.")], True, id="left is no position here"),
])
def test_the_sentence_rule_catches_figures_left_unexplained(cells, caught):
    assert bool(missing_sentences(cells)) == caught


def test_the_control_rule_catches_bare_symbols_repeats_and_cut_labels():
    def explorer(*controls):
        return SimpleNamespace(controls={f"c{i}": control for i, control in enumerate(controls)})

    def slider(description):
        return make_slider(description, 0, 0, 1, 0.1)

    assert not control_problems(explorer(slider("θ (logit)"), slider("N samples"), slider("random seed")))
    for bare in ["θ", "N", "f(x) =", "std σ", "exp(θ)"]:
        assert control_problems(explorer(slider(bare)))
    assert control_problems(explorer(slider("step size α"), slider("Step size α")))
    assert control_problems(explorer(widgets.IntText(description="random seed")))
    assert not control_problems(explorer(widgets.Checkbox(description="baseline on")))
    assert control_problems(explorer(widgets.VBox([slider("preset f(x)"), widgets.Text(description="f(x) =")])))


