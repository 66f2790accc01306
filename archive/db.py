"""Engine and session setup for SQLite (default) and PostgreSQL, and the declarative Base.

SQLite gets WAL, foreign keys, a busy timeout and SQLAlchemy's documented pysqlite workaround
(the driver's own BEGIN handling is disabled and we emit BEGIN ourselves), so that writers can
take the database lock up front with ``BEGIN IMMEDIATE`` (see :func:`begin_write`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransactionOrigin, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQLITE_BUSY_TIMEOUT_MS = 60_000
_BEGIN_OPTION = "yearline_sqlite_begin"
_WRITER = "yearline_writer"  # connection info: this transaction began IMMEDIATE
_CHANGES = "yearline_changes"  # connection info: sqlite3 total_changes at BEGIN

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def default_database_url() -> str:
    """The same rule as ``webapp.config``: a SQLite file in the instance folder."""
    inst = os.environ.get("YEARLINE_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    return f"sqlite:///{Path(inst) / 'yearline.sqlite3'}"


def database_url_from_env() -> str:
    return os.environ.get("YEARLINE_DATABASE_URL") or default_database_url()


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> sa.Engine:
    """Create an engine for ``url`` with Yearline's connection settings."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return sa.create_engine(url, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = sa.create_engine(url, **kwargs)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (pysqlite workaround)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())
        conn.info[_WRITER] = bool(mode)
        conn.info[_CHANGES] = _total_changes(conn)

    return engine


def session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _total_changes(conn: sa.Connection) -> int:
    changes: int = conn.connection.dbapi_connection.total_changes  # type: ignore[union-attr]
    return changes


def begin_write(session: Session) -> None:
    """Make the session's transaction a writer before it writes (SQLite; no-op on PostgreSQL).

    A fresh session begins with ``BEGIN IMMEDIATE``: concurrent writers then queue on the busy
    timeout. A transaction that has only read is restarted the same way, because SQLite cannot
    turn a read snapshot older than another connection's commit into a write ("database is
    locked"). A transaction that already wrote keeps its lock. PostgreSQL writers lock rows.
    """
    if not is_sqlite(session) or session.in_nested_transaction():
        return
    if session.in_transaction():
        conn = session.connection()
        trans = session.get_transaction()
        read_only = (
            trans is not None
            and trans.origin is SessionTransactionOrigin.AUTOBEGIN  # not inside `with begin()`
            and not conn.info.get(_WRITER)
            and conn.info.get(_CHANGES) == _total_changes(conn)
            and not (session.new or session.dirty or session.deleted)
        )
        if not read_only:
            return
        session.rollback()  # nothing written: restart as a writer (loaded objects reload lazily)
    session.connection(execution_options={_BEGIN_OPTION: "IMMEDIATE"})
