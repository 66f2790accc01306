"""A failed import leaves no rows and no blob; a committed one leaves both."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import archive
from archive import models as m
from tests.conftest import SEED

TABLES = (m.Series, m.Plan, m.PlanVersion, m.Unit, m.UnitAgency, m.AuditEvent)


def _counts(session) -> dict[str, int]:
    return {
        t.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(t)) for t in TABLES
    }


def _refuse_unit_inserts(session) -> None:
    """A real database failure after the parse succeeded: units cannot be inserted."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            sa.text(
                "CREATE TRIGGER refuse_units BEFORE INSERT ON units "
                "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
            )
        )
    else:
        session.execute(sa.text("ALTER TABLE units ADD CONSTRAINT refuse_units CHECK (false)"))
    session.commit()


def test_failure_after_parse_leaves_nothing(session, store) -> None:
    _refuse_unit_inserts(session)
    with pytest.raises(sa.exc.DBAPIError):
        archive.import_version(
            session, store, series="atomic", year=2014, data=SEED.read_bytes(), filename="s.txt"
        )
    session.rollback()
    assert set(_counts(session).values()) == {0}
    assert store.iter_shas() == []
    assert not store.root.exists() or not any(store.root.rglob("*.tmp*"))


def test_rollback_after_a_successful_import_leaves_no_blob(session, store) -> None:
    result = archive.import_version(
        session, store, series="atomic", year=2014, data=SEED.read_bytes(), filename="s.txt"
    )
    # readable inside the transaction, before the blob is written
    data, _, _ = archive.read_original(session, store, series="atomic", year=2014)
    assert data == SEED.read_bytes() and not store.exists(result.sha256)
    session.rollback()
    assert set(_counts(session).values()) == {0}
    assert store.iter_shas() == []


def test_commit_failure_after_blob_write_removes_the_new_blob(session, store) -> None:
    """If the flush at commit fails after the blobs were written, they are removed again."""
    result = archive.import_version(
        session, store, series="atomic", year=2014, data=SEED.read_bytes(), filename="s.txt"
    )
    session.add(m.Plan(series_id=10_000_000, year=1999))  # FK violation, flushed inside commit()
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()
    session.rollback()
    assert not store.exists(result.sha256)
    assert set(_counts(session).values()) == {0}


def test_commit_writes_the_blob_and_a_shared_blob_survives_a_failed_import(session, store) -> None:
    data = SEED.read_bytes()
    first = archive.import_version(
        session, store, series="atomic", year=2014, data=data, filename="s.txt"
    )
    session.commit()
    assert store.verify(first.sha256)
    archive.import_version(session, store, series="atomic", year=2015, data=data, filename="s.txt")
    session.rollback()  # the blob is referenced by the committed 2014 version: it stays
    assert store.verify(first.sha256)
    assert _counts(session)["plan_versions"] == 1
