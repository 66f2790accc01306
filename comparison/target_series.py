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

from rapidfuzz import fuzz

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
    if (ma is None or mb is None) and _counted_words(a.unit) & _counted_words(b.unit):
        ma, mb = a.value, b.value  # counts of the same things: 1,000 homes -> 1,200 homes
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

    Targets pair by indicator (by printed name outside the vocabulary) and horizon, in order,
    then what is left on each side by :func:`_restated`; each entry is ``{"indicator", "name",
    "a", "b", "direction", "horizon"}`` with ``a``/``b`` ``None`` for a target only on one side.
    Outcomes are left out (last year differs always).
    """
    ta = [q for q in side_a if q.kind == "target"]
    tb = [q for q in side_b if q.kind == "target"]
    pool: dict[tuple[str, str | None], list[Quantity]] = {}
    for q in ta:
        pool.setdefault(_pair_key(q), []).append(q)
    pairs: list[tuple[Quantity | None, Quantity | None]] = []
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
        pairs.append((qa, qb))
    keys_b = {_pair_key(q) for q in tb}
    for k, rest in pool.items():
        if rest and k not in keys_b:
            pairs.append((rest[0], None))
    return tuple(_entry(qa, qb) for qa, qb in _restated(pairs))


RESTATED_NAME_SIMILARITY = 60.0  # rapidfuzz ratio of two names of one target, reworded
LONE_NAME_SIMILARITY = 40.0  # ... when each is the only one left on its side in its measure


def _scale(q: Quantity) -> str | None:
    got = base_scale(q.unit)
    return got[0] if got else None


def _counted_words(unit: str) -> set[str]:
    """The words of a count's unit, the thing counted (``social homes``), plurals folded."""
    return {w.lower().rstrip("s") for w in unit.split() if w.isalpha() and len(w) > 2}


def _one_measure(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` measure in one scale (``%``; ``亿元`` and ``万亿元``) or count
    the same things (``1,000 new social homes``, ``1,200 new social``: a word in common)."""
    scale = _scale(a)
    if scale is not None and scale == _scale(b):
        return True
    return bool(_counted_words(a.unit) & _counted_words(b.unit))


def _restates_same(a: Quantity, b: Quantity) -> bool:
    """Whether ``b``, joined to ``a`` as one target in one measure, states its figure unchanged:
    value, range and qualifier (the unit may name the thing counted in other words)."""
    return all(getattr(a, f) == getattr(b, f) for f in ("value", "low", "high", "qualifier"))


def _restated(
    pairs: list[tuple[Quantity | None, Quantity | None]],
) -> list[tuple[Quantity | None, Quantity | None]]:
    """``pairs`` with a target only in A and one only in B joined when they are one target
    restated: same horizon and measure, no two different indicators, and names alike (``1,000
    new social homes`` → ``1,200 new social and affordable homes``), or each the only one left
    on its side in that measure and their names not unlike.

    The units are already matched as one initiative; paired by printed name alone, a reworded
    target reads as one dropped and another added. A joined pair stating the same figure is no
    change and is left out."""
    only_a = [qa for qa, qb in pairs if qb is None and qa is not None]
    only_b = [qb for qa, qb in pairs if qa is None and qb is not None]
    if not only_a or not only_b:
        return pairs

    def fits(qa: Quantity, qb: Quantity) -> bool:
        if qa.horizon != qb.horizon or not _one_measure(qa, qb):
            return False
        return not (qa.indicator and qb.indicator and qa.indicator != qb.indicator)

    joined: dict[int, Quantity] = {}  # id of a B-only target -> its A-only one
    used: set[int] = set()
    for qb in only_b:
        cands = [qa for qa in only_a if id(qa) not in used and fits(qa, qb)]
        if not cands:
            continue
        similarity, alike = max(
            ((fuzz.ratio(qa.name, qb.name), qa) for qa in cands), key=lambda sq: sq[0]
        )
        lone = sum(_one_measure(q, qb) for q in only_a) == 1 and (
            sum(_one_measure(q, qb) for q in only_b) == 1
        )
        if similarity >= RESTATED_NAME_SIMILARITY or (lone and similarity >= LONE_NAME_SIMILARITY):
            joined[id(qb)] = alike
            used.add(id(alike))
    out: list[tuple[Quantity | None, Quantity | None]] = []
    for pa, pb in pairs:
        if pb is None and pa is not None and id(pa) in used:
            continue
        if pa is None and pb is not None and id(pb) in joined:
            was = joined[id(pb)]
            if not _restates_same(was, pb):
                out.append((was, pb))
            continue
        out.append((pa, pb))
    return out


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
