"""The figures and the explorer of notebook 07: training curves against the exact J and KL, and the bias of each
group baseline measured against the exact gradient."""

import math

import ipywidgets as widgets
import numpy as np

from .checks import check_seed
from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, panel_figure
from .rewards import BASELINES, exact_group_mean, exact_objective_gradient, train
from .widgets import Explorer, make_seed_box, make_slider, readout_table

UPDATES = 100
RUN_STYLES = [{"color": ESTIMATE, "linestyle": "-"}, {"color": PALETTE["vermillion"], "linestyle": "--"},
              {"color": PALETTE["green"], "linestyle": ":"}, {"color": PALETTE["orange"], "linestyle": "-."}]


def angle_and_size(estimate, exact):
    """The angle (degrees) between an expected estimate and the exact gradient, and its length relative to it."""
    cosine = estimate @ exact / (np.linalg.norm(estimate) * np.linalg.norm(exact))
    return math.degrees(math.acos(np.clip(cosine, -1.0, 1.0))), np.linalg.norm(estimate) / np.linalg.norm(exact)


def baseline_bias(lm, theta, answers, rewards, baseline, k, per_token=False):
    """(angle, size) of the expected group estimate, mean over prompts, against the exact gradient of J."""
    mean = np.mean([exact_group_mean(lm, theta, answers, p, rewards, baseline, k, per_token)
                    for p in range(len(lm.targets))], axis=0)
    return angle_and_size(mean, exact_objective_gradient(lm, theta, answers, rewards))


def plot_training(axes, runs):
    """Exact J (first axes) and exact KL to the reference (second) after each update, for runs = {label: Training}."""
    for (label, run), style in zip(runs.items(), RUN_STYLES, strict=False):
        k = np.arange(run.objective.size)
        axes[0].plot(k, run.objective, label=label, **style)
        axes[1].plot(k, run.kl, label=label, **style)
    decorate(axes[0], xlabel="update", ylabel="exact J(θ): mean reward", ylim=(0, 1))
    decorate(axes[1], xlabel="update", ylabel="exact KL(π_θ ‖ π_ref)")
    axes[0].axhline(1.0, **EXACT_STYLE, label="best possible J")
    axes[0].legend(frameon=False, loc="lower right")
    return axes


def draw_training(lm, theta0, answers, rewards, k, baseline, beta, alpha, seed):
    """The explorer's draw: one run of UPDATES updates; (figure, readout)."""
    run = train(lm, theta0, answers, rewards, alpha, UPDATES, int(k), np.random.default_rng(check_seed(seed)),
                baseline=baseline, beta=beta)
    fig, axes = panel_figure(3.2, 2, left=0.085, bottom=0.15, top=0.975, wspace=0.3)
    plot_training(axes, {f"{baseline}, k = {int(k)}, β = {beta:g}": run})
    degrees, size = baseline_bias(lm, run.params[-1].reshape(lm.shape), answers, rewards, baseline, int(k))
    rows = [("exact J after training", f"{run.objective[-1]:.3f}"), ("exact KL to the reference", f"{run.kl[-1]:.3f}"),
            ("bias at the last θ: angle", f"{degrees:.2f}°"), ("bias: size / exact", f"{size:.3f}")]
    return fig, readout_table(rows)


def make_rewards_explorer(lm, theta0, answers, rewards):
    """Explorer: group size k, baseline, KL weight β, learning rate α and seed -> a training run and its bias."""
    controls = {
        "k": make_slider("group size k", 8, 2, 16, 1, integer=True),
        "baseline": widgets.Dropdown(options=BASELINES, value="leave-one-out", description="baseline",
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="24em")),
        "beta": make_slider("KL weight β", 0.0, 0.0, 1.0, 0.05),
        "alpha": make_slider("learning rate α", 2.0, 0.1, 5.0, 0.1),
        "seed": make_seed_box(0),
    }
    return Explorer(controls, lambda **values: draw_training(lm, theta0, answers, rewards, **values), "360px")
