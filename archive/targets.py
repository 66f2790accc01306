"""A series' quantitative targets year by year, with the outcome the next year's report gives.

Computed from the current version of every year (:mod:`comparison.targets`,
:mod:`comparison.target_series`), kept in the database (:mod:`archive.derived`, kind
``targets``: ``yearline warm`` computes it with the timeline) and in front of that in a small
in-process memo keyed by the set of versions and the engine version, so a series page neither
re-reads every year on each view nor in a new process. Both are disposable: a new version changes
the key.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import comparison
from archive import derived
from archive import models as m
from archive.errors import NotFound
from archive.service import _current
from archive.units import load_document
from comparison.target_series import series_rows
from comparison.targets import Extraction, extract

_MEMO: OrderedDict[tuple[str, str, str], dict[str, Any]] = OrderedDict()
_MEMO_SIZE = 32
_lock = threading.Lock()


def series_extractions(session: Session, *, series: str) -> tuple[str, list[Extraction]]:
    """(title, the extraction of each year's current version in year order)."""
    plans = _plans(session, series)
    out: list[Extraction] = []
    for p in plans:
        v = _current(p)
        if v is None:
            continue
        doc = load_document(session, v)
        if doc.year != p.year:
            doc = dataclasses.replace(doc, year=p.year)
        out.append(extract(doc))
    return plans[0].series.title, out


def _plans(session: Session, series: str) -> Sequence[m.Plan]:
    """The series' plans in year order (NotFound for a series without any)."""
    plans = session.scalars(
        sa.select(m.Plan).join(m.Series).where(m.Series.slug == series).order_by(m.Plan.year)
    ).all()
    if not plans:
        raise NotFound(f"no series {series!r}")
    return plans


def _plans_and_versions(session: Session, series: str) -> tuple[Sequence[m.Plan], str]:
    """The series' plans by year and the key of their current versions."""
    plans = _plans(session, series)
    return plans, derived.versions_key(v for p in plans if (v := _current(p)) is not None)


def get_series_targets(session: Session, *, series: str) -> dict[str, Any]:
    """``{"series", "title", "indicators", "years": [{"year", "targets": [row, ...]}]}``.

    Each row is ``{"indicator", "name", "target", "outcome", "outcome_year", "met"}``: the year's
    headline target for a vocabulary indicator, the outcome for it in the next year's report
    (``None`` when that report gives none or does not exist) and ``met`` (true/false/null).
    """
    plans, versions_key = _plans_and_versions(session, series)
    key = (series, versions_key, comparison.ENGINE_VERSION)
    with _lock:
        hit = _MEMO.get(key)
    if hit is None:
        hit = derived.read_or_compute(
            session,
            plans[0].series_id,
            "targets",
            versions_key,
            lambda: compute_series_targets(session, series=series),
            lambda result: result,
            _readable,
        )
    with _lock:
        _MEMO[key] = hit
        _MEMO.move_to_end(key)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    # the title is the series' own, edited in place without a new version: today's
    title = plans[0].series.title
    return hit if hit["title"] == title else {**hit, "title": title}


def _readable(stored: Any) -> dict[str, Any]:
    if not isinstance(stored, dict) or not isinstance(stored.get("years"), list):
        raise ValueError("not a targets document")
    return stored


def compute_series_targets(session: Session, *, series: str) -> dict[str, Any]:
    """:func:`get_series_targets` computed from the documents (no cache read or written)."""
    title, extractions = series_extractions(session, series=series)
    rows = series_rows(extractions)
    indicators = list(dict.fromkeys(r["indicator"] for r in rows))
    years: list[dict[str, Any]] = []
    for e in extractions:
        own = [
            {k: r[k] for k in ("indicator", "name", "target", "outcome", "outcome_year", "met")}
            for r in rows
            if r["year"] == e.year
        ]
        years.append({"year": e.year, "targets": own})
    return {"series": series, "title": title, "indicators": indicators, "years": years}


def warm_series_targets(session: Session, *, series: str) -> bool:
    """Compute and store the series' targets unless the database has them for its current
    versions (the in-process memo is not trusted for that); True when computed."""
    plans, versions_key = _plans_and_versions(session, series)
    if "targets" in derived.cached_kinds(session, plans[0].series_id, versions_key):
        return False
    result = compute_series_targets(session, series=series)
    derived.store(session, plans[0].series_id, "targets", versions_key, result)
    return True
