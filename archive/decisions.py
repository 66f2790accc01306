"""Analysts' decisions on comparisons (issue 10): confirm, reject, link, boilerplate, undo.

A :class:`Decision` row is append-only: nothing updates or deletes one. A later decision about the
same units supersedes an earlier one, and an ``undo`` row takes a decision back. Decisions are
keyed by *content*: the series, the two years (stored earlier year first) and each side's
normalised unit texts, so they survive identical re-imports, re-parses with other unit keys and
engine upgrades. The unit keys seen when the decision was made are kept too, to tell repeated
identical paragraphs apart. Resolution to the unit keys of the versions being compared, and
staleness, live in :mod:`archive.review`.

Backups (``yearline dump``/``restore``) must include the ``decisions`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

import comparison
from archive import models as m
from archive.db import Base, begin_write
from archive.errors import InvalidInput, NotFound, PermissionDenied
from archive.models import UTCDateTime, utcnow
from archive.users import record_audit, user_name
from comparison.features import unit_text

ACTIONS = ("confirm", "reject", "link", "boilerplate")  # the public ``action`` values
ALL_ACTIONS = (*ACTIONS, "undo")
NOTE_MAX = 2000
KEYS_MAX = 50  # units on one side of one decision


class Decision(Base):
    """One analyst decision about the comparison of two years of a series.

    ``a_*`` is the earlier year's side (``year_a < year_b``). ``a_texts``/``b_texts`` are the
    units' normalised texts (``comparison.normalize``), ``a_keys``/``b_keys`` their keys when the
    decision was made, on versions ``version_a_id``/``version_b_id``. ``side`` is ``a``/``b`` for
    ``boilerplate``; ``undoes_id`` names the decision an ``undo`` takes back.
    """

    __tablename__ = "decisions"
    __table_args__ = (
        sa.CheckConstraint(
            "action IN ('confirm', 'reject', 'link', 'boilerplate', 'undo')", name="action"
        ),
        sa.CheckConstraint("year_a < year_b", name="years"),
        sa.Index("ix_decisions_series_years", "series_id", "year_a", "year_b"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id"))
    year_a: Mapped[int]
    year_b: Mapped[int]
    action: Mapped[str] = mapped_column(sa.String(20))
    side: Mapped[str | None] = mapped_column(sa.String(1))
    a_texts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    b_texts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    a_keys: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    b_keys: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    version_a_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan_versions.id"))
    version_b_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan_versions.id"))
    undoes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decisions.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    user: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Proposal:
    """What a caller asks for, in the orientation it compared (``year_a`` may be the later)."""

    year_a: int
    year_b: int
    action: str
    a: tuple[str, ...] = ()
    b: tuple[str, ...] = ()
    note: str = ""


def content(unit: comparison.Unit) -> str:
    """A unit's identity for decisions: its normalised full own text (headline included); an
    empty unit is known by its kind and number."""
    text = comparison.normalize(unit_text(unit))
    return text or f"#{unit.kind.value}:{unit.label}"


def parse_keys(raw: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """``"1,2 , 3"`` or a list -> ``("1", "2", "3")`` (order kept, duplicates dropped)."""
    if raw is None:
        return ()
    parts = raw.split(",") if isinstance(raw, str) else [str(p) for p in raw]
    out: dict[str, None] = {}
    for p in parts:
        p = p.strip()
        if p:
            out.setdefault(p, None)
    return tuple(out)


def check_editor(user: m.User | str | None) -> None:
    """Decisions need an editor. A User is checked by role; a plain name is the local operator
    (the CLI without ``--as``), who holds the database anyway."""
    if user is None:
        raise PermissionDenied("sign in as an editor to record decisions")
    if isinstance(user, m.User) and not user.can("editor"):
        raise PermissionDenied(f"decisions need the editor role; {user.name} is {user.role}")


def series_row(session: Session, slug: str) -> m.Series:
    row = session.scalars(sa.select(m.Series).where(m.Series.slug == slug)).one_or_none()
    if row is None:
        raise NotFound(f"no series {slug!r}")
    return row


def record_decision(
    session: Session,
    *,
    series: str,
    proposal: Proposal,
    user: m.User | str | None,
    version_a: int | None = None,
    version_b: int | None = None,
) -> Decision:
    """Validate ``proposal`` against the versions compared (current ones unless given) and append
    it; audited. Unknown keys, empty sides and same-year decisions are refused with one line."""
    from archive.review import version_units  # the resolver's reader of unit rows

    check_editor(user)
    p = proposal
    if p.action not in ACTIONS:
        raise InvalidInput(f"unknown action {p.action!r}: use one of {', '.join(ACTIONS)}")
    if p.year_a == p.year_b:
        raise InvalidInput("a decision is about two different years")
    note = (p.note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"the note is too long (at most {NOTE_MAX} characters)")
    a, b = parse_keys(p.a), parse_keys(p.b)
    if p.action == "boilerplate":
        if bool(a) == bool(b):
            raise InvalidInput("mark units of one side as boilerplate: give keys of A or of B")
    elif not a or not b:
        raise InvalidInput(f"{p.action} needs unit keys on both sides")
    if len(a) > KEYS_MAX or len(b) > KEYS_MAX:
        raise InvalidInput(f"at most {KEYS_MAX} units per side in one decision")
    begin_write(session)
    row_series = series_row(session, series)
    va_row, units_a = version_units(session, series, p.year_a, version_a)
    vb_row, units_b = version_units(session, series, p.year_b, version_b)
    texts_a = _texts(units_a, a, series, p.year_a, va_row.number)
    texts_b = _texts(units_b, b, series, p.year_b, vb_row.number)
    swap = p.year_a > p.year_b
    lo, hi = (p.year_b, p.year_a) if swap else (p.year_a, p.year_b)
    side = None
    if p.action == "boilerplate":
        side = ("b" if a else "a") if swap else ("a" if a else "b")
    if swap:
        a, b, texts_a, texts_b = b, a, texts_b, texts_a
        va_row, vb_row = vb_row, va_row
    row = Decision(
        series_id=row_series.id,
        year_a=lo,
        year_b=hi,
        action=p.action,
        side=side,
        a_texts=texts_a,
        b_texts=texts_b,
        a_keys=list(a),
        b_keys=list(b),
        version_a_id=va_row.id,
        version_b_id=vb_row.id,
        note=note,
        user=user_name(user),
        created_at=datetime.now(UTC),
    )
    return _append(session, row, series, user)


def _append(session: Session, row: Decision, series: str, user: m.User | str | None) -> Decision:
    """Store a new decision row (decisions are append-only) and audit it."""
    session.add(row)
    session.flush()
    _audit(session, row, series, user)
    return row


def undo_decision(
    session: Session, *, series: str, decision_id: int, user: m.User | str | None, note: str = ""
) -> Decision:
    """Append an ``undo`` of decision ``decision_id`` (which stays, marked undone); audited."""
    check_editor(user)
    begin_write(session)
    row_series = series_row(session, series)
    target = session.get(Decision, decision_id)
    if target is None or target.series_id != row_series.id:
        raise NotFound(f"no decision {decision_id} in {series}")
    if target.action == "undo":
        raise InvalidInput(f"decision {decision_id} is an undo; record the decision again instead")
    already = session.scalar(sa.select(Decision.id).where(Decision.undoes_id == decision_id))
    if already is not None:
        raise InvalidInput(f"decision {decision_id} was already undone (by {already})")
    row = Decision(
        series_id=row_series.id,
        year_a=target.year_a,
        year_b=target.year_b,
        action="undo",
        undoes_id=target.id,
        note=(note or "").strip()[:NOTE_MAX],
        user=user_name(user),
        created_at=datetime.now(UTC),
    )
    return _append(session, row, series, user)


def series_decisions(
    session: Session, series_id: int, years: tuple[int, int] | None = None
) -> list[Decision]:
    """Every decision of a series (or of one pair of years, in either order), oldest first."""
    q = sa.select(Decision).where(Decision.series_id == series_id)
    if years is not None:
        lo, hi = sorted(years)
        q = q.where(Decision.year_a == lo, Decision.year_b == hi)
    return list(session.scalars(q.order_by(Decision.id)))


def revision(session: Session, series: str) -> int:
    """A number that changes whenever a decision of ``series`` is recorded (append-only: the
    newest id), for in-process memo keys. 0 when there is none."""
    newest = session.scalar(_NEWEST_DECISION, {"slug": series})
    return int(newest or 0)


# built once (building a statement costs more than running it on SQLite), bound per call
_NEWEST_DECISION = (
    sa.select(sa.func.max(Decision.id)).join(m.Series).where(m.Series.slug == sa.bindparam("slug"))
)


def _texts(
    units: list[tuple[str, str]], keys: tuple[str, ...], series: str, year: int, version: int
) -> list[str]:
    by_key = dict(units)
    missing = [k for k in keys if k not in by_key]
    if missing:
        raise InvalidInput(f"no unit {missing[0]!r} in {series}/{year} version {version}")
    return [by_key[k] for k in keys]


def _audit(session: Session, row: Decision, series: str, user: m.User | str | None) -> None:
    detail: dict[str, Any] = {"id": row.id, "years": [row.year_a, row.year_b]}
    if row.action == "undo":
        detail["undoes"] = row.undoes_id
    else:
        detail.update(a=list(row.a_keys), b=list(row.b_keys))
        if row.side:
            detail["side"] = row.side
    if row.note:
        detail["note"] = row.note
    record_audit(
        session,
        action=f"review.{row.action}",
        user=user,
        target=f"{series}/{row.year_a}..{row.year_b}",
        detail=detail,
    )
