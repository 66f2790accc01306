"""The embedded queue's bookkeeping: which process holds a job, and taking over the jobs of a
process that died.

On SQLite (``make run``) a job runs in the process that queued it. Each such job's row names its
owner (``host:pid:start``, the process's start time telling a recycled pid apart) and carries a
heartbeat the owner refreshes. When a web process is killed, its queued and running jobs would
wait forever; instead every embedded queue sweeps, at start-up and then periodically, for jobs
whose owner is gone -- a dead process on this host, or a heartbeat older than ``stale_after``
seconds (an owner on another host) -- and takes each over with one conditional UPDATE, so that of
several sweeping processes exactly one wins it. The taken-over job runs again from the start;
its steps already done are cached and skipped (archive/jobs/work.py). A runner that finds its
job taken over (its owner column changed) stops at its next step.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import models as m

UNFINISHED = ("queued", "doing")


class JobTakenOver(Exception):
    """Another process took this job over (it thought this one dead): stop without recording."""


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or '' where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            stat = fh.read()
    except OSError:
        return ""
    # the command name (field 2) is in parentheses and may hold spaces: split after it
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


@cache
def _owner_for(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or secrets.token_hex(6)}"


def current_owner() -> str:
    """This process's owner name (recomputed after a fork: the pid is part of it)."""
    return _owner_for(os.getpid())


def owner_alive(owner: str) -> bool | None:
    """True/False if ``owner`` is a process of this host that is running / gone; None when this
    host cannot tell (another host, or no start time to compare): then the heartbeat decides."""
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process holds that pid now
        return False if start and start.isdigit() and _start_time(pid) != start else None
    except OSError:
        return None
    now_start = _start_time(pid)
    if start.isdigit() and now_start:
        return now_start == start  # same pid, other start time: the owner died, pid recycled
    return None


@dataclass(frozen=True)
class StaleJob:
    id: int
    owner: str | None
    reason: str  # "dead" (its process is gone) or "silent" (no heartbeat for stale_after)


def heartbeat(sessions: sessionmaker[Session], owner: str) -> int:
    """Refresh the heartbeat of ``owner``'s unfinished jobs; how many."""
    with sessions() as session:
        result = session.execute(
            sa.update(m.JobRecord)
            .where(m.JobRecord.owner == owner, m.JobRecord.state.in_(UNFINISHED))
            .values(heartbeat_at=datetime.now(UTC))
        )
        session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def find_stale(
    sessions: sessionmaker[Session], *, stale_after: float, me: str | None = None
) -> list[StaleJob]:
    """The unfinished embedded-queue jobs (no procrastinate id) whose owner is gone. A job of
    ``me`` is never stale. Rows from before owners were recorded count by their last update."""
    cutoff = datetime.now(UTC) - timedelta(seconds=stale_after)
    me = me or current_owner()
    with sessions() as session:
        rows = session.execute(
            sa.select(
                m.JobRecord.id, m.JobRecord.owner, m.JobRecord.heartbeat_at, m.JobRecord.updated_at
            ).where(m.JobRecord.queue_id.is_(None), m.JobRecord.state.in_(UNFINISHED))
        ).all()
    stale = []
    for job_id, owner, beat, updated in rows:
        if owner == me:
            continue
        alive = owner_alive(owner) if owner else None
        if alive is False:
            stale.append(StaleJob(job_id, owner, "dead"))
        elif alive is None and (beat or updated) < cutoff:
            stale.append(StaleJob(job_id, owner, "silent"))
    return stale


def take_over(
    sessions: sessionmaker[Session], job: StaleJob, *, stale_after: float, me: str | None = None
) -> bool:
    """Make ``me`` the owner of ``job`` if it is still unfinished, still held by the same owner
    and (for a silent owner) still silent: one UPDATE, so one process wins. True if this one did."""
    me = me or current_owner()
    now = datetime.now(UTC)
    query = sa.update(m.JobRecord).where(
        m.JobRecord.id == job.id,
        m.JobRecord.state.in_(UNFINISHED),
        m.JobRecord.queue_id.is_(None),
        m.JobRecord.owner.is_(None) if job.owner is None else m.JobRecord.owner == job.owner,
    )
    if job.reason == "silent":
        cutoff = now - timedelta(seconds=stale_after)
        query = query.where(
            sa.func.coalesce(m.JobRecord.heartbeat_at, m.JobRecord.updated_at) < cutoff
        )
    with sessions() as session:
        result = session.execute(query.values(owner=me, heartbeat_at=now, state="queued"))
        session.commit()
    return int(getattr(result, "rowcount", 0) or 0) == 1


__all__ = [
    "JobTakenOver",
    "StaleJob",
    "current_owner",
    "find_stale",
    "heartbeat",
    "owner_alive",
    "take_over",
]
