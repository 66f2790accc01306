"""Read-side overviews: the series list with their years, and fixity of the stored originals."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import models as m
from archive.errors import NotFound
from archive.objectstore import BlobBackend
from archive.records import FixityReport, SeriesInfo, YearInfo


def _series_rows(
    where: sa.ColumnElement[bool] | None = None,
) -> sa.Select[str, str, str, str, str, str, int, int, Any]:
    """One row per (series, year) -- a series with no year yet gives one row with no year --
    with the year's version count and its current version (the newest not withdrawn), in one
    aggregate query: the series pages read this on every request, and loading the ORM objects
    (series, plans, versions) cost ~3 ms of a kept compare page's ~4 ms."""
    v = m.PlanVersion
    live_number = sa.case((v.withdrawn_at.is_(None), v.number))
    query = (
        sa.select(
            m.Series.slug,
            m.Series.title,
            m.Series.issuer,
            m.Series.jurisdiction,
            m.Series.language,
            m.Series.source_note,
            m.Plan.year,
            sa.func.count(v.id),
            sa.func.max(live_number),
        )
        .select_from(m.Series)
        .outerjoin(m.Plan, m.Plan.series_id == m.Series.id)
        .outerjoin(v, v.plan_id == m.Plan.id)
        .group_by(m.Series.id, m.Plan.id)
        .order_by(m.Series.slug, m.Plan.year)
    )
    return query if where is None else query.where(where)


def _series_infos(rows: Iterable[Any]) -> list[SeriesInfo]:
    """The rows of :func:`_series_rows` (ordered by slug, then year) as one SeriesInfo each."""
    out: list[SeriesInfo] = []
    for _key, group in itertools.groupby(rows, key=lambda r: r[0]):
        members = list(group)
        years = tuple(
            YearInfo(year, int(n), None if current is None else int(current))
            for *_, year, n, current in members
            if year is not None
        )
        slug, title, issuer, jurisdiction, language, note = members[0][:6]
        out.append(SeriesInfo(slug, title, issuer, jurisdiction, language, note, years))
    return out


_ALL_SERIES = _series_rows()
_ONE_SERIES = _series_rows(m.Series.slug == sa.bindparam("slug"))  # built once, per request bound


def list_series(session: Session) -> list[SeriesInfo]:
    """Every series (by slug) with its years, version counts and current versions."""
    return _series_infos(session.execute(_ALL_SERIES))


def get_series(session: Session, slug: str) -> SeriesInfo:
    found = _series_infos(session.execute(_ONE_SERIES, {"slug": slug}))
    if not found:
        raise NotFound(f"no series {slug!r}", code="no_series", series=slug)
    return found[0]


def verify_fixity(session: Session, store: BlobBackend) -> FixityReport:
    """Re-hash every original a version references: missing and corrupt blobs are listed, and
    blobs no version references (harmless; see :func:`remove_unreferenced_blobs`)."""
    shas = set(session.scalars(sa.select(m.PlanVersion.sha256).distinct()))
    missing, corrupt = [], []
    for sha in sorted(shas):
        if not store.exists(sha):
            missing.append(sha)
        elif not store.verify(sha):
            corrupt.append(sha)
    unreferenced = tuple(sha for sha in store.iter_shas() if sha not in shas)
    return FixityReport(len(shas), tuple(missing), tuple(corrupt), unreferenced)


def remove_unreferenced_blobs(
    session: Session, store: BlobBackend, *, older_than: timedelta = timedelta(hours=1)
) -> list[str]:
    """Delete blobs no version references, if older than ``older_than`` (so that a blob written
    by a commit still in flight is left alone). Returns the removed SHA-256s."""
    referenced = set(session.scalars(sa.select(m.PlanVersion.sha256).distinct()))
    cutoff = time.time() - older_than.total_seconds()
    removed = []
    for sha in store.iter_shas():
        if sha not in referenced and store.modified_at(sha) < cutoff:
            store.delete(sha)
            removed.append(sha)
    return removed
