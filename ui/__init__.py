"""Streamlit glue between the pages and the maths, as a map of the pages:

- frame/: what every page is drawn in (start, end, controls, cache, charts, data);
- server/: the server process around the scripts (start-up, request checks);
- descent/: the descent player and its settings (three pages);
- quiz/: questions and predict-then-run (three pages);
- start/, normal_equation/, theory/, timing/: the parts one page (or the two
  timing pages) needs.

Pages import from here; the maths stays in `solvers` and the drawing and the
words in `figures`."""
