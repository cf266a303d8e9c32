"""The app uses Streamlit's public API only: nothing imports streamlit.runtime (or
any other private module), so a Streamlit release cannot break it silently."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = {"streamlit", "streamlit.testing.v1", "streamlit.components.v2"}
# The wire protocol's messages, which ui/server/stream_guard.py checks before Streamlit
# stores them: the frontend's contract with the server, not its internals.
PUBLIC |= {"streamlit.proto.BackMsg_pb2", "streamlit.proto.ForwardMsg_pb2"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _app_files():
    files = [ROOT / "app.py"]
    for folder in ("pages", "ui", "figures", "solvers"):  # and their packages
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


@pytest.mark.parametrize("path", _app_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_public_streamlit_modules_are_imported(path):
    private = {
        name
        for name in _imports(path)
        if name.startswith("streamlit") and name not in PUBLIC
    }
    assert not private, f"{path.name} imports {sorted(private)}"
