"""Pure-numpy numerical core of the lesson: data, closed form, gradient descent, timing.

Nothing here imports streamlit, plotly or pandas; the pages call these functions and
draw what they return. Results are numbers and statuses; the sentences a student
reads about them are written in `figures` (ValueErrors name a bad argument).
"""

from solvers.compare import Agreement, agreement, distances, settling_iterations
from solvers.datasets import PRESETS, Dataset, make_dataset, make_regression
from solvers.descent import (
    DescentResult,
    Standardization,
    conjugate_gradient,
    gradient_descent,
    newton,
)
from solvers.linear import (
    METHODS,
    LinearFit,
    Refusal,
    SingularMatrixError,
    design_matrix,
    normal_equation,
    penalty_matrix,
    ridge,
)
from solvers.objective import CostSurface, cost, cost_surface, excess_cost, gradient
from solvers.timing import TimingResult, fit_loglog_slope, time_solvers

__all__ = [
    "METHODS",
    "PRESETS",
    "Agreement",
    "CostSurface",
    "Dataset",
    "DescentResult",
    "LinearFit",
    "Refusal",
    "SingularMatrixError",
    "Standardization",
    "TimingResult",
    "agreement",
    "conjugate_gradient",
    "cost",
    "cost_surface",
    "design_matrix",
    "distances",
    "excess_cost",
    "fit_loglog_slope",
    "gradient",
    "gradient_descent",
    "make_dataset",
    "make_regression",
    "newton",
    "normal_equation",
    "penalty_matrix",
    "ridge",
    "settling_iterations",
    "time_solvers",
]
