"""Content rules that can be checked: the quiz's answers hold on the app's own
data (computed here, with scikit-learn and numpy as oracles), no program
identifier or Python value reaches a page's text, and the notation is one: X is
n×(p+1) with its column of ones, so XᵀX is (p+1)×(p+1)."""

import base64
import inspect
import re

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

import solvers
from solvers import timing
from tests import apptest
from tests.apptest import run_page
from ui.frame.navigation import PAGES
from ui.theory.derivations import QUIZ

QUESTIONS = {question.key: question for question in QUIZ}


def _design(X: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(len(X)), X])


@pytest.mark.parametrize("preset", ["well_conditioned", "badly_scaled", "collinear"])
def test_standardizing_leaves_the_predictions_as_the_quiz_says(preset):
    assert "stay exactly the same" in QUESTIONS["quiz_scaling"].answer
    data = solvers.make_dataset(preset)
    raw = LinearRegression().fit(data.X, data.y).predict(data.X)
    scaled_X = StandardScaler().fit_transform(data.X)
    scaled = solvers.normal_equation(scaled_X, data.y, method="lstsq")
    predicted = scaled.intercept + scaled_X @ scaled.coef
    np.testing.assert_allclose(predicted, raw, rtol=1e-8, atol=1e-8 * np.abs(raw).max())
    unscaled = solvers.normal_equation(data.X, data.y, method="lstsq")
    assert not np.allclose(unscaled.coef, scaled.coef)  # only the weights change


def test_only_the_solve_costs_p_cubed_whatever_n_as_the_quiz_says():
    question = QUESTIONS["quiz_cubic"]
    assert question.answer.startswith("Solving")
    p = np.array([100, 200, 400])
    for n_per_p in (2, 10):  # the solve does not care how many samples
        np.testing.assert_allclose(
            timing.flops("solve", n_per_p * p, p), timing.flops("solve", 2 * p, p)
        )
    slope = np.polyfit(np.log(p), np.log(timing.flops("solve", 1000, p)), 1)[0]
    assert slope == pytest.approx(3, abs=0.05)
    fixed_n = np.full(3, 10_000)
    for other in ("gram", "gd_step"):  # these grow with n
        assert np.all(
            timing.flops(other, 2 * fixed_n, p) > timing.flops(other, fixed_n, p)
        )
    # ...and, with n fixed, more slowly than p³ ("like p²" and "O(np)").
    gram = np.polyfit(np.log(p), np.log(timing.flops("gram", fixed_n, p)), 1)[0]
    step = np.polyfit(np.log(p), np.log(timing.flops("gd_step", fixed_n, p)), 1)[0]
    assert gram == pytest.approx(2, abs=0.05) and step == pytest.approx(1, abs=0.05)
    assert "$n = 2p$" in question.explanation  # as the timing page runs it


def test_gradient_descent_alone_takes_a_learning_rate_and_a_step_count():
    assert (
        QUESTIONS["quiz_needs"].answer == "A learning rate and a number of iterations"
    )
    descent = inspect.signature(solvers.gradient_descent).parameters
    closed = inspect.signature(solvers.normal_equation).parameters
    assert {"learning_rate", "max_iter"} <= set(descent)
    assert not {"learning_rate", "max_iter"} & set(closed)


@pytest.mark.parametrize(
    ("preset", "singular"),
    [
        ("duplicated", True),  # a column that is a combination of others
        ("wide", True),  # more features than samples
        ("well_conditioned", False),  # noisy y alone does not do it
        ("badly_scaled", False),  # nor unstandardized features
    ],
)
def test_xtx_is_singular_exactly_when_the_quiz_says(preset, singular):
    assert "combination of the others" in QUESTIONS["quiz_singular"].answer
    data = solvers.make_dataset(preset)
    design = _design(data.X)
    rank = np.linalg.matrix_rank(design)  # numpy's SVD, not the app's
    assert (rank < design.shape[1]) == singular
    assert (rank < np.linalg.matrix_rank(design.T @ design) + 1) or not singular


def test_the_residual_is_perpendicular_to_every_column_not_zero():
    assert QUESTIONS["quiz_residual"].answer == "perpendicular to every column of $X$"
    data = solvers.make_dataset("well_conditioned", noise=10.0)
    design = _design(data.X)
    weights, *_ = np.linalg.lstsq(design, data.y, rcond=None)
    residual = data.y - design @ weights
    assert np.linalg.norm(residual) > 1  # not zero: y is noisy
    cosines = (
        design.T
        @ residual
        / (np.linalg.norm(design, axis=0) * np.linalg.norm(residual))
    )
    assert np.abs(cosines).max() < 1e-10


# ----------------------------------------------------------- what pages say

# A word joined by underscores (n_samples, effective_rank) is code, not prose;
# maths such as H_jj, x_ij or μ_max has a one-letter or non-ASCII side.
_IDENTIFIER = re.compile(r"(?<![\\\w])[a-z]{2,}_[a-z]{2,}\w*")
# A Python value where a value is meant ("sd None"), not the English word
# ("None is 0", "None: nothing to tune", "True intercept").
_PYTHON = re.compile(r"\b(None|True|False|nan|NaN)\b(?!\s+[a-z]|:)")
# Not prose: inline LaTeX source, code spans, link targets and icon names.
_NOT_PROSE = re.compile(r"\$[^$]*\$|`[^`]*`|\]\([^)]*\)|:material/\w+:")


