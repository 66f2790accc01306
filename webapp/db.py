"""One SQLAlchemy session per request: opened lazily, closed at teardown; views commit once."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

import archive
from archive.jobs import JobQueue
from archive.objectstore import open_blob_store


def init_app(app: Flask) -> None:
    engine = archive.make_engine(app.config["DATABASE_URL"])
    app.extensions["yearline.engine"] = engine
    app.extensions["yearline.sessions"] = archive.session_factory(engine)
    app.extensions["yearline.store"] = open_blob_store(
        app.config.get("BLOB_URL"), app.config["DATA_DIR"]
    )
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["yearline.sessions"]()
    session: Session = g.db_session
    return session


def get_store() -> archive.BlobStore:
    store: archive.BlobStore = current_app.extensions["yearline.store"]
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
        )
        current_app.extensions["yearline.queue"] = queue
    return queue


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
