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
