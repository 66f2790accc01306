"""Alembic environment: archive's metadata, URL from YEARLINE_DATABASE_URL, batch mode on SQLite.

The full-text objects (SQLite FTS5 ``units_fts*`` and its triggers, PostgreSQL ``pg_trgm``
indexes) are created by hand in the migrations and kept out of autogenerate's comparison.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context

import archive.decisions
import archive.models  # noqa: F401  (registers the tables on Base.metadata)
from archive.db import Base, database_url_from_env, make_engine, normalise_url

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata
HAND_MADE_PREFIXES = ("units_fts", "ix_units_trgm")
# procrastinate's queue tables (`yearline init` creates them on PostgreSQL) are not the archive's.
FOREIGN_PREFIXES = ("procrastinate_",)


def _url() -> str:
    return normalise_url(config.attributes.get("url") or database_url_from_env())


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (name or "").startswith(HAND_MADE_PREFIXES + FOREIGN_PREFIXES)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    return not (name or "").startswith(HAND_MADE_PREFIXES + FOREIGN_PREFIXES)


def process_revision_directives(context_: Any, revision: Any, directives: list[Any]) -> None:
    """Do not write an empty revision when autogenerate finds no change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_object=include_object,
        include_name=include_name,
        compare_type=True,
        process_revision_directives=process_revision_directives,
        **kwargs,
    )


def run_migrations_offline() -> None:
    url = _url()
    _configure(url=url, literal_binds=True, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
