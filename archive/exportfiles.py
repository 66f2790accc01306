"""Finished series exports, kept so that a large one is computed once (issue 11).

An export of a whole series (its timeline workbook, term trends, programmes, targets) is keyed
by everything it is made from: the series' state (its description, every year's current version
and its SHA-256, the analysts' decisions), the engine version, the kind, format, language and
filters of the export, and the renderer's code. The file goes to the blob store's ``exports``
area under its own SHA-256 (archive/objectstore.py ``area``) and one ``export_files`` row maps the
key to it. A changed series makes a new key, so nothing stale is ever served; the rows and files
are disposable (not dumped).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

import comparison
from archive import models as m
from archive.decisions import revision as decisions_revision
from archive.errors import NotFound
from archive.objectstore import BlobBackend
from archive.service import _current


@dataclass(frozen=True)
class SeriesState:
    """What a series' exports depend on, and how much work one still needs."""

    series: str
    series_id: int
    language: str
    years: tuple[int, ...]
    units: int  # units of the current versions: what every export reads
    uncompared_units: int  # units of the neighbouring years not compared yet (the timeline's)
    timeline_cached: bool
    fingerprint: str

    def work(self, kind: str) -> int:
        """An estimate of the units an export of ``kind`` must go through: every unit it reads,
        and for the timeline the units of the comparisons it still has to compute."""
        if kind == "timeline" and not self.timeline_cached:
            return self.units + self.uncompared_units
        return self.units


def series_state(session: Session, slug: str) -> SeriesState:
    """The state of ``slug`` for export keys (NotFound if there is no such series)."""
    row = session.scalars(
        sa.select(m.Series)
        .options(selectinload(m.Series.plans).selectinload(m.Plan.versions))
        .where(m.Series.slug == slug)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise NotFound(f"no series {slug!r}", code="no_series", series=slug)
    chosen = [(p.year, v) for p in sorted(row.plans, key=lambda p: p.year) if (v := _current(p))]
    ids = [v.id for _, v in chosen]
    counts: dict[int, int] = {}
    if ids:
        counts = {
            vid: int(n)
            for vid, n in session.execute(
                sa.select(m.Unit.version_id, sa.func.count())
                .where(m.Unit.version_id.in_(ids))
                .group_by(m.Unit.version_id)
            )
        }
    engine_version = comparison.ENGINE_VERSION
    compared = set()
    if ids:
        compared = {
            (a, b)
            for a, b in session.execute(
                sa.select(m.ComparisonCache.version_a_id, m.ComparisonCache.version_b_id).where(
                    m.ComparisonCache.engine_version == engine_version,
                    m.ComparisonCache.version_a_id.in_(ids),
                )
            )
        }
    uncompared = sum(
        counts.get(a, 0) + counts.get(b, 0)
        for a, b in itertools.pairwise(ids)
        if (a, b) not in compared
    )
    timeline_cached = (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(m.TimelineCache)
            .where(
                m.TimelineCache.series_id == row.id,
                m.TimelineCache.versions_key == ",".join(str(i) for i in ids),
                m.TimelineCache.engine_version == engine_version,
            )
        )
        or 0
    ) > 0
    described = {
        "series": row.slug,
        "title": row.title,
        "issuer": row.issuer,
        "jurisdiction": row.jurisdiction,
        "language": row.language,
        "versions": [[y, v.id, v.number, v.sha256] for y, v in chosen],
        "decisions": decisions_revision(session, slug),
        "engine_version": engine_version,
    }
    return SeriesState(
        series=row.slug,
        series_id=row.id,
        language=row.language,
        years=tuple(y for y, _ in chosen),
        units=sum(counts.values()),
        uncompared_units=uncompared,
        timeline_cached=timeline_cached,
        fingerprint=_digest(described),
    )


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def export_key(
    state: SeriesState,
    *,
    kind: str,
    fmt: str,
    language: str,
    filters: Mapping[str, Any] | None = None,
    code: str = "",
) -> str:
    """The key of one export: the series state, engine version (in the state), kind, format,
    language, filters and ``code`` (a fingerprint of the renderer's source)."""
    return _digest(
        {
            "state": state.fingerprint,
            "kind": kind,
            "format": fmt,
            "language": language,
            "filters": dict(filters or {}),
            "code": code,
        }
    )


@dataclass(frozen=True)
class ExportRecord:
    key: str
    kind: str
    fmt: str
    filename: str
    media_type: str
    sha256: str
    size: int


def _record(row: m.ExportFile) -> ExportRecord:
    return ExportRecord(row.key, row.kind, row.fmt, row.filename, row.media_type, row.sha256,
                        row.size)  # fmt: skip


def find_export(
    session: Session, store: BlobBackend, key: str
) -> tuple[ExportRecord, bytes] | None:
    """The finished export ``key`` and its bytes, or None. A row whose file is gone or damaged
    is dropped (flushed), so the export is made again."""
    row = session.scalars(sa.select(m.ExportFile).where(m.ExportFile.key == key)).one_or_none()
    if row is None:
        return None
    try:
        data = store.get(row.sha256)
    except NotFound:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != row.sha256:
        session.delete(row)
        session.flush()
        return None
    return _record(row), data


def save_export(
    session: Session,
    store: BlobBackend,
    *,
    key: str,
    state: SeriesState,
    kind: str,
    fmt: str,
    filename: str,
    media_type: str,
    data: bytes,
) -> ExportRecord:
    """Keep a finished export (the file first, then its row, committed in a savepoint so that a
    concurrent identical export simply wins: the row already there is returned)."""
    sha = store.put(data)
    existing = session.scalars(sa.select(m.ExportFile).where(m.ExportFile.key == key)).one_or_none()
    if existing is not None:
        return _record(existing)
    row = m.ExportFile(
        key=key,
        series_id=state.series_id,
        kind=kind,
        fmt=fmt,
        filename=filename,
        media_type=media_type,
        sha256=sha,
        size=len(data),
        engine_version=comparison.ENGINE_VERSION,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another process saved the same export meanwhile
        found = session.scalars(sa.select(m.ExportFile).where(m.ExportFile.key == key)).one()
        return _record(found)
    return _record(row)


__all__ = [
    "ExportRecord",
    "SeriesState",
    "export_key",
    "find_export",
    "save_export",
    "series_state",
]
