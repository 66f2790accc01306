"""One SQLAlchemy session per request: opened lazily, closed at teardown; views commit once."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

import archive
from archive.jobs import JobQueue
from archive.objectstore import area, open_blob_store


def init_app(app: Flask) -> None:
    engine = archive.make_engine(app.config["DATABASE_URL"])
    app.extensions["yearline.engine"] = engine
    app.extensions["yearline.sessions"] = archive.session_factory(engine)
    app.extensions["yearline.store"] = open_blob_store(
        app.config.get("BLOB_URL"), app.config["DATA_DIR"]
    )
    app.extensions["yearline.exports"] = area(app.extensions["yearline.store"], "exports")
    app.teardown_appcontext(_close_session)
    if not app.testing:
        # the first request of each web process (gunicorn forks after import) starts its
        # embedded queue's sweeper; `yearline serve` starts it before the first request
        app.before_request(_start_jobs_once)


def start_jobs(app: Flask) -> bool:
    """Start the embedded queue's sweeper of this process (SQLite, thread mode): it takes over
    the jobs a dead web process left queued or half done, at once and then every
    ``JOB_HEARTBEAT`` seconds. No-op with procrastinate (its workers do that) or if started."""
    with app.app_context():
        queue = get_queue()
        return queue.start_recovery(
            heartbeat=float(app.config.get("JOB_HEARTBEAT", 10)),
            stale_after=float(app.config.get("JOB_STALE_AFTER", 30)),
        )


def _start_jobs_once() -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.extensions.get("yearline.jobs_started") == os.getpid():
        return
    app.extensions["yearline.jobs_started"] = os.getpid()
    try:
        start_jobs(app)
    except Exception:  # never let the sweeper's start break a page
        app.logger.exception("could not start the job sweeper")


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["yearline.sessions"]()
    session: Session = g.db_session
    return session


def get_store() -> archive.BlobStore:
    store: archive.BlobStore = current_app.extensions["yearline.store"]
    return store


def get_export_store() -> archive.BlobStore:
    """Where finished series exports are kept: the blob store's ``exports`` area."""
    store: archive.BlobStore = current_app.extensions["yearline.exports"]
    return store


def get_queue() -> JobQueue:
    """The app's job queue (created on first use: procrastinate on PostgreSQL, a background
    thread on SQLite; ``JOBS`` config)."""
    queue: JobQueue | None = current_app.extensions.get("yearline.queue")
    if queue is None:
        queue = JobQueue(
            current_app.config["DATABASE_URL"],
            current_app.extensions["yearline.sessions"],
            mode=current_app.config.get("JOBS", "auto"),
            tasks=job_tasks(current_app.extensions["yearline.exports"]),
        )
        current_app.extensions["yearline.queue"] = queue
    return queue


def job_tasks(export_store: Any) -> dict[str, Any]:
    """The tasks the web side adds to the archive's: ``export`` (a large series export, kept in
    ``export_store``). The web process's queue and ``yearline worker`` both run them."""
    from webapp.series_exports import TASK, export_task

    return {TASK: export_task(export_store)}


def queue_after_upload(series: str, year: int) -> int | None:
    """Queue the comparisons of a new version with every other year and the timeline; the job's
    id, or None if the queue could not take it (the pages then compute on demand)."""
    try:
        return get_queue().submit(
            "warm", {"series": series, "year": year}, label=series, lock=f"warm:{series}:{year}"
        )
    except Exception:  # the upload is stored: a queue outage must not turn it into an error
        current_app.logger.exception("could not queue the comparisons of %s/%s", series, year)
        return None


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()
