"""How the series downloads (``/s/<series>/timeline.<fmt>``, ``terms.<fmt>``, ``programmes.<fmt>``,
``targets.<fmt>``) get their file: kept already -> at once; small -> made in the request and kept;
large -> an ``export`` job, and a 202 at once: a page that follows the job and then fetches the
file (browsers), or ``{"job_id", "status_url", "download_url", ...}`` (``Accept:
application/json``). The views then answer exactly as before with the file (webapp/series_exports.py
renders it, archive/exportfiles.py keeps it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, jsonify, render_template, request, url_for

import archive
from archive import models as m
from archive.exportfiles import find_export, series_state
from webapp import auth, series_exports
from webapp.db import get_export_store, get_queue, get_session

WAITING_FOR = timedelta(hours=1)  # an unfinished export job older than this is not joined


@dataclass(frozen=True)
class Ready:
    data: bytes
    filename: str
    media_type: str
    years: tuple[int, ...]
    kept: bool  # served from the kept file (False: made in this request)


def fetch(kind: str, series: str, fmt: str, filters: Mapping[str, Any]) -> Ready | Response:
    """The file of a series export, or the 202 response of the job that is making it."""
    session = get_session()
    state = series_state(session, series)  # NotFound -> 404
    key = series_exports.key_for(state, kind, fmt, filters)
    store = get_export_store()
    found = find_export(session, store, key)
    if found is not None:
        record, data = found
        return Ready(data, record.filename, record.media_type, state.years, kept=True)
    limit = int(current_app.config.get("EXPORT_INLINE_UNITS", 1000))
    if state.work(kind) > limit:
        job_id = _queue(session, state.series, key, kind, fmt, filters)
        if job_id is not None:
            session.commit()  # a kept row whose file was gone is dropped
            return pending(job_id, kind, series, fmt)
    made = series_exports.KINDS[kind][1](session, series, fmt, filters)
    series_exports.keep(session, store, state, key, kind, fmt, made)
    return Ready(made.data, made.filename, made.media_type, state.years, kept=False)


def record_download(got: Ready, series: str, name: str, fmt: str, **detail: Any) -> None:
    """Audit a series download (``name``: ``timeline.xlsx``, ...) and commit, with the kept file's
    row if this request made it."""
    session = get_session()
    archive.record_audit(
        session,
        action="export",
        user=auth.current_user(),
        target=f"{series}/{name}",
        detail={"format": fmt, "series": series, **detail, "bytes": len(got.data)},
    )
    session.commit()


def _queue(
    session: Any, series: str, key: str, kind: str, fmt: str, filters: Mapping[str, Any]
) -> int | None:
    """The unfinished job making this export, or a new one; None if the queue is out (the
    request then makes the file itself, as before the queue existed)."""
    since = datetime.now(UTC) - WAITING_FOR
    rows = session.scalars(
        sa.select(m.JobRecord)
        .where(
            m.JobRecord.task == series_exports.TASK,
            m.JobRecord.label == series,
            m.JobRecord.state.in_(("queued", "doing")),
            m.JobRecord.updated_at >= since,
        )
        .order_by(m.JobRecord.id.desc())
        .limit(50)
    ).all()
    for row in rows:
        if row.args.get("key") == key:
            return int(row.id)
    args = {"series": series, "kind": kind, "format": fmt, "filters": dict(filters), "key": key}
    try:
        return get_queue().submit(series_exports.TASK, args, label=series, lock=f"export:{key}")
    except Exception:
        current_app.logger.exception("could not queue the %s export of %s", kind, series)
        return None


def _wants_json() -> bool:
    """``Accept: application/json`` (API clients) rather than a browser's text/html or ``*/*``."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def pending(job_id: int, kind: str, series: str, fmt: str) -> Response:
    """202: the export is being made by job ``job_id``."""
    from archive.jobs import get_job

    session = get_session()
    job = get_job(session, job_id)
    status_url = url_for("api.job", job_id=job_id)
    download_url = request.path + (f"?{request.query_string.decode()}" if request.query_string
                                   else "")  # fmt: skip
    if _wants_json():
        response = jsonify(
            job_id=job_id, status_url=status_url, download_url=download_url, state=job.state,
            progress={"done": job.done, "total": job.total}, message=job.message,
        )  # fmt: skip
    else:
        info = archive.get_series(session, series)
        response = Response(
            render_template(
                "site/export_pending.html",
                info=info,
                job=job,
                kind=kind,
                fmt=fmt,
                status_url=status_url,
                download_url=download_url,
            )
        )
    response.status_code = 202
    response.headers["Location"] = status_url
    response.headers["Yearline-Job"] = status_url
    response.headers["Retry-After"] = "2"
    response.headers["Cache-Control"] = "no-store"
    return response


__all__ = ["Ready", "fetch", "pending", "record_download"]
