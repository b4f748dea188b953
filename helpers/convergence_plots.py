"""Figures of notebook 03: each plot_* function draws one kind of figure on the `ax` it is given."""

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, use_log_scale

BAND = 2.0  # the band and error bars span +- BAND standard errors
LINESTYLES = ["-", "-.", ":"]
COLOURS = [ESTIMATE, PALETTE["vermillion"], PALETTE["green"]]
LEGEND_ROOM = 0.5  # extra y range above the band, as a share of its height, that holds the legend
TANGENT_STYLE = {"color": "black", "linestyle": "-", "linewidth": 1.2}  # J(θ) itself is the dashed exact curve
SLOPE_STYLE = {"color": ESTIMATE, "linewidth": 4, "alpha": 0.6}
FREQUENCY_STYLE = {"color": "black", "marker": "_", "linestyle": "none", "markersize": 9, "markeredgewidth": 2}
TERM_STYLE = {"color": PALETTE["vermillion"], "marker": "^", "linestyle": "none"}


def focus_limits(values, exact, margin=0.1):
    """(low, high) covering the finite values and the exact value(s), with a margin."""
    finite = np.concatenate([np.ravel(values)[np.isfinite(np.ravel(values))], np.ravel(exact)])
    low, high = finite.min(), finite.max()
    pad = margin * max(high - low, 1e-9 * max(1.0, abs(high)))
    return low - pad, high + pad


def plot_running_estimate(ax, k, estimate, se, exact, component=0, label="running estimate", tag=None):
    """Running estimate of one component of grad J against N (log axis), its +-2 se band, exact value dashed.

    tag: if given, written in the component's colour just right of the axes, level with the exact value.
    """
    colour, style = COLOURS[component % 3], LINESTYLES[component % 3]
    ax.fill_between(k, estimate - BAND * se, estimate + BAND * se, color=colour, alpha=0.2, linewidth=0)
    ax.plot(k, estimate, color=colour, linestyle=style, label=label)
    ax.axhline(exact, **EXACT_STYLE)
    if tag is not None:
        ax.annotate(tag, xy=(1.0, exact), xycoords=("axes fraction", "data"), xytext=(3, 0),
                    textcoords="offset points", va="center", color=colour, fontsize="small")
    use_log_scale(ax, decades=True)
    return ax


def plot_convergence(ax, k, estimate, se, exact):
    """Running estimate with band and exact gradient; for N >= 100 the axes start at N = 10: the band before is huge.

    The top third of the y range is kept free for the legend, so the legend never covers the band.
    """
    plot_running_estimate(ax, k, estimate, se, exact, label="running estimate")
    ax.fill_between([], [], color=ESTIMATE, alpha=0.2, label=f"±{BAND:g} standard errors")
    ax.plot([], [], **EXACT_STYLE, label="exact ∇J(θ)")
    first = 10 if k[-1] >= 100 else 1
    late = k >= max(first, 2)  # the standard error needs two samples
    low, high = focus_limits([estimate[late] - BAND * se[late], estimate[late] + BAND * se[late]], exact)
    decorate(ax, xlabel="N, samples so far", ylabel="estimate of ∇J(θ)",
             xlim=(first, max(k[-1], 10)), ylim=(low, high + LEGEND_ROOM * (high - low)))
    ax.legend(frameon=False, loc="upper right", fontsize="small")
    return ax


def plot_objective(ax, thetas, objective):
    """J over theta (dashed black, exact), with the y range and a legend for the slopes `plot_slopes` draws."""
    ax.plot(thetas, objective, **EXACT_STYLE, label="J(θ), exact")
    low, high = objective.min(), objective.max()
    pad = 0.15 * max(high - low, 1e-9)
    ax.set(xlabel="θ", ylabel="J(θ) = E[f(x)]", xlim=(thetas[0], thetas[-1]),
           ylim=(low - pad, high + pad + LEGEND_ROOM * (high - low)))
    handles = [ax.lines[-1], Line2D([], [], **SLOPE_STYLE), Line2D([], [], **TANGENT_STYLE)]
    ax.legend(handles, ["J(θ), exact", "estimated slope", "exact slope"], frameon=False, loc="upper center",
              fontsize="small")
    return ax


def plot_slopes(ax, theta, value, exact_slope, estimated_slope, half_width=1.0):
    """At (theta, J(theta)): the exact tangent (thin solid black) and a line of the estimated slope (thick blue)."""
    span = np.array([theta - half_width, theta + half_width])
    ax.plot(span, value + estimated_slope * (span - theta), **SLOPE_STYLE)
    ax.plot(span, value + exact_slope * (span - theta), **TANGENT_STYLE)
    ax.plot([theta], [value], "o", color="black", markersize=5)
    return ax


