"""The archive's API: the only functions the faces (site, JSON API, CLI) call.

Every function takes the Session first and keyword-only arguments after it. Services ``flush()``
and never ``commit()``: the caller commits once after a successful write. Stored versions are
append-only; a correction is a new version, and withdrawal is the only change a version sees.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

import comparison
from archive import models as m
from archive.blobs import sha256_hex
from archive.db import begin_write
from archive.errors import ArchiveError, CorruptOriginal, InvalidInput, NotFound
from archive.objectstore import BlobBackend
from archive.preview import basename as _basename
from archive.preview import count_items, parse_upload
from archive.records import ImportResult, PlanRecord, VersionInfo
from archive.sqlutil import insert_ignore
from archive.staging import pending_blob, stage_blob
from archive.units import load_document, store_units, unit_counts
from archive.users import record_audit, user_name
from comparison.years import MAX_YEAR, MIN_YEAR, valid_year

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
UserRef = m.User | str | None  # a User row or a user name


def ensure_series(
    session: Session,
    *,
    slug: str,
    title: str | None = None,
    issuer: str | None = None,
    jurisdiction: str | None = None,
    language: str | None = None,
    source_note: str | None = None,
) -> m.Series:
    """Return the series ``slug``, creating it if needed; given fields overwrite stored ones."""
    _check_slug(slug)
    begin_write(session)
    insert_ignore(session, m.Series, [{"slug": slug, "title": title or slug}], ["slug"])
    row = session.scalars(sa.select(m.Series).where(m.Series.slug == slug)).one()
    for attr, value in (
        ("title", title),
        ("issuer", issuer),
        ("jurisdiction", jurisdiction),
        ("language", language),
        ("source_note", source_note),
    ):
        if value is not None and getattr(row, attr) != value:
            setattr(row, attr, value)
    session.flush()
    return row


def import_version(
    session: Session,
    store: BlobBackend,
    *,
    series: str,
    year: int,
    data: bytes,
    filename: str,
    title: str | None = None,
    note: str | None = None,
    user: UserRef = None,
    max_bytes: int | None = None,
) -> ImportResult:
    """Archive ``data`` as the next version of (series, year), or return the identical one.

    Parsing happens before any lock is taken. The plan row is then locked (PostgreSQL:
    ``SELECT ... FOR UPDATE``; SQLite: the writer's ``BEGIN IMMEDIATE``), so concurrent imports
    into one plan get distinct version numbers. The blob is written at commit time.
    """
    _check_slug(series)
    _check_year(year)
    extracted, doc = parse_upload(
        data, filename=filename, max_bytes=max_bytes, year=year, title=title
    )
    sha = sha256_hex(data)
    begin_write(session)
    insert_ignore(
        session,
        m.Series,
        [{"slug": series, "title": (doc.title or series)[:_TITLE_MAX], "language": doc.language}],
        ["slug"],
    )
    series_id = session.scalars(sa.select(m.Series.id).where(m.Series.slug == series)).one()
    insert_ignore(session, m.Plan, [{"series_id": series_id, "year": year}], ["series_id", "year"])
    plan = session.scalars(
        sa.select(m.Plan)
        .where(m.Plan.series_id == series_id, m.Plan.year == year)
        .with_for_update()
    ).one()
    same = session.scalars(
        sa.select(m.PlanVersion).where(
            m.PlanVersion.plan_id == plan.id, m.PlanVersion.sha256 == sha
        )
    ).first()
    if same is not None:
        units, items = unit_counts(session, same.id)
        warnings = (*extracted.notes, *same.warnings)  # as the first import reported them
        if _repair_blob(session, store, sha, data):
            warnings = (*warnings, "the stored original was missing or damaged: repaired")
        return ImportResult(series, year, same.number, sha, False, units, items, warnings)
    last = session.scalar(
        sa.select(sa.func.max(m.PlanVersion.number)).where(m.PlanVersion.plan_id == plan.id)
    )
    version = m.PlanVersion(
        plan_id=plan.id,
        number=(last or 0) + 1,
        sha256=sha,
        filename=_basename(filename),
        media_type=extracted.media_type,
        encoding=extracted.encoding,
        size=len(data),
        uploaded_at=datetime.now(UTC),
        uploaded_by=user_name(user),
        note=note,
        parser_version=comparison.PARSER_VERSION,
        title=doc.title,
        document_year=doc.year,
        language=doc.language,
        metadata_=dict(doc.metadata),
        warnings=list(doc.warnings),
    )
    session.add(version)
    session.flush()
    store_units(session, version, doc)
    stage_blob(session, store, sha, data)
    record_audit(
        session,
        action="upload",
        user=user,
        target=f"{series}/{year}/v{version.number}",
        detail={"sha256": sha, "filename": version.filename, "size": len(data)},
    )
    warnings = (*extracted.notes, *doc.warnings)
    return ImportResult(
        series, year, version.number, sha, True, len(doc.units), count_items(doc.units), warnings
    )


def _find_plan(session: Session, series: str, year: int) -> m.Plan:
    _check_year(year)  # (a 20-digit year would overflow the database driver)
    plan = session.scalars(
        sa.select(m.Plan)
        .join(m.Series)
        .where(m.Series.slug == series, m.Plan.year == year)
        .options(selectinload(m.Plan.versions), selectinload(m.Plan.series))
        .execution_options(populate_existing=True)  # see versions added in this session
    ).one_or_none()
    if plan is None:
        raise NotFound(f"no plan {series}/{year}", code="no_plan", series=series, year=year)
    return plan


def _current(plan: m.Plan) -> m.PlanVersion | None:
    live = [v for v in plan.versions if v.withdrawn_at is None]
    return max(live, key=lambda v: v.number) if live else None


def _pick_version(plan: m.Plan, version: int | None) -> m.PlanVersion:
    if version is None:
        current = _current(plan)
        if current is None:
            raise NotFound(
                f"{plan.series.slug}/{plan.year} has no current version (all withdrawn)",
                code="all_withdrawn",
                series=plan.series.slug,
                year=plan.year,
            )
        return current
    for v in plan.versions:
        if v.number == version:
            return v
    raise NotFound(
        f"no version {version} of {plan.series.slug}/{plan.year}",
        code="no_version",
        version=version,
        series=plan.series.slug,
        year=plan.year,
    )


def _version_info(v: m.PlanVersion, current: m.PlanVersion | None) -> VersionInfo:
    return VersionInfo(
        number=v.number,
        sha256=v.sha256,
        filename=v.filename,
        media_type=v.media_type,
        encoding=v.encoding,
        size=v.size,
        uploaded_at=v.uploaded_at,
        uploaded_by=v.uploaded_by,
        note=v.note,
        parser_version=v.parser_version,
        withdrawn_at=v.withdrawn_at,
        withdrawn_by=v.withdrawn_by,
        withdrawn_reason=v.withdrawn_reason,
        current=current is not None and v.id == current.id,
    )


def list_versions(session: Session, *, series: str, year: int) -> list[VersionInfo]:
    plan = _find_plan(session, series, year)
    current = _current(plan)
    return [_version_info(v, current) for v in plan.versions]


def get_plan(session: Session, *, series: str, year: int, version: int | None = None) -> PlanRecord:
    """A version of a plan (default: the current one) with its rebuilt PlanDocument."""
    plan = _find_plan(session, series, year)
    chosen = _pick_version(plan, version)
    current = _current(plan)
    return PlanRecord(
        series=series,
        series_title=plan.series.title,
        year=year,
        version=chosen.number,
        current_version=current.number if current else None,
        versions=tuple(_version_info(v, current) for v in plan.versions),
        document=load_document(session, chosen),
    )


def withdraw_version(
    session: Session, *, series: str, year: int, version: int, user: UserRef, reason: str
) -> VersionInfo:
    """Mark a version withdrawn (kept, never deleted); the current version moves back."""
    if not reason or not reason.strip():
        raise InvalidInput("a reason is required to withdraw a version")
    begin_write(session)
    plan = _find_plan(session, series, year)
    row = _pick_version(plan, version)
    if row.withdrawn_at is not None:
        raise ArchiveError(f"{series}/{year} version {version} is already withdrawn")
    row.withdrawn_at = datetime.now(UTC)
    row.withdrawn_by = user_name(user)
    row.withdrawn_reason = reason.strip()
    record_audit(
        session,
        action="withdraw",
        user=user,
        target=f"{series}/{year}/v{version}",
        detail={"reason": row.withdrawn_reason},
    )
    session.flush()
    return _version_info(row, _current(plan))


def read_original(
    session: Session, store: BlobBackend, *, series: str, year: int, version: int | None = None
) -> tuple[bytes, str, str]:
    """The original bytes of a version, its filename and media type."""
    row = _pick_version(_find_plan(session, series, year), version)
    data = pending_blob(session, row.sha256)
    if data is None:
        data = store.get(row.sha256)
        if sha256_hex(data) != row.sha256:  # fixity on every read: never the damaged bytes
            raise CorruptOriginal(
                f"the stored original of {series} {year} version {row.number} is damaged"
                f" (SHA-256 mismatch); re-import the original file to repair it"
            )
    return data, row.filename, row.media_type


def _repair_blob(session: Session, store: BlobBackend, sha: str, data: bytes) -> bool:
    """Re-importing identical bytes rewrites a missing or damaged blob; True if it was needed."""
    try:
        intact = sha256_hex(store.get(sha)) == sha
    except NotFound:
        intact = False
    if intact:
        return False
    if store.exists(sha):
        store.delete(sha)  # damaged: written again from the uploaded bytes at commit
    stage_blob(session, store, sha, data)
    return True


_TITLE_MAX: int = getattr(m.Series.__table__.c.title.type, "length", None) or 500


def _check_slug(slug: str) -> None:
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise InvalidInput(f"invalid series slug {slug!r}: use lowercase letters, digits and -")


def _check_year(year: int) -> None:
    if not valid_year(year):
        raise InvalidInput(f"invalid year {year!r}: plan years run from {MIN_YEAR} to {MAX_YEAR}")
