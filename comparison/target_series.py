"""Targets across years: the year's headline targets, the outcome the next report gives, ``met``,
and what changed in a match's targets between two years.

A year's headline target for an indicator is its first own-year target (``horizon`` ``None``) in
document order — the 主要预期目标 paragraph comes before the tasks that repeat or split it; the
outcome is the first own-year outcome for the same indicator in the *next* year's report.

``met`` follows the qualifier. Ceilings (:data:`comparison.target_vocab.CEILINGS`: prices,
unemployment, the deficit ratio) are met by an outcome at or under the target, floors by one at
or over it; ``about`` allows 5% of the target's value either way (7.4% meets 7.5%左右), a range
is met inside its bound on the binding side; ``below`` is strict. When the two figures can't be
put on one scale (no outcome, units that don't convert), ``met`` is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from comparison.target_vocab import CEILINGS
from comparison.targets import Extraction, Quantity

ABOUT_TOLERANCE = 0.05
_PREFIX = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3))
_BASE = {"斤": ("斤", 1.0), "吨": ("斤", 2000.0), "公斤": ("斤", 2.0)}


def base_scale(unit: str) -> tuple[str, float] | None:
    """``万亿斤`` -> (``斤``, 1e12); ``亿吨`` -> (``斤``, 2e11); ``%`` -> (``%``, 1)."""
    scale = 1.0
    rest = unit
    for prefix, factor in _PREFIX:
        if rest.startswith(prefix) and len(rest) > len(prefix):
            scale, rest = factor, rest[len(prefix) :]
            break
    if rest in _BASE:
        base, f = _BASE[rest]
        return base, scale * f
    return (rest, scale) if rest else None


def _on_scale(q: Quantity, unit: str) -> tuple[float | None, float | None] | None:
    """``q``'s (low, high) expressed in ``unit`` (None when the units don't convert)."""
    a, b = base_scale(q.unit), base_scale(unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    f = a[1] / b[1]
    if q.value is not None:
        return q.value * f, q.value * f
    return (None if q.low is None else q.low * f), (None if q.high is None else q.high * f)


def judge(target: Quantity, outcome: Quantity | None) -> bool | None:
    """Whether ``outcome`` meets ``target`` by its qualifier (``None``: can't be judged).

    >>> from comparison.targets import Quantity
    >>> def q(kind, v, qual):
    ...     return Quantity("p", kind, "", "gdp_growth", v, None, None, "%", qual, "", 0)
    >>> t, o = q("target", 5.0, "about"), q("outcome", 3.0, "exact")
    >>> judge(t, o), judge(t, None)
    (False, None)
    """
    if outcome is None:
        return None
    got = _on_scale(outcome, target.unit)
    if got is None or got[0] is None:
        return None
    x = got[0]
    ceiling = target.indicator in CEILINGS
    if target.qualifier == "range":
        if target.low is None or target.high is None:
            return None
        return x <= target.high if ceiling else x >= target.low
    v = target.value
    if v is None:
        return None
    if target.qualifier == "about":
        tol = abs(v) * ABOUT_TOLERANCE
        return x <= v + tol if ceiling else x >= v - tol
    if target.qualifier == "at_most":
        return x <= v
    if target.qualifier == "below":
        return x < v
    if target.qualifier == "at_least":
        return x >= v
    return x <= v if ceiling else x >= v


def headline(quantities: Iterable[Quantity]) -> dict[str, Quantity]:
    """The first own-year quantity of each vocabulary indicator, in document order."""
    out: dict[str, Quantity] = {}
    for q in quantities:
        if q.indicator is not None and q.horizon is None and q.indicator not in out:
            out[q.indicator] = q
    return out


def series_rows(extractions: Sequence[Extraction]) -> list[dict[str, Any]]:
    """Per year and indicator: the target, the outcome reported next year, and ``met``.

    Rows are ``{"year", "indicator", "name", "target": {...}, "outcome": {...} | None,
    "outcome_year": int | None, "met"}`` in year order, indicators in the order the year states
    them. Years are the extractions' own; the outcome comes from the extraction of ``year + 1``.
    """
    by_year = {e.year: e for e in extractions if e.year is not None}
    rows: list[dict[str, Any]] = []
    for year in sorted(by_year):
        nxt = by_year.get(year + 1)
        outcomes = headline(o for o in nxt.outcomes if o.about_year == year) if nxt else {}
        for ind, t in headline(by_year[year].targets).items():
            o = outcomes.get(ind)
            rows.append(
                {
                    "year": year,
                    "indicator": ind,
                    "name": t.name,
                    "target": t.to_dict(),
                    "outcome": None if o is None else o.to_dict(),
                    "outcome_year": None if nxt is None else year + 1,
                    "met": judge(t, o),
                }
            )
    return rows


def _mid(q: Quantity, unit: str) -> float | None:
    s = _on_scale(q, unit)
    if s is None:
        return None
    lo, hi = s
    if lo is None or hi is None:
        return lo if hi is None else hi
    return (lo + hi) / 2


def direction(a: Quantity | None, b: Quantity | None) -> str:
    """``new``, ``dropped``, ``up``, ``down`` (midpoints on one scale) or ``reworded`` (same
    figure, another qualifier or unit)."""
    if a is None:
        return "new"
    if b is None:
        return "dropped"
    ma, mb = _mid(a, b.unit), _mid(b, b.unit)
    if ma is None or mb is None or abs(ma - mb) < 1e-9:
        return "reworded"
    return "up" if mb > ma else "down"


def _figure(q: Quantity) -> dict[str, Any]:
    return {
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "text": q.text,
        "key": q.key,
    }


def _pair_key(q: Quantity) -> tuple[str, str | None]:
    return (q.indicator or q.name, q.horizon)


def _same(a: Quantity, b: Quantity) -> bool:
    fields = ("value", "low", "high", "unit", "qualifier")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def targets_changed(
    side_a: Iterable[Quantity], side_b: Iterable[Quantity]
) -> tuple[Mapping[str, Any], ...]:
    """The targets of a match that differ between A and B (``Match.targets_changed``).

    Targets pair by indicator (by printed name outside the vocabulary) and horizon, in order;
    each entry is ``{"indicator", "name", "a", "b", "direction", "horizon"}`` with ``a``/``b``
    ``None`` for a target only on one side. Outcomes are left out (last year differs always).
    """
    ta = [q for q in side_a if q.kind == "target"]
    tb = [q for q in side_b if q.kind == "target"]
    pool: dict[tuple[str, str | None], list[Quantity]] = {}
    for q in ta:
        pool.setdefault(_pair_key(q), []).append(q)
    out: list[dict[str, Any]] = []
    seen_b: set[tuple[str, str | None]] = set()
    for qb in tb:
        k = _pair_key(qb)
        cands = pool.get(k)
        qa = cands.pop(0) if cands else None
        if qa is not None and _same(qa, qb):
            continue
        if qa is None and k in seen_b:
            continue  # a repeat of a target B already states
        seen_b.add(k)
        out.append(_entry(qa, qb))
    keys_b = {_pair_key(q) for q in tb}
    for k, rest in pool.items():
        if rest and k not in keys_b:
            out.append(_entry(rest[0], None))
    return tuple(out)


def _entry(qa: Quantity | None, qb: Quantity | None) -> dict[str, Any]:
    ref = qb if qb is not None else qa
    assert ref is not None
    return {
        "indicator": ref.indicator,
        "name": ref.name,
        "a": None if qa is None else _figure(qa),
        "b": None if qb is None else _figure(qb),
        "direction": direction(qa, qb),
        "horizon": ref.horizon,
    }


def match_targets(
    per_unit_a: Mapping[str, Sequence[Quantity]],
    per_unit_b: Mapping[str, Sequence[Quantity]],
    units_a: Iterable[Any],
    units_b: Iterable[Any],
) -> tuple[Mapping[str, Any], ...]:
    """:func:`targets_changed` for a match's units (anything with a ``key``), given each side's
    :func:`comparison.targets.document_quantities`."""
    qa = [q for u in units_a for q in per_unit_a.get(u.key, ())]
    qb = [q for u in units_b for q in per_unit_b.get(u.key, ())]
    if not qa and not qb:
        return ()
    return targets_changed(qa, qb)
