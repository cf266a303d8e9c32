"""Which road, when: every method run to the same answer and timed on this
machine, as p and κ grow; where the iterative roads overtake the normal
equation, and what larger problems would cost in time and memory."""

import streamlit as st

from figures import roads as figures
from figures.timing import human_duration
from solvers import roads, timing
from solvers.roads import Race
from ui.frame import charts, dataset, ending, navigation
from ui.frame.controls import Choice, Number, Toggle, choice, number, toggle
from ui.timing import benchmark

navigation.start_page(
    __file__,
    "Which road, when",
    "When is gradient descent faster than the normal equation? Not from a rule "
    "of thumb: here every road runs **to the same answer** (weights within a "
    "relative error ε of lstsq's) on data whose XᵀX has the condition number κ "
    "you pick, and the clock decides, size by size, on this machine. The page "
    "makes its own data (n = 2p rows): the sidebar's dataset is not used here.",
)

P_OPTIONS = (50, 100, 200, 300, 500, 700, 1000, 1500, 2000, 3000)
KAPPA = Choice(
    "kappa",
    "Condition number κ of XᵀX",
    roads.CONDITION_NUMBERS,
    100.0,
    {k: figures.condition_text(k) for k in roads.CONDITION_NUMBERS},
    help="The data is built with this spread of curvatures: μ from 1 down to 1/κ.",
)
ACCURACY = Choice(
    "eps",
    "Accuracy ε",
    roads.ACCURACIES,
    1e-6,
    {e: figures.accuracy_text(e) for e in roads.ACCURACIES},
    help="Every road stops at its first weights within this relative error of lstsq's.",
)
SMALLEST = Choice("pmin", "Smallest p", P_OPTIONS, 100)
LARGEST = Choice("pmax", "Largest p", P_OPTIONS, 1000)
SIZES = Number("sizes", "Sizes, log-spaced", 2, 8, 5)
LSTSQ = Toggle("lstsq", "Race lstsq (an SVD: the slowest)", default=False)
SGD = Toggle("sgd", "Race mini-batch SGD", default=True)
ONE_THREAD = Toggle("one_thread", "One BLAS thread", True)

presenter = dataset.presenter()
row = st.columns(2)
kappa = choice(KAPPA, row[0], widget="radio")
epsilon = choice(ACCURACY, row[1], widget="radio")
row = st.columns(3)
smallest = choice(SMALLEST, row[0], widget="select_slider")
largest = choice(LARGEST, row[1], widget="select_slider")
count = number(SIZES, row[2])
row = st.columns(3)
chosen = {"lstsq": toggle(LSTSQ, row[0]), "sgd": toggle(SGD, row[1])}
one_thread = toggle(ONE_THREAD, row[2])
settings = {
    "feature_counts": [int(p) for p in timing.feature_grid(smallest, largest, count)]
    if smallest <= largest
    else [],
    "condition_number": kappa,
    "epsilon": epsilon,
    "roads": tuple(r for r in roads.ROADS if chosen.get(r, True)),
}
state = benchmark.last(benchmark.RACE)
estimate = benchmark.race_estimate(settings)
buttons = st.columns([1, 1, 3])
if buttons[0].button(
    "Start the race",
    type="primary",
    icon=":material/play_arrow:",
    disabled=estimate is None,
    key="race_start",
):
    benchmark.run_race(settings, one_thread, buttons[1])  # reruns when done
st.page_link(
    "pages/roads.py",
    label="Prepared: a crossover in under a minute",
    query_params={
        **dataset.link_settings(),
        **{"kappa": "100.0", "eps": "1e-06", "pmin": "100", "pmax": "2000"},
        "sizes": "5",
    },
    icon=":material/link:",
)
# (the numbers under the link: in it, a phone cut them off)
st.caption("κ = 100, ε = 10⁻⁶, p = 100 to 2000; then press Start.")

if state is None or not state["runs"]:
    if state is not None:
        st.warning(
            "Stopped before the first size was measured.", icon=":material/stop:"
        )
    ending.stop()

measured = state["settings"]
race = Race(measured["condition_number"], measured["epsilon"], state["runs"])
found = roads.crossovers(race)
st.subheader("Seconds to the same answer")
if state["stopped"]:
    st.warning(
        f"**Partial results**: stopped after p = "
        f"{max(r.n_features for r in race.runs)}.",
        icon=":material/pause_circle:",
    )
st.success(figures.crossover_sentence(race, found), icon=":material/flag:")
st.caption(
    "Timings vary from run to run on a shared machine: a crossover between two "
    "close lines can move by a few hundred features. Run the race twice to see "
    "how steady yours is."
)
charts.show(
    figures.race_chart(race, found, presenter=presenter),
    key="race",
    file_name="race_partial.csv" if state["stopped"] else "race.csv",
)
st.caption(
    "Filled markers reached ε; hollow ones ran out of their "
    f"{benchmark.SECONDS_PER_RUN:g} s share, and the line goes on to the time "
    f"their measured rate per step would need. BLAS: {state.get('machine', '')}. "
    f"The race took {human_duration(state['seconds'])}."
)
st.markdown("**Steps taken: set by κ and ε, not by p**")
charts.show(figures.steps_chart(race, presenter=presenter), key="race_steps")

st.subheader("Larger problems, from the lines fitted to these runs")
memory = roads.memory_bytes()
samples_per_feature = race.runs[0].n_samples // race.runs[0].n_features
st.dataframe(
    figures.extrapolation_rows(roads.fitted_lines(race), memory, samples_per_feature),
    hide_index=True,
)
st.caption(figures.fit_caveat(race))
st.caption(figures.memory_sentence(memory, samples_per_feature))
if state["tall"] is not None:
    st.subheader("Tall data: one pass against a pass a step")
    steps = roads.descent_passes(race)
    st.dataframe(figures.tall_rows(state["tall"], steps, memory), hide_index=True)
    st.caption(figures.describe_tall(state["tall"], steps))
with st.expander("What exactly is measured", icon=":material/info:"):
    st.markdown(figures.MEASURED)

ending.end_page()
