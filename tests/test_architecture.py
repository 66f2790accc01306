"""Imports point one way: webapp -> archive -> comparison (ARCHITECTURE.md section 1)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("comparison", {"flask", "sqlalchemy", "plotly", "archive", "webapp"}),
        ("archive", {"flask", "plotly", "webapp"}),
    ],
)
def test_imports_point_one_way(module: str, forbidden: set[str]) -> None:
    loaded = _loaded_after_import(module)
    assert module in loaded
    assert not (loaded & forbidden), f"{module} pulls in {sorted(loaded & forbidden)}"
