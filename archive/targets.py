"""A series' quantitative targets year by year, with the outcome the next year's report gives.

Computed from the current version of every year (:mod:`comparison.targets`,
:mod:`comparison.target_series`) and kept in a small in-process memo keyed by the set of versions
and the engine version, so a series page does not re-read every year on each view. The memo is
disposable: a new version changes the key.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import comparison
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
    plans = session.scalars(
        sa.select(m.Plan).join(m.Series).where(m.Series.slug == series).order_by(m.Plan.year)
    ).all()
    if not plans:
        raise NotFound(f"no series {series!r}")
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


def get_series_targets(session: Session, *, series: str) -> dict[str, Any]:
    """``{"series", "title", "indicators", "years": [{"year", "targets": [row, ...]}]}``.

    Each row is ``{"indicator", "name", "target", "outcome", "outcome_year", "met"}``: the year's
    headline target for a vocabulary indicator, the outcome for it in the next year's report
    (``None`` when that report gives none or does not exist) and ``met`` (true/false/null).
    """
    plans = session.scalars(
        sa.select(m.Plan).join(m.Series).where(m.Series.slug == series).order_by(m.Plan.year)
    ).all()
    if not plans:
        raise NotFound(f"no series {series!r}")
    versions_key = ",".join(str(v.id) for p in plans if (v := _current(p)) is not None)
    key = (series, versions_key, comparison.ENGINE_VERSION)
    with _lock:
        hit = _MEMO.get(key)
        if hit is not None:
            _MEMO.move_to_end(key)
            return hit
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
    result = {"series": series, "title": title, "indicators": indicators, "years": years}
    with _lock:
        _MEMO[key] = result
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return result
