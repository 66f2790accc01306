"""The JSON API under ``/api/v1/``, described by the OpenAPI document at ``/api/openapi.json``.

Reads follow the instance's read rule (anonymous allowed when ``ANONYMOUS_READ``; otherwise a
token or a signed-in session). The one write, uploading a version, needs an editor's API token
(``Authorization: Bearer <token>``); a session cookie alone is never enough to write, which is why
the API needs no CSRF token. Every error under ``/api/`` is ``{"error": "<one line>"}``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, default_exceptions

import archive
from archive.errors import ArchiveError
from archive.errors import NotFound as ArchiveNotFound
from webapp import auth, openapi, params
from webapp.db import get_session, get_store, queue_after_upload
from webapp.security import size_limit_message

bp = Blueprint("api", __name__, url_prefix="/api")

FILENAME_RE = re.compile(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', re.IGNORECASE)
SEARCH_LIMIT_MAX = 500


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def json_response(payload: Any, status: int = 200) -> Response:
    """JSON in the contract's key order (not sorted), UTF-8, Chinese kept readable."""
    body = json.dumps(payload, ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def error_response(status: int, message: str, code: str | None = None) -> Response:
    """``{"error": <English line>}``, with the archive's stable ``code`` when it gave one."""
    response = json_response({"error": message, **({"code": code} if code else {})}, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="yearline"'
    return response


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.message)


@bp.errorhandler(ArchiveNotFound)
def _not_found(exc: ArchiveNotFound) -> Response:
    return error_response(404, str(exc) or "Not found.", exc.code)


@bp.errorhandler(ArchiveError)
def _archive_error(exc: ArchiveError) -> Response:
    return error_response(400, str(exc) or "The archive refused this request.", exc.code)


def _http_error(exc: HTTPException) -> Response:
    message = exc.description or exc.name
    if exc.code == 413:
        message = size_limit_message()
    response = error_response(exc.code or 500, " ".join(str(message).split()))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


for _code in default_exceptions:
    bp.register_error_handler(_code, _http_error)


def _read_allowed() -> None:
    auth.current_user()  # identifies a token's user (and notes the token's use) on open instances
    if not auth.can_read():
        raise ApiError(401, "This instance is private: send an API token to read it.")


def _int_arg(name: str) -> int | None:
    return params.whole_number(name, request.args.get(name))


# --------------------------------------------------------------------------- reads


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return json_response(openapi.build_document())


@bp.get("/v1/series")
def series_list() -> Response:
    _read_allowed()
    return json_response([s.as_dict() for s in archive.list_series(get_session())])


@bp.get("/v1/jobs/<int:job_id>")
def job(job_id: int) -> Response:
    from flask_babel import force_locale

    from archive.jobs import get_job
    from webapp.i18n import select_locale
    from webapp.messages import job_message

    _read_allowed()
    info = get_job(get_session(), job_id)
    # the API speaks English (``message``); ``message_localized`` is for the page that follows the
    # job: the caller's interface language (``?lang=``, the ``lang`` cookie, Accept-Language)
    with force_locale(select_locale()):
        localized = job_message(info)
    return json_response({**info.as_dict(), "message_localized": localized})


@bp.get("/v1/series/<slug>")
def series_detail(slug: str) -> Response:
    _read_allowed()
    info = archive.get_series(get_session(), slug)
    return json_response(series_as_dict(info))


def series_as_dict(info: Any) -> dict[str, Any]:
    return {
        "slug": info.slug,
        "title": info.title,
        "issuer": info.issuer,
        "jurisdiction": info.jurisdiction,
        "language": info.language,
        "source_note": info.source_note,
        "years": [y.as_dict() for y in info.years],
    }


@bp.get("/v1/series/<slug>/<int:year>")
def plan(slug: str, year: int) -> Response:
    _read_allowed()
    record = archive.get_plan(get_session(), series=slug, year=year, version=_int_arg("version"))
    return json_response(plan_as_dict(record))


def plan_as_dict(record: Any) -> dict[str, Any]:
    """PlanDocument JSON with the version's provenance merged in, as in a Comparison's a/b."""
    return {
        **record.document.to_dict(),
        **record.provenance(),
        "series_title": record.series_title,
        "current_version": record.current_version,
        "versions": [v.as_dict() for v in record.versions],
    }


@bp.get("/v1/series/<slug>/compare/<int:a>..<int:b>")
def compare(slug: str, a: int, b: int) -> Response:
    _read_allowed()
    comparison = archive.get_comparison(
        get_session(),
        series=slug,
        year_a=a,
        year_b=b,
        version_a=_int_arg("version_a"),
        version_b=_int_arg("version_b"),
    )
    get_session().commit()  # the comparison cache may have been filled
    return json_response(comparison.to_dict())


@bp.get("/v1/series/<slug>/timeline")
def timeline(slug: str) -> Response:
    _read_allowed()
    result = archive.get_timeline(get_session(), series=slug)
    get_session().commit()  # the comparison cache may have been filled
    return json_response(result.to_dict())


@bp.get("/v1/series/<slug>/targets")
def series_targets(slug: str) -> Response:
    from archive.targets import get_series_targets

    _read_allowed()
    return json_response(get_series_targets(get_session(), series=slug))


@bp.get("/v1/search")
def search() -> Response:
    """One page of hits, newest year first (``order=relevance`` for the best first); ``total``
    counts every match under the filters and ``next`` is the URL of the next page, or null."""
    _read_allowed()
    query = params.search_text(request.args.get("q"))
    if not query:
        raise ApiError(400, "Give the text to search for as ?q=.")
    limit = params.whole_number("limit", request.args.get("limit"), maximum=SEARCH_LIMIT_MAX)
    limit = 100 if limit is None else limit
    if not 1 <= limit <= SEARCH_LIMIT_MAX:
        raise ApiError(400, f"limit must be between 1 and {SEARCH_LIMIT_MAX}.")
    offset = _int_arg("offset") or 0
    kinds = [k for v in request.args.getlist("kind") for k in v.split(",") if k]
    result = archive.search(
        get_session(),
        query,
        series=request.args.get("series") or None,
        year_from=_int_arg("year_from"),
        year_to=_int_arg("year_to"),
        kinds=kinds,
        order=request.args.get("order") or "year",  # type: ignore[arg-type]
        offset=offset,
        limit=limit,
    )
    next_url = None
    if result.has_more:
        args = request.args.to_dict(flat=False)
        args["offset"] = [str(offset + len(result.hits))]
        args["limit"] = [str(limit)]
        next_url = f"{request.base_url}?{urlencode(args, doseq=True)}"
    return json_response(
        {
            "query": query,
            "total": result.total,
            "results": [h.as_dict() for h in result.hits],
            "next": next_url,
            "offset": offset,
            "limit": limit,
        }
    )


# --------------------------------------------------------------------------- write


@bp.post("/v1/series/<slug>/<int:year>/versions")
def upload_version(slug: str, year: int) -> Response:
    """Archive a new version from a multipart ``file`` field or the raw request body."""
    user = auth.current_user()
    if user is None or not auth.authenticated_by_token():
        raise ApiError(401, "Send an editor's API token as 'Authorization: Bearer <token>'.")
    if not auth.has_role(user, "editor"):
        raise ApiError(403, f"Uploading needs the editor role; this token's user is {user.role}.")
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    data, filename = _uploaded_bytes(max_bytes)
    if len(data) > max_bytes:
        raise ApiError(413, size_limit_message())
    session = get_session()
    try:
        result = archive.import_version(
            session,
            get_store(),
            series=slug,
            year=year,
            data=data,
            filename=filename,
            title=_field("title"),
            note=_field("note"),
            user=user.name,
            max_bytes=max_bytes,
        )
        session.commit()
    except ArchiveError as exc:
        session.rollback()
        return error_response(400, str(exc), exc.code)
    response = json_response(result.as_dict(), 201 if result.created else 200)
    if result.created and (job_id := queue_after_upload(slug, year)) is not None:
        response.headers["Yearline-Job"] = f"/api/v1/jobs/{job_id}"  # its progress
    return response


def _field(name: str) -> str | None:
    value = request.form.get(name) if request.mimetype.startswith("multipart/") else None
    value = value or request.args.get(name)
    return value.strip() or None if value else None


def _uploaded_bytes(max_bytes: int) -> tuple[bytes, str]:
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ApiError(400, "Send the plan as a multipart field named 'file' or as the body.")
        return upload.read(max_bytes + 1), _clean_filename(upload.filename)
    data = request.get_data(cache=False)
    name = request.args.get("filename")
    if not name:
        match = FILENAME_RE.search(request.headers.get("Content-Disposition", ""))
        name = match.group(1) if match else None
    return data, _clean_filename(name)


def _clean_filename(name: str | None) -> str:
    return Path(name or "upload").name or "upload"


# decisions and withdrawals (issue 10) add their routes to ``bp``
from webapp.views import api_review  # noqa: E402, F401

# --------------------------------------------------------------------------- unknown API paths


@bp.route("/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def unknown(rest: str) -> Response:
    """Any other path under /api/: a JSON 404 (or 405 when the path exists for other methods)."""
    adapter = current_app.url_map.bind("localhost")
    allowed = []
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.unknown":
            allowed.append(method)
    if allowed:
        response = error_response(405, f"{request.method} is not allowed here.")
        response.headers["Allow"] = ", ".join(allowed)
        return response
    raise NotFound(f"There is no API route {request.path}.")


# History routes (issue 13) register themselves on ``bp``.
from webapp.views import api_history  # noqa: E402, F401
