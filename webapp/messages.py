"""Messages the engine and the archive write in English, said in the interface's language.

Parser warnings are stored as English sentences whose templates live in ``comparison.notices``
(code + fields come back from the text); archive errors carry a ``code`` and ``params`` beside
their English message. The JSON API keeps the English texts (plus the codes); pages, the upload
form and exports show them through the functions here. Unknown texts pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import gettext as _

from archive.errors import ArchiveError
from archive.ingest import PDF_JOINED, PDF_TABLES
from comparison.notices import identify

_HIDDEN_SHEET = re.compile(r"hidden sheet (.+) skipped")
_TRUNCATED = re.compile(r"workbook truncated after (\d+) cells")
_FORMULAS = re.compile(r"(\d+) formula cells without a computed value: their formulas are shown")
Template = Callable[[dict[str, Any]], str]


def _where(fields: dict[str, Any]) -> str:
    return _(" under %(parent)s", parent=fields["parent"]) if fields.get("parent") else ""


WARNINGS: dict[str, Template] = {
    "header_removed": lambda f: _(
        "removed %(lines)s header lines before the title (chrome, cover notice)", **f
    ),
    "chrome_removed": lambda f: _("removed %(count)s page chrome fragments: %(fragments)s", **f),
    "footer_removed": lambda f: _("removed licence/boilerplate footer (%(lines)s lines)", **f),
    "signature_moved": lambda f: _("closing signature moved to metadata: %(moved)s", **f),
    "speaker_lines_dropped": lambda f: _("dropped %(count)s speaker lines", **f),
    "duplicate_label": lambda f: _(
        "duplicate label %(label)s%(where)s", label=f["label"], where=_where(f)
    ),
    "numbering_gap": lambda f: _(
        "numbering gap: %(previous)s followed by %(label)s%(where)s",
        previous=f["previous"],
        label=f["label"],
        where=_where(f),
    ),
    "lead_clause_unparsed": lambda f: _("lead clause could not be parsed: %(excerpt)s", **f),
    "task_table": lambda f: _("task table: %(rows)s rows read as tasks", **f),
    "not_text": lambda f: _("expected decoded text, got %(type)s", **f),
    "empty_document": lambda f: _("the document is empty"),
    "no_structure": lambda f: _("no text structure found in the document"),
}

ERRORS: dict[str, Template] = {
    "empty_file": lambda p: _("%(name)s: empty file", **p),
    "too_large": lambda p: _(
        "%(name)s: file too large (%(size)s bytes; the limit is %(limit)s)", **p
    ),
    "undecodable": lambda p: _("%(name)s: binary or undecodable file", **p),
    "no_html_text": lambda p: _("%(name)s: no text found in the HTML page", **p),
    "damaged_zip": lambda p: _("%(name)s: damaged ZIP archive", **p),
    "zip_not_docx": lambda p: _("%(name)s: a ZIP archive, not a Word document (DOCX)", **p),
    "damaged_xlsx": lambda p: _("%(name)s: damaged Excel workbook (XLSX)", **p),
    "damaged_docx": lambda p: _("%(name)s: damaged Word document (DOCX)", **p),
    "pdf_unsupported": lambda p: _(
        "%(name)s: PDF is not supported yet: convert to DOCX or text", **p
    ),
    "damaged_pdf": lambda p: _("%(name)s: damaged or encrypted PDF", **p),
    "pdf_no_text": lambda p: _("%(name)s: the PDF has no text layer (scanned?): OCR it first", **p),
    "unparsable": lambda p: _(
        "%(name)s: %(reason)s", name=p["name"], reason=warning_text(str(p["reason"]))
    ),
    "no_series": lambda p: _("There is no series named %(series)s.", **p),
    "no_plan": lambda p: _("%(series)s has no plan for %(year)s.", **p),
    "no_version": lambda p: _("%(series)s %(year)s has no version %(version)s.", **p),
    "all_withdrawn": lambda p: _("Every version of %(series)s %(year)s has been withdrawn.", **p),
    "token_unknown": lambda p: _("Unknown API token."),
    "token_expired": lambda p: _(
        "This API token expired on %(date)s: create a new one on your account page.", **p
    ),
    "token_revoked": lambda p: _("This API token was revoked on %(date)s.", **p),
    "token_role": lambda p: _("API tokens are created by editors and administrators."),
    "token_days": lambda p: _("A token lasts from 1 to %(max)s days.", **p),
    "token_label": lambda p: _("A token label is one line of at most %(max)s characters.", **p),
    "no_token": lambda p: _("There is no API token %(token)s.", **p),
}

# the site's twin of every template in archive/jobs/messages.py (the same keys)
JOB_MESSAGES: dict[str, Template] = {
    "warm.todo": lambda p: _("%(series)s: %(count)s comparisons to compute", **p),
    "warm.compared": lambda p: _("%(series)s: compared %(year_a)s and %(year_b)s", **p),
    "warm.timeline": lambda p: _("%(series)s: timeline ready", **p),
    "export.rendering": lambda p: _(
        "%(series)s: writing the %(what)s (%(format)s)",
        series=p["series"],
        what=export_subject(str(p["what"])),
        format=p["format"],
    ),
    "export.ready": lambda p: _(
        "%(series)s: the %(what)s (%(format)s) is ready",
        series=p["series"],
        what=export_subject(str(p["what"])),
        format=p["format"],
    ),
    "job.duplicate": lambda p: _("another identical job was waiting"),
    "job.taken_over": lambda p: _("taken over from a stopped process (%(owner)s)", **p),
    "job.failed": lambda p: _("Failed: %(error)s", error=_failure(p)),
}

EXPORT_SUBJECTS: dict[str, Callable[[], str]] = {
    "timeline": lambda: _("series timeline"),
    "terms": lambda: _("term trends"),
    "programmes": lambda: _("programmes list"),
    "targets": lambda: _("targets table"),
}


def export_subject(what: str) -> str:
    """What a series export holds, in the interface language."""
    word = EXPORT_SUBJECTS.get(what)
    return word() if word else what


def _failure(params: dict[str, Any]) -> str:
    code = params.get("code")
    if isinstance(code, str) and code in ERRORS:
        try:
            return ERRORS[code](dict(params.get("error_params") or {}))
        except (KeyError, TypeError, ValueError):
            pass
    return str(params.get("error", ""))


def job_message(job: Any) -> str:
    """A job's progress or status message in the interface language: from its ``message_key``
    and parameters (a JobInfo or its JSON), else its English ``message``."""
    get = (
        job.get if isinstance(job, dict) else lambda name, default=None: getattr(job, name, default)
    )
    key, text = get("message_key") or "", str(get("message") or "")
    template = JOB_MESSAGES.get(key)
    if template is None:
        return text
    try:
        return template(dict(get("message_params") or {}))
    except (KeyError, TypeError, ValueError):  # a message of another version: its English text
        return text


ROLES: dict[str, Callable[[], str]] = {
    "viewer": lambda: _("viewer"),
    "editor": lambda: _("editor"),
    "admin": lambda: _("administrator"),
}


def warning_text(text: str) -> str:
    """A parser warning (or ingest note) in the interface language."""
    if text == PDF_JOINED:
        return _("PDF lines joined into paragraphs")
    if text == PDF_TABLES:
        return _("PDF tables read from where their words stand")
    if m := _HIDDEN_SHEET.fullmatch(text):  # the XLSX reader's notes (archive/ingest/xlsx.py)
        return _("hidden sheet %(sheet)s skipped", sheet=m.group(1))
    if m := _TRUNCATED.fullmatch(text):
        return _("workbook truncated after %(cells)s cells", cells=m.group(1))
    if m := _FORMULAS.fullmatch(text):
        return _(
            "%(cells)s formula cells without a computed value: their formulas are shown",
            cells=m.group(1),
        )
    found = identify(text)
    if found is None or found[0] not in WARNINGS:
        return text
    code, fields = found
    return WARNINGS[code](fields)


def error_text(exc: BaseException) -> str:
    """An archive error in the interface language (its English text if it has no code)."""
    code = getattr(exc, "code", None) if isinstance(exc, ArchiveError) else None
    if code in ERRORS:
        return ERRORS[code](dict(exc.params))  # type: ignore[attr-defined]
    return str(exc)


def role_label(role: str) -> str:
    """A role's name in the interface language."""
    word = ROLES.get(role)
    return word() if word else role


def init_app(app: Flask) -> None:
    app.add_template_global(warning_text)
    app.add_template_global(error_text)
    app.add_template_global(role_label)
    app.add_template_global(job_message)
    app.add_template_global(export_subject)
    app.add_template_filter(warning_text, "warning_text")
    app.add_template_filter(role_label, "role_label")
