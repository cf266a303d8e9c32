"""Lesson links: a URL that reopens the current page with the current settings."""

import math
from urllib.parse import urlencode, urlsplit

import numpy as np
import streamlit as st

from figures import methods as figures_methods
from solvers.descent import steps_to_converge
from ui import compute, dataset, racers
from ui.controls import view_settings
from ui.descent_controls import ITERATIONS


def lesson_url(url_path: str) -> str:
    """The full link to this view (relative when the browser's URL is unknown)."""
    query = urlencode(view_settings())
    base = f"/{url_path}"
    if st.context.url:
        parts = urlsplit(st.context.url)
        base = f"{parts.scheme}://{parts.netloc}/{url_path}"
    return f"{base}?{query}" if query else base


def lesson_link_box(url_path: str, where=st) -> None:
    """Show the lesson link, for a teacher to copy and share. (Markdown, not
    st.code: the code block's highlighter costs a second of the browser's time on
    every page's first load.)"""
    url = lesson_url(url_path)
    with where.expander(":material/link: Copy lesson link"):
        st.caption("Opens this page with every setting you chose.")
        # A URL from urlencode holds no backtick, so a code span shows it as is.
        st.markdown(f"[Open this view]({url})\n\n`{url}`")


def lessons(settings: dict) -> list[tuple[str, str, dict]]:
    """Four lessons on the sidebar's data `settings`, as (what it shows, its
    numbers, URL parameters, with ``page`` when not the gradient descent page): a
    round bowl, a badly scaled valley, momentum racing plain descent on a tilted
    valley, and a learning rate just above the limit. Every η, β and step count
    is computed from the data."""

    def run(preset, standardize, momentum=0.0):
        """The stability limit, the Hessian's eigenvalues and w* on a preset."""
        data = compute.dataset(**{**settings, "preset": preset})
        limit = compute.descent(
            data.X, data.y, max_iter=1, standardize=standardize, momentum=momentum
        ).stability_limit
        eigenvalues = compute.curvatures(data.X, data.y, standardize=standardize)[0]
        return limit, eigenvalues, compute.reference_fit(data.X, data.y)[0].weights

    def enough(eigenvalues, eta, momentum=0.0, reduction=1e-3):
        """Steps to land on the star (its error shrunk 1000 times), capped."""
        steps = steps_to_converge(eigenvalues, np.array([eta]), momentum, reduction)[0]
        return int(min(steps if math.isfinite(steps) else 60, ITERATIONS.max_value))

    well = dataset.PRESET.format("well_conditioned")
    scaled = dataset.PRESET.format("badly_scaled")
    limit, mu, _ = run("well_conditioned", True)
    round_eta = limit / 2
    crawl_limit, crawl_mu, optimum = run("badly_scaled", False)
    crawl_eta = 0.95 * crawl_limit
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
    burst_eta = 1.1 * raw_limit

    def link(preset, eta, steps, **extra):
        return {"preset": preset, "lr": f"{eta:.4g}", "iters": str(steps), **extra}

    round_steps = max(enough(mu, round_eta, reduction=1e-11), 10)
    crawl_steps = enough(crawl_mu, crawl_eta)
    return [
        (
            "Round bowl: a walk nearly straight in",
            f"Standardized features; η = 1/μ_max = {round_eta:.3g}, {round_steps} "
            "steps.",
            link(well, round_eta, round_steps, standardize="true"),
        ),
        (
            "Badly scaled: a zig-zag, then a crawl",
            f"Across the valley and along it; η = {crawl_eta:.3g}, 95% of the limit "
            f"2/μ_max; {crawl_steps} steps; raw vs standardized below.",
            link(
                scaled,
                crawl_eta,
                crawl_steps,
                compare="true",
                **({"from": crawl_start} if crawl_start else {}),
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
            f"η = {burst_eta:.3g}, 1.1 × the limit 2/μ_max = {raw_limit:.3g}.",
            link(well, burst_eta, 150),
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
