"""Jobs: the cache overview, warming a series step by step, and the queues that run the jobs
(in-process on SQLite; procrastinate with a real worker on PostgreSQL)."""

from __future__ import annotations

import itertools
import tempfile
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from archive import jobs
from archive import models as m
from tests.ops.helpers import seed_variant

YEARS = (2014, 2015, 2016, 2017)


@pytest.fixture
def series(import_plan) -> str:
    for year in YEARS:
        import_plan(series="jobs-series", year=year, text=seed_variant(year))
    return "jobs-series"


def _report(session, slug: str) -> dict:
    session.rollback()  # a fresh snapshot: the jobs wrote through other connections
    return jobs.cache_report(session, slug)[0].as_dict()


def test_cache_report_counts_pairs_and_timeline(session, series: str, engine) -> None:
    before = _report(session, series)
    assert before == {
        "series": series,
        "years": list(YEARS),
        "pairs": 6,
        "cached_pairs": 0,
        "timeline_cached": False,
    }
    archive.get_comparison(session, series=series, year_a=2014, year_b=2016)
    session.commit()
    assert _report(session, series)["cached_pairs"] == 1
    sessions = archive.session_factory(engine)
    seen: list[tuple[int, int, str]] = []
    computed, steps = jobs.warm_series(sessions, series, progress=lambda *a: seen.append(a))
    assert (computed, steps) == (5, 6)  # the pair cached already is skipped
    assert seen[0][:2] == (0, 6) and seen[-1][:2] == (6, 6)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    after = _report(session, series)
    assert after["cached_pairs"] == 6 and after["timeline_cached"]
    rows = session.execute(
        sa.select(m.ComparisonCache.version_a_id, m.ComparisonCache.version_b_id)
    ).all()
    assert len(rows) == len(set(rows)) == 6
    assert jobs.warm_series(sessions, series) == (0, 1)  # warm: nothing left to compute
    with pytest.raises(archive.NotFound):
        jobs.cache_report(session, "no-such-series")


def test_warm_after_import_compares_the_new_year_with_every_other(
    session, series: str, engine, import_plan
) -> None:
    sessions = archive.session_factory(engine)
    import_plan(series=series, year=2018, text=seed_variant(2018))
    computed, _ = jobs.warm_series(sessions, series, year=2018)
    assert computed == len(YEARS)
    session.rollback()
    report = jobs.cache_report(session, series)[0]
    # left: the pairs of the older years that are not neighbours (the timeline compared those)
    neighbours = set(itertools.pairwise(YEARS))
    assert set(report.missing) == set(itertools.combinations(YEARS, 2)) - neighbours
    assert report.timeline_cached


def test_inline_and_thread_queues_record_progress(session, series: str, engine) -> None:
    sessions = archive.session_factory(engine)
    url = engine.url.render_as_string(hide_password=False)
    inline = jobs.JobQueue(url, sessions, mode="inline")
    job_id = inline.submit("warm", {"series": series, "year": 2014}, label=series)
    info = jobs.get_job(session, job_id)
    assert info.state == "succeeded" and info.attempts == 1
    assert info.done == info.total == len(YEARS)  # three pairs with 2014, then the timeline
    threaded = jobs.JobQueue(url, sessions, mode="thread")
    second = threaded.submit("warm", {"series": series}, label=series)
    threaded.wait()
    session.rollback()
    done = jobs.get_job(session, second)
    assert done.state == "succeeded" and done.finished_at is not None
    assert _report(session, series)["cached_pairs"] == 6
    listed = [j.id for j in jobs.list_jobs(session)]
    assert listed[:2] == [second, job_id]
    failing = jobs.JobQueue(url, sessions, mode="inline")
    with pytest.raises(archive.NotFound):
        failing.submit("warm", {"series": "vanished"}, label="vanished")
    session.rollback()
    failed = jobs.list_jobs(session, limit=1)[0]
    assert failed.state == "failed" and "vanished" in failed.message
    with pytest.raises(archive.InvalidInput):
        inline.submit("no-such-task", {})


@pytest.mark.postgres
def test_procrastinate_queue_and_worker(pg_queue_url: str) -> None:
    url = pg_queue_url
    engine = archive.make_engine(url)
    sessions = archive.session_factory(engine)
    store = archive.BlobStore(Path(tempfile.mkdtemp(prefix="yl-blobs-")))
    series = "queued-series"
    with sessions() as session:
        for year in YEARS:
            data = seed_variant(year).encode()
            archive.import_version(
                session, store, series=series, year=year, data=data, filename=f"{year}.txt"
            )
        session.commit()
    queue = jobs.JobQueue(url, sessions)
    assert queue.distributed
    try:
        first = queue.submit("warm", {"series": series}, label=series, lock=f"warm:{series}")
        again = queue.submit("warm", {"series": series}, label=series, lock=f"warm:{series}")
    finally:
        queue.close()
    assert again == first  # one waiting warm job per series, however often it is asked for
    with sessions() as session:
        assert jobs.get_job(session, first).state == "queued"
    jobs.run_worker(url, burst=True)
    with sessions() as session:
        info = jobs.get_job(session, first)
        assert info.state == "succeeded" and info.done == info.total == 7
        assert _report(session, series)["cached_pairs"] == 6
    engine.dispose()


@pytest.mark.postgres
def test_a_worker_started_where_an_event_loop_runs(pg_queue_url: str) -> None:
    """run_worker from a thread that already runs an event loop (a notebook; Playwright's sync
    API, which the browser tests hold open in the same process) runs the worker on a thread of
    its own instead of failing in asyncio.run."""
    import asyncio

    engine = archive.make_engine(pg_queue_url)
    sessions = archive.session_factory(engine)
    store = archive.BlobStore(Path(tempfile.mkdtemp(prefix="yl-blobs-")))
    with sessions() as session:
        for year in YEARS[:2]:
            data = seed_variant(year).encode()
            archive.import_version(
                session, store, series="loop-series", year=year, data=data, filename=f"{year}.txt"
            )
        session.commit()
    queue = jobs.JobQueue(pg_queue_url, sessions)
    try:
        job = queue.submit("warm", {"series": "loop-series"}, label="loop-series")
    finally:
        queue.close()

    async def inside_a_loop() -> None:
        jobs.run_worker(pg_queue_url, burst=True)

    # on a fresh thread: this xdist worker's own thread may already run a loop (Playwright's,
    # from a browser test before), where the test's asyncio.run would itself refuse
    failed: list[BaseException] = []

    def in_its_own_loop() -> None:
        try:
            asyncio.run(inside_a_loop())
        except BaseException as exc:
            failed.append(exc)

    try:
        runner = threading.Thread(target=in_its_own_loop)
        runner.start()
        runner.join()
        assert failed == []
        with sessions() as session:
            assert jobs.get_job(session, job).state == "succeeded"
    finally:
        engine.dispose()
