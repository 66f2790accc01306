"""How wording travels through a series: blame, term trends, named programmes, carried-over
promises — the engine's history functions over the current versions of every year.

Results depend only on the set of current versions (immutable) and the engine's versions, so they
are memoised in-process under that key: disposable, never stale (a new upload or a withdrawal
changes the key). The term changes, with the counts of the terms a series page shows by default
(the latest year's first :data:`DEFAULT_TERMS` emerging ones), and the carried-over promises are
also kept in the database (:mod:`archive.derived`, kinds ``terms`` and ``promises``; ``yearline
warm`` computes them with the timeline), so a new process reads them instead of computing them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from archive import derived
from archive import models as m
from archive.analysis import _document
from archive.errors import NotFound
from archive.service import _current
from comparison import PlanDocument
from comparison.blame import BLAME_VERSION, Blame, blame_series
from comparison.programmes import Programme, find_programmes
from comparison.promises import Promise, carried_over
from comparison.terms import TermSeries, YearChanges, term_changes, term_series

T = TypeVar("T")
HISTORY_VERSION = f"blame{BLAME_VERSION}.1"  # bump when terms/programmes/promises change
MEMO_SIZE = 32
DEFAULT_TERMS = 3  # the series page charts the latest year's first emerging terms

_lock = threading.Lock()
_memo: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


@dataclass(frozen=True)
class SeriesTexts:
    """The current version of every year of a series, as documents (ordered by year)."""

    slug: str
    language: str
    docs: tuple[PlanDocument, ...]
    key: tuple[Any, ...]  # identifies the set of versions

    @property
    def years(self) -> list[int]:
        return [d.year or 0 for d in self.docs]


def _versions(session: Session, series: str) -> tuple[m.Series, list[tuple[m.Plan, m.PlanVersion]]]:
    plans = session.scalars(
        sa.select(m.Plan)
        .join(m.Series)
        .where(m.Series.slug == series)
        .order_by(m.Plan.year)
        .options(selectinload(m.Plan.versions), selectinload(m.Plan.series))
    ).all()
    if not plans:
        row = session.scalars(sa.select(m.Series).where(m.Series.slug == series)).first()
        if row is None:
            raise NotFound(f"no series {series!r}")
        return row, []
    return plans[0].series, [(p, v) for p in plans if (v := _current(p))]


def _remember(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _memo[key] = value
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return value


def _texts_key(
    session: Session, row: m.Series, chosen: list[tuple[m.Plan, m.PlanVersion]]
) -> tuple[Any, ...]:
    return (
        str(session.get_bind().engine.url),
        row.id,
        tuple((v.id, v.sha256, v.parser_version) for _, v in chosen),
    )


def series_texts(session: Session, *, series: str) -> SeriesTexts:
    """Every year's current document of ``series`` (NotFound for an unknown series)."""
    row, chosen = _versions(session, series)
    key = _texts_key(session, row, chosen)

    def load() -> SeriesTexts:
        docs = tuple(_document(session, p, v) for p, v in chosen)
        return SeriesTexts(row.slug, row.language, docs, key)

    return _remember(("texts", *key), load)


def _derived(texts: SeriesTexts, name: str, compute: Callable[[Sequence[PlanDocument]], T]) -> T:
    return _remember((name, HISTORY_VERSION, *texts.key), lambda: compute(texts.docs))


def get_blame(session: Session, *, series: str, year: int) -> Blame:
    """The blame of one year: each unit's text in spans, each with the year its wording first
    appeared in the series."""
    texts = series_texts(session, series=series)
    if year not in texts.years:
        raise NotFound(f"no plan {series}/{year}")
    return _derived(texts, "blame", blame_series)[year]


def get_series_blame(session: Session, *, series: str) -> dict[int, Blame]:
    return _derived(series_texts(session, series=series), "blame", blame_series)


def get_terms(session: Session, *, series: str, terms: Sequence[str]) -> list[TermSeries]:
    """Counts and rates of ``terms`` in every year (not memoised: counting is fast; the default
    terms of the series page come with the term changes)."""
    kept = _term_history(session, series)
    if list(terms) == list(kept.default_terms):
        return list(kept.default_series)
    return term_series(series_texts(session, series=series).docs, terms)


def get_term_changes(session: Session, *, series: str) -> list[YearChanges]:
    return list(_term_history(session, series).changes)


@dataclass(frozen=True)
class TermHistory:
    """Each year's emerging and fading terms, and the counts of the default terms."""

    changes: tuple[YearChanges, ...]
    default_terms: tuple[str, ...]
    default_series: tuple[TermSeries, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [c.to_dict() for c in self.changes],
            "default_terms": list(self.default_terms),
            "default_series": [t.to_dict() for t in self.default_series],
        }

    @classmethod
    def from_dict(cls, d: Any) -> TermHistory:
        return cls(
            tuple(YearChanges.from_dict(c) for c in d["changes"]),
            tuple(str(t) for t in d["default_terms"]),
            tuple(TermSeries.from_dict(t) for t in d["default_series"]),
        )


def compute_term_history(docs: Sequence[PlanDocument]) -> TermHistory:
    changes = term_changes(docs)
    terms = [c.term for c in changes[-1].emerging[:DEFAULT_TERMS]] if changes else []
    return TermHistory(tuple(changes), tuple(terms), tuple(term_series(docs, terms)))


def _stored(
    session: Session,
    series: str,
    kind: str,
    compute: Callable[[Sequence[PlanDocument]], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    *,
    warm: bool = False,
) -> T:
    """``compute(docs)`` of the series' current versions: memoised, else from the database,
    else computed and stored (``warm``: read the database whatever the memo holds)."""
    row, chosen = _versions(session, series)

    def load() -> T:
        return derived.read_or_compute(
            session,
            row.id,
            kind,
            derived.versions_key(v for _, v in chosen),
            lambda: compute(series_texts(session, series=series).docs),
            encode,
            decode,
        )

    if warm:
        return load()
    return _remember((kind, HISTORY_VERSION, *_texts_key(session, row, chosen)), load)


def _term_history(session: Session, series: str, *, warm: bool = False) -> TermHistory:
    return _stored(session, series, "terms", compute_term_history, TermHistory.to_dict,
                   TermHistory.from_dict, warm=warm)  # fmt: skip


def _promises(session: Session, series: str, *, warm: bool = False) -> tuple[Promise, ...]:
    return _stored(session, series, "promises", lambda docs: tuple(carried_over(docs)),
                   lambda found: [p.to_dict() for p in found],
                   lambda d: tuple(Promise.from_dict(p) for p in d), warm=warm)  # fmt: skip


def warm_series_history(session: Session, *, series: str) -> list[str]:
    """Compute and store the series' term history and promises unless the database has them
    for its current versions (the in-process memo is not trusted for that); the kinds computed."""
    row, chosen = _versions(session, series)
    have = derived.cached_kinds(session, row.id, derived.versions_key(v for _, v in chosen))
    done = []
    for kind, make in (("terms", _term_history), ("promises", _promises)):
        if kind not in have:
            make(session, series, warm=True)
            done.append(kind)
    return done


def get_programmes(session: Session, *, series: str) -> list[Programme]:
    return _derived(series_texts(session, series=series), "programmes", find_programmes)


def get_promises(session: Session, *, series: str) -> list[Promise]:
    return list(_promises(session, series))
