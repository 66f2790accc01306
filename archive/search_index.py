"""The searchable text of every current unit, held in memory per archive state.

Most Chinese queries are two characters, too short for the trigram indexes, so the database
answers them with a scan of every unit's text on each request (LIKE over half a million
characters on the demo: tens of milliseconds, hundreds under ten concurrent clients). Python's
substring search over an in-memory, case-folded copy takes about a millisecond, for any query
length. The copy is rebuilt when the archive's state changes -- a version imported or
withdrawn, a series renamed (:func:`archive_state`, two cheap queries per search) -- and is
kept per database engine.
Archives with more text than :data:`MAX_CHARS` are not copied: :func:`current` then answers
None and :func:`archive.search.search` asks the database, as it does without the copy.

Matching is case-insensitive by ``str.casefold`` on both sides, which is what the database
queries approximate (SQLite's LIKE folds ASCII only, PostgreSQL's ILIKE more).
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from archive import models as m

MAX_CHARS = 50_000_000  # text and titles of current units; beyond it, searches ask the database


@dataclass(frozen=True)
class Entry:
    """One current unit: what a search filters and orders by, and its case-folded text."""

    id: int
    series: str
    series_title: str
    language: str
    year: int
    kind: str
    position: int
    title: str  # case-folded
    text: str  # case-folded

    def row(self) -> tuple[Any, ...]:
        return (self.id, self.series, self.series_title, self.language, self.year, self.kind,
                self.position)  # fmt: skip


SEP = "\x00"  # between titles and texts in the joined copy; no query contains it


class Index:
    """The entries, and all their titles and texts in one string (``SEP`` between each), so a
    query is a few ``str.find`` calls over the whole archive rather than one per unit."""

    def __init__(self, state: tuple[Any, ...], entries: tuple[Entry, ...] | None) -> None:
        self.state = state
        self.entries = entries  # None: too much text to copy
        parts: list[str] = []
        self._starts: list[int] = []  # where each entry's title begins in the joined string
        at = 0
        for e in entries or ():
            self._starts.append(at)
            parts += (e.title, SEP, e.text, SEP)
            at += len(e.title) + len(e.text) + 2
        self._joined = "".join(parts)
        self._rows = [e.row() for e in entries or ()]

    def matching(self, q: str, *, relevance: bool = False) -> list[tuple[Any, ...]]:
        """Rows ``(id, series, series_title, language, year, kind, position[, score])`` of the
        units whose title or text contains ``q``, in archive order, as
        :func:`archive.search.search` reads them from the database; ``score`` is
        :func:`archive.search._relevance`'s (1000 for a headline match, plus the occurrences)."""
        needle = q.casefold()
        entries = self.entries or ()
        if not needle or SEP in needle:
            return []
        out: list[tuple[Any, ...]] = []
        starts, find = self._starts, self._joined.find
        pos = find(needle)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            row = self._rows[i]
            if relevance:
                e = entries[i]
                row += (1000 * (needle in e.title) + e.text.count(needle),)
            out.append(row)
            nxt = i + 1
            pos = find(needle, starts[nxt]) if nxt < len(starts) else -1
        return out


_indexes: weakref.WeakKeyDictionary[Engine, Index] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


_v = m.PlanVersion
# built once: constructing the statement costs more than running it
_STATE = sa.select(
    sa.func.count(_v.id),
    sa.func.max(_v.id),
    sa.func.count(_v.withdrawn_at),
    sa.func.max(_v.withdrawn_at),
    sa.func.max(_v.uploaded_at),  # SQLite may reuse a rolled-back version's id
    sa.select(sa.func.count(m.Series.id)).scalar_subquery(),
)
# every hit names its series: a title edited in place (ensure_series) changes the state too
_TITLES = sa.select(m.Series.id, m.Series.title).order_by(m.Series.id)


def archive_state(session: Session) -> tuple[Any, ...]:
    """What decides which units are current: the versions there are and the withdrawn ones
    (versions and their units are never edited in place), and the series with their titles."""
    titles = tuple(tuple(row) for row in session.execute(_TITLES))
    return (*session.execute(_STATE).one(), titles)


def current(session: Session) -> Index | None:
    """The index of the session's archive as it is now (built if the archive changed), or None
    when the archive holds more than :data:`MAX_CHARS` characters of text."""
    engine = session.get_bind()
    if not isinstance(engine, Engine):  # a session bound to a connection: no shared cache
        engine = engine.engine
    state = archive_state(session)
    index = _indexes.get(engine)
    if index is None or index.state != state:
        index = _build(session, state)
        with _lock:
            _indexes[engine] = index
    return index if index.entries is not None else None


def _build(session: Session, state: tuple[Any, ...]) -> Index:
    from archive.search import _joined, current_versions

    current_units = m.Unit.version_id.in_(current_versions())
    chars = sa.func.length(m.Unit.text) + sa.func.length(m.Unit.title)
    size = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(chars), 0)).where(current_units))
    if int(size or 0) > MAX_CHARS:
        return Index(state, None)
    columns = (m.Unit.id, m.Series.slug, m.Series.title, m.Series.language, m.Plan.year,
               m.Unit.kind, m.Unit.position, m.Unit.title, m.Unit.text)  # fmt: skip
    entries = tuple(
        Entry(
            i, slug, name, lang, year, kind, pos, (head or "").casefold(), (body or "").casefold()
        )
        for i, slug, name, lang, year, kind, pos, head, body in session.execute(
            _joined(*columns).where(current_units)
        )
    )
    return Index(state, entries)
