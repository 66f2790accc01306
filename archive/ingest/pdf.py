"""PDF -> plain text through poppler's ``pdftotext`` (a system tool; no Python dependency).

PDF has no paragraphs, only lines, so the visual lines are joined back into paragraphs: a line
continues the previous one unless that one ended a sentence, was visibly short of the text width,
or this one starts with a number. A PDF that may hold a task table (a word that could head a
lead, support or deadline column) is read a second time as word boxes, and its tables become
pipe tables (:mod:`archive.ingest.pdf_tables`).
"""

from __future__ import annotations

import shutil
import subprocess

from archive.ingest.pdf_lines import join_lines
from archive.ingest.pdf_tables import layout_text
from comparison.tables import header_role


class PdfUnavailable(RuntimeError):
    """pdftotext is not installed."""


class PdfUnreadable(ValueError):
    """The PDF is damaged, encrypted, or has no text layer."""


def _pdftotext(exe: str, args: list[str], data: bytes, timeout: float) -> bytes:
    try:
        proc = subprocess.run(
            [exe, *args, "-q", "-", "-"],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfUnreadable("timed out") from None
    if proc.returncode != 0:
        raise PdfUnreadable(proc.stderr.decode("utf-8", "replace").strip()[:200])
    return proc.stdout


def _may_hold_a_table(text: str) -> bool:
    """Whether a word of the text could head a lead, support or deadline column (then the
    word boxes are read: :mod:`archive.ingest.pdf_tables`)."""
    return any(header_role(w) in _OWNER_ROLES for w in set(text.split()) if len(w) <= 24)


_OWNER_ROLES = frozenset({"lead", "support", "due"})


def read_pdf(data: bytes, *, timeout: float = 120) -> tuple[str, bool]:
    """The PDF's text — its lines joined into paragraphs, its task tables as pipe tables —
    and whether tables were read from the word boxes."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise PdfUnavailable("pdftotext not found")
    raw = _pdftotext(exe, ["-enc", "UTF-8", "-nopgbrk"], data, timeout)
    text = raw.decode("utf-8", errors="replace")
    if _may_hold_a_table(text):
        boxes = _pdftotext(exe, ["-bbox-layout", "-enc", "UTF-8"], data, timeout)
        laid = layout_text(boxes)
        if laid is not None:
            return laid, True
    return join_lines(text), False
