"""Alembic: upgrade head on an empty database, `alembic check` finds nothing, downgrade works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

import archive
from archive.migrate import alembic_config
from tests.pgcluster import PgCluster

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    name = f"mig_{tmp_path.name.replace('-', '_').lower()}"[:60]
    yield cluster.create_database(name)
    cluster.drop_database(name)


def _names(url: str) -> set[str]:
    engine = archive.make_engine(url)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            names = set(insp.get_table_names())
            if conn.dialect.name == "postgresql":
                names |= (
                    {i["name"] for i in insp.get_indexes("units")} if "units" in names else set()
                )
            return names
    finally:
        engine.dispose()


def test_upgrade_check_downgrade(empty_url: str) -> None:
    archive.upgrade_database(empty_url)
    names = _names(empty_url)
    assert {
        "series",
        "plans",
        "plan_versions",
        "units",
        "agencies",
        "unit_agencies",
        "audit_events",
        "users",
        "api_tokens",
        "comparison_cache",
    } <= names
    if empty_url.startswith("sqlite"):
        assert "units_fts" in names
    else:
        assert {"ix_units_trgm_text", "ix_units_trgm_title"} <= names
    command.check(alembic_config(empty_url))  # raises if models and migrations differ
    command.downgrade(alembic_config(empty_url), "base")
    assert _names(empty_url) <= {"alembic_version"}
    archive.upgrade_database(empty_url)  # and up again
    assert "plan_versions" in _names(empty_url)


def test_revisions_are_dated_and_have_a_downgrade() -> None:
    files = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    assert files
    for f in files:
        assert re.match(r"^\d{8}_\d{4}_[0-9a-f]+_\w+\.py$", f.name), f.name
        source = f.read_text(encoding="utf-8")
        assert "def downgrade() -> None:\n    pass" not in source


TABLE_PLAN = (
    "一、任务\n\n| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
    "| 1 | 推进改革。 | 市发改委、市财政局 | 市统计局 | 2024年底 |\n"
)  # synthetic


def test_agency_roles_revision_round_trip(tmp_path: Path) -> None:
    """0579cfa07e6a: supporting agencies and due dates are stored; downgrade removes them
    (supporting rows deleted, not turned into leads) and keeps the units' search triggers."""
    url = f"sqlite:///{tmp_path / 'roles.sqlite3'}"
    archive.upgrade_database(url)
    engine = archive.make_engine(url)
    try:
        with archive.session_factory(engine)() as session:
            store = archive.BlobStore(tmp_path / "blobs")
            archive.import_version(
                session, store, series="s", year=2024, data=TABLE_PLAN.encode(), filename="t.md"
            )
            session.commit()
            doc = archive.get_plan(session, series="s", year=2024).document
        item = doc.unit("s1.i1")
        assert (item.lead_units, item.support_units, item.due) == (
            ("市发改委", "市财政局"), ("市统计局",), "2024年底"
        )  # fmt: skip
    finally:
        engine.dispose()
    command.downgrade(alembic_config(url), "0579cfa07e6a-1")  # below this revision
    engine = archive.make_engine(url)
    try:
        insp = sa.inspect(engine)
        assert "role" not in {c["name"] for c in insp.get_columns("unit_agencies")}
        assert "due" not in {c["name"] for c in insp.get_columns("units")}
        with engine.connect() as conn:
            printed = set(conn.execute(sa.text("SELECT printed FROM unit_agencies")).scalars())
            triggers = set(conn.execute(sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )).scalars())  # fmt: skip
        assert printed == {"市发改委", "市财政局"}  # the supporting row is gone, not a lead now
        assert {"units_fts_ai", "units_fts_ad", "units_fts_au"} <= triggers
    finally:
        engine.dispose()
    archive.upgrade_database(url)


def test_token_expiry_revision_round_trip(empty_url: str) -> None:
    """c2a6f81d0e93: tokens made before it get the default lifetime from the upgrade on (none
    stops working at the upgrade); the downgrade deletes revoked and expired tokens, which
    would otherwise work again without the columns that stopped them."""
    from datetime import UTC, datetime, timedelta

    from archive.models import ApiToken

    config = alembic_config(empty_url)
    command.upgrade(config, "b7d3e91f4a20")
    engine = archive.make_engine(empty_url)
    try:
        made = datetime(2026, 1, 1, tzinfo=UTC)
        user = "INSERT INTO users (id, name, password_hash, role, created_at) "
        token = "INSERT INTO api_tokens (id, user_id, token_hash, created_at) "
        with engine.begin() as conn:
            conn.execute(sa.text(user + "VALUES (1, 'ed', 'x', 'editor', :at)"), {"at": made})
            for n in (1, 2, 3):
                values = {"n": n, "h": f"{n:064x}", "at": made}
                conn.execute(sa.text(token + "VALUES (:n, 1, :h, :at)"), values)
    finally:
        engine.dispose()
    before = datetime.now(UTC)
    archive.upgrade_database(empty_url)
    engine = archive.make_engine(empty_url)
    try:
        with archive.session_factory(engine)() as session:
            rows = session.scalars(sa.select(ApiToken).order_by("id")).all()
            assert [r.label for r in rows] == ["", "", ""]
            for r in rows:
                assert before + timedelta(days=89) < r.expires_at < before + timedelta(days=91)
                assert r.revoked_at is None
            rows[1].revoked_at = datetime.now(UTC)
            rows[2].expires_at = datetime.now(UTC) - timedelta(seconds=1)
            session.commit()
    finally:
        engine.dispose()
    command.downgrade(config, "b7d3e91f4a20")
    engine = archive.make_engine(empty_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT id FROM api_tokens")).scalars().all() == [1]
            columns = {c["name"] for c in sa.inspect(conn).get_columns("api_tokens")}
            assert not {"label", "expires_at", "revoked_at"} & columns
    finally:
        engine.dispose()
