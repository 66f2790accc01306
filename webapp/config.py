"""Configuration: defaults, overlaid by environment variables (YEARLINE_*), then a test mapping.

Every key here is documented in the README's configuration table (a test checks it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    """The instance folder: YEARLINE_INSTANCE_PATH, else ``instance/`` beside the packages."""
    return Path(os.environ.get("YEARLINE_INSTANCE_PATH") or PROJECT_ROOT / "instance")


def default_database_url() -> str:
    return f"sqlite:///{instance_path() / 'yearline.sqlite3'}"


def from_env() -> dict[str, Any]:
    """Read the YEARLINE_* environment variables into a config mapping."""
    inst = instance_path()
    env = os.environ.get
    return {
        "DATABASE_URL": env("YEARLINE_DATABASE_URL") or default_database_url(),
        "DATA_DIR": env("YEARLINE_DATA_DIR") or str(inst / "blobs"),
        "BLOB_URL": env("YEARLINE_BLOB_URL") or None,  # None: DATA_DIR on the local disk
        "JOBS": env("YEARLINE_JOBS") or "auto",
        # the embedded queue (SQLite): how often a web process marks its jobs alive, and after
        # how long without a sign of life another one takes them over
        "JOB_HEARTBEAT": float(env("YEARLINE_JOB_HEARTBEAT") or 10),
        "JOB_STALE_AFTER": float(env("YEARLINE_JOB_STALE_AFTER") or 30),
        # a series export that has to go through more units than this is made by a job
        "EXPORT_INLINE_UNITS": int(env("YEARLINE_EXPORT_INLINE_UNITS") or 1000),
        "SECRET_KEY": env("YEARLINE_SECRET_KEY") or None,  # None: create_app makes one
        "MAX_UPLOAD_BYTES": int(env("YEARLINE_MAX_UPLOAD_BYTES") or 20 * 1024 * 1024),
        "ANONYMOUS_READ": _flag(env("YEARLINE_ANONYMOUS_READ"), default=True),
        "SESSION_COOKIE_SECURE": _flag(env("YEARLINE_SECURE_COOKIES"), default=False),
    }


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret(inst: Path) -> str:
    """A per-instance random secret, created once, so sessions survive restarts without config."""
    path = inst / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        import secrets

        inst.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key
