"""The descent player (its code for the browser is in static/) and what drives it: the
gradient descent settings, the race's methods, the bowl's explanation, step-by-step
mode. Used by Start here, Gradient descent and Every road to w*."""
