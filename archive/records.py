"""Plain value types the service returns. The faces read these, never the ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from comparison import PlanDocument

FILENAME_MAX = 500  # PlanVersion.filename's column length: stored names are cut to it
ROLES = ("viewer", "editor", "admin")  # a user's role, each allowed what the ones before are


@dataclass(frozen=True)
class ImportResult:
    series: str
    year: int
    version: int
    sha256: str
    created: bool  # False when identical bytes already were a version of this plan
    units: int
    items: int
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The ``yearline import --format json`` object (ARCHITECTURE.md section 5)."""
        return {
            "series": self.series,
            "year": self.year,
            "version": self.version,
            "sha256": self.sha256,
            "created": self.created,
            "units": self.units,
            "items": self.items,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Preview:
    """What an upload would become; nothing stored."""

    filename: str
    media_type: str
    encoding: str | None
    size: int
    sha256: str
    document: PlanDocument
    units: int
    items: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearInfo:
    year: int
    versions: int  # all versions, withdrawn ones included
    current_version: int | None  # newest not withdrawn

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "versions": self.versions,
            "current_version": self.current_version,
        }


@dataclass(frozen=True)
class SeriesInfo:
    slug: str
    title: str
    issuer: str
    jurisdiction: str
    language: str
    source_note: str
    years: tuple[YearInfo, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The ``yearline list --format json`` object."""
        return {"slug": self.slug, "title": self.title, "years": [y.as_dict() for y in self.years]}


@dataclass(frozen=True)
class VersionInfo:
    number: int
    sha256: str
    filename: str
    media_type: str
    encoding: str | None
    size: int
    uploaded_at: datetime
    uploaded_by: str | None
    note: str | None
    parser_version: str
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None
    current: bool = False

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.number,
            "sha256": self.sha256,
            "filename": self.filename,
            "media_type": self.media_type,
            "encoding": self.encoding,
            "size": self.size,
            "uploaded_at": self.uploaded_at.isoformat(),
            "uploaded_by": self.uploaded_by,
            "note": self.note,
            "parser_version": self.parser_version,
            "withdrawn_at": self.withdrawn_at.isoformat() if self.withdrawn_at else None,
            "withdrawn_by": self.withdrawn_by,
            "withdrawn_reason": self.withdrawn_reason,
            "current": self.current,
        }


@dataclass(frozen=True)
class PlanRecord:
    """One stored version of a plan: provenance plus the PlanDocument rebuilt from its units."""

    series: str
    series_title: str
    year: int
    version: int
    current_version: int | None
    versions: tuple[VersionInfo, ...]
    document: PlanDocument

    @property
    def info(self) -> VersionInfo:
        return next(v for v in self.versions if v.number == self.version)

    @property
    def sha256(self) -> str:
        return self.info.sha256

    @property
    def filename(self) -> str:
        return self.info.filename

    def provenance(self) -> dict[str, Any]:
        """What a Comparison's ``info_a``/``info_b`` carries."""
        return {
            "series": self.series,
            "year": self.year,
            "version": self.version,
            "sha256": self.sha256,
            "filename": self.filename,
        }


@dataclass(frozen=True)
class SearchHit:
    """A unit whose title or text contains the query. ``snippet[match_start:match_end]`` is it."""

    series: str
    series_title: str
    year: int
    version: int
    key: str
    kind: str
    label: str
    title: str
    snippet: str
    match_start: int
    match_end: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchCount:
    """How many matching units one year of one series has, of one kind (the search's facets)."""

    series: str
    series_title: str
    language: str
    year: int
    kind: str
    n: int


@dataclass(frozen=True)
class SearchResult:
    """One page of a search: ``total`` counts every matching unit under the filters, ``hits``
    is the page (``offset``, at most ``limit`` long). ``counts`` are the facets over all matching
    units, before the series, year and kind filters, so a page can show where else hits are."""

    query: str
    total: int
    offset: int
    limit: int
    hits: tuple[SearchHit, ...]
    counts: tuple[SearchCount, ...]

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


@dataclass(frozen=True)
class FixityReport:
    checked: int
    missing: tuple[str, ...] = field(default=())
    corrupt: tuple[str, ...] = field(default=())
    unreferenced: tuple[str, ...] = field(default=())  # e.g. left by a crash during a commit

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt
