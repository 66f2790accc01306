"""Full-text search over the units of every current version.

Chinese has no spaces, so both databases index character trigrams: SQLite an FTS5 table with the
``trigram`` tokenizer (external content on ``units``, kept in step by triggers), PostgreSQL
``pg_trgm`` GIN indexes serving ``ILIKE``. A trigram index cannot answer a query under three
characters (most Chinese words are two), so those fall back to a LIKE scan. Both are skipped
while the archive is small enough (:mod:`archive.search_index`): an in-memory copy of the current
units' text, rebuilt when a version is imported or withdrawn, answers any query in about a
millisecond.

:func:`search` answers one page and the true total: a first query counts every match per
(series, year, kind) -- the facets, from which the total under any filter follows -- and a second
fetches the page. Results come newest year first (``order="year"``), or by relevance
(``order="relevance"``: headline matches first, then the number of occurrences, then newest).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from archive import models as m
from archive import search_index
from archive.errors import InvalidInput
from archive.records import SearchCount, SearchHit, SearchResult
from archive.sqlutil import escape_like

SNIPPET_CONTEXT = 40
KINDS = ("section", "task", "item", "paragraph")
ORDERS = ("year", "relevance")
Order = Literal["year", "relevance"]


def current_versions() -> sa.Select[int]:
    """ids of each plan's newest version that is not withdrawn."""
    newer = aliased(m.PlanVersion)
    v = m.PlanVersion
    return sa.select(v.id).where(
        v.withdrawn_at.is_(None),
        ~sa.exists().where(
            newer.plan_id == v.plan_id, newer.number > v.number, newer.withdrawn_at.is_(None)
        ),
    )


def normalise_query(q: str) -> str:
    """The query as searched: runs of whitespace become one space, ends trimmed."""
    return " ".join(q.split())


def _matches(session: Session, q: str) -> sa.ColumnElement[bool]:
    """Units whose title or text contains ``q``, case-insensitively (ASCII only on SQLite)."""
    pattern = f"%{escape_like(q)}%"
    if session.get_bind().dialect.name == "sqlite":
        if len(q) >= 3:
            phrase = '"' + q.replace('"', '""') + '"'
            fts = sa.text("SELECT rowid FROM units_fts WHERE units_fts MATCH :q")
            return m.Unit.id.in_(fts.bindparams(q=phrase).columns(sa.column("rowid", sa.Integer)))
        # SQLite's LIKE already ignores ASCII case: ilike's lower() on both sides costs a third
        return sa.or_(
            m.Unit.text.like(pattern, escape="\\"), m.Unit.title.like(pattern, escape="\\")
        )
    return sa.or_(m.Unit.text.ilike(pattern, escape="\\"), m.Unit.title.ilike(pattern, escape="\\"))


def _joined(*columns: Any) -> sa.Select[Any]:
    """``columns`` of units joined to their version, plan and series."""
    return (
        sa.select(*columns)
        .join(m.PlanVersion, m.Unit.version_id == m.PlanVersion.id)
        .join(m.Plan, m.PlanVersion.plan_id == m.Plan.id)
        .join(m.Series, m.Plan.series_id == m.Series.id)
    )


def _relevance(q: str) -> sa.ColumnElement[int]:
    """A portable score: 1000 for a headline match, plus one per occurrence in the text."""
    needle = q.lower()
    text = sa.func.lower(m.Unit.text)
    gone = sa.func.length(text) - sa.func.length(sa.func.replace(text, needle, ""))
    in_title = sa.case(
        (sa.func.lower(m.Unit.title).contains(needle, autoescape=True), 1000), else_=0
    )
    return in_title + gone / len(needle)