def frame_probabilities(ax, support, frequencies=True):
    """Axes for `plot_probabilities`: outcomes on x, probability 0 to 1 on y, and the legend."""
    handles = [Patch(color=PALETTE["sky"], label="p(x|θ)")]
    if frequencies:
        handles.insert(0, Line2D([], [], **FREQUENCY_STYLE, label="share of samples"))
    ax.set(xticks=outcome_ticks(support), xlim=(support[0] - 0.6, support[-1] + 0.6), ylim=(0, 1),
           ylabel="probability")
    ax.legend(handles=handles, frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_probabilities(ax, support, probs, frequencies=None):
    """Bars of p(x|theta) and, if given, black dashes at the share of the samples that fell on each x."""
    ax.bar(support, probs, color=PALETTE["sky"])
    if frequencies is not None:
        ax.plot(support, frequencies, **FREQUENCY_STYLE)
    return ax


def outcome_ticks(support):
    """Every outcome as a tick when there are few, else every other one."""
    return support if len(support) <= 6 else support[::2]


def plot_f_values(ax, support, fx, ylim=None, terms=True):
    """Markers of f(x) on each outcome, and the legend of the terms that `plot_terms` adds (if terms)."""
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.plot(support, fx, "o", color=PALETTE["orange"], label="f(x)")
    handles = [ax.lines[-1]]
    if terms:
        handles += [Line2D([], [], **TERM_STYLE, label="f(x) ∇log p(x|θ)"),
                    Line2D([], [], **EXACT_STYLE, label="mean term = ∇J(θ)")]
    ax.set(xlabel="x, the outcome", ylabel="value", xticks=outcome_ticks(support))
    if ylim is not None:
        ax.set_ylim(ylim)
    ax.legend(handles=handles, frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_terms(ax, support, terms, exact):
    """Markers of the term f(x) grad log p(x|theta) of each outcome, and their p-weighted mean (dashed)."""
    ax.plot(support, terms, **TERM_STYLE)
    ax.axhline(exact, **EXACT_STYLE)
    return ax


def plot_error_law(ax, k, errors, exact_rms):
    """|error| of a few runs (thin), the root-mean-square error over all runs, and sigma / sqrt(n) dashed (slope -1/2).

    errors: (runs, m) estimate minus exact at the checkpoints k.
    """
    for run in np.abs(errors[:3]):
        ax.plot(k, run, color=PALETTE["sky"], linewidth=0.8)
    ax.plot([], [], color=PALETTE["sky"], linewidth=0.8, label="|error| of single runs")
    ax.plot(k, np.sqrt(np.mean(errors**2, axis=0)), "o", color=ESTIMATE, markersize=3,
            label=f"root-mean-square error, {len(errors)} runs")
    ax.plot(k, exact_rms, **EXACT_STYLE, label="σ/√N, slope −1/2")
    use_log_scale(ax, decades=True)
    use_log_scale(ax, "y", decades=True)
    return decorate(ax, xlabel="N, samples", ylabel="|estimate − exact|")


def plot_coverage(ax, ns, coverages, repeats, target):
    """Coverage of the +-2 se interval against n for each labelled series, with binomial error bars (2 se).

    coverages: dict label -> shares, one per n; target: the normal-theory coverage, drawn dashed black.
    """
    for i, (label, coverage) in enumerate(coverages.items()):
        se = np.sqrt(coverage * (1 - coverage) / repeats)
        ax.errorbar(ns, coverage, yerr=BAND * se, fmt="os^"[i % 3], linestyle=LINESTYLES[i % 3],
                    color=COLOURS[i % 3], capsize=3, label=label)
    ax.axhline(target, **EXACT_STYLE, label=f"normal theory, {target:.1%}")
    use_log_scale(ax, decades=True)
    return decorate(ax, xlabel="N, samples per run", ylabel="share of intervals\ncontaining the exact value")


def plot_gradient_components(ax, exact, estimate, se, names):
    """Each component of grad J: estimate with +-2 se error bars, exact value as a dashed black segment."""
    index = np.arange(len(exact))
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.hlines(exact, index - 0.3, index + 0.3, **EXACT_STYLE)
    for i in index:
        ax.errorbar([i], [estimate[i]], yerr=[BAND * se[i]], fmt="o", color=COLOURS[i % 3], capsize=4)
    ax.set(xticks=index, xticklabels=names, xlim=(-0.6, len(exact) - 0.4))
    # the key sits in the axis label: a legend would cover the points wherever they are
    return decorate(ax, xlabel=f"dashes: exact; dots: estimate ±{BAND:g} se", ylabel="component of ∇J(θ)",
                    ylim=focus_limits([estimate - BAND * np.nan_to_num(se), estimate + BAND * np.nan_to_num(se)],
                                      exact, margin=0.15))
