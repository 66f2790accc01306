"""Small dialect helpers shared by the service modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(
    session: Session, model: Any, rows: Sequence[dict[str, Any]], conflict: Sequence[str]
) -> None:
    """INSERT ... ON CONFLICT (conflict) DO NOTHING, on SQLite and PostgreSQL.

    Concurrent writers creating the same row (a series, a plan, an agency) then neither fail nor
    duplicate it: PostgreSQL waits for the other transaction and skips the row.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(model).on_conflict_do_nothing(index_elements=list(conflict))
    elif dialect == "sqlite":
        stmt = sqlite.insert(model).on_conflict_do_nothing(index_elements=list(conflict))
    else:  # pragma: no cover - other databases are not supported
        raise NotImplementedError(dialect)
    session.execute(stmt, list(rows))


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
