"""Engine results for stored plans: comparisons cached per (version A, version B, engine
version, decisions applied), and a series' timeline over its current versions.

Analysts' decisions (archive.review) are resolved to the versions compared and passed to the
engine as constraints; their fingerprint is part of both cache keys, and what was applied (how
many, by whom, how many stale) is reported as ``b.decisions`` of a comparison and ``decisions`` of
a timeline (only when the pair or series has decisions).

The cache is disposable: rows of another engine version (or unreadable ones) are replaced.
Writing the cache is a flush in the caller's session; the caller's commit keeps it.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import comparison
from archive import models as m
from archive import review
from archive.decisions import Decision, series_decisions
from archive.errors import NotFound
from archive.service import _current, _find_plan, _pick_version
from archive.sqlutil import insert_ignore
from archive.units import load_document
from comparison import Comparison, PlanDocument, Timeline

T = TypeVar("T")


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
    loaded: Mapping[int, PlanDocument] | None = None,
    decisions: list[Decision] | None = None,
    resolved: review.Resolved | None = None,
) -> Comparison:
    """The comparison of two stored versions, from the cache or computed (``loaded``: documents
    the caller already has, by version id, so they are not read again; ``decisions``: the
    series' decision rows if already read; ``resolved``: them resolved for this pair)."""
    engine_version = comparison.ENGINE_VERSION
    if resolved is None:
        resolved = review.for_versions(session, a[0].series_id, a, b, decisions)
    key = (
        m.ComparisonCache.version_a_id == a[1].id,
        m.ComparisonCache.version_b_id == b[1].id,
        m.ComparisonCache.decisions_key == resolved.fingerprint,
    )
    cached = _read_cache(session, m.ComparisonCache, key, Comparison.from_dict)
    if cached is not None:
        return cached
    loaded = loaded or {}
    doc_a = loaded.get(a[1].id) or _document(session, *a)
    doc_b = loaded.get(b[1].id) or _document(session, *b)
    result = comparison.compare(doc_a, doc_b, constraints=resolved.constraints or None)
    info_b = _provenance(*b)
    if resolved.applied or resolved.stale:
        info_b["decisions"] = resolved.provenance()
    result = dataclasses.replace(result, info_a=_provenance(*a), info_b=info_b)
    _store_optionally(
        session,
        m.ComparisonCache,
        key,
        {
            "version_a_id": a[1].id,
            "version_b_id": b[1].id,
            "engine_version": engine_version,
            "decisions_key": resolved.fingerprint,
            "result": result.to_dict(),
        },
        ["version_a_id", "version_b_id", "engine_version", "decisions_key"],
    )
    return result


def _read_cache(
    session: Session, model: Any, key: tuple[Any, ...], decode: Callable[[Any], T]
) -> T | None:
    """The cached result of this engine version under ``key``; None when absent or unreadable
    (the caller recomputes and replaces it)."""
    row = session.scalars(
        sa.select(model.result).where(*key, model.engine_version == comparison.ENGINE_VERSION)
    ).first()
    if row is None:
        return None
    try:
        return decode(row)
    except (KeyError, TypeError, ValueError):
        return None


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
        raise NotFound(f"no series {series!r}", code="no_series", series=series)
    chosen = [(p, v) for p in plans if (v := _current(p))]
    series_row = plans[0].series
    engine_version = comparison.ENGINE_VERSION
    versions_key = ",".join(str(v.id) for _, v in chosen)
    decisions = series_decisions(session, series_row.id)
    pairs = list(itertools.pairwise(chosen))
    resolved = [review.for_versions(session, series_row.id, x, y, decisions) for x, y in pairs]
    applied = review.merge(resolved)
    key = (
        m.TimelineCache.series_id == series_row.id,
        m.TimelineCache.versions_key == versions_key,
        m.TimelineCache.decisions_key == applied.fingerprint,
    )
    cached = _read_cache(session, m.TimelineCache, key, Timeline.from_dict)
    if cached is not None:
        # the title is the series' own, edited in place (ensure_series) without a new version:
        # the one of today, not the one of the day the timeline was cached
        if cached.info.get("title") != series_row.title:
            cached = dataclasses.replace(cached, info={**cached.info, "title": series_row.title})
        return cached
    docs = {v.id: _document(session, p, v) for p, v in chosen}
    comparisons = [
        _cached_compare(session, x, y, docs, resolved=r)
        for (x, y), r in zip(pairs, resolved, strict=True)
    ]
    timeline = comparison.build_timeline(list(docs.values()), comparisons=comparisons)
    info = {"series": series_row.slug, "title": series_row.title, **dict(timeline.info)}
    if applied.applied or applied.stale:
        info["decisions"] = applied.provenance()
    timeline = dataclasses.replace(timeline, info=info)
    _store_optionally(
        session,
        m.TimelineCache,
        key,
        {
            "series_id": series_row.id,
            "versions_key": versions_key,
            "engine_version": engine_version,
            "decisions_key": applied.fingerprint,
            "result": timeline.to_dict(),
        },
        ["series_id", "versions_key", "engine_version", "decisions_key"],
    )
    return timeline
