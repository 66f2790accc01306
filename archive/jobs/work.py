"""What the jobs do, and what the caches hold (``yearline cache``).

A job is a row in ``job_records`` naming a task and its arguments; :func:`run_record` performs
it. Work is cut into steps that each commit on their own (one comparison, then the timeline), so
a worker killed in the middle loses at most the step it was in: the cache rows it already wrote
are complete (each is one INSERT under the cache's unique key, in its own transaction) and the
retried job skips them.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload, sessionmaker

import comparison
from archive import models as m
from archive.analysis import get_comparison, get_timeline
from archive.db import begin_write
from archive.errors import InvalidInput, NotFound
from archive.history import warm_series_history
from archive.jobs.local import JobTakenOver
from archive.jobs.messages import JobMessage, failure, message_fields
from archive.service import _current
from archive.targets import warm_series_targets

# (done, total, message): ``message`` is a JobMessage where the work has one (its key and
# parameters then reach the job's row), or plain text
Progress = Callable[[int, int, str], None]
# a task the caller supplies (webapp's exports): (sessions, the job's args, progress)
Task = Callable[[sessionmaker[Session], dict[str, Any], Progress], None]
TASKS = ("warm",)


@dataclass(frozen=True)
class SeriesCache:
    series: str
    years: tuple[int, ...]
    pairs: int
    cached_pairs: int
    timeline_cached: bool
    missing: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The ``yearline cache --format json`` object (ARCHITECTURE.md section 5)."""
        return {
            "series": self.series,
            "years": list(self.years),
            "pairs": self.pairs,
            "cached_pairs": self.cached_pairs,
            "timeline_cached": self.timeline_cached,
        }


def cache_report(session: Session, series: str | None = None) -> list[SeriesCache]:
    """For each series: its years with a current version, every unordered pair of them, how many
    pairs have a comparison cached for this engine version, and whether the timeline over exactly
    those versions is cached."""
    query = sa.select(m.Series).options(selectinload(m.Series.plans).selectinload(m.Plan.versions))
    if series is not None:
        query = query.where(m.Series.slug == series)
    rows = session.scalars(query.order_by(m.Series.slug)).all()
    if series is not None and not rows:
        raise NotFound(f"no series {series!r}")
    engine_version = comparison.ENGINE_VERSION
    cached = {
        (a, b)
        for a, b in session.execute(
            sa.select(m.ComparisonCache.version_a_id, m.ComparisonCache.version_b_id).where(
                m.ComparisonCache.engine_version == engine_version
            )
        )
    }
    timelines = {
        (sid, key)
        for sid, key in session.execute(
            sa.select(m.TimelineCache.series_id, m.TimelineCache.versions_key).where(
                m.TimelineCache.engine_version == engine_version
            )
        )
    }
    out = []
    for row in rows:
        chosen = [(p.year, v.id) for p in row.plans if (v := _current(p))]
        pairs = list(itertools.combinations(chosen, 2))
        missing = tuple((ya, yb) for (ya, a), (yb, b) in pairs if (a, b) not in cached)
        key = ",".join(str(v) for _, v in chosen)
        out.append(
            SeriesCache(
                series=row.slug,
                years=tuple(y for y, _ in chosen),
                pairs=len(pairs),
                cached_pairs=len(pairs) - len(missing),
                timeline_cached=(row.id, key) in timelines,
                missing=missing,
            )
        )
    return out


