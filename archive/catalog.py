"""Read-side overviews: the series list with their years, and fixity of the stored originals."""

from __future__ import annotations

import time
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from archive import models as m
from archive.errors import NotFound
from archive.objectstore import BlobBackend
from archive.records import FixityReport, SeriesInfo, YearInfo
from archive.service import _current


def _series_info(row: m.Series) -> SeriesInfo:
    years = []
    for plan in row.plans:
        current = _current(plan)
        years.append(YearInfo(plan.year, len(plan.versions), current.number if current else None))
    return SeriesInfo(
        slug=row.slug,
        title=row.title,
        issuer=row.issuer,
        jurisdiction=row.jurisdiction,
        language=row.language,
        source_note=row.source_note,
        years=tuple(years),
    )


def _series_query() -> sa.Select[m.Series]:
    return (
        sa.select(m.Series)
        .options(selectinload(m.Series.plans).selectinload(m.Plan.versions))
        .execution_options(populate_existing=True)  # see plans added in this session
    )


def list_series(session: Session) -> list[SeriesInfo]:
    """Every series (by slug) with its years, version counts and current versions."""
    rows = session.scalars(_series_query().order_by(m.Series.slug)).all()
    return [_series_info(r) for r in rows]


def get_series(session: Session, slug: str) -> SeriesInfo:
    row = session.scalars(_series_query().where(m.Series.slug == slug)).one_or_none()
    if row is None:
        raise NotFound(f"no series {slug!r}", code="no_series", series=slug)
    return _series_info(row)


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
