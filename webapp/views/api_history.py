"""History routes of the JSON API (issue 13): blame, term trends, programmes, carried-over
promises. Same shapes as ``yearline blame|terms|programmes|promises --format json``."""

from __future__ import annotations

from flask import Response, request

import archive
from webapp.db import get_session
from webapp.history_render import MAX_TERMS, terms_payload
from webapp.views.api import ApiError, _read_allowed, bp, json_response


@bp.get("/v1/series/<slug>/<int:year>/blame")
def blame(slug: str, year: int) -> Response:
    _read_allowed()
    result = archive.get_blame(get_session(), series=slug, year=year)
    return json_response(result.to_dict(slug))


@bp.get("/v1/series/<slug>/terms")
def terms(slug: str) -> Response:
    _read_allowed()
    asked = [t.strip() for t in request.args.getlist("term")]
    if any(not t for t in asked):
        raise ApiError(400, "A term may not be empty.")
    if len(asked) > MAX_TERMS:
        raise ApiError(400, f"At most {MAX_TERMS} terms at a time.")
    return json_response(terms_payload(get_session(), slug, asked))


@bp.get("/v1/series/<slug>/programmes")
def programmes(slug: str) -> Response:
    _read_allowed()
    found = archive.get_programmes(get_session(), series=slug)
    return json_response({"series": slug, "programmes": [p.to_dict() for p in found]})


@bp.get("/v1/series/<slug>/promises")
def promises(slug: str) -> Response:
    _read_allowed()
    found = archive.get_promises(get_session(), series=slug)
    return json_response({"series": slug, "promises": [p.to_dict() for p in found]})
