"""Notebook 07's figures: learning curves of many runs, the corridor's J(p), and the REINFORCE explorer (a training
run redrawn from its controls)."""

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, panel_figure
from .reinforce import corridor_optimum, corridor_return, short_corridor, train_corridor
from .widgets import Explorer, make_seed_box, make_slider

RIGHT = 1  # the action "right" of the short corridor
BAND = (10, 90)  # percentiles of the runs that the band spans
BAND_OPACITY = 0.2


def plot_runs(ax, values, label, color=ESTIMATE, linestyle="-"):
    """Mean over runs of values (K, runs) against k = 0..K-1, with a band from the 10th to the 90th percentile."""
    k = np.arange(values.shape[0])
    low, high = np.percentile(values, BAND, axis=1)
    ax.fill_between(k, low, high, color=color, alpha=BAND_OPACITY, linewidth=0)
    ax.plot(k, values.mean(axis=1), color=color, linestyle=linestyle, label=label)
    return ax


def add_band_entry(ax, label=f"{BAND[0]}–{BAND[1]} % of the runs", **legend_options):
    """Redraw the legend of ax with one more entry, a grey patch for the shaded bands of plot_runs (any colour)."""
    handles, labels = ax.get_legend_handles_labels()
    band = Patch(facecolor="grey", alpha=2 * BAND_OPACITY, linewidth=0, label=label)
    ax.legend([*handles, band], [*labels, label], **{"frameon": False, **legend_options})
    return ax


def plot_run_lines(ax, values, label, color=ESTIMATE, linestyle="-", thin_opacity=0.35):
    """Every run of values (K, runs) as a thin line against k = 0..K-1, and their mean as a thick one.

    thin_opacity: of each thin line; raise it where few runs overlap or the colour is light.
    """
    k = np.arange(values.shape[0])
    ax.plot(k, values, color=color, linewidth=0.6, alpha=thin_opacity)
    ax.plot(k, values.mean(axis=1), color=color, linestyle=linestyle, linewidth=2.2, label=label)
    return ax


def plot_corridor_objective(ax, env=None):
    """The exact J(p) of the short corridor against p, its maximum marked and p* dashed."""
    p = np.linspace(0.02, 0.98, 193)
    p_star, J_star = corridor_optimum(env)
    ax.plot(p, corridor_return(p, env), color=ESTIMATE, label="exact $J(p)$")
    ax.axvline(p_star, **EXACT_STYLE, label=f"best $p^* = {p_star:.3f}$")
    ax.plot([p_star], [J_star], "o", color=PALETTE["vermillion"], label=f"$J(p^*) = {J_star:.2f}$")
    decorate(ax, xlabel='p = probability of "right"', ylabel="expected return $J(p)$", ylim=(-60, -5))
    ax.legend(loc="lower center", framealpha=1)
    return ax


def plot_corridor_learning(axes, run, env=None):
    """One run: p(right) against the update (first axes); the episodes' mean return and the exact J(p) (second)."""
    env = env or short_corridor()
    frame_corridor_learning(axes, env, run.returns.shape[0])
    plot_corridor_run(axes, run, env)
    return axes


LEARNED = {"color": ESTIMATE}
RETURNS = {"color": PALETTE["orange"], "marker": ".", "markersize": 4, "linestyle": ""}


def frame_corridor_learning(axes, env, updates):
    """What plot_corridor_learning draws that no run changes: the best p* and J*, labels, limits and legends."""
    p_star, J_star = corridor_optimum(env)
    axes[0].axhline(p_star, **EXACT_STYLE)
    axes[1].axhline(J_star, **EXACT_STYLE)
    for ax, ylabel in zip(axes, ['p("right")', "return, exact $J(p)$"], strict=True):
        decorate(ax, xlabel="update k", ylabel=ylabel, xlim=(-0.05 * updates, 1.05 * updates))
    axes[0].set_ylim(0, 1)
    axes[0].legend([Line2D([], [], **LEARNED), Line2D([], [], **EXACT_STYLE)],
                   ['learned p("right")', f"best $p^*$ = {p_star:.3f}"], frameon=False, loc="lower right")
    axes[1].legend([Line2D([], [], **RETURNS), Line2D([], [], **LEARNED), Line2D([], [], **EXACT_STYLE)],
                   ["mean return of the episodes", "exact $J(p)$", f"best $J^*$ = {J_star:.2f}"],
                   frameon=False, loc="lower right")


def plot_corridor_run(axes, run, env):
    """The lines of one run over frame_corridor_learning: p(right), the mean returns and J(p) against the update."""
    p, returns = run.probs[:, 0, 0, RIGHT], run.returns[:, 0]
    k = np.arange(p.size)
    axes[0].plot(k, p, **LEARNED)
    axes[1].plot(k[1:], returns, **RETURNS)
    axes[1].plot(k, corridor_return(np.clip(p, 1e-3, 1 - 1e-3), env), **LEARNED)
    axes[1].set_ylim(max(min(returns.min(), -45.0), -env.horizon - 5.0), -5)


def corridor_readout(p, env, updates, episodes, optimum):
    """The learned p("right") and its exact J(p) next to the best ones, optimum = (p*, J*), as html."""
    p_star, J_star = optimum
    J = corridor_return(np.clip(p, 1e-3, 1 - 1e-3), env)
    shown_J = f"{J:.2f}" if J > -env.horizon else f"below {-env.horizon} (the goal is almost never reached)"
    return html.escape(f"after {updates} updates ({updates * episodes} episodes):") + (
        f"<br>p(right) = {p:.3f} &nbsp; best p* = {p_star:.3f}"
        f"<br>exact J(p) = {html.escape(shown_J)} &nbsp; best J* = {J_star:.2f}")


def make_reinforce_explorer(env=None, updates=100, height="380px"):
    """Explorer: step size alpha, episodes per update, baseline on/off and seed -> a REINFORCE run on the corridor."""
    progress = widgets.IntProgress(value=0, min=0, max=updates, description="training",
                                   layout=widgets.Layout(width="24em"))

    env = env or short_corridor()
    optimum = corridor_optimum(env)

    def frame():
        fig, axes = panel_figure(3.2, 2, left=0.085, bottom=0.15, top=0.975, wspace=0.36)
        frame_corridor_learning(axes, env, updates)
        return fig

    def draw(figure, alpha, episodes, baseline, seed):
        progress.value = 0
        run = train_corridor(alpha, episodes, baseline, seed, env, updates, lambda k: setattr(progress, "value", k))
        plot_corridor_run(figure.axes, run, env)
        return corridor_readout(run.probs[-1, 0, 0, RIGHT], env, updates, episodes, optimum)

    controls = {
        "alpha": widgets.FloatLogSlider(value=0.01, base=10, min=-3.5, max=-0.5, step=0.25, description="step size α",
                                        continuous_update=False, readout_format=".4f",
                                        style={"description_width": "initial"}, layout=widgets.Layout(width="24em")),
        "episodes": make_slider("episodes per update", 10, 2, 50, 1, integer=True),
        "baseline": widgets.Checkbox(value=True, description="baseline (leave-one-out)", indent=False),
        "seed": make_seed_box(0),
    }
    explorer = Explorer(controls, draw, height, status=[progress], frame=frame)
    explorer.progress = progress
    return explorer
