"""A small class opens the same lesson link at the same moment: every session
renders the page, none shows an exception or times out.

The numbers are printed (run with -s to see them), never asserted: they depend on
the machine. `python benchmarks/load_test.py` is the full-size measurement.
"""

from benchmarks.load_test import LESSON, run_load

SESSIONS = 6


def test_simultaneous_sessions_all_render_without_errors(streamlit_server):
    # The fixture stops the server on any outcome; run_load closes its browsers.
    result = run_load(streamlit_server, SESSIONS, path=LESSON, timeout_s=90)
    print(f"\nload test /{LESSON}: {result.summary()}")
    assert result.errors == []
    assert len(result.drawn) == SESSIONS
