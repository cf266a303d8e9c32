"""Start here's four prepared lessons: each a link to a page with η, β and the
steps computed from the sidebar's data."""

import math

import numpy as np
import streamlit as st

from figures import methods as figures_methods
from solvers.descent import convergence_factor, steps_to_converge
from ui.descent import racers
from ui.descent.controls import CLICKED_START, LEARNING_RATE, MAX_ITER
from ui.frame import compute, dataset


def lessons(settings: dict) -> list[tuple[str, str, dict]]:
    """Four lessons on the sidebar's data `settings`, as (what it shows, its
    numbers, URL parameters, with ``page`` when not the gradient descent page): a
    round bowl, a badly scaled valley, momentum racing plain descent on a tilted
    valley, and a learning rate just above the limit. Every η, β and step count
    is computed from the data."""

    def run(preset, standardize, momentum=0.0):
        """The stability limit, the Hessian's eigenvalues and w* on a preset."""
        data = compute.generated_dataset(**{**settings, "preset": preset})
        limit = compute.descent(
            data.X, data.y, max_iter=1, standardize=standardize, momentum=momentum
        ).stability_limit
        eigenvalues = compute.curvatures(data.X, data.y, standardize=standardize)[0]
        return limit, eigenvalues, compute.reference_fit(data.X, data.y)[0].weights

    def enough(eigenvalues, learning_rate, momentum=0.0, reduction=1e-3):
        """Steps to land on the star (its error shrunk 1000 times), capped."""
        rates = np.array([learning_rate])
        steps = steps_to_converge(eigenvalues, rates, momentum, reduction)[0]
        return int(min(steps if math.isfinite(steps) else 60, MAX_ITER.max_value))

    well = dataset.PRESET.format("well_conditioned")
    scaled = dataset.PRESET.format("badly_scaled")
    limit, mu, _ = run("well_conditioned", True)
    round_learning_rate = limit / 2
    crawl_limit, crawl_mu, optimum = run("badly_scaled", False)
    crawl_learning_rate = 0.95 * crawl_limit
    crawl_start = None
    if len(optimum) > 2:  # two features to plot
        # Start well off the valley's floor in the steep weight, so that the
        # bounces across the valley are as wide as the walk along it.
        crawl_start = f"{optimum[1] + 0.6 * np.abs(optimum[1:3]).max():.4g},0"
    # Momentum where it helps: the race on a tilted valley ("Every road to w*").
    numbers, links = racers.lessons(settings)
    momentum_numbers = figures_methods.lesson_captions(numbers)[1]
    momentum_link = {"page": "pages/methods.py", **links[1][1]}
    raw_limit = run("well_conditioned", False)[0]
    burst_learning_rate = 1.1 * raw_limit

    def link(preset, learning_rate, max_iter, **extra):
        return {
            "preset": preset,
            LEARNING_RATE.key: f"{learning_rate:.4g}",
            MAX_ITER.key: str(max_iter),
            **extra,
        }

    round_max_iter = max(enough(mu, round_learning_rate, reduction=1e-11), 10)
    crawl_max_iter = enough(crawl_mu, crawl_learning_rate)
    # how many times the slowest direction's error shrinks in those steps
    factor = convergence_factor(crawl_mu, np.array([crawl_learning_rate]))[0]
    crawl_shrink = factor**-crawl_max_iter if factor > 0 else math.inf
    return [
        (
            "Round bowl: a walk nearly straight in",
            f"Standardized features; η = 1/μ_max = {round_learning_rate:.3g}, "
            f"{round_max_iter} steps.",
            link(well, round_learning_rate, round_max_iter, standardize="true"),
        ),
        (
            "Badly scaled: a zig-zag, then a crawl",
            f"Across the valley and along it; η = {crawl_learning_rate:.3g}, 95% of "
            f"the limit 2/μ_max; {crawl_max_iter} steps shrink its error only "
            f"{crawl_shrink:,.0f} times, short of convergence; raw vs standardized "
            "below.",
            link(
                scaled,
                crawl_learning_rate,
                crawl_max_iter,
                compare="true",
                **({CLICKED_START.key: crawl_start} if crawl_start else {}),
            ),
        ),
        (
            "Momentum on a tilted valley: √κ times fewer steps",
            f"Heavy ball at its best η and β against plain descent at its best η; "
            f"{momentum_numbers}.",
            momentum_link,
        ),
        (
            "Diverging: just above the limit",
            f"η = {burst_learning_rate:.3g}, 1.1 × the limit 2/μ_max = "
            f"{raw_limit:.3g}.",
            link(well, burst_learning_rate, 150),
        ),
    ]


def prepared_lessons() -> None:
    """Links to the `lessons` on the sidebar's data settings."""
    if not dataset.is_generated():
        st.caption("These are prepared for generated data: choose it as the source.")
        return
    for label, numbers, params in lessons(dataset.settings()):
        params = dict(params)
        page = params.pop("page", "pages/gradient_descent.py")
        st.page_link(
            page,
            label=label,
            query_params={**dataset.link_settings(), **params},
            icon=":material/link:",
        )
        st.caption(numbers)
    st.caption(
        "Each opens its page (gradient descent, or the race of methods) with its "
        "settings in the URL, η and β computed from this data. To share your own "
        "view, use *Copy lesson link* in the sidebar of any page."
    )
