"""Database fixtures: real SQLite files and a real, throwaway PostgreSQL cluster.

``database_url`` is parametrized over both databases; each test gets a fresh, migrated database
(SQLite: a copy of a migrated template file; PostgreSQL: ``CREATE DATABASE ... TEMPLATE``). The
cluster is started once per test session and xdist worker (tests/pgcluster.py). If it cannot be
started the PostgreSQL tests fail, unless YEARLINE_SKIP_POSTGRES=1 is set explicitly.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

import archive
from tests.pgcluster import PgCluster

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "archive" / "demo"
SEED = DEMO_DIR / "shenzhen-social-construction" / "2014.txt"
_db_counter = itertools.count()
# The seven counts of a comparison's summary (comparison/result.py's contract).
SUMMARY_KEYS = {"unchanged", "changed", "moved", "split", "merged", "new", "dropped"}
# Additive to the contract's seven: n:m groups (issue 12), counted like every other kind.
SUMMARY_ADDITIVE = {"restructured"}


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled demo loaded into a SQLite file with every consecutive comparison cached,
    built once per session and worker for the web, browser and export tests (copy it: it is
    read-only; see tests/webapp/conftest.py's ``DemoArchive``)."""
    from tests.webapp.conftest import build_demo_archive

    return build_demo_archive(tmp_path_factory.mktemp("demo-archive"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if os.environ.get("YEARLINE_SKIP_POSTGRES") == "1":
        pytest.skip("YEARLINE_SKIP_POSTGRES=1: PostgreSQL tests explicitly skipped")
    cluster = PgCluster()
    try:
        cluster.start()
    except Exception as exc:
        cluster.stop()
        pytest.fail(f"the throwaway PostgreSQL cluster did not start: {exc}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    """A migrated database to clone per test."""
    archive.upgrade_database(pg_cluster.create_database("yearline_template"))
    return "yearline_template"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    archive.upgrade_database(f"sqlite:///{path}")
    return path


def _fresh_sqlite(template: Path, tmp_path: Path) -> str:
    target = tmp_path / "yearline.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database: SQLite file or PostgreSQL database."""
    if request.param == "sqlite":
        yield _fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    name = f"yl_{os.getpid()}_{next(_db_counter)}"
    yield cluster.create_database(name, template=template)
    cluster.drop_database(name)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database (for tests that need only one database)."""
    return _fresh_sqlite(sqlite_template, tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Any]:
    eng = archive.make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Any) -> Iterator[Session]:
    with archive.session_factory(engine)() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> archive.BlobStore:
    return archive.BlobStore(tmp_path / "blobs")


@pytest.fixture
def import_plan(session: Session, store: archive.BlobStore) -> Callable[..., archive.ImportResult]:
    """Factory: ``import_plan(series=..., year=..., text=... | path=... | data=...)``, committed."""

    def _import(
        *,
        series: str = "test-series",
        year: int = 2014,
        text: str | None = None,
        path: Path | str | None = None,
        data: bytes | None = None,
        filename: str | None = None,
        commit: bool = True,
        **kwargs: Any,
    ) -> archive.ImportResult:
        if data is None:
            data = text.encode("utf-8") if text is not None else Path(path or SEED).read_bytes()
        name = filename or (Path(path).name if path else f"{series}-{year}.txt")
        result = archive.import_version(
            session, store, series=series, year=year, data=data, filename=name, **kwargs
        )
        if commit:
            session.commit()
        return result

    return _import


@pytest.fixture(scope="session")
def s3_server() -> Iterator[Any]:
    """A real S3-compatible server (moto's server mode, tests/s3server.py) for the session."""
    from tests.s3server import S3Server

    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh bucket on the S3 server, with the AWS_* variables pointing at it."""
    for key, value in s3_server.env().items():
        monkeypatch.setenv(key, value)
    name = f"yl-{next(_db_counter)}-{os.getpid()}"
    s3_server.client().create_bucket(Bucket=name)
    return name
