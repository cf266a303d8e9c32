"""The gradient descent settings, declared once for every page that offers them.

η, β, the number of steps and a clicked start point are changed on the descent
player itself (`ui.descent_player`), which redraws at once; the rest are widgets.
"""

from ui.controls import Choice, Number, Point, Toggle

LEARNING_RATE = Number(
    "lr",
    "Learning rate η",
    1e-6,
    10.0,
    0.1,
    step=0.0,
    help="Step size. Steps at or above the stability limit 2/μ_max make J explode.",
)
ITERATIONS = Number("iters", "Maximum iterations", 1, 50000, 500, step=1)
STANDARDIZE = Toggle(
    "standardize", "Standardize features", help="Rescale every feature to mean 0, sd 1."
)
MOMENTUM = Number("momentum", "Momentum β", 0.0, 0.95, 0.0, step=0.01)
BATCH = Number("batch", "Batch size (0 = all samples)", 0, 2000, 0, step=1)
START = Choice(
    "start",
    "Start point",
    ("zeros", "mirror"),
    "zeros",
    {"zeros": "all weights 0", "mirror": "mirror image of w*"},
)
CLICKED_START = Point(
    "from",
    "Start point clicked on the bowl",
    1e9,
    help="The two plotted weights of a start point chosen on the chart.",
)
COMPARE = Toggle(
    "compare",
    "Raw vs standardized",
    help="Below the chart: the same η rule (95% of each one's stability limit) and "
    "the same number of steps on the raw and on the standardized features.",
)
