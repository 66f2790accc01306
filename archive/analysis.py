"""Engine results for stored plans: comparisons cached per (version A, version B, engine
version), and a series' timeline over its current versions.

The cache is disposable: rows of another engine version (or unreadable ones) are replaced.
Writing the cache is a flush in the caller's session; the caller's commit keeps it.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import comparison
from archive import models as m
from archive.errors import NotFound
from archive.service import _current, _find_plan, _pick_version
from archive.sqlutil import insert_ignore
from archive.units import load_document
from comparison import Comparison, PlanDocument, Timeline


def _provenance(plan: m.Plan, version: m.PlanVersion) -> dict[str, Any]:
    return {
        "series": plan.series.slug,
        "year": plan.year,
        "version": version.number,
        "sha256": version.sha256,
        "filename": version.filename,
    }


def _document(session: Session, plan: m.Plan, version: m.PlanVersion) -> PlanDocument:
    doc = load_document(session, version)
    return doc if doc.year == plan.year else dataclasses.replace(doc, year=plan.year)


def _cached_compare(
    session: Session,
    a: tuple[m.Plan, m.PlanVersion],
    b: tuple[m.Plan, m.PlanVersion],
) -> Comparison:
    engine_version = comparison.ENGINE_VERSION
    key = (
        m.ComparisonCache.version_a_id == a[1].id,
        m.ComparisonCache.version_b_id == b[1].id,
    )
    row = session.scalars(
        sa.select(m.ComparisonCache.result).where(
            *key, m.ComparisonCache.engine_version == engine_version
        )
    ).first()
    if row is not None:
        try:
            return Comparison.from_dict(row)
        except (KeyError, TypeError, ValueError):  # an unreadable row: recompute and replace it
            pass
    result = comparison.compare(_document(session, *a), _document(session, *b))
    result = dataclasses.replace(result, info_a=_provenance(*a), info_b=_provenance(*b))
    _store_optionally(
        session,
        m.ComparisonCache,
        key,
        {
            "version_a_id": a[1].id,
            "version_b_id": b[1].id,
            "engine_version": engine_version,
            "result": result.to_dict(),
        },
        ["version_a_id", "version_b_id", "engine_version"],
    )
    return result


def _store_optionally(
    session: Session,
    model: Any,
    key: tuple[Any, ...],
    row: dict[str, Any],
    conflict: list[str],
) -> None:
    """Write a cache row, replacing a stale one; the cache is optional: never fail a read."""
    try:
        with session.begin_nested():
            session.execute(sa.delete(model).where(*key))
            insert_ignore(session, model, [row], conflict)
    except OperationalError:
        # SQLite: a reader whose snapshot is older than another writer's commit cannot write
        # ("database is locked"); the result is still right, it is just not cached this time.
        pass


def get_comparison(
    session: Session,
    *,
    series: str,
    year_a: int,
    year_b: int,
    version_a: int | None = None,
    version_b: int | None = None,
) -> Comparison:
    """Compare two years of a series (current versions unless given), computed once."""
    plan_a = _find_plan(session, series, year_a)
    plan_b = _find_plan(session, series, year_b)
    a = (plan_a, _pick_version(plan_a, version_a))
    b = (plan_b, _pick_version(plan_b, version_b))
    return _cached_compare(session, a, b)


def get_timeline(session: Session, *, series: str) -> Timeline:
    """The threads of a series across the current versions of all its years, computed once per
    (set of versions, engine version) and cached."""
    plans = session.scalars(
        sa.select(m.Plan).join(m.Series).where(m.Series.slug == series).order_by(m.Plan.year)
    ).all()
    if not plans:
        raise NotFound(f"no series {series!r}")
    chosen = [(p, v) for p in plans if (v := _current(p))]
    series_row = plans[0].series
    engine_version = comparison.ENGINE_VERSION
    versions_key = ",".join(str(v.id) for _, v in chosen)
    key = (
        m.TimelineCache.series_id == series_row.id,
        m.TimelineCache.versions_key == versions_key,
    )
    row = session.scalars(
        sa.select(m.TimelineCache.result).where(
            *key, m.TimelineCache.engine_version == engine_version
        )
    ).first()
    if row is not None:
        try:
            return Timeline.from_dict(row)
        except (KeyError, TypeError, ValueError):  # an unreadable row: recompute and replace it
            pass
    docs = [_document(session, p, v) for p, v in chosen]
    comparisons = [_cached_compare(session, x, y) for x, y in itertools.pairwise(chosen)]
    timeline = comparison.build_timeline(docs, comparisons=comparisons)
    info = {"series": series_row.slug, "title": series_row.title, **dict(timeline.info)}
    timeline = dataclasses.replace(timeline, info=info)
    _store_optionally(
        session,
        m.TimelineCache,
        key,
        {
            "series_id": series_row.id,
            "versions_key": versions_key,
            "engine_version": engine_version,
            "result": timeline.to_dict(),
        },
        ["series_id", "versions_key", "engine_version"],
    )
    return timeline
