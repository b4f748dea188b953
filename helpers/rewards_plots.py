"""The figures and the explorer of notebook 08: training curves against the exact J and KL, and the quality of
the training step's estimate (bias and spread against the exact gradient) at the start and at the end of a run."""

import ipywidgets as widgets
import numpy as np

from .checks import check_seed
from .plotting import ESTIMATE, EXACT_STYLE, PALETTE, decorate, panel_figure
from .rewards import BASELINES, TinyLM, all_answers, estimate_quality, reference_model, train, verifier
from .widgets import Explorer, make_seed_box, make_slider, readout_table

UPDATES = 100
RUN_STYLES = [{"color": ESTIMATE, "linestyle": "-"}, {"color": PALETTE["vermillion"], "linestyle": "-."},
              {"color": PALETTE["green"], "linestyle": ":"}]


def frame_training(axes, updates):
    """What no run changes: the best J = 1, labels and limits."""
    axes[0].axhline(1.0, **EXACT_STYLE)
    axes[0].text(0.02 * updates, 0.97, "best possible J = 1", va="top", fontsize="small")
    decorate(axes[0], xlabel="update", ylabel="exact J(θ): mean reward", ylim=(0, 1.08),
             xlim=(-0.03 * updates, 1.03 * updates))
    decorate(axes[1], xlabel="update", ylabel="exact KL(π_θ ‖ π_ref)", xlim=(-0.03 * updates, 1.03 * updates))


def plot_training(axes, runs):
    """Exact J (first axes) and exact KL to the reference (second) after each update, for runs = {label: Training}."""
    updates = max(run.objective.size for run in runs.values()) - 1
    frame_training(axes, updates)
    for (label, run), style in zip(runs.items(), RUN_STYLES, strict=False):
        k = np.arange(run.objective.size)
        axes[0].plot(k, run.objective, label=label, **style)
        axes[1].plot(k, run.kl, label=label, **style)
    axes[1].legend(frameon=False, loc="upper left")
    axes[1].set_ylim(bottom=0)
    return axes


def plot_training_run(axes, run):
    """One run's exact J (left) and KL (right) against the update, the KL axes fitted to it."""
    k = np.arange(run.objective.size)
    axes[0].plot(k, run.objective, **RUN_STYLES[0])
    axes[1].plot(k, run.kl, **RUN_STYLES[0])
    axes[1].set_ylim(0, max(1.1 * run.kl.max(), 0.01))


def training_readout(lm, answers, rewards, run, baseline, k):
    """Exact J and KL after the run, and the estimate's bias and spread at its first and last theta, as html."""
    start, end = (estimate_quality(lm, run.params[i], answers, rewards, baseline, k) for i in (0, -1))
    rows = [("", "start / end"),
            ("exact J", f"{run.objective[0]:.3f} / {run.objective[-1]:.3f}"),
            ("exact KL to the reference", f"{run.kl[0]:.3f} / {run.kl[-1]:.3f}"),
            ("the estimate's mean: angle to ∇J", f"{start.angle:.1f}° / {end.angle:.1f}°"),
            ("the estimate's mean: length / |∇J|", f"{start.size:.3f} / {end.size:.3f}"),
            ("its spread: sd / length of the mean", f"{start.spread:.2f} / {end.spread:.2f}")]
    return readout_table(rows)


def make_rewards_explorer(lm=None, theta0=None, rewards=None, height="300px"):
    """Explorer: group size k, baseline, KL weight β, learning rate α and seed -> a training run of UPDATES
    updates against the exact J and KL, and the quality of its gradient estimate. Defaults: notebook 08's model,
    reference model and 0/1 verifier."""
    lm = lm or TinyLM()
    answers = all_answers(lm)
    theta0 = reference_model(lm) if theta0 is None else theta0
    rewards = verifier(lm, answers) if rewards is None else rewards

    def frame():
        fig, axes = panel_figure(3.0, 2, left=0.085, bottom=0.16, top=0.97, wspace=0.3)
        frame_training(axes, UPDATES)
        return fig

    def draw(figure, k, baseline, beta, alpha, seed):
        run = train(lm, theta0, answers, rewards, alpha, UPDATES, k, np.random.default_rng(check_seed(seed)),
                    baseline=baseline, beta=beta)
        plot_training_run(figure.axes, run)
        return training_readout(lm, answers, rewards, run, baseline, k)

    controls = {
        "k": make_slider("group size k", 8, 2, 16, 1, integer=True),
        "baseline": widgets.Dropdown(options=BASELINES, value="leave-one-out", description="baseline",
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="24em")),
        "beta": make_slider("KL weight β", 0.0, 0.0, 1.0, 0.05),
        "alpha": make_slider("learning rate α", 2.0, 0.1, 5.0, 0.1),
        "seed": make_seed_box(0),
    }
    return Explorer(controls, draw, height, frame=frame)