def check_filters(
    *, kinds: Iterable[str] = (), order: str = "year", year_from: int | None = None,
    year_to: int | None = None,
) -> None:  # fmt: skip
    """Raise :class:`InvalidInput` (one line, in English) for a filter no search can use."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}; got {unknown[0]!r}.")
    if order not in ORDERS:
        raise InvalidInput(f"order must be one of {', '.join(ORDERS)}; got {order!r}.")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidInput(f"year_from ({year_from}) is after year_to ({year_to}).")


def search(
    session: Session,
    q: str,
    *,
    series: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    kinds: Iterable[str] = (),
    order: Order = "year",
    offset: int = 0,
    limit: int = 20,
) -> SearchResult:
    """One page of the units of current versions whose title or text contains ``q``.

    ``kinds`` (empty: every kind), ``series`` and the inclusive year range filter the hits and
    the total; ``counts`` ignores them (facets for the filter controls and the per-year chart).
    One scan finds every match (id, series, year, kind, position: small rows, a few thousand at
    most), which gives the facets, the total and the order; a second query loads the page's
    units by primary key.
    """
    kinds = tuple(kinds)
    check_filters(kinds=kinds, order=order, year_from=year_from, year_to=year_to)
    q = normalise_query(q)
    if not q:
        return SearchResult(q, 0, offset, limit, (), ())
    rows = _matching_rows(session, q, relevance=order == "relevance")
    facets: Counter[tuple[str, str, str, int, str]] = Counter(
        (r[1], r[2], r[3], r[4], r[5]) for r in rows
    )
    counts = tuple(
        SearchCount(slug, title, language, year, kind, n)
        for (slug, title, language, year, kind), n in sorted(facets.items())
    )
    chosen = [
        r
        for r in rows
        if (series is None or r[1] == series)
        and (year_from is None or r[4] >= year_from)
        and (year_to is None or r[4] <= year_to)
        and (not kinds or r[5] in kinds)
    ]
    if order == "relevance":
        chosen.sort(key=lambda r: (-r[7], -r[4], r[1], r[6]))
    else:
        chosen.sort(key=lambda r: (-r[4], r[1], r[6]))
    page = [r[0] for r in chosen[offset : offset + limit]] if limit > 0 else []
    hits: tuple[SearchHit, ...] = ()
    if page:
        loaded = {
            unit.id: (unit, number, year, slug, title)
            for unit, number, year, slug, title in session.execute(
                _joined(
                    m.Unit, m.PlanVersion.number, m.Plan.year, m.Series.slug, m.Series.title
                ).where(m.Unit.id.in_(page))
            )
        }
        hits = tuple(_hit(*loaded[i], q) for i in page)
    return SearchResult(q, len(chosen), offset, limit, hits, counts)


def _matching_rows(session: Session, q: str, *, relevance: bool) -> Sequence[Any]:
    """Every match as ``(id, slug, series title, language, year, kind, position[, score])``:
    from the in-memory copy of the current units when the archive is small enough to hold one
    (:mod:`archive.search_index`), else from the database's indexes and scans."""
    index = search_index.current(session)
    if index is not None:
        return index.matching(q, relevance=relevance)
    columns: list[Any] = [m.Unit.id, m.Series.slug, m.Series.title, m.Series.language,
                          m.Plan.year, m.Unit.kind, m.Unit.position]  # fmt: skip
    if relevance:
        columns.append(_relevance(q))
    return session.execute(
        _joined(*columns).where(m.PlanVersion.id.in_(current_versions()), _matches(session, q))
    ).all()


def search_units(
    session: Session, q: str, *, series: str | None = None, limit: int = 200
) -> list[SearchHit]:
    """The first ``limit`` units of current versions whose title or text contains ``q``
    (case-insensitive), newest year first; :func:`search` also gives the total and pages on."""
    return list(search(session, q, series=series, limit=limit).hits)


def _hit(unit: m.Unit, number: int, year: int, slug: str, series_title: str, q: str) -> SearchHit:
    snippet, start, end = _snippet(unit.text, q) or _snippet(unit.title, q) or (unit.title, 0, 0)
    return SearchHit(
        series=slug,
        series_title=series_title,
        year=year,
        version=number,
        key=unit.key,
        kind=unit.kind,
        label=unit.label,
        title=unit.title,
        snippet=snippet,
        match_start=start,
        match_end=end,
    )


def _snippet(text: str, q: str) -> tuple[str, int, int] | None:
    """A window of ``text`` around the first match, and the match's offsets in that window."""
    at = text.casefold().find(q.casefold())
    if at < 0 or len(text.casefold()) != len(text):
        at = text.find(q)
        if at < 0:
            return None
    lo = max(0, at - SNIPPET_CONTEXT)
    hi = min(len(text), at + len(q) + SNIPPET_CONTEXT)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    start = len(prefix) + at - lo
    return prefix + text[lo:hi] + suffix, start, start + len(q)


def series_languages(session: Session, series: str | None = None) -> set[str]:
    """The languages of the archive's series (of one series, if given)."""
    stmt = sa.select(m.Series.language).distinct()
    if series is not None:
        stmt = stmt.where(m.Series.slug == series)
    return set(session.scalars(stmt))


def query_language(q: str) -> str | None:
    """``zh`` if the query has a Chinese character, ``en`` if it has Latin letters only, else
    None (digits, punctuation: no language to compare with the archive's)."""
    if any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in q):
        return "zh"
    if any(ch.isascii() and ch.isalpha() for ch in q):
        return "en"
    return None
