"""Full-text search over the units of every current version.

Chinese has no spaces, so both databases index character trigrams: SQLite an FTS5 table with the
``trigram`` tokenizer (external content on ``units``, kept in step by triggers), PostgreSQL
``pg_trgm`` GIN indexes serving ``ILIKE``. Queries under three characters fall back to LIKE.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from archive import models as m
from archive.records import SearchHit
from archive.sqlutil import escape_like

SNIPPET_CONTEXT = 40


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


def search_units(
    session: Session, q: str, *, series: str | None = None, limit: int = 200
) -> list[SearchHit]:
    """Units of current versions whose title or text contains ``q`` (case-insensitive)."""
    q = " ".join(q.split())
    if not q:
        return []
    dialect = session.get_bind().dialect.name
    stmt = (
        sa.select(m.Unit, m.PlanVersion.number, m.Plan.year, m.Series.slug, m.Series.title)
        .join(m.PlanVersion, m.Unit.version_id == m.PlanVersion.id)
        .join(m.Plan, m.PlanVersion.plan_id == m.Plan.id)
        .join(m.Series, m.Plan.series_id == m.Series.id)
        .where(m.PlanVersion.id.in_(current_versions()))
        .order_by(m.Series.slug, m.Plan.year, m.Unit.position)
        .limit(limit)
    )
    if series is not None:
        stmt = stmt.where(m.Series.slug == series)
    if dialect == "sqlite" and len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'
        fts = sa.text("SELECT rowid FROM units_fts WHERE units_fts MATCH :q").bindparams(q=phrase)
        stmt = stmt.where(m.Unit.id.in_(fts.columns(sa.column("rowid", sa.Integer))))
    else:
        pattern = f"%{escape_like(q)}%"
        stmt = stmt.where(
            sa.or_(
                m.Unit.text.ilike(pattern, escape="\\"), m.Unit.title.ilike(pattern, escape="\\")
            )
        )
    hits = []
    for unit, number, year, slug, series_title in session.execute(stmt):
        snippet, start, end = (
            _snippet(unit.text, q) or _snippet(unit.title, q) or (unit.title, 0, 0)
        )
        hits.append(
            SearchHit(
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
        )
    return hits


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
