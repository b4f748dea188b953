"""The baseline explorer: move b, theta, a shift of f, N and the seed; watch the spread of repeated estimates.

`baseline_experiment` is the model (numbers only), `plot_baseline_view` draws it on two axes, and
`make_baseline_explorer` wires both to the controls.
"""

import numpy as np

from .checks import check_sample_count, check_seed
from .distributions import Binomial
from .exact import exact_expectation, exact_gradient
from .plotting import ESTIMATE, panel_figure, use_log_scale
from .variance import optimal_baseline, repeated_estimates, samples_needed, score_function_variance, variance_curve
from .variance_plots import plot_estimate_spread, plot_variance_curve
from .widgets import Explorer, make_seed_box, make_slider, readout_table

REPEATS = 200  # independent estimates per view: enough for a histogram, cheap to redraw
HALF_WIDTH = 0.01  # accuracy for the "samples needed" readout, at 95 % confidence


def baseline_experiment(f, theta, baseline, shift, n, seed, trials=10, repeats=REPEATS):
    """Exact values and `repeats` n-sample estimates of grad J for the coin Binomial(theta, trials) and f(x) + shift.

    Returns a dict: exact (grad J), mean_f (E[f]), best (b*), variance / variance_best / variance_none (one term,
    at b, at b*, and for f without shift or baseline), estimates (repeats,), and curve(b) = Var(b) for an array b.
    """
    rng = np.random.default_rng(check_seed(seed))
    dist = Binomial(theta, trials)
    shifted = lambda x: f(x) + shift  # noqa: E731
    best = optimal_baseline(dist, shifted)
    return {
        "n": check_sample_count(n), "baseline": float(baseline), "exact": exact_gradient(dist, shifted)[0],
        "mean_f": exact_expectation(dist, shifted), "best": best[0],
        "variance": score_function_variance(dist, shifted, baseline)[0],
        "variance_best": score_function_variance(dist, shifted, best)[0],
        "variance_none": score_function_variance(dist, f)[0],
        "estimates": repeated_estimates(dist, shifted, n, repeats, rng, baseline)[:, 0],
        "curve": lambda b: variance_curve(dist, shifted, b)[:, 0],
    }


def spread_limits(view):
    """x-limits of the histogram: exact +-4 sd, never narrower than for f without shift or baseline."""
    width = 4 * np.sqrt(max(view["variance"], view["variance_none"]) / view["n"])
    return view["exact"] - width, view["exact"] + width


def baseline_grid(points, best, count=201):
    """Baselines b for the variance curve: b* +- max(1, 1.25 * the largest distance of a marked point from b*)."""
    half = max(1.0, 1.25 * np.max(np.abs(np.asarray(points) - best)))
    return np.linspace(best - half, best + half, count)


def plot_baseline_view(axes, view):
    """Left: the spread of the repeated estimates. Right: exact Var(b) / N, b = 0, E[f], b* and your b."""
    sd = np.sqrt(view["variance"] / view["n"])
    # with integer rewards and theta = 0 the estimates lie on a lattice of step 1/N: bars cover whole steps
    plot_estimate_spread(axes[0], view["estimates"], view["exact"], sd, spread_limits(view), spacing=1 / view["n"])
    named = [("no baseline, b", 0.0), ("E[f]", view["mean_f"]), ("b*", view["best"])]
    points = [b for _, b in named] + [view["baseline"]]
    b = baseline_grid(points, view["best"])
    at = view["curve"](np.array(points[:3])) / view["n"]
    marks = [(f"{name} = {value:.3f}", value, y) for (name, value), y in zip(named, at, strict=True)]
    ax = axes[1]
    ax.plot([view["baseline"]], [np.var(view["estimates"], ddof=1)], "o", color=ESTIMATE, markersize=6, zorder=5,
            label=f"your b = {view['baseline']:.3f}:\nvariance of the estimates")
    plot_variance_curve(ax, b, view["curve"](b) / view["n"], marks, ylabel=f"Var of the N = {view['n']} estimate")
    ax.set_yscale("log")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * (high / low) ** 0.9)  # headroom: the legend sits above the curve
    use_log_scale(ax, "y")
    ax.legend(frameon=False, fontsize="small", loc="upper center", handletextpad=0.3)
    return axes


def readout_html(view):
    """The numbers of the view as an HTML table: exact values next to what the estimates show."""
    need = samples_needed([view["variance"], view["variance_best"]], HALF_WIDTH)
    rows = [
        ("exact ∇θJ", f"{view['exact']:.4f}"),
        (f"mean of {len(view['estimates'])} estimates", f"{view['estimates'].mean():.4f}"),
        ("exact sd of one estimate", f"{np.sqrt(view['variance'] / view['n']):.4f}"),
        ("sd of the estimates", f"{view['estimates'].std(ddof=1):.4f}"),
        ("E[f]", f"{view['mean_f']:.4f}"),
        ("b*", f"{view['best']:.4f}"),
        (f"N for ±{HALF_WIDTH} (95 %), your b", f"{need[0]:,}"),
        (f"N for ±{HALF_WIDTH} (95 %), b*", f"{need[1]:,}"),
    ]
    return readout_table(rows)


def draw_baseline_figure(f, **values):
    """The explorer's draw function: (Figure, readout HTML) for the current control values."""
    view = baseline_experiment(f, **values)
    fig, axes = panel_figure(3.2, 2, left=0.085, bottom=0.15, top=0.975, wspace=0.36)
    plot_baseline_view(axes, view)
    return fig, readout_html(view)


def make_baseline_explorer(f, theta=0.0, baseline=0.0, shift=0.0, n=100, seed=0):
    """Explorer of the baseline b for the 10-flip coin and f: sliders for b, theta, shift and N, a seed box."""
    controls = {
        "baseline": make_slider("baseline b", baseline, -5.0, 105.0, 0.05, readout_format=".2f"),
        "theta": make_slider("θ (logit)", theta, -2.0, 2.0, 0.1),
        "shift": make_slider("shift of f", shift, 0.0, 100.0, 1.0),
        "n": make_slider("N samples", n, 10, 1000, 10, integer=True),
        "seed": make_seed_box(seed),
    }
    return Explorer(controls, lambda **values: draw_baseline_figure(f, **values), height="340px")
