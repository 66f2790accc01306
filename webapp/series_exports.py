"""Exports of a whole series (issue 11): the timeline workbook (json/xlsx/html), term trends
(csv/json/xlsx), programmes (csv/json) and targets (json/csv/xlsx/md).

Each finished export is kept (archive/exportfiles.py: blob store + ``export_files``), keyed by
the series' state, engine version, kind, format, language, filters and this renderer code, so a
second request is served at once. A download whose file is not kept yet is made in the request
when it is small (at most ``EXPORT_INLINE_UNITS`` units to go through); a large one becomes an
``export`` job (the same code, on the queue: a ``yearline worker`` or the web process's thread)
and the request answers 202 at once (webapp/views/export_jobs.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

import archive
from archive.exportfiles import (
    ExportRecord,
    SeriesState,
    export_key,
    find_export,
    save_export,
    series_state,
)
from archive.jobs import JobMessage, Progress, warm_series

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TASK = "export"


@dataclass(frozen=True)
class Made:
    data: bytes
    filename: str
    media_type: str


def _timeline(session: Session, series: str, fmt: str, filters: Mapping[str, Any]) -> Made:
    from webapp import exports

    tl = archive.get_timeline(session, series=series)
    data = exports.render_archived_timeline(session, series, tl, fmt, lang=filters.get("lang"))
    return Made(data, exports.filename_for(tl, fmt, series=series), exports.MEDIA_TYPES[fmt])


def _terms(session: Session, series: str, fmt: str, filters: Mapping[str, Any]) -> Made:
    from webapp.history_render import terms_csv, terms_payload, terms_xlsx

    payload = terms_payload(session, series, list(filters.get("terms") or []))
    name = f"{series}-terms.{fmt}"
    if fmt == "json":
        return Made(json.dumps(payload, ensure_ascii=False, indent=2).encode(), name,
                    "application/json")  # fmt: skip
    if fmt == "csv":
        return Made(terms_csv(payload).encode(), name, "text/csv")
    return Made(terms_xlsx(payload, filters.get("lang")), name, XLSX)


def _programmes(session: Session, series: str, fmt: str, filters: Mapping[str, Any]) -> Made:
    from webapp.history_render import programmes_csv

    found = archive.get_programmes(session, series=series)
    name = f"{series}-programmes.{fmt}"
    if fmt == "json":
        body = {"series": series, "programmes": [p.to_dict() for p in found]}
        return Made(json.dumps(body, ensure_ascii=False, indent=2).encode(), name,
                    "application/json")  # fmt: skip
    return Made(programmes_csv(found).encode(), name, "text/csv")


def _targets(session: Session, series: str, fmt: str, filters: Mapping[str, Any]) -> Made:
    from archive.targets import get_series_targets
    from webapp.exports import MEDIA_TYPES
    from webapp.exports.targets import render_series_targets

    lang = filters.get("lang")  # the reader's interface language; None: the keys, in English
    body = render_series_targets(get_series_targets(session, series=series), fmt, lang)
    return Made(body, f"{series}_targets.{fmt}", MEDIA_TYPES[fmt])


Render = Callable[[Session, str, str, Mapping[str, Any]], Made]
KINDS: dict[str, tuple[tuple[str, ...], Render]] = {
    "timeline": (("json", "xlsx", "html"), _timeline),
    "terms": (("csv", "json", "xlsx"), _terms),
    "programmes": (("csv", "json"), _programmes),
    "targets": (("json", "csv", "xlsx", "md"), _targets),
}


@cache
def code_fingerprint() -> str:
    """A hash of the renderers' source: a new release never serves an export the old code made."""
    here = Path(__file__).resolve().parent
    files = sorted([here / "series_exports.py", here / "history_render.py",
                    *(here / "exports").glob("*.py")])  # fmt: skip
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def key_for(state: SeriesState, kind: str, fmt: str, filters: Mapping[str, Any]) -> str:
    # the reports' words are in the language asked for (the site: the reader's), else the series'
    language = str(filters.get("lang") or state.language)
    return export_key(state, kind=kind, fmt=fmt, language=language, filters=filters,
                      code=code_fingerprint())  # fmt: skip


def render(
    session: Session, kind: str, series: str, fmt: str, filters: Mapping[str, Any]
) -> tuple[SeriesState, str, Made]:
    """Render the export now: the series state it was made from, its key and the file."""
    state = series_state(session, series)
    key = key_for(state, kind, fmt, filters)
    return state, key, KINDS[kind][1](session, series, fmt, filters)


def keep(
    session: Session, store: Any, state: SeriesState, key: str, kind: str, fmt: str, made: Made
) -> ExportRecord:
    """Keep a rendered export (flushed; the caller commits)."""
    return save_export(session, store, key=key, state=state, kind=kind, fmt=fmt,
                       filename=made.filename, media_type=made.media_type,
                       data=made.data)  # fmt: skip


def export_task(store: Any) -> Callable[[sessionmaker[Session], dict[str, Any], Progress], None]:
    """The ``export`` job (its args: series, kind, format, filters, key): for the timeline first
    the comparisons of neighbouring years, one step each (so a killed worker's retry skips them),
    then the file, kept in ``store`` (the blob store's exports area)."""

    def run(sessions: sessionmaker[Session], args: dict[str, Any], progress: Progress) -> None:
        series, kind, fmt = str(args["series"]), str(args["kind"]), str(args["format"])
        filters = dict(args.get("filters") or {})
        words = {"series": series, "what": kind, "format": fmt}
        with sessions() as session:  # made meanwhile (another job, a small-enough request)?
            key = key_for(series_state(session, series), kind, fmt, filters)
            if find_export(session, store, key) is not None:
                progress(1, 1, JobMessage("export.ready", **words))
                return
        offset = 0
        if kind == "timeline":

            def step(done: int, total: int, message: str) -> None:
                progress(done, total + 1, message)

            _computed, offset = warm_series(sessions, series, consecutive=True, progress=step)
        progress(offset, offset + 1, JobMessage("export.rendering", **words))
        with sessions() as session:  # read: a SQLite writer would block uploads meanwhile
            state, key, made = render(session, kind, series, fmt, filters)
            session.commit()  # what rendering cached on the way (a timeline built just now)
        with sessions() as session:
            archive.begin_write(session)
            keep(session, store, state, key, kind, fmt, made)
            session.commit()
        progress(offset + 1, offset + 1, JobMessage("export.ready", **words))

    return run


__all__ = ["KINDS", "TASK", "Made", "code_fingerprint", "export_task", "keep", "key_for", "render"]