def _prose(at) -> list[str]:
    """Every text the page shows as prose (not code, not LaTeX source)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success")
    texts = [e.value for kind in kinds for e in getattr(at, kind)]
    texts += [e.value for e in at.title] + [e.value for e in at.subheader]
    texts += [e.label for e in at.metric] + [str(e.value) for e in at.metric]
    texts += [e.label for e in at.expander]
    return [_NOT_PROSE.sub("", text) for text in texts]


@pytest.mark.parametrize("preset", ["well_conditioned", "wide"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path or "start")
def test_no_identifier_or_python_value_reaches_a_page(open_page, spec, preset):
    at = open_page(spec.script, preset=preset)
    assert (
        preset == "well_conditioned"
        or "p > n" in " ".join(_prose(at))
        or (
            spec.url_path in ("theory", "timing")  # pages with their own data
        )
    )
    leaks = [
        (match, text[:80])
        for text in _prose(at)
        for pattern in (_IDENTIFIER, _PYTHON)
        for match in pattern.findall(text)
    ]
    assert not leaks, leaks


@pytest.fixture(scope="module")
def default_pages() -> dict:
    """Every page as a link without settings opens it, run once for the tests
    below (they only read it)."""
    pages = {spec: run_page(spec.script) for spec in PAGES}
    assert not [e for at in pages.values() for e in at.exception]
    return pages


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path or "start")
def test_xtx_is_p_plus_1_square_on_every_page_but_timing(default_pages, spec):
    """The design carries its column of ones everywhere but on the timing page,
    which times a plain random n × p matrix (and says so)."""
    text = " ".join(_prose(default_pages[spec]))
    if spec.url_path == "timing":
        assert "random n × p data (no column of ones, so XᵀX is p×p)" in text
        return
    assert not re.search(r"\bp\s*×\s*p\b", text), re.findall(
        r".{40}p\s*×\s*p.{20}", text
    )


_COLOURED = re.compile(r"\\(color|textcolor|colorbox|fcolorbox)\b")


def test_no_formula_sets_its_own_colour(default_pages):
    """Formulas are drawn in the text's colour in either theme, which is why the
    dark theme's contrast audit can skip them (tests/browser/audit.py)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "latex")
    tex = [
        e.value
        for at in default_pages.values()
        for kind in kinds
        for e in getattr(at, kind)
        if "\\" in e.value
    ]
    assert len(tex) > 50  # the pages' formulas are all read
    coloured = [text[:80] for text in tex if _COLOURED.search(text)]
    assert not coloured, coloured


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


@pytest.mark.parametrize("preset", ["well_conditioned", "badly_scaled", "collinear"])
def test_the_bowls_curvatures_the_limit_and_the_metrics_agree(preset):
    """One set of curvatures: the metrics' μ_max is the player's, the limit is
    2/μ_max from the μ_max written beside it, and the bowl's axes are those of
    the slice, whose curvatures lie between μ_min and μ_max (and are named so)."""
    at = run_page("pages/gradient_descent.py", preset=preset, iters="20")
    player = apptest.players(at)["descent"]
    mu_max = float(_metric(at, "Steepest curvature"))
    mu_min = float(_metric(at, "Flattest curvature"))
    limit = float(_metric(at, "Stability limit"))
    assert mu_max == pytest.approx(player["mu_max"], rel=1e-3)
    assert limit == pytest.approx(2 / mu_max, rel=1e-3)
    stated = " ".join(e.value for e in [*at.success, *at.warning])
    assert f"2/μ_max = 2/{mu_max:.4g} = " in stated, stated
    # The 2-D slice the bowl shows (the other weights at w*): its curvatures.
    k = player["problem"]["k"]
    vectors = np.frombuffer(
        base64.b64decode(player["problem"]["eigenvectors"]), dtype="<f8"
    )
    hessian = (
        vectors.reshape(k, k) * player["problem"]["eigenvalues"]
    ) @ vectors.reshape(k, k).T
    a, b = player["axes"]
    slice_mu = np.linalg.eigvalsh(hessian[np.ix_([a, b], [a, b])])
    assert mu_min * (1 - 1e-9) <= slice_mu.min() <= slice_mu.max() <= mu_max * 1.001
    assert "the slice's" in " ".join(_prose(at))


@pytest.mark.parametrize("standardize", ["true", "false"])
def test_advice_is_never_for_a_setting_already_on(standardize):
    """A run stopped short on nearly collinear features: "standardize" is advised
    only while the features are not standardized, and no sentence promises that
    standardizing makes the bowl round."""
    at = run_page(
        "pages/gradient_descent.py",
        preset="collinear",
        standardize=standardize,
        iters="5",
        lr="0.001",
    )
    warning = " ".join(w.value for w in at.warning)
    assert "Not converged yet" in warning
    assert ("standardize the features" in warning) == (standardize == "false")
    prose = " ".join(_prose(at))
    assert "and the bowl round" not in prose
