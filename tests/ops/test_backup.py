"""``yearline dump`` / ``yearline restore``: every table covered, SQLite -> PostgreSQL -> SQLite
rebuilds the archive exactly, and a corrupt or incomplete dump is refused with nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from archive import backup
from archive import models as m
from archive.db import Base
from tests.ops.helpers import seed_variant


def _fill(url: str, blobs: Path) -> None:
    """An archive with every kind of row: series, versions (one withdrawn), units, agencies,
    users, a token, audit events, an analyst's decision and its undo, a job record and cache
    rows."""
    engine = archive.make_engine(url)
    store = archive.BlobStore(blobs)
    try:
        with archive.session_factory(engine)() as s:
            for year in (2014, 2015, 2016):
                archive.import_version(s, store, series="backup-series", year=year,
                                       data=seed_variant(year).encode(), filename=f"{year}.txt",
                                       user="alice", note=f"note {year}")  # fmt: skip
            again = seed_variant(2016).encode() + b"\n"
            archive.import_version(
                s, store, series="backup-series", year=2016, data=again, filename="v2.txt"
            )
            s.commit()
            archive.withdraw_version(s, series="backup-series", year=2016, version=2,
                                     reason="duplicate", user="alice")  # fmt: skip
            user = archive.create_user(s, name="alice", password="pw-alice-123456", role="editor")
            s.flush()
            archive.create_api_token(s, user=user)
            archive.record_audit(s, action="login", user="alice", detail={"ip": "127.0.0.1"})
            proposal = archive.Proposal(2014, 2015, "confirm", ("s1",), ("s1",), "why")
            decided = archive.record_decision(
                s, series="backup-series", proposal=proposal, user=user
            )
            archive.undo_decision(s, series="backup-series", decision_id=decided.id, user=user)
            archive.get_timeline(s, series="backup-series")
            s.commit()
    finally:
        engine.dispose()


def _snapshot(url: str) -> dict[str, list[dict]]:
    engine = archive.make_engine(url)
    try:
        with archive.session_factory(engine)() as s:
            return {t.name: list(backup._rows(s, t)) for t in backup.dumped_tables()}
    finally:
        engine.dispose()


def _dump(url: str, blobs: Path, target: Path) -> backup.DumpSummary:
    engine = archive.make_engine(url)
    try:
        with archive.session_factory(engine)() as s:
            return backup.dump_archive(s, archive.BlobStore(blobs), target)
    finally:
        engine.dispose()


def _restore(url: str, blobs: Path, source: Path) -> backup.DumpSummary:
    engine = archive.make_engine(url)
    try:
        with archive.session_factory(engine)() as s:
            summary = backup.restore_archive(s, archive.BlobStore(blobs), source)
            s.commit()
            return summary
    finally:
        engine.dispose()


def test_every_table_is_dumped_or_excluded_with_a_reason() -> None:
    dumped = {t.name for t in backup.dumped_tables()}
    for table in Base.metadata.sorted_tables:
        assert (table.name in dumped) != (table.name in backup.EXCLUDED), table.name
    assert all(reason.strip() for reason in backup.EXCLUDED.values())
    assert {"series", "plans", "plan_versions", "units", "users", "audit_events"} <= dumped
    assert set(backup.EXCLUDED) <= {t.name for t in Base.metadata.sorted_tables}


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_rebuilds_exactly(
    sqlite_template: Path, pg_cluster, pg_template, tmp_path: Path
) -> None:
    src = f"sqlite:///{tmp_path / 'src.sqlite3'}"
    shutil.copyfile(sqlite_template, tmp_path / "src.sqlite3")
    _fill(src, tmp_path / "blobs-src")
    original = _snapshot(src)
    assert all(original[name] for name in original), [n for n, r in original.items() if not r]

    summary = _dump(src, tmp_path / "blobs-src", tmp_path / "dump1")
    assert summary.blobs == 4 and summary.tables["plan_versions"] == 4
    manifest = json.loads((tmp_path / "dump1" / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(original)
    assert all("password_hash" not in row for row in original["users"])

    pg = pg_cluster.create_database("yl_restore_target", template=pg_template)
    try:
        _restore(pg, tmp_path / "blobs-pg", tmp_path / "dump1")
        assert _snapshot(pg) == original
        _dump(pg, tmp_path / "blobs-pg", tmp_path / "dump2")
        engine = archive.make_engine(pg)
        with archive.session_factory(engine)() as s:
            store = archive.BlobStore(tmp_path / "blobs-pg")
            assert archive.verify_fixity(s, store).ok  # the originals came back
            # the restored user cannot sign in with a password the dump never held
            assert archive.authenticate(s, name="alice", password="pw-alice-123456") is None
            # new rows get fresh ids past the restored ones (sequences moved on)
            data = seed_variant(2017).encode()
            archive.import_version(
                s, store, series="backup-series", year=2017, data=data, filename="n.txt"
            )
            s.commit()
            assert len(archive.get_series(s, "backup-series").years) == 4
        engine.dispose()
    finally:
        pg_cluster.drop_database("yl_restore_target")

    back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    shutil.copyfile(sqlite_template, tmp_path / "back.sqlite3")
    _restore(back, tmp_path / "blobs-back", tmp_path / "dump2")
    rows = _snapshot(back)
    assert rows == original
    assert (tmp_path / "dump1" / "tables").is_dir()
    for table in original:  # byte for byte the same dump from either database
        one = (tmp_path / "dump1" / "tables" / f"{table}.jsonl").read_bytes()
        assert one == (tmp_path / "dump2" / "tables" / f"{table}.jsonl").read_bytes(), table


def test_corrupt_or_incomplete_dumps_are_refused_and_nothing_is_written(
    sqlite_url: str, sqlite_template: Path, tmp_path: Path
) -> None:
    _fill(sqlite_url, tmp_path / "blobs")
    _dump(sqlite_url, tmp_path / "blobs", tmp_path / "good")
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    shutil.copyfile(sqlite_template, tmp_path / "target.sqlite3")
    empty = _snapshot(target)

    def broken(name: str, damage) -> Path:
        path = tmp_path / name
        shutil.copytree(tmp_path / "good", path)
        damage(path)
        return path

    blob_rel = next(p for p in (tmp_path / "good" / "blobs").rglob("*") if p.is_file())
    rel = blob_rel.relative_to(tmp_path / "good")
    cases = {
        "corrupt": (
            lambda p: (p / "tables" / "units.jsonl").write_text(
                (p / "tables" / "units.jsonl").read_text().replace("推进", "推翻", 1)
            ),
            "units.jsonl does not match its SHA-256",
        ),
        "missing-blob": (lambda p: (p / rel).unlink(), "is missing"),
        "corrupt-blob": (lambda p: (p / rel).write_bytes(b"rot"), "does not match"),
        "manifest": (
            lambda p: (p / "manifest.json").write_text(
                (p / "manifest.json").read_text().replace('"users": 1', '"users": 2')
            ),
            "manifest.json does not match",
        ),
        "no-hash": (lambda p: (p / "manifest.json.sha256").unlink(), "incomplete"),
        "not-a-dump": (lambda p: (p / "manifest.json").unlink(), "not a Yearline dump"),
    }
    for name, (damage, message) in cases.items():
        with pytest.raises(backup.BackupError, match=message):
            _restore(target, tmp_path / f"blobs-{name}", broken(name, damage))
        assert _snapshot(target) == empty, name
        assert not (tmp_path / f"blobs-{name}").exists() or not any(
            (tmp_path / f"blobs-{name}").rglob("*")
        ), name

    # into a database that already holds an archive: refused, nothing added
    before = _snapshot(sqlite_url)
    with pytest.raises(backup.BackupError, match="not empty"):
        _restore(sqlite_url, tmp_path / "blobs", tmp_path / "good")
    assert _snapshot(sqlite_url) == before
    with pytest.raises(backup.BackupError, match="must be new or empty"):
        _dump(sqlite_url, tmp_path / "blobs", tmp_path / "good")


def test_dump_refuses_a_missing_original(sqlite_url: str, tmp_path: Path) -> None:
    _fill(sqlite_url, tmp_path / "blobs")
    engine = archive.make_engine(sqlite_url)
    with archive.session_factory(engine)() as s:
        sha = s.scalars(sa.select(m.PlanVersion.sha256)).first()
    engine.dispose()
    path = archive.BlobStore(tmp_path / "blobs").path(sha)
    path.unlink()
    with pytest.raises(archive.NotFound, match=sha):
        _dump(sqlite_url, tmp_path / "blobs", tmp_path / "d")


def test_cli_dump_restore_and_a_new_password(sqlite_url: str, sqlite_template: Path, tmp_path):
    from click.testing import CliRunner

    from webapp.cli import main

    _fill(sqlite_url, tmp_path / "blobs")
    source = {"YEARLINE_DATABASE_URL": sqlite_url, "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
              "YEARLINE_INSTANCE_PATH": str(tmp_path / "inst")}  # fmt: skip
    dumped = CliRunner(env=source).invoke(main, ["dump", str(tmp_path / "d"), "--format", "json"])
    assert dumped.exit_code == 0, dumped.output
    assert json.loads(dumped.stdout)["blobs"] == 4
    shutil.copyfile(sqlite_template, tmp_path / "new.sqlite3")
    target = {**source, "YEARLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
              "YEARLINE_DATA_DIR": str(tmp_path / "blobs-new")}  # fmt: skip
    runner = CliRunner(env=target)
    restored = runner.invoke(main, ["restore", str(tmp_path / "d")])
    assert restored.exit_code == 0 and "restored" in restored.stdout
    again = runner.invoke(main, ["restore", str(tmp_path / "d")])
    assert again.exit_code == 1 and "not empty" in again.output
    short = runner.invoke(main, ["user", "passwd", "alice", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "at least 8" in short.output
    changed = runner.invoke(
        main, ["user", "passwd", "alice", "--password-stdin"], input="new-pass-4567\n"
    )
    assert changed.exit_code == 0, changed.output
    engine = archive.make_engine(target["YEARLINE_DATABASE_URL"])
    with archive.session_factory(engine)() as s:
        assert archive.authenticate(s, name="alice", password="new-pass-4567") is not None
    engine.dispose()


def test_a_dump_knows_every_table_even_when_imported_alone() -> None:
    """archive's names load lazily: the dump (and Alembic's env) must register every table
    themselves, or a fresh process would leave the decisions out of a dump."""
    import subprocess
    import sys

    code = "import archive.backup as b; print(sorted(t.name for t in b.dumped_tables()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'decisions'" in out.stdout and "'plan_versions'" in out.stdout