def warm_series(
    sessions: sessionmaker[Session],
    series: str,
    *,
    year: int | None = None,
    consecutive: bool = False,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Compare every pair of years of ``series`` not yet cached (only the pairs with ``year`` when
    given: the work after an import; only neighbouring years with ``consecutive``: what the
    timeline needs), then build its timeline and what its page derives from the texts (targets,
    term changes: archive.derived). Each step commits on its own.
    Returns (comparisons computed, steps)."""
    with sessions() as session:
        report = cache_report(session, series)[0]
    neighbours = set(itertools.pairwise(report.years))
    todo = [
        p
        for p in report.missing
        if (year is None or year in p) and (not consecutive or p in neighbours)
    ]
    total = len(todo) + 1
    if progress:
        progress(0, total, JobMessage("warm.todo", series=series, count=len(todo)))
    for i, (year_a, year_b) in enumerate(todo, 1):
        with sessions() as session:
            # SQLite: a writer from the start, so the cache row cannot be lost to a snapshot
            # another connection's commit made stale (PostgreSQL: no-op).
            begin_write(session)
            get_comparison(session, series=series, year_a=year_a, year_b=year_b)
            session.commit()
        if progress:
            progress(i, total, JobMessage("warm.compared", series=series, year_a=year_a,
                                          year_b=year_b))  # fmt: skip
    with sessions() as session:
        begin_write(session)
        get_timeline(session, series=series)
        # and what the series page derives from the texts (archive.derived): its first view in
        # a new process then computes nothing
        warm_series_targets(session, series=series)
        warm_series_history(session, series=series)
        session.commit()
    if progress:
        progress(total, total, JobMessage("warm.timeline", series=series))
    return len(todo), total


def create_record(
    session: Session,
    task: str,
    args: dict[str, Any],
    label: str = "",
    *,
    owner: str | None = None,
    tasks: Mapping[str, Task] | None = None,
) -> m.JobRecord:
    """A queued job record (flushed; the caller commits before handing it to a queue).
    ``owner``: the embedded queue's process that will run it (None: procrastinate's)."""
    if task not in TASKS and task not in (tasks or {}):
        raise InvalidInput(f"unknown job task {task!r}")
    beat = datetime.now(UTC) if owner else None
    record = m.JobRecord(task=task, args=dict(args), label=label, state="queued", message="",
                         owner=owner, heartbeat_at=beat)  # fmt: skip
    session.add(record)
    session.flush()
    return record


def _update(
    sessions: sessionmaker[Session], record_id: int, owner: str | None = None, **fields: Any
) -> None:
    """Set ``fields`` on the job's row; with ``owner``, only while that process still holds the
    job (else :class:`JobTakenOver`: another process runs it now)."""
    now = datetime.now(UTC)
    fields["updated_at"] = now
    query = sa.update(m.JobRecord).where(m.JobRecord.id == record_id)
    if owner is not None:
        query = query.where(m.JobRecord.owner == owner)
        fields["heartbeat_at"] = now
    with sessions() as session:
        result = session.execute(query.values(**fields))
        session.commit()
    if owner is not None and not getattr(result, "rowcount", 1):
        raise JobTakenOver(f"job {record_id} is no longer held by {owner}")


def run_record(
    sessions: sessionmaker[Session],
    record_id: int,
    *,
    progress: Progress | None = None,
    owner: str | None = None,
    tasks: Mapping[str, Task] | None = None,
) -> None:
    """Perform job ``record_id``, keeping its row's state and progress current. Exceptions are
    recorded on the row and raised again (so a queue can retry). ``owner``: the embedded queue's
    process running it, which stops (:class:`JobTakenOver`) if another took the job over.
    ``tasks``: the tasks the caller adds to :data:`TASKS` (webapp's exports)."""
    with sessions() as session:
        record = session.get(m.JobRecord, record_id)
        if record is None:
            raise NotFound(f"no job {record_id}")
        task, args, attempts = record.task, dict(record.args), record.attempts
    _update(sessions, record_id, owner, state="doing", attempts=attempts + 1, finished_at=None)

    def report(done: int, total: int, message: str) -> None:
        _update(sessions, record_id, owner, done=done, total=total, **message_fields(message))
        if progress:
            progress(done, total, message)

    try:
        if task == "warm":
            for slug in _series_slugs(sessions, args.get("series")):
                warm_series(sessions, slug, year=args.get("year"), progress=report)
        elif tasks and task in tasks:
            tasks[task](sessions, args, report)
        else:
            raise InvalidInput(f"unknown job task {task!r}")
    except JobTakenOver:
        raise
    except BaseException as exc:
        with contextlib.suppress(JobTakenOver):
            _update(sessions, record_id, owner, state="failed", finished_at=datetime.now(UTC),
                    **message_fields(failure(exc)))  # fmt: skip
        raise
    _update(sessions, record_id, owner, state="succeeded", finished_at=datetime.now(UTC))


def _series_slugs(sessions: sessionmaker[Session], series: str | None) -> Iterable[str]:
    if series is not None:
        return [series]
    with sessions() as session:
        return list(session.scalars(sa.select(m.Series.slug).order_by(m.Series.slug)))
