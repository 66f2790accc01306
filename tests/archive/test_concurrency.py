"""Eight parallel ``yearline import`` processes into one plan: distinct versions, no failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

import archive
from archive import models as m
from tests.conftest import DEMO_DIR, SEED

FILES = [DEMO_DIR / "cn-national-gwr" / f"{y}.txt" for y in range(2015, 2023) if y != 2020]
FILES.append(DEMO_DIR / "cn-national-gwr" / "2023.txt")


def yearline_command() -> list[str]:
    script = Path(sys.executable).with_name("yearline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "webapp.cli"]


def test_eight_parallel_imports_get_distinct_versions(database_url: str, tmp_path: Path) -> None:
    assert len(FILES) == 8
    env = {
        **os.environ,
        "YEARLINE_DATABASE_URL": database_url,
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    procs = [
        subprocess.Popen(
            [
                *yearline_command(),
                "import",
                str(f),
                "--series",
                "race",
                "--year",
                "2015",
                "--format",
                "json",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in FILES
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    failures = [
        (p.returncode, err) for p, (_, err) in zip(procs, outputs, strict=True) if p.returncode
    ]
    assert failures == []
    results = [json.loads(out) for out, _ in outputs]
    assert sorted(r["version"] for r in results) == list(range(1, 9))
    assert all(r["created"] for r in results)
    engine = archive.make_engine(database_url)
    try:
        with archive.session_factory(engine)() as session:
            rows = session.execute(sa.select(m.PlanVersion.number, m.PlanVersion.sha256)).all()
            assert sorted(n for n, _ in rows) == list(range(1, 9))
            assert len({sha for _, sha in rows}) == 8
            store = archive.BlobStore(tmp_path / "blobs")
            assert archive.verify_fixity(session, store).ok
            assert archive.list_series(session)[0].years[0].current_version == 8
    finally:
        engine.dispose()


def test_parallel_imports_into_a_new_series_share_agencies(
    database_url: str, tmp_path: Path
) -> None:
    """Six sessions create one series, six plans and the same lead agencies at the same time."""
    import threading

    engine = archive.make_engine(database_url, pool_size=8)
    factory = archive.session_factory(engine)
    store = archive.BlobStore(tmp_path / "blobs")
    data = SEED.read_bytes()
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def work(year: int) -> None:
        try:
            with factory() as session:
                barrier.wait(timeout=60)
                archive.import_version(
                    session, store, series="fresh", year=year, data=data, filename="s.txt"
                )
                session.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(y,)) for y in range(2010, 2016)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    try:
        assert errors == []
        with factory() as session:
            info = archive.get_series(session, "fresh")
            assert [(y.year, y.current_version) for y in info.years] == [
                (y, 1) for y in range(2010, 2016)
            ]
            doc = archive.get_plan(session, series="fresh", year=2013).document
            names = {n for u in doc.units for n in u.lead_units}
            assert names  # the seed plan names its lead agencies: else 0 == 0 below
            agencies = session.scalar(sa.select(sa.func.count()).select_from(m.Agency))
            assert agencies == len({archive.units.agency_key(n) for n in names})
    finally:
        engine.dispose()


def test_writes_after_reads_survive_another_connections_commit(
    database_url: str, tmp_path: Path
) -> None:
    """A web request reads (its user, the series) before it writes; meanwhile another request
    commits. On SQLite that read snapshot cannot write, so the services restart a read-only
    transaction as a writer; a transaction that already wrote keeps its lock."""
    engine = archive.make_engine(database_url)
    factory = archive.session_factory(engine)
    store = archive.BlobStore(tmp_path / "blobs")
    data = SEED.read_bytes()
    try:
        with factory() as setup:
            user = archive.create_user(setup, name="ed", password="long enough", role="editor")
            archive.import_version(setup, store, series="s", year=2014, data=data, filename="a")
            setup.commit()
        with factory() as request, factory() as other:
            user = archive.get_user(request, name="ed")  # the request's snapshot starts here
            assert archive.get_plan(request, series="s", year=2014).version == 1
            archive.import_version(
                other, store, series="s", year=2015, data=data, filename="b", user="other"
            )
            other.commit()
            result = archive.import_version(
                request, store, series="s", year=2014, data=data + b"\n", filename="c", user=user
            )
            archive.record_audit(request, action="export", user=user, target="s/2014")
            request.commit()
            assert (result.version, result.created) == (2, True)
            assert user.name == "ed"  # still usable after the restart

            archive.list_series(request)  # read again, then another commit, then withdraw
            archive.record_audit(other, action="login", user="other")
            other.commit()
            archive.withdraw_version(
                request, series="s", year=2014, version=2, user=user, reason="test"
            )
            request.commit()
            assert archive.get_plan(other, series="s", year=2014).current_version == 1
    finally:
        engine.dispose()
