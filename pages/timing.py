"""Why the normal equation does not scale: its steps timed live on this machine, the
slopes on a log-log chart; how many steps gradient descent needs is measured on
the "Which road, when" page."""

import streamlit as st

from figures import timing as figures
from solvers import timing
from solvers.timing import OPERATIONS, concatenate_results
from ui.frame import charts, dataset, ending, navigation
from ui.frame.controls import Choice, Number, Toggle, choice, number, toggle
from ui.timing import benchmark

navigation.start_page(
    __file__,
    "Why it doesn't scale",
    "The normal equation forms the matrix XᵀX, then solves a system of that size: "
    "work that grows with the **cube** of the number of features p. One gradient "
    "step only reads X once. Time both here, on this machine, on random n × p "
    "data (no column of ones, so XᵀX is p×p), then see what p = 10⁴ … 10⁶ "
    "would cost.",
)

P_OPTIONS = (10, 20, 30, 50, 100, 200, 300, 500, 1000, 1500, 2000, 2500, 3000)
SMALLEST = Choice("pmin", "Smallest p", P_OPTIONS, 50)
LARGEST = Choice("pmax", "Largest p", P_OPTIONS, 1000)
SIZES = Number("sizes", "Sizes, log-spaced", 2, 12, 6)
REPEATS = Number("reps", "Repeats (median of)", 1, 9, 3)
PER_P = Choice(
    "per_p", "Samples n", (2, 5, 10), 2, {k: f"n = {k}p" for k in (2, 5, 10)}
)
FIXED_N = Toggle("fixed_n", "Same n at every size", help="Set by the largest p.")
LSTSQ = Toggle("lstsq", "Time lstsq (the slowest)", default=True)
ONE_THREAD = Toggle(
    "one_thread",
    "One BLAS thread",
    True,
    "Steadier when other work shares the "
    "cores. Off: all BLAS threads, faster on an idle machine, erratic on a busy one.",
)

presenter = dataset.presenter()
row = st.columns(4)
smallest = choice(SMALLEST, row[0], widget="select_slider")
largest = choice(LARGEST, row[1], widget="select_slider")
count, repeats = number(SIZES, row[2]), number(REPEATS, row[3])
row = st.columns(4, vertical_alignment="bottom")
settings = {
    "samples_per_feature": choice(PER_P, row[0], widget="radio"),
    "fixed_n_samples": toggle(FIXED_N, row[1]),
    "repeats": repeats,
}
lstsq = toggle(LSTSQ, row[2])
settings["operations"] = tuple(o for o in OPERATIONS if lstsq or o != "lstsq")
# One thread is offered only where threadpoolctl found numpy's BLAS to limit.
one_thread = timing.machine().blas_threads and toggle(ONE_THREAD, row[3])

plan = benchmark.plan(smallest, largest, count, LARGEST.options, settings)
run = benchmark.last(benchmark.RUN)
buttons = st.columns([1, 1, 3])
start = buttons[0].button(
    "Start benchmark",
    type="primary",
    icon=":material/play_arrow:",
    disabled=plan is None or not plan.fits(benchmark.TIME_BUDGET),
    key="bench_start",
)
if start:
    benchmark.run(plan, one_thread, buttons[1])  # reruns the page when done

if run is not None and not run["parts"]:
    st.warning("Stopped before the first size was measured.", icon=":material/stop:")
if run is None or not run["parts"]:
    if plan is not None and plan.fits(benchmark.TIME_BUDGET):
        st.info(
            "Press **Start benchmark** to time the solvers.", icon=":material/timer:"
        )
    ending.stop()
result = concatenate_results(run["parts"], stopped=run["stopped"])
slopes, fit_from = timing.fitted_slopes(result)
st.subheader("Measured on this machine")
if result.stopped:
    st.warning(
        f"**Partial results**: stopped after p = {result.feature_counts[-1]}, "
        f"{len(result.feature_counts)} of {len(run['plan'].feature_counts)} sizes.",
        icon=":material/pause_circle:",
    )
chart, side = st.columns([3, 1], gap="large")
# Titles as text, not in the figure: a phone's width wraps text, not plotly titles.
chart.markdown("**Seconds per call against the number of features p**")
charts.show(
    figures.timing_chart(result, slopes, presenter=presenter, title=None),
    key="timing",
    where=chart,
    file_name="timings_partial.csv" if result.stopped else "timings.csv",
)
machine = run.get("machine") or figures.describe_machine(timing.machine())
fitted = f"Slopes fitted on p ≥ {fit_from}, where fixed costs per call no longer "
chart.caption(
    (fitted + "flatten the curves. " if fit_from else "")
    + f"Grey: ∝ p² and ∝ p³ through the largest solve time. BLAS: {machine}."
)
gaps = figures.explain_slopes(result, slopes, timing.arithmetic_slopes(result))
if gaps:
    chart.caption(gaps)
top = result.feature_counts[-1]
side.metric(
    f"Solve speed at p = {top}, GFLOP/s",
    f"{timing.achieved_gflops(result, 'solve')[-1]:.3g}",
)
side.metric("Fitted slope of the solve", f"{slopes['solve']:.2f}")
side.metric(
    "Benchmark took",
    figures.human_duration(run["seconds"]),
    help=f"Estimated beforehand: {figures.human_duration(run['plan'].seconds)}.",
)
side.button(
    "Clear results",
    icon=":material/delete:",
    on_click=st.session_state.pop,
    args=(benchmark.RUN, None),
    key="bench_clear",
)

st.subheader("So is gradient descent faster at large p?")
st.markdown(
    "A gradient step is cheap, but how many steps does it take? That depends on "
    "the condition number κ of XᵀX and on the accuracy asked for, not on p. "
    "**Which road, when** runs every road to the same answer on data of a chosen "
    "κ, marks where each overtakes the normal equation, and extrapolates time "
    "and memory to p = 10⁴ … 10⁶ from those runs."
)
st.page_link(
    "pages/roads.py",
    label="Which road, when",
    icon=":material/alt_route:",
    query_params=dataset.link_settings(),
)
with st.expander("What exactly is measured", icon=":material/info:"):
    st.markdown(figures.measured_text(result.repeats, machine))

ending.end_page()
