"""The gradient descent controls, declared once for every page that offers them."""

from ui.controls import Choice, Number, Toggle, log_options

LEARNING_RATE = Choice(
    "lr",
    "Learning rate η",
    log_options(-5, 1),
    0.1,
    help="Step size. Steps larger than the stability limit 2/λ_max make J explode.",
)
ITERATIONS = Number("iters", "Maximum iterations", 1, 20000, 500, step=10)
STANDARDIZE = Toggle(
    "standardize", "Standardize features", help="Rescale every feature to mean 0, sd 1."
)
MOMENTUM = Number("momentum", "Momentum β", 0.0, 0.95, 0.0, step=0.05)
BATCH = Number("batch", "Batch size (0 = all samples)", 0, 2000, 0, step=1)
START = Choice(
    "start",
    "Start point",
    ("zeros", "mirror"),
    "zeros",
    {"zeros": "all weights 0", "mirror": "mirror image of w*"},
)
