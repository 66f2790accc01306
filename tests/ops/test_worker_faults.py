"""A worker SIGKILLed in the middle of a job loses no job: another worker process runs it again,
and the cache holds neither duplicate nor half-written rows. Real processes (``yearline worker``)
against the suite's PostgreSQL."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from archive import jobs
from archive import models as m
from comparison import Comparison
from tests.ops.helpers import seed_variant

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
YEARS = list(range(2010, 2017))  # 7 years: 21 pairs per series
SERIES = ("fault-a", "fault-b")


def _worker(url: str, tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "YEARLINE_DATABASE_URL": url,
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "inst"),
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
    }
    with (tmp_path / f"{name}.log").open("wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "worker", "--heartbeat", "0.5",
             "--stalled-after", "3"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_sigkilled_worker_loses_no_job_and_leaves_no_bad_cache_row(
    pg_queue_url: str, tmp_path: Path
) -> None:
    url = pg_queue_url
    engine = archive.make_engine(url)
    sessions = archive.session_factory(engine)
    store = archive.BlobStore(tmp_path / "blobs")
    with sessions() as s:
        for slug, year in itertools.product(SERIES, YEARS):
            data = seed_variant(year).encode()
            archive.import_version(s, store, series=slug, year=year, data=data, filename="p.txt")
        s.commit()
    queue = jobs.JobQueue(url, sessions)
    try:
        ids = [queue.submit("warm", {"series": slug}, label=slug) for slug in SERIES]
    finally:
        queue.close()

    def job(i: int) -> jobs.JobInfo:
        with sessions() as s:
            return jobs.get_job(s, i)

    victim = _worker(url, tmp_path, "victim")
    survivor = None
    try:
        # the victim takes the first job and gets a few comparisons into it
        _wait(lambda: job(ids[0]).state == "doing" and job(ids[0]).done >= 3, 180, "progress")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        with sessions() as s:
            doing = s.execute(sa.text("SELECT count(*) FROM procrastinate_jobs "
                                      "WHERE status = 'doing'")).scalar()  # fmt: skip
            # Each comparison commits its cache row, then reports progress in a second
            # transaction: a kill between the two leaves one more row than `done` says.
            cached = s.execute(sa.select(sa.func.count()).select_from(m.ComparisonCache)).scalar()
        assert doing == 1  # the killed worker's job is stuck in `doing`, for now
        partial, steps = job(ids[0]).done, job(ids[0]).total
        assert 0 < partial < steps
        assert partial <= cached <= partial + 1
        killed_at = time.monotonic()
        survivor = _worker(url, tmp_path, "survivor")
        _wait(lambda: all(job(i).state == "succeeded" for i in ids), 400, "both jobs done")
    finally:
        for proc in (victim, survivor):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
    first = job(ids[0])
    assert first.total == steps - cached  # the retry skipped the comparisons already cached
    print(f"killed at {partial}/{steps} steps; both jobs done "
          f"{time.monotonic() - killed_at:.1f} s after the kill")  # fmt: skip
    assert first.attempts == 2  # run again after the kill ...
    assert job(ids[1]).attempts == 1  # ... and the job nobody had started, once
    log = (tmp_path / "survivor.log").read_text(errors="replace")
    assert "put back in the queue" in log
    with sessions() as s:
        rows = s.execute(
            sa.select(
                m.ComparisonCache.version_a_id,
                m.ComparisonCache.version_b_id,
                m.ComparisonCache.engine_version,
                m.ComparisonCache.result,
            )
        ).all()
        keys = [(a, b, e) for a, b, e, _ in rows]
        assert len(keys) == len(set(keys)) == 2 * 21  # every pair once, none twice
        for *_key, result in rows:  # every row whole: it decodes as a Comparison
            assert Comparison.from_dict(result).summary
        report = [r.as_dict() for r in jobs.cache_report(s)]
    assert all(r["cached_pairs"] == r["pairs"] == 21 and r["timeline_cached"] for r in report)
    engine.dispose()
