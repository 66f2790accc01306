"""Exports: a Comparison or a Timeline rendered as json, csv, xlsx, docx, md, html or text.

Every format carries the same entries (:mod:`webapp.exports.rows`) and the same provenance
(series, both years, versions and SHA-256 of the originals, engine version, generation time).
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

import archive
from comparison import Comparison, PlanDocument, Timeline
from webapp.exports.rows import (
    LANG_KEY,
    REPORT_LANGUAGES,
    VIEW_KEY,
    ViewFilter,
    entry_tags,
    utc_now,
)

COMPARISON_FORMATS = ("json", "csv", "xlsx", "docx", "md", "html", "text")
TIMELINE_FORMATS = ("json", "xlsx", "html")

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}

EXTENSIONS = {"text": "txt"}


class UnknownFormat(ValueError):
    """The requested export format does not exist for this kind of result."""


# Characters XML 1.0 cannot carry (xlsx and docx are XML; openpyxl raises IllegalCharacterError
# and python-docx ValueError on them). Ingest removes them since issue 15, but versions stored
# before that may hold them: every report but the JSON is rendered from a scrubbed copy.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _scrub(value: Any) -> tuple[Any, bool]:
    """``value`` (JSON-shaped) with :data:`_NOT_XML` characters removed; and whether any were."""
    if isinstance(value, str):
        if _NOT_XML.search(value) is None:
            return value, False
        return _NOT_XML.sub("", value), True
    if isinstance(value, Mapping):
        pairs = [(_scrub(k), _scrub(v)) for k, v in value.items()]
        if not any(k[1] or v[1] for k, v in pairs):
            return value, False
        return {k[0]: v[0] for k, v in pairs}, True
    if isinstance(value, list | tuple):
        items = [_scrub(v) for v in value]
        if not any(changed for _, changed in items):
            return value, False
        return [v for v, _ in items], True
    return value, False


def printable_comparison(comparison: Comparison) -> Comparison:
    """``comparison`` itself, or a copy without characters no report format can carry."""
    data, changed = _scrub(comparison.to_dict())
    return Comparison.from_dict(data) if changed else comparison


def printable_timeline(
    timeline: Timeline, docs: Mapping[int, PlanDocument], info: Mapping[str, Any]
) -> tuple[Timeline, dict[int, PlanDocument], dict[str, Any]]:
    """The timeline, documents and provenance, scrubbed like :func:`printable_comparison`."""
    data, changed = _scrub(timeline.to_dict())
    if changed:
        timeline = Timeline.from_dict(data)
    clean_docs = {}
    for year, doc in docs.items():
        d, changed = _scrub(doc.to_dict())
        clean_docs[year] = PlanDocument.from_dict(d) if changed else doc
    clean_info, _changed = _scrub(dict(info))
    return timeline, clean_docs, dict(clean_info)


def to_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_comparison(
    comparison: Comparison,
    fmt: str,
    *,
    info: Mapping[str, Any] | None = None,
    generated_at: datetime | None = None,
    view: ViewFilter | None = None,
    lang: str | None = None,
) -> bytes:
    """Render ``comparison`` as ``fmt`` (one of :data:`COMPARISON_FORMATS`).

    ``info`` adds provenance for the reports (e.g. ``series_title``) without touching the JSON,
    which is exactly ``comparison.to_dict()`` unless ``view`` filters it. ``view`` (the compare
    page's kind and agency filters) keeps only the entries it selects and says so in the
    provenance of every format; the summary still counts the whole comparison. ``lang``
    (``zh``/``en``) is the language of the reports' own words -- headers, sheet names, the
    summary; None: the plans' language. The JSON never changes with it.
    """
    when = generated_at or utc_now()
    check_language(lang)
    if view is not None and not view.active:
        view = None
    if fmt == "json":
        return to_json(filtered_json(comparison, view) if view else comparison.to_dict())
    if view is not None:
        info = {**dict(info or {}), VIEW_KEY: view}
    if lang is not None:
        info = {**dict(info or {}), LANG_KEY: lang}
    if info:
        comparison = dataclasses.replace(
            comparison,
            info_a={**dict(info), **dict(comparison.info_a)},
            info_b={**dict(info), **dict(comparison.info_b)},
        )
    comparison = printable_comparison(comparison)
    if fmt == "csv":
        from webapp.exports.csv_export import render

        return render(comparison, when)
    if fmt == "xlsx":
        from webapp.exports.xlsx import render_comparison as render_xlsx

        return render_xlsx(comparison, when)
    if fmt == "docx":
        from webapp.exports.docx_export import render

        return render(comparison, when)
    if fmt == "md":
        from webapp.exports.markdown import render

        return render(comparison, when)
    if fmt == "html":
        from webapp.exports.html_export import render_comparison as render_html

        return render_html(comparison, when)
    if fmt == "text":
        from webapp.exports.text import render

        return render(comparison, when)
    raise UnknownFormat(
        f"unknown export format {fmt!r} (choose from {', '.join(COMPARISON_FORMATS)})"
    )


def check_language(lang: str | None) -> None:
    """Refuse a report language there are no words for (one line, for the CLI and callers)."""
    if lang is not None and lang not in REPORT_LANGUAGES:
        raise ValueError(
            f"unknown report language {lang!r} (choose from {', '.join(REPORT_LANGUAGES)})"
        )


def filtered_json(comparison: Comparison, view: ViewFilter) -> dict[str, Any]:
    """The Comparison JSON with only the entries ``view`` keeps, and a ``filter`` object saying
    which (contract keys kept; ``summary`` still counts the whole comparison)."""
    data = comparison.to_dict()
    leads_a = {u.key: u.lead_units for u in comparison.doc_a.units}
    leads_b = {u.key: u.lead_units for u in comparison.doc_b.units}

    def agencies(keys_a: Sequence[str], keys_b: Sequence[str]) -> list[str]:
        return [n for k in keys_a for n in leads_a.get(k, ())] + [
            n for k in keys_b for n in leads_b.get(k, ())
        ]

    kept = []
    for m in comparison.matches:
        lc = m.lead_units
        tags = entry_tags(m.kind.value, m.moved, lc.changed)  # supporting agencies too (page)
        if view.keeps(tags, agencies(m.a, m.b)):
            kept.append(m.to_dict())
    data["matches"] = kept
    data["new"] = [k for k in comparison.new if view.keeps(frozenset({"new"}), agencies((), [k]))]
    data["dropped"] = [
        k for k in comparison.dropped if view.keeps(frozenset({"dropped"}), agencies([k], ()))
    ]
    data["filter"] = {
        **view.to_dict(),
        "entries": len(kept) + len(data["new"]) + len(data["dropped"]),
        "note": "only the entries that match the filter; summary counts the whole comparison",
    }
    return data


def render_timeline(
    timeline: Timeline,
    fmt: str,
    *,
    docs_by_year: Mapping[int, PlanDocument] | None = None,
    info: Mapping[str, Any] | None = None,
    generated_at: datetime | None = None,
    lang: str | None = None,
) -> bytes:
    """Render a series ``timeline`` as ``fmt`` (one of :data:`TIMELINE_FORMATS`).

    ``docs_by_year`` (optional) lets the matrix show each year's item number; ``info`` adds
    provenance (series, title, per-year versions and SHA-256) on top of ``timeline.info``;
    ``lang`` as for :func:`render_comparison`.
    """
    when = generated_at or utc_now()
    check_language(lang)
    merged_info = {**dict(timeline.info), **dict(info or {})}
    if lang is not None:
        merged_info[LANG_KEY] = lang
    if fmt == "json":
        return to_json(timeline.to_dict())
    timeline, docs, merged_info = printable_timeline(timeline, docs_by_year or {}, merged_info)
    if fmt == "xlsx":
        from webapp.exports.xlsx import render_timeline as render_xlsx

        return render_xlsx(timeline, when, docs, merged_info)
    if fmt == "html":
        from webapp.exports.html_export import render_timeline as render_html

        return render_html(timeline, when, docs, merged_info)
    raise UnknownFormat(
        f"unknown timeline export format {fmt!r} (choose from {', '.join(TIMELINE_FORMATS)})"
    )


def render_archived_timeline(
    session: Session, series: str, timeline: Timeline, fmt: str, *, lang: str | None = None
) -> bytes:
    """Render the timeline of an archived ``series``: the reports (not the JSON) also get each
    year's current document, for item numbers, and its version and SHA-256; ``lang`` as for
    :func:`render_comparison`."""
    if fmt == "json":
        return render_timeline(timeline, fmt, lang=lang)
    records = {y: archive.get_plan(session, series=series, year=y) for y in timeline.years}
    info = {
        "series": series,
        "series_title": archive.get_series(session, series).title,
        "versions": {y: r.provenance() for y, r in records.items()},
    }
    docs = {y: r.document for y, r in records.items()}
    return render_timeline(timeline, fmt, docs_by_year=docs, info=info, lang=lang)


def _slug(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    text = re.sub(r"[\s/\\:*?\"<>|]+", "-", text)
    return text.strip("-.")


def filename_for(
    subject: Comparison | Timeline,
    fmt: str,
    *,
    series: str | None = None,
    years: Sequence[int | str] | None = None,
) -> str:
    """A meaningful download name: ``cn-national-gwr_2024-2025_changes.docx`` for a comparison,
    ``cn-national-gwr_timeline.xlsx`` for a timeline. May contain non-ASCII characters when the
    series (or a loose file's title) does; callers send it RFC 5987-encoded."""
    ext = EXTENSIONS.get(fmt, fmt)
    if isinstance(subject, Timeline):
        name = _slug(series or subject.info.get("series")) or "series"
        return f"{name}_timeline.{ext}"
    ia, ib = subject.info_a, subject.info_b
    name = _slug(series or ia.get("series") or ib.get("series"))
    if not name:
        stem_a = _slug(str(ia.get("filename") or "").rsplit(".", 1)[0])
        stem_b = _slug(str(ib.get("filename") or "").rsplit(".", 1)[0])
        name = f"{stem_a}-vs-{stem_b}" if stem_a and stem_b else "yearline"
    if years is None:
        ya = ia.get("year", subject.doc_a.year)
        yb = ib.get("year", subject.doc_b.year)
        years = [y for y in (ya, yb) if y is not None]
    span = "-".join(str(y) for y in years)
    return f"{name}_{span}_changes.{ext}" if span else f"{name}_changes.{ext}"


__all__ = [
    "COMPARISON_FORMATS",
    "MEDIA_TYPES",
    "TIMELINE_FORMATS",
    "UnknownFormat",
    "check_language",
    "filename_for",
    "render_archived_timeline",
    "render_comparison",
    "render_timeline",
]
