"""Pure chart builders: arrays and solver results in, a `figures.chart.Chart` out
(the plotly figure, what it shows in words, its numbers), one builder per chart.

No streamlit here, so every chart can be built and checked in a test without a
browser. Colours, fonts and sizes come from `figures.style`.

`solvers` return numbers and statuses, never sentences; each topic's module here
holds its sentences next to its pictures, as functions of those results
(``describe_*``, ``explain_*``): `descent` (how a run ended), `normal_equation`
(why the solve was refused), `ridge` (the λ = 0 verdict, the conditioning),
`timing` and `roads` (the machine, progress, cheaper settings), `data` (the
presets' names and stories), tested in ``tests/test_figures_<topic>.py``.
"""

# plotly finds numpy and pandas with a look-up in sys.modules that does not wait
# for an import under way in another thread: two sessions starting at once on a
# fresh server would let one of them see a half-imported pandas. Plain imports
# first do wait, so every plotly import below sees both modules whole.
import numpy  # noqa: F401
import pandas  # noqa: F401
