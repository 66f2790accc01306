"""Background work (issue 11): the job records, the queue that runs them, the cache overview.

The faces call :class:`JobQueue` to queue work, :func:`list_jobs`/:func:`get_job` to show it and
:func:`cache_report` for ``yearline cache``; ``yearline worker`` calls :func:`run_worker`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import models as m
from archive.errors import NotFound
from archive.jobs.messages import TEMPLATES, JobMessage
from archive.jobs.queue import JobQueue, ensure_queue_schema, is_postgres, run_worker
from archive.jobs.work import Progress, SeriesCache, Task, cache_report, run_record, warm_series

# procrastinate's status names -> ours (job_records.state uses the same words)
_QUEUE_STATES = {
    "todo": "queued",
    "doing": "doing",
    "succeeded": "succeeded",
    "failed": "failed",
    "cancelled": "cancelled",
    "aborting": "doing",
    "aborted": "cancelled",
}


@dataclass(frozen=True)
class JobInfo:
    id: int
    task: str
    label: str
    args: dict[str, Any]
    state: str
    done: int
    total: int
    attempts: int
    message: str
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    message_key: str = ""
    message_params: dict[str, Any] = field(default_factory=dict)
    owner: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in {"succeeded", "failed", "cancelled"}

    def as_dict(self) -> dict[str, Any]:
        """The ``yearline jobs --format json`` object and ``/api/v1/jobs/<id>``."""
        return {
            "id": self.id,
            "task": self.task,
            "label": self.label,
            "args": self.args,
            "state": self.state,
            "progress": {"done": self.done, "total": self.total},
            "attempts": self.attempts,
            "message": self.message,
            "message_key": self.message_key,
            "message_params": self.message_params,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


def _queue_states(session: Session, ids: list[int]) -> dict[int, str]:
    """procrastinate's status of these queue jobs (PostgreSQL with the queue's tables only)."""
    if not ids or session.get_bind().dialect.name != "postgresql":
        return {}
    if session.scalar(sa.text("SELECT to_regclass('procrastinate_jobs')")) is None:
        return {}
    rows = session.execute(
        sa.text("SELECT id, status FROM procrastinate_jobs WHERE id = ANY(:ids)"), {"ids": ids}
    )
    return {int(i): str(s) for i, s in rows}


def _info(row: m.JobRecord, queue_state: str | None) -> JobInfo:
    state = row.state
    if queue_state is not None and state != "cancelled":
        state = _QUEUE_STATES.get(queue_state, queue_state)
    return JobInfo(
        id=row.id,
        task=row.task,
        label=row.label,
        args=dict(row.args),
        state=state,
        done=row.done,
        total=row.total,
        attempts=row.attempts,
        message=row.message,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        message_key=row.message_key or "",
        message_params=dict(row.message_params or {}),
        owner=row.owner,
    )


def list_jobs(session: Session, *, limit: int = 100, label: str | None = None) -> list[JobInfo]:
    """The newest jobs first; the state is the queue's own while the job is in procrastinate."""
    query = sa.select(m.JobRecord).order_by(m.JobRecord.id.desc()).limit(limit)
    if label is not None:
        query = query.where(m.JobRecord.label == label)
    rows = session.scalars(query).all()
    states = _queue_states(session, [r.queue_id for r in rows if r.queue_id is not None])
    return [_info(r, states.get(r.queue_id) if r.queue_id else None) for r in rows]


def get_job(session: Session, job_id: int) -> JobInfo:
    row = session.get(m.JobRecord, job_id, populate_existing=True)
    if row is None:
        raise NotFound(f"no job {job_id}")
    states = _queue_states(session, [row.queue_id] if row.queue_id else [])
    return _info(row, states.get(row.queue_id) if row.queue_id else None)


__all__ = [
    "TEMPLATES",
    "JobInfo",
    "JobMessage",
    "JobQueue",
    "Progress",
    "SeriesCache",
    "Task",
    "cache_report",
    "ensure_queue_schema",
    "get_job",
    "is_postgres",
    "list_jobs",
    "run_record",
    "run_worker",
    "warm_series",
]
