"""Where jobs run: procrastinate on PostgreSQL (the team deployment), in-process on SQLite.

procrastinate (https://procrastinate.readthedocs.io) keeps its queue in PostgreSQL tables: any
number of ``yearline worker`` processes on any number of machines fetch jobs with ``SELECT ... FOR
UPDATE SKIP LOCKED``, send heartbeats, and a job whose worker stopped sending them (SIGKILL, power
loss) is put back by the next worker that sweeps for stalled jobs. It has no SQLite connector,
so the embedded default (SQLite, ``make run``) runs jobs in the process that queued them: on a
background thread of ``yearline serve``, or right there in a CLI command, which shows a progress
bar. Either way the job's row in ``job_records`` carries its progress for every process to read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from archive import models as m
from archive.db import make_engine, normalise_url, session_factory
from archive.errors import InvalidInput
from archive.jobs import local
from archive.jobs.messages import JobMessage, message_fields
from archive.jobs.work import Progress, Task, create_record, run_record

log = logging.getLogger("yearline.jobs")
TASK_NAME = "yearline.run"
MAX_ATTEMPTS = 5
MODES = ("auto", "thread", "inline", "procrastinate")


def is_postgres(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "postgresql"


def conninfo(url: str) -> str:
    """A libpq connection string for a SQLAlchemy PostgreSQL URL."""
    parsed = make_url(normalise_url(url)).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def make_app(
    url: str,
    sessions: sessionmaker[Session] | None = None,
    tasks: Mapping[str, Task] | None = None,
) -> Any:
    """The procrastinate app on ``url``'s database, with Yearline's one task registered (it runs
    a job record: ``warm`` or one of ``tasks``)."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))
    state: dict[str, sessionmaker[Session]] = {}

    @app.task(
        name=TASK_NAME,
        retry=procrastinate.RetryStrategy(max_attempts=MAX_ATTEMPTS, wait=2),
    )
    def run(record_id: int) -> None:
        if "sessions" not in state:
            state["sessions"] = sessions or session_factory(make_engine(url))
        run_record(state["sessions"], record_id, tasks=tasks)

    return app


def ensure_queue_schema(url: str) -> bool:
    """Create procrastinate's tables in a PostgreSQL database that lacks them (``yearline init``).
    True if they were created."""
    if not is_postgres(url):
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            present = conn.scalar(sa.text("SELECT to_regclass('procrastinate_jobs')"))
    finally:
        engine.dispose()
    if present is not None:
        return False
    app = make_app(url)
    with app.open():
        app.schema_manager.apply_schema()
    return True


