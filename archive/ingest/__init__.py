"""Ingestion, first half: uploaded bytes -> plain text, with a report of what was done.

The type is detected from the content (never the extension): DOCX (a zip with
``word/document.xml``), XLSX (a zip with ``xl/workbook.xml``), PDF (via poppler's pdftotext),
HTML, Markdown, plain text. Tables of every format reach the parser as pipe tables. The second half,
text -> PlanDocument, is the engine's parser (``comparison.parse_text``).
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field, replace

from archive.errors import RejectedUpload
from archive.ingest.decode import Undecodable, decode_bytes, strip_controls
from archive.ingest.html import html_to_text, looks_like_html
from archive.ingest.limits import ArchiveTooLarge, check_zip, zip_limits
from archive.ingest.pdf import PdfUnavailable, PdfUnreadable, read_pdf

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_PARSE_SECONDS = 60.0
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_JOINED = "PDF lines joined into paragraphs"  # ingest notes (webapp translates them)
PDF_TABLES = "PDF tables read from where their words stand"
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PARSE_SECONDS",
    "XLSX_TYPE",
    "Extracted",
    "default_max_bytes",
    "extract",
    "parse_budget_seconds",
]


@dataclass(frozen=True)
class Extracted:
    """The text of an upload and how it was obtained."""

    text: str
    media_type: str  # text/plain, text/markdown, text/html, DOCX_TYPE, XLSX_TYPE, PDF_TYPE
    encoding: str | None  # None for DOCX/XLSX (XML inside a zip) and PDF
    size: int
    title_hint: str | None = None  # <title> of an HTML page, core title of a DOCX
    notes: tuple[str, ...] = field(default=())


def default_max_bytes() -> int:
    """``YEARLINE_MAX_UPLOAD_BYTES`` or 20 MiB."""
    raw = os.environ.get("YEARLINE_MAX_UPLOAD_BYTES")
    try:
        return int(raw) if raw else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def parse_budget_seconds() -> float:
    """``YEARLINE_PARSE_SECONDS`` or 60: how long reading one upload may take before refusal."""
    raw = os.environ.get("YEARLINE_PARSE_SECONDS")
    try:
        value = float(raw) if raw else DEFAULT_PARSE_SECONDS
    except ValueError:
        return DEFAULT_PARSE_SECONDS
    return value if value >= 0 else DEFAULT_PARSE_SECONDS


def extract(data: bytes, *, filename: str = "upload", max_bytes: int | None = None) -> Extracted:
    """Turn uploaded bytes into text, or raise :class:`RejectedUpload` with a one-line reason.

    Control characters other than tab and line feed are removed, with a note saying so.
    """
    extracted = _extract(data, filename=filename, max_bytes=max_bytes)
    text, warning = strip_controls(extracted.text)
    if text == extracted.text:
        return extracted
    if not text.strip():
        raise RejectedUpload(f"{os.path.basename(filename) or 'upload'}: empty file")
    notes = extracted.notes if warning is None else (*extracted.notes, warning)
    return replace(extracted, text=text, notes=notes)


def _extract(data: bytes, *, filename: str, max_bytes: int | None) -> Extracted:
    limit = default_max_bytes() if max_bytes is None else max_bytes
    name = os.path.basename(filename) or "upload"
    if not data:
        raise RejectedUpload(f"{name}: empty file", code="empty_file", name=name)
    if len(data) > limit:
        raise RejectedUpload(
            f"{name}: file too large ({len(data)} bytes; the limit is {limit})",
            code="too_large",
            name=name,
            size=len(data),
            limit=limit,
        )
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return _extract_pdf(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _extract_docx(data, name)
    try:
        text, encoding = decode_bytes(data)
    except Undecodable:
        if name.lower().endswith(".docx"):  # named a Word file, but not even a ZIP package
            raise _damaged_docx(name) from None
        raise RejectedUpload(
            f"{name}: binary or undecodable file", code="undecodable", name=name
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RejectedUpload(f"{name}: empty file", code="empty_file", name=name)
    if looks_like_html(text):
        body, page_title = html_to_text(text)
        if not body.strip():
            raise RejectedUpload(
                f"{name}: no text found in the HTML page", code="no_html_text", name=name
            )
        return Extracted(body, "text/html", encoding, len(data), page_title)
    # a heading opens a line with "#": the pattern runs only on texts that have one
    markdown = (text.startswith("#") or "\n#" in text) and _MD_HEADING.search(text)
    media_type = "text/markdown" if markdown else "text/plain"
    return Extracted(text, media_type, encoding, len(data))


def _extract_docx(data: bytes, name: str) -> Extracted:
    limits = zip_limits()
    try:
        members = {
            m.filename
            for m in check_zip(
                data,
                max_total=limits.max_total,
                max_member=limits.max_member,
                max_members=limits.max_members,
            )
        }
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        if isinstance(exc, ArchiveTooLarge):
            raise RejectedUpload(f"{name}: {exc}") from None
        # a truncated or corrupted package: a Word file if named so or if its first entries are
        # Word's (the local headers carry the names in clear), else a damaged ZIP archive
        if (
            name.lower().endswith(".docx")
            or b"word/" in data[:65536]
            or b"[Content_Types]" in data[:4096]
        ):
            raise _damaged_docx(name) from None
        raise RejectedUpload(
            f"{name}: damaged ZIP archive", code="damaged_zip", name=name
        ) from None
    if "word/document.xml" not in members and "xl/workbook.xml" in members:
        return _extract_xlsx(data, name)
    if "word/document.xml" not in members:
        raise RejectedUpload(
            f"{name}: a ZIP archive, not a Word document (DOCX)", code="zip_not_docx", name=name
        )
    from archive.ingest.docx import docx_to_text  # lazily: python-docx costs start-up time

    try:
        text, title = docx_to_text(data)
    except ValueError:
        raise _damaged_docx(name) from None
    if not text.strip():
        raise RejectedUpload(f"{name}: empty file", code="empty_file", name=name)
    return Extracted(text, DOCX_TYPE, None, len(data), title)


def _extract_xlsx(data: bytes, name: str) -> Extracted:
    from archive.ingest.xlsx import xlsx_to_text  # lazily: openpyxl costs start-up time

    try:
        text, title, notes = xlsx_to_text(data)
    except ValueError:
        raise RejectedUpload(
            f"{name}: damaged Excel workbook (XLSX)", code="damaged_xlsx", name=name
        ) from None
    if not text.strip():
        raise RejectedUpload(f"{name}: empty file", code="empty_file", name=name)
    return Extracted(text, XLSX_TYPE, None, len(data), title, notes)


def _damaged_docx(name: str) -> RejectedUpload:
    return RejectedUpload(f"{name}: damaged Word document (DOCX)", code="damaged_docx", name=name)


def _extract_pdf(data: bytes, name: str) -> Extracted:
    try:
        text, tables = read_pdf(data)
    except PdfUnavailable:
        raise RejectedUpload(
            f"{name}: PDF is not supported yet: convert to DOCX or text",
            code="pdf_unsupported",
            name=name,
        ) from None
    except PdfUnreadable:
        raise RejectedUpload(
            f"{name}: damaged or encrypted PDF", code="damaged_pdf", name=name
        ) from None
    if not text.strip():
        raise RejectedUpload(
            f"{name}: the PDF has no text layer (scanned?): OCR it first",
            code="pdf_no_text",
            name=name,
        )
    notes = (PDF_JOINED, PDF_TABLES) if tables else (PDF_JOINED,)
    return Extracted(text, PDF_TYPE, None, len(data), None, notes)
