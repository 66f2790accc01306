"""Uploads parsed for a preview or a diff: bytes -> PlanDocument, nothing stored.

Kept apart from :mod:`archive.service` so that ``yearline diff`` (two files, no archive) imports
neither SQLAlchemy nor the database models.
"""

from __future__ import annotations

import re

import comparison
from archive.blobs import sha256_hex
from archive.errors import RejectedUpload
from archive.ingest import Extracted, extract, parse_budget_seconds
from archive.records import FILENAME_MAX, Preview
from comparison import PlanDocument, Unit, UnitKind
from comparison.budget import WorkBudgetExceeded, work_budget
from comparison.structure import ParseError

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]+")


def count_items(units: tuple[Unit, ...] | list[Unit]) -> int:
    return sum(1 for u in units if u.kind is UnitKind.ITEM)


def parse_upload(
    data: bytes,
    *,
    filename: str,
    max_bytes: int | None = None,
    year: int | None = None,
    title: str | None = None,
) -> tuple[Extracted, PlanDocument]:
    """Bytes -> (what ingest found, PlanDocument); RejectedUpload for any refusal.

    Extraction and parsing share one work budget (``YEARLINE_PARSE_SECONDS``, see
    :func:`archive.ingest.parse_budget_seconds`): a document that would take longer is refused.
    """
    try:
        with work_budget(seconds=parse_budget_seconds()):
            extracted = extract(data, filename=filename, max_bytes=max_bytes)
            doc = comparison.parse_text(extracted.text, title=title, year=year)
    except (ParseError, WorkBudgetExceeded) as exc:  # the message is already one plain line
        name = basename(filename)
        raise RejectedUpload(
            f"{name}: {exc}", code="unparsable", name=name, reason=str(exc)
        ) from None
    return extracted, doc


def preview_upload(
    data: bytes,
    *,
    filename: str,
    max_bytes: int | None = None,
    year: int | None = None,
    title: str | None = None,
) -> Preview:
    """Decode and parse an upload for the upload page's preview; nothing is stored."""
    extracted, doc = parse_upload(
        data, filename=filename, max_bytes=max_bytes, year=year, title=title
    )
    return Preview(
        filename=basename(filename),
        media_type=extracted.media_type,
        encoding=extracted.encoding,
        size=len(data),
        sha256=sha256_hex(data),
        document=doc,
        units=len(doc.units),
        items=count_items(doc.units),
        warnings=(*extracted.notes, *doc.warnings),
    )


def basename(filename: str) -> str:
    """The file's own name, as stored and shown: no folders, no control characters or line breaks
    (a CR/LF would break the Content-Disposition header of every later download), at most the
    column's length (cut in the stem, so the extension survives) on SQLite as on PostgreSQL."""
    name = re.split(r"[\\/]", filename)[-1]
    name = " ".join(_UNPRINTABLE.sub(" ", name).split()) or "upload"
    if len(name) > FILENAME_MAX:
        stem, dot, ext = name.rpartition(".")
        ext = dot + ext if stem and len(ext) <= 16 else ""
        name = (stem if ext else name)[: FILENAME_MAX - len(ext)].rstrip() + ext
    return name
