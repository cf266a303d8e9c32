"""The shared dataset: its sidebar controls (one set, used by every page).

The data source comes first: generated data (the controls below), a shipped sample
or the user's CSV file (ui.frame.upload).
"""

import streamlit as st

import solvers
from figures.data import PRESET_LABELS
from solvers import datasets
from ui.frame import compute, ending, upload
from ui.frame import presenter as ui_presenter
from ui.frame.controls import Choice, Number, choice, number, view_settings
from ui.frame.presenter import PRESENTER

PRESET = Choice("preset", "Dataset", solvers.PRESETS, "well_conditioned", PRESET_LABELS)
N_SAMPLES = Number("n", "Samples n", 1, 2000, 100)
N_FEATURES = Number("p", "Features p", 1, 50, 2)
NOISE = Number("noise", "Noise σ", 0.0, 100.0, 10.0, step=1.0)
BIAS = Number("bias", "True intercept", -100.0, 100.0, 10.0, step=1.0)
N_INFORMATIVE = Number(
    "informative",
    "Informative features (0 = all)",
    0,
    50,
    0,
    help="How many features really influence y; the others have true weight 0.",
)
RANK = Number(
    "rank",
    "Effective rank (0 = full)",
    0,
    50,
    0,
    help="A small effective rank makes the features strongly correlated.",
)
SEED = Number("seed", "Random seed", 0, 2**32 - 1, 0, box=True)
GENERATED = (PRESET, N_SAMPLES, N_FEATURES, NOISE, BIAS, N_INFORMATIVE, RANK, SEED)


SHARED = (upload.SOURCE, *GENERATED, PRESENTER)  # the controls every page shows


def sidebar() -> None:
    """The dataset controls, shown in the sidebar on every page."""
    # Each page creates these widgets anew (Streamlit's multipage convention), and
    # a page switch would show their defaults for one run: writing the values
    # back by key carries them to the new page's widgets.
    for key in (*(spec.key for spec in SHARED), *upload.COLUMN_KEYS):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    with st.sidebar:
        chosen = upload.source_choice()
        if chosen != "generated":
            upload.sidebar(chosen)
            return
        preset = choice(PRESET)
        n_samples = number(N_SAMPLES)
        n_features = number(N_FEATURES)
        used = datasets.preset_n_samples(preset, n_samples, n_features)
        if used != n_samples:
            st.caption(
                f"This dataset uses **n = {used}**, not {n_samples}: it keeps at "
                "most half as many samples as features, so that p > n."
            )
        number(NOISE)
        with st.expander("More data settings"):
            number(BIAS)
            number(N_INFORMATIVE)
            number(RANK)
            number(SEED)


def settings() -> dict:
    """The generated-data settings, as `solvers.make_dataset` arguments (kept, or
    the defaults, while another data source is chosen)."""
    state = {
        spec.key: st.session_state.get(spec.key, spec.default) for spec in GENERATED
    }
    state[SEED.key] = SEED.cast(state[SEED.key])  # a float box shows the seed
    return {
        "preset": state[PRESET.key],
        "n_samples": state[N_SAMPLES.key],
        "n_features": state[N_FEATURES.key],
        "n_informative": min(state[N_INFORMATIVE.key], state[N_FEATURES.key]) or None,
        "noise": state[NOISE.key],
        "bias": state[BIAS.key],
        "effective_rank": state[RANK.key] or None,
        "random_state": state[SEED.key],
    }


def link_settings() -> dict[str, str]:
    """The sidebar's non-default settings as URL parameters, for links to other
    pages that must open on the same data."""
    keys = {spec.key for spec in SHARED}
    return {k: v for k, v in view_settings().items() if k in keys}


def is_generated() -> bool:
    """Whether the data is generated, so that its true weights are known."""
    return upload.source() == "generated"


def current() -> solvers.Dataset:
    """The dataset every page works on; stops the page with the reason if the
    settings (or the uploaded file) cannot make one.

    Real data (a sample or an upload) has no known truth: its `coef_true` and
    `intercept_true` are NaN and its `preset` is the sample's key or "upload".
    """
    if not is_generated():
        return upload.current(upload.source())
    try:
        return compute.generated_dataset(**settings())
    except ValueError as error:
        st.error(f"These data settings don't make a dataset: {error}", icon="⚠️")
        ending.stop()


def presenter() -> bool:
    """Whether presenter mode (projector-sized charts) is on."""
    return ui_presenter.active()
