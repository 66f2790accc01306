"""create_app honours the test mapping and the environment (flaskr's test_factory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp import config, create_app


def test_reading_the_config_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("YEARLINE_SECRET_KEY", raising=False)
    assert config.from_env()["SECRET_KEY"] is None
    assert not (tmp_path / "inst").exists()  # the CLI's commands never create an instance folder


def test_the_app_keeps_one_instance_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("YEARLINE_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    first = create_app({"DATABASE_URL": url}).config["SECRET_KEY"]
    assert len(first) == 64 and (tmp_path / "inst" / "secret_key").read_text() == first
    assert create_app({"DATABASE_URL": url}).config["SECRET_KEY"] == first  # survives restarts


def test_env_and_mapping_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEARLINE_SECRET_KEY", "from-env")
    monkeypatch.setenv("YEARLINE_ANONYMOUS_READ", "off")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "TESTING": True})
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["ANONYMOUS_READ"] is False and app.testing


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("2", "2")])
def test_openblas_runs_one_thread_unless_told_otherwise(given: str | None, expected: str) -> None:
    """Importing the app (every `yearline` command, wsgi.py) sets OpenBLAS to one thread before
    numpy loads; an explicit setting is kept. Checked in a fresh interpreter, where webapp is
    imported before numpy as the CLI and wsgi.py import it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import sys, os, webapp; assert 'numpy' not in sys.modules; "
    code += "print(os.environ['OPENBLAS_NUM_THREADS'])"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected
