"""The archive's tables: Series -> Plan (year) -> PlanVersion (immutable) -> Unit -> Agency.

Versions are append-only: nothing here offers an update of a stored version; withdrawal only
sets the ``withdrawn_*`` fields. Original bytes live in the blob store under ``sha256``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db import Base
from archive.records import FILENAME_MAX, ROLES


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which drops the zone) and PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Series(Base):
    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[str] = mapped_column(sa.String(500), default="")
    issuer: Mapped[str] = mapped_column(sa.String(500), default="")
    jurisdiction: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(10), default="zh")
    source_note: Mapped[str] = mapped_column(sa.Text, default="")

    plans: Mapped[list[Plan]] = relationship(back_populates="series", order_by="Plan.year")


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (sa.UniqueConstraint("series_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id"), index=True)
    year: Mapped[int]

    series: Mapped[Series] = relationship(back_populates="plans")
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", order_by="PlanVersion.number"
    )


class PlanVersion(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (sa.UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id"), index=True)
    number: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    filename: Mapped[str] = mapped_column(sa.String(FILENAME_MAX))
    media_type: Mapped[str] = mapped_column(sa.String(200))
    encoding: Mapped[str | None] = mapped_column(sa.String(40))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[str | None] = mapped_column(sa.String(200))
    note: Mapped[str | None] = mapped_column(sa.Text)
    parser_version: Mapped[str] = mapped_column(sa.String(40))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(sa.String(200))
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
    # What the parser produced besides the units (PlanDocument title/year/language/...).
    title: Mapped[str] = mapped_column(sa.Text, default="")
    document_year: Mapped[int | None]
    language: Mapped[str] = mapped_column(sa.String(10), default="zh")
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", sa.JSON, default=dict)
    warnings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)

    plan: Mapped[Plan] = relationship(back_populates="versions")
    units: Mapped[list[Unit]] = relationship(back_populates="version", order_by="Unit.position")


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "key"),
        sa.UniqueConstraint("version_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_versions.id"))
    key: Mapped[str] = mapped_column(sa.String(200))
    parent_key: Mapped[str | None] = mapped_column(sa.String(200))
    level: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20))
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    title: Mapped[str] = mapped_column(sa.Text, default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int]
    due: Mapped[str] = mapped_column(sa.Text, default="", server_default="")  # as printed

    version: Mapped[PlanVersion] = relationship(back_populates="units")
    agencies: Mapped[list[UnitAgency]] = relationship(
        back_populates="unit", order_by="UnitAgency.position"
    )


class Agency(Base):
    """An agency (lead or supporting). ``name`` is the normalised key; ``display_name`` as first
    printed."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(500), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(500))


class UnitAgency(Base):
    """A unit's agency: ``role`` ``lead`` or ``support`` (配合单位). Positions run over the
    unit's leads first, then its supporting agencies, so position 0 is the primary lead.
    ``printed`` is the exact text."""

    __tablename__ = "unit_agencies"

    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(10), default="lead", server_default="lead")
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    printed: Mapped[str] = mapped_column(sa.String(500))

    unit: Mapped[Unit] = relationship(back_populates="agencies")
    agency: Mapped[Agency] = relationship()


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user: Mapped[str | None] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[str] = mapped_column(sa.String(500), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    role: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped at sign-out: a session cookie carrying an older version is no longer signed in.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def can(self, role: str) -> bool:
        """True if this user's role is ``role`` or above (viewer < editor < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


class ApiToken(Base):
    """An API token, stored as its SHA-256 (the secret is shown once). It works until
    ``expires_at`` or until it is revoked (``revoked_at``); rows are kept for the listing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    label: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class ComparisonCache(Base):
    """A disposable engine result for (version A, version B, engine version)."""

    __tablename__ = "comparison_cache"
    __table_args__ = (
        sa.UniqueConstraint(
            "version_a_id",
            "version_b_id",
            "engine_version",
            "decisions_key",
            name="uq_comparison_cache_versions_engine_decisions",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_a_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_versions.id"))
    version_b_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_versions.id"), index=True)
    engine_version: Mapped[str] = mapped_column(sa.String(40))
    # fingerprint of the analysts' decisions applied ('' for none; archive.review)
    decisions_key: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TimelineCache(Base):
    """A disposable timeline of a series for one exact set of versions and engine version.

    ``versions_key`` lists the version ids the timeline was built from ("12,15,31"), so a new
    upload or a withdrawal changes the key and the stale row is simply never read again.
    """

    __tablename__ = "timeline_cache"
    __table_args__ = (
        sa.UniqueConstraint(
            "series_id",
            "versions_key",
            "engine_version",
            "decisions_key",
            name="uq_timeline_cache_series_versions_engine_decisions",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id"), index=True)
    versions_key: Mapped[str] = mapped_column(sa.Text)
    engine_version: Mapped[str] = mapped_column(sa.String(40))
    decisions_key: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SeriesCache(Base):
    """A disposable result derived from the texts of a series' current versions, read by its
    page: ``kind`` names it (``targets``, ``terms``), ``versions_key`` lists the version ids
    ("12,15,31") like the timeline's, ``code`` fingerprints the source that computes it
    (archive.derived), so a new upload, a withdrawal or a new release never reads it again."""

    __tablename__ = "series_cache"
    __table_args__ = (
        sa.UniqueConstraint(
            "series_id",
            "kind",
            "versions_key",
            "engine_version",
            "code",
            name="uq_series_cache_series_kind_versions_engine_code",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    versions_key: Mapped[str] = mapped_column(sa.Text)
    engine_version: Mapped[str] = mapped_column(sa.String(40))
    code: Mapped[str] = mapped_column(sa.String(64))
    result: Mapped[Any] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobRecord(Base):
    """One piece of background work and its progress (issue 11).

    The queue itself is procrastinate's (PostgreSQL) or the embedded in-process runner (SQLite);
    this row is what any process can read: what the job is, how far it got, how it ended.
    ``queue_id`` is procrastinate's job id, whose status is authoritative while the job lives there.
    """

    __tablename__ = "job_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(sa.String(40))
    args: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    label: Mapped[str] = mapped_column(sa.String(300), default="", index=True)
    state: Mapped[str] = mapped_column(sa.String(20), default="queued")
    queue_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # the message as a key of archive/jobs/messages.py and its parameters, so that each face
    # shows it in its user's language (``message`` keeps the English text)
    message_key: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")
    message_params: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # the embedded queue's process that holds the job (``host:pid:token``) and its last sign of
    # life: a job whose owner died is taken over by the next in-process queue (None: procrastinate)
    owner: Mapped[str | None] = mapped_column(sa.String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExportFile(Base):
    """A disposable, finished series export (issue 11): the file is in the blob store's
    ``exports`` area under its SHA-256; ``key`` names exactly what it was made from (series state,
    engine version, kind, format, language, filters, renderer code), so a changed series or a new
    release simply never reads the row again."""

    __tablename__ = "export_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    series_id: Mapped[int] = mapped_column(sa.ForeignKey("series.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    fmt: Mapped[str] = mapped_column(sa.String(10))
    filename: Mapped[str] = mapped_column(sa.String(300))
    media_type: Mapped[str] = mapped_column(sa.String(120))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    engine_version: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
