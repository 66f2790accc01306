"""The embedded queue (SQLite) loses no job when its web process dies: the jobs a killed process
queued or was running are taken over by the next process's sweep -- by exactly one of them --
and finish. Real ``yearline serve`` processes, a real SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from archive import models as m
from archive.jobs import local
from tests.webapp.conftest import DEMO, seed_archive

ROOT = Path(__file__).resolve().parents[2]
SERIES = "hailar-district-gwr"
EARLIER = [(SERIES, y) for y in range(2012, 2019)]  # 7 years; the upload adds 2019


def _sessions(url: str):
    return archive.session_factory(archive.make_engine(url))


def _row(url: str, **fields) -> int:
    with _sessions(url)() as s:
        row = m.JobRecord(task="warm", args={"series": SERIES}, label=SERIES, **fields)
        s.add(row)
        s.commit()
        return row.id


def test_a_dead_owner_is_told_from_a_live_or_silent_one(sqlite_url: str) -> None:
    sessions = _sessions(sqlite_url)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        owner = local._owner_for(sleeper.pid)
        assert local.owner_alive(owner) is True
        now = datetime.now(UTC)
        held = _row(sqlite_url, state="doing", owner=owner, heartbeat_at=now)
        far = _row(sqlite_url, state="queued", owner="elsewhere:12:34", heartbeat_at=now)
        assert local.find_stale(sessions, stale_after=30) == []  # alive, and fresh
        sleeper.kill()
        sleeper.wait()
        assert local.owner_alive(owner) is False
    finally:
        if sleeper.poll() is None:
            sleeper.kill()
    # a recycled pid is told apart by its start time
    assert local.owner_alive(f"{socket.gethostname()}:{os.getpid()}:1") is False
    assert local.owner_alive(local.current_owner()) is True
    stale = local.find_stale(sessions, stale_after=30)
    assert [(j.id, j.reason) for j in stale] == [(held, "dead")]
    with sessions() as s:  # another host's process, silent for a minute
        s.execute(sa.update(m.JobRecord).where(m.JobRecord.id == far)
                  .values(heartbeat_at=now - timedelta(seconds=60)))  # fmt: skip
        s.commit()
    stale = local.find_stale(sessions, stale_after=30)
    assert sorted((j.id, j.reason) for j in stale) == [(held, "dead"), (far, "silent")]
    # several processes sweep at once: each job goes to exactly one of them
    wins: list[tuple[int, str]] = []
    barrier = threading.Barrier(4)

    def sweep(me: str) -> None:
        barrier.wait()
        for job in stale:
            if local.take_over(sessions, job, stale_after=30, me=me):
                wins.append((job.id, me))

    threads = [threading.Thread(target=sweep, args=(f"h:{i}:0",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(i for i, _ in wins) == sorted([held, far])
    with sessions() as s:
        owners = dict(s.execute(sa.select(m.JobRecord.id, m.JobRecord.owner)).all())
    assert all(owners[i] == me for i, me in wins)
    # the runner that lost its job stops at its next step instead of running on beside the new one
    from archive.jobs.work import _update

    with pytest.raises(local.JobTakenOver):
        _update(sessions, held, owner, done=1)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawn(url: str, tmp_path: Path, name: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _port()
    env = {
        **os.environ,
        "YEARLINE_DATABASE_URL": url,
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "instance"),
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),
        "YEARLINE_SECRET_KEY": "recovery-test",
        "YEARLINE_JOB_HEARTBEAT": "0.5",
        "YEARLINE_JOB_STALE_AFTER": "3",
    }
    with (tmp_path / f"{name}.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "serve", "--port", str(port), "--no-access-log"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return proc, port


def _ready(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/series", timeout=5):
                return
        except OSError:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"{log.stem} did not answer in 60 s"
            time.sleep(0.2)


def _job(port: int, job_id: int) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/jobs/{job_id}",
                                 headers={"Accept-Language": "zh"})  # fmt: skip
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_jobs_of_a_sigkilled_web_process_are_finished_by_the_next(sqlite_template, tmp_path):
    url, tokens = seed_archive(
        sqlite_template, tmp_path, plans=EARLIER, users=[("ed", "editor")], tokens=True
    )
    sessions = _sessions(url)
    victim, port = _spawn(url, tmp_path, "victim")
    _ready(victim, port, tmp_path / "victim.log")
    heirs: list[subprocess.Popen[bytes]] = []
    try:
        data = (DEMO / SERIES / "2019.txt").read_bytes()
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/series/{SERIES}/2019/versions?filename=2019.txt",
            data=data, method="POST",
            headers={"Authorization": f"Bearer {tokens['ed']}", "Content-Type": "text/plain"},
        )  # fmt: skip
        with urllib.request.urlopen(req, timeout=60) as r:
            assert r.status == 201
            job_id = int(r.headers["Yearline-Job"].rsplit("/", 1)[-1])
        # the victim's thread compares 2019 with the 7 other years: kill it a step in
        _wait(lambda: _job(port, job_id)["progress"]["done"] >= 1, 120, "the first step")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        with sessions() as s:
            row = s.get(m.JobRecord, job_id)
            assert row is not None and row.state == "doing" and row.attempts == 1
            dead_owner, partial, steps = row.owner, row.done, row.total
        assert dead_owner and dead_owner.split(":")[1] == str(victim.pid)
        assert 0 < partial < steps == 8  # 7 comparisons and the timeline
        # two new servers start at once; both sweep, one takes the job over
        started = time.monotonic()
        spawned = [_spawn(url, tmp_path, f"heir{i}") for i in range(2)]
        heirs = [proc for proc, _ in spawned]
        for i, (proc, p) in enumerate(spawned):
            _ready(proc, p, tmp_path / f"heir{i}.log")
        port = spawned[0][1]
        _wait(lambda: _job(port, job_id)["state"] == "succeeded", 300, "the job to finish")
        took = time.monotonic() - started
    finally:
        for proc in (victim, *heirs):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
    job = _job_from_db(sessions, job_id)
    print(f"killed at {partial}/{steps}; finished {took:.1f} s after the heirs started")
    assert job.attempts == 2  # run once more: not by both heirs
    assert job.owner != dead_owner and job.message_key == "warm.timeline"
    logs = [(tmp_path / f"heir{i}.log").read_text(errors="replace") for i in range(2)]
    assert sum(f"job {job_id} of a stopped process" in log for log in logs) == 1
    with sessions() as s:
        keys = s.execute(sa.select(m.ComparisonCache.version_a_id,
                                   m.ComparisonCache.version_b_id)).all()  # fmt: skip
        from archive.jobs import cache_report

        report = cache_report(s, SERIES)[0]
    assert len(keys) == len(set(keys))  # no pair cached twice
    assert report.timeline_cached and all(2019 not in p for p in report.missing)


def _job_from_db(sessions, job_id: int) -> m.JobRecord:
    with sessions() as s:
        row = s.get(m.JobRecord, job_id)
        assert row is not None
        s.expunge(row)
        return row
