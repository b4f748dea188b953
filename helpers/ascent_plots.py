"""The figure of gradient ascent on the J(theta) curve, and the step-size explorer of notebook 01."""

from .ascent import MAX_STEPS, THETA_RANGE, ascent_curve, ascent_view, move_policy, points
from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, panel_figure
from .widgets import Explorer, make_slider, readout_table


def plot_ascent(ax, view):
    """The J(theta) curve (dashed black) with the ascent path theta_0, theta_1, ... on it, start and end marked."""
    path, values = view.path, view.path_values
    ax.plot(view.thetas, view.curve, **EXACT_STYLE, label=r"$J(\theta)$")
    ax.plot(path, values, color=ESTIMATE, marker="o", markersize=4, linewidth=1, label=r"$\theta_0, \theta_1, \ldots$")
    ax.plot(path[-1:], values[-1:], color=PALETTE["vermillion"], marker="*", markersize=12, linestyle="",
            label=rf"last: $\theta$ = {path[-1]:.3f}")
    ax.annotate("start", (path[0], values[0]), xytext=(-8, -16), textcoords="offset points")
    low, high = view.curve.min(), view.curve.max()
    decorate(ax, xlabel=r"$\theta$", ylabel=r"$J(\theta)$", xlim=view.thetas[[0, -1]],
             ylim=(low - 0.15 * (high - low), high + 0.25 * (high - low)),
             title=rf"$\alpha$ = {view.alpha:g}, {len(path) - 1} steps")
    ax.legend(loc="upper left", frameon=False)  # the path often ends on the right
    return ax


def four_decimals(value):
    """value with 4 decimals, and no minus sign on a number that rounds to zero."""
    return f"{value:.4f}" if abs(value) >= 5e-5 else f"{0.0:.4f}"


def readout_html(view):
    """Where the path ends next to the peak of the curve, as an HTML table."""
    rows = [("last θ", four_decimals(view.path[-1])), ("J(last θ)", four_decimals(view.path_values[-1])),
            ("dJ/dθ at last θ", four_decimals(view.last_slope)),
            ("peak θ* (grid)", f"{view.peak:.2f}"), ("J(θ*)", four_decimals(view.peak_value))]
    return readout_table(rows)


def draw_ascent_figure(dist, f, curve=None, **values):
    """The explorer's draw function: (Figure, readout HTML) for the current alpha, start and steps."""
    view = ascent_view(dist, f, curve=curve, **values)
    fig, ax = panel_figure(3.2, 1, left=0.1, bottom=0.15, top=0.915)
    plot_ascent(ax, view)
    return fig, readout_html(view)


def make_ascent_explorer(dist=None, f=points, alpha=1.0, start=-2.0, steps=10):
    """Explorer of gradient ascent on J(theta) for a one-parameter dist (notebook 01's game by default): sliders for
    alpha, the start and the steps."""
    dist = move_policy() if dist is None else dist
    controls = {
        "alpha": make_slider("step size α", alpha, 0.05, 6.0, 0.05),
        "start": make_slider("start θ₀", start, THETA_RANGE[0], THETA_RANGE[1], 0.1),
        "steps": make_slider("steps", steps, 1, MAX_STEPS, 1, integer=True),
    }
    curve = ascent_curve(dist, f)  # the same for every view: computed once
    return Explorer(controls, lambda **values: draw_ascent_figure(dist, f, curve, **values), height="340px")
