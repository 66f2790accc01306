"""Run the Alembic migrations shipped with the project (``migrations/`` beside the packages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.db import PROJECT_ROOT, normalise_url

if TYPE_CHECKING:
    from alembic.config import Config
# alembic is imported when a migration runs, not by every `yearline` command (start-up time)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the project's migrations, optionally bound to ``url``."""
    from alembic.config import Config

    ini = PROJECT_ROOT / "alembic.ini"
    script_location = PROJECT_ROOT / "migrations"
    if not script_location.is_dir():
        raise FileNotFoundError(f"migrations not found at {script_location}")
    cfg = Config(str(ini)) if ini.is_file() else Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["configure_logger"] = False  # leave the host program's logging alone
    if url is not None:
        cfg.attributes["url"] = normalise_url(url)
    return cfg


def upgrade_database(url: str | None = None, revision: str = "head") -> None:
    """``alembic upgrade head`` on ``url`` (default: YEARLINE_DATABASE_URL or the instance file)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade_database(url: str | None = None, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


__all__ = ["alembic_config", "downgrade_database", "upgrade_database"]
