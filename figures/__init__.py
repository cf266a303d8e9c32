"""Pure figure builders: arrays and solver results in, plotly Figures out.

No streamlit here, so every chart can be built and checked in a test without a
browser. Colours, fonts and sizes come from `figures.style`.
"""