class JobQueue:
    """Queue jobs for a database. ``mode``: ``auto`` (procrastinate on PostgreSQL, else
    ``thread``), ``thread`` (a background thread of this process), ``inline`` (run now, in
    :meth:`submit`), ``procrastinate``. ``tasks``: tasks beside ``warm`` (webapp's exports).

    The embedded modes (``thread``, ``inline``) mark each job with this process as its owner;
    :meth:`start_recovery` (the web process's) keeps those marks alive and takes over the jobs of
    processes that died (archive/jobs/local.py)."""

    def __init__(
        self,
        url: str,
        sessions: sessionmaker[Session],
        mode: str = "auto",
        *,
        tasks: Mapping[str, Task] | None = None,
    ) -> None:
        if mode not in MODES:
            raise InvalidInput(f"unknown job mode {mode!r} (one of {', '.join(MODES)})")
        if mode == "auto":
            mode = "procrastinate" if is_postgres(url) else "thread"
        if mode == "procrastinate" and not is_postgres(url):
            raise InvalidInput("the procrastinate queue needs a PostgreSQL database")
        self.url = url
        self.sessions = sessions
        self.mode = mode
        self.tasks = dict(tasks or {})
        self._app: Any = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._sweeper: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def distributed(self) -> bool:
        """True when separate ``yearline worker`` processes run the jobs."""
        return self.mode == "procrastinate"

    def submit(
        self,
        task: str,
        args: dict[str, Any],
        *,
        label: str = "",
        lock: str | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Record a job and hand it to the queue; returns the job record's id. ``lock``: at most
        one job with this lock waits in the procrastinate queue at a time (a second submit
        returns the waiting one)."""
        owner = None if self.distributed else local.current_owner()
        with self.sessions() as session:
            if lock and self.mode == "procrastinate":
                waiting = self._waiting(session, lock)
                if waiting is not None:
                    return waiting
            record_id = create_record(session, task, args, label, owner=owner, tasks=self.tasks).id
            session.commit()
        if self.mode == "inline":
            run_record(self.sessions, record_id, progress=progress, owner=owner, tasks=self.tasks)
        elif self.mode == "thread":
            self._thread_pool().submit(self._run_quietly, record_id)
        else:
            self._defer(record_id, lock)
        return record_id

    def _waiting(self, session: Session, lock: str) -> int | None:
        row = session.execute(
            sa.text(
                "SELECT j.id FROM job_records j JOIN procrastinate_jobs p ON p.id = j.queue_id "
                "WHERE p.queueing_lock = :lock AND p.status = 'todo' ORDER BY j.id LIMIT 1"
            ),
            {"lock": lock},
        ).first()
        return None if row is None else int(row[0])

    def _defer(self, record_id: int, lock: str | None) -> None:
        import procrastinate.exceptions

        with self._lock:
            if self._app is None:
                self._app = make_app(self.url, self.sessions, self.tasks)
                self._app.open()
            deferrer = self._app.configure_task(TASK_NAME, queueing_lock=lock)
            try:
                queue_id = deferrer.defer(record_id=record_id)
            except procrastinate.exceptions.AlreadyEnqueued:
                queue_id = None  # lost a race with another submit: keep the record, unqueued
        with self.sessions() as session:
            values: dict[str, Any] = {"queue_id": queue_id}
            if queue_id is None:
                values.update(state="cancelled", **message_fields(JobMessage("job.duplicate")))
            session.execute(
                sa.update(m.JobRecord).where(m.JobRecord.id == record_id).values(**values)
            )
            session.commit()

    def _thread_pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="yearline-job"
                )
            return self._executor

    def _run_quietly(self, record_id: int) -> None:
        try:
            run_record(self.sessions, record_id, owner=local.current_owner(), tasks=self.tasks)
        except local.JobTakenOver:
            log.warning("job %s was taken over by another process; stopped here", record_id)
        except Exception:  # recorded on the job's row; a background thread has no one to tell
            log.exception("job %s failed", record_id)

    # ------------------------------------------------------------------ the embedded queue's sweep

    def recover(self, stale_after: float = 30.0) -> list[int]:
        """Take over the unfinished jobs of dead or silent processes and queue them here (thread
        mode); the ids taken over. Safe to run in several processes at once."""
        if self.mode != "thread":
            return []
        me = local.current_owner()
        taken = []
        for job in local.find_stale(self.sessions, stale_after=stale_after, me=me):
            if not local.take_over(self.sessions, job, stale_after=stale_after, me=me):
                continue  # another process was quicker, or the owner came back to life
            note = JobMessage("job.taken_over", owner=job.owner or "?")
            with self.sessions() as session:
                session.execute(sa.update(m.JobRecord).where(m.JobRecord.id == job.id)
                                .values(**message_fields(note)))  # fmt: skip
                session.commit()
            log.warning("job %s of a stopped process (%s) taken over", job.id, job.owner)
            self._thread_pool().submit(self._run_quietly, job.id)
            taken.append(job.id)
        return taken

    def start_recovery(self, *, heartbeat: float = 10.0, stale_after: float = 30.0) -> bool:
        """Start this process's sweeper (thread mode, once): every ``heartbeat`` seconds it marks
        this process's jobs alive and takes over those of processes that died; the first sweep
        runs at once. False if there is nothing to start."""
        if self.mode != "thread":
            return False
        with self._lock:
            if self._sweeper is not None and self._sweeper.is_alive():
                return False
            self._stop.clear()
            self._sweeper = threading.Thread(
                target=self._sweep_loop, args=(heartbeat, stale_after),
                name="yearline-job-sweeper", daemon=True,
            )  # fmt: skip
            self._sweeper.start()
        return True

    def _sweep_loop(self, heartbeat: float, stale_after: float) -> None:
        while not self._stop.is_set():
            try:
                local.heartbeat(self.sessions, local.current_owner())
                self.recover(stale_after)
            except Exception:  # a locked or unreachable database: try again next round
                log.exception("job sweep failed")
            self._stop.wait(heartbeat)

    def wait(self) -> None:
        """Let the jobs of this process's thread finish (tests, ``yearline demo``)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            sweeper, self._sweeper = self._sweeper, None
        if sweeper is not None:
            sweeper.join(timeout=30)
        self.wait()
        with self._lock:
            if self._app is not None:
                self._app.close()
                self._app = None


def run_worker(
    url: str,
    *,
    tasks: Mapping[str, Task] | None = None,
    concurrency: int = 1,
    heartbeat: float = 10.0,
    stalled_after: float = 30.0,
    burst: bool = False,
    on_start: Callable[[], None] | None = None,
) -> None:
    """Run a procrastinate worker on ``url`` until SIGINT/SIGTERM (or, with ``burst``, until the
    queue is empty). Every ``stalled_after / 2`` seconds it also puts back jobs whose worker sent
    no heartbeat for ``stalled_after`` seconds (a worker that was killed)."""
    if not is_postgres(url):
        raise InvalidInput(
            "yearline worker needs the PostgreSQL queue (YEARLINE_DATABASE_URL=postgresql://...); "
            "on SQLite, jobs run inside the process that queued them"
        )
    engine = make_engine(url)  # the worker's own: disposed when it stops (no connection leaks)
    app = make_app(url, session_factory(engine), tasks)

    async def sweep() -> None:
        while True:
            await retry_stalled(app, stalled_after)
            await asyncio.sleep(max(stalled_after / 2, 0.5))

    async def main() -> None:
        async with app.open_async():
            sweeper = asyncio.create_task(sweep())
            if on_start:
                on_start()
            try:
                await app.run_worker_async(
                    concurrency=concurrency,
                    wait=not burst,
                    update_heartbeat_interval=heartbeat,
                    stalled_worker_timeout=stalled_after,
                )
            finally:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper

    try:
        _run_async(main)
    finally:
        engine.dispose()


def _run_async(main: Callable[[], Any]) -> None:
    """``asyncio.run(main())``, on a thread of its own when this thread already runs an event
    loop (a notebook; a test process holding Playwright's sync API), where asyncio.run refuses.
    Signal handling then stays with the main thread (procrastinate skips it, and says so)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(main())
        return
    failed: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # handed back to the caller's thread
            failed.append(exc)

    worker = threading.Thread(target=target, name="yearline-worker")
    worker.start()
    worker.join()
    if failed:
        raise failed[0]


async def retry_stalled(app: Any, stalled_after: float) -> int:
    """Put back in the queue the jobs of workers silent for ``stalled_after`` seconds."""
    count = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        try:
            await app.job_manager.retry_job(job)
        except Exception:  # another worker's sweep retried it first
            continue
        log.warning("job %s of a silent worker put back in the queue", job.id)
        count += 1
    return count
