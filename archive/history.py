"""How wording travels through a series: blame, term trends, named programmes, carried-over
promises — the engine's history functions over the current versions of every year.

Results depend only on the set of current versions (immutable) and the engine's versions, so they
are memoised in-process under that key: disposable, never stale (a new upload or a withdrawal
changes the key). Nothing is written to the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

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


def series_texts(session: Session, *, series: str) -> SeriesTexts:
    """Every year's current document of ``series`` (NotFound for an unknown series)."""
    row, chosen = _versions(session, series)
    key = (
        str(session.get_bind().engine.url),
        row.id,
        tuple((v.id, v.sha256, v.parser_version) for _, v in chosen),
    )

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
    """Counts and rates of ``terms`` in every year (not memoised: counting is fast)."""
    return term_series(series_texts(session, series=series).docs, terms)


def get_term_changes(session: Session, *, series: str) -> list[YearChanges]:
    return _derived(series_texts(session, series=series), "term_changes", term_changes)


def get_programmes(session: Session, *, series: str) -> list[Programme]:
    return _derived(series_texts(session, series=series), "programmes", find_programmes)


def get_promises(session: Session, *, series: str) -> list[Promise]:
    return _derived(series_texts(session, series=series), "promises", carried_over)
