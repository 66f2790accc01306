"""Downloads: a comparison or a series timeline as a file (csv, xlsx, docx, md, html, json).

``/s/<series>/compare/<a>..<b>.<fmt>`` (optional ``?va=&vb=`` pick versions) and
``/s/<series>/timeline.<fmt>`` (a large series' timeline is made by a job: webapp/views/
series_downloads.py). Always an attachment with a meaningful filename; every download is written
to the audit log. The reports' own words (headers, sheet names, the summary) are in the
reader's interface language; the JSON never changes with it.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, request

import archive
from webapp import auth, exports, params
from webapp.db import get_session
from webapp.exports.rows import ViewFilter
from webapp.i18n import current_language
from webapp.views import series_downloads

bp = Blueprint("exports", __name__)

# Every export format except plain text (a terminal format: ``yearline compare --format text``).
COMPARE_FORMATS = tuple(f for f in exports.COMPARISON_FORMATS if f != "text")


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the RFC 5987 ``filename*`` for the rest."""
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    fallback = fallback.replace('"', "_").replace("\\", "_")
    value = f'attachment; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def _download(data: bytes, fmt: str, filename: str) -> Response:
    response = Response(data, mimetype=None, content_type=exports.MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _version_arg(name: str) -> int | None:
    return params.whole_number(name, request.args.get(name))


# The compare page's filter words (webapp.views.site.compare.KINDS); anything else is refused.
VIEW_KINDS = frozenset(
    ("new", "changed", "dropped", "moved", "split", "merged", "restructured", "lead", "unchanged")
)


def _view_arg() -> ViewFilter:
    """``?kind=new,changed&agency=…`` exactly as the compare page puts them in its URL."""
    kinds = {p for v in request.args.getlist("kind") for p in v.split(",") if p}
    unknown = sorted(kinds - VIEW_KINDS)
    if unknown:
        abort(400, f"unknown kind {unknown[0]!r} (choose from {', '.join(sorted(VIEW_KINDS))})")
    return ViewFilter(kinds=frozenset(kinds), agency=(request.args.get("agency") or "").strip())


@bp.route("/s/<series>/compare/<int:a>..<int:b>.<fmt>")
def comparison(series: str, a: int, b: int, fmt: str) -> Response:
    if fmt not in COMPARE_FORMATS:
        abort(404)
    session = get_session()
    info = archive.get_series(session, series)  # NotFound -> 404 (the site's error handler)
    va, vb = _version_arg("va"), _version_arg("vb")
    comp = archive.get_comparison(
        session, series=series, year_a=a, year_b=b, version_a=va, version_b=vb
    )
    view = _view_arg()
    data = exports.render_comparison(
        comp, fmt, info={"series_title": info.title}, view=view, lang=current_language()
    )
    # explicit versions go into the name too: cn-national-gwr_2024v1-2025v2_changes.docx
    years = [f"{a}v{va}" if va else a, f"{b}v{vb}" if vb else b]
    filename = exports.filename_for(comp, fmt, series=series, years=years)
    archive.record_audit(
        session,
        action="export",
        user=auth.current_user(),
        target=f"{series}/{a}..{b}.{fmt}",
        detail={
            "format": fmt,
            "series": series,
            "years": [a, b],
            "versions": [comp.info_a.get("version"), comp.info_b.get("version")],
            "engine_version": comp.engine_version,
            "filter": view.to_dict() if view.active else None,
            "bytes": len(data),
        },
    )
    session.commit()  # the audit event, and the comparison cached on the way
    return _download(data, fmt, filename)


@bp.route("/s/<series>/timeline.<fmt>")
def timeline(series: str, fmt: str) -> Response:
    if fmt not in exports.TIMELINE_FORMATS:
        abort(404)
    # in the reader's language (a kept file per language); NotFound -> 404 (the site's handler)
    got = series_downloads.fetch("timeline", series, fmt, {"lang": current_language()})
    if isinstance(got, Response):
        return got  # 202: a job is making it
    series_downloads.record_download(got, series, f"timeline.{fmt}", fmt, years=list(got.years))
    return _download(got.data, fmt, got.filename)
