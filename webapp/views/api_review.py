"""API routes for analysts' decisions and withdrawals (issue 10), on the ``api`` blueprint.

``GET``/``POST /api/v1/series/<slug>/compare/<a>..<b>/decisions`` and
``POST /api/v1/series/<slug>/<year>/versions/<n>/withdraw``. Writes need an editor's API token
(``Authorization: Bearer``); anyone else — anonymous, a viewer, a cookie without a token — gets 403.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

import archive
from archive.errors import ArchiveError, PermissionDenied
from webapp import auth
from webapp.db import get_session
from webapp.views.api import ApiError, _read_allowed, bp, json_response


def _editor() -> archive.User:
    user = auth.current_user()
    if user is None or not auth.authenticated_by_token():
        raise ApiError(403, "Writing needs an editor's API token: 'Authorization: Bearer <token>'.")
    if not auth.has_role(user, "editor"):
        raise ApiError(403, f"This needs the editor role; this token's user is {user.role}.")
    return user


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None and request.form:
        data = request.form.to_dict()
    if not isinstance(data, dict):
        raise ApiError(400, "Send a JSON object (Content-Type: application/json).")
    return data


def _keys(value: Any, name: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return archive.decisions.parse_keys(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return archive.decisions.parse_keys(value)
    raise ApiError(400, f"{name} must be a list of unit keys or a comma-separated string.")


def _opt_int(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ApiError(400, f"{name} must be a positive whole number.")
    return value


@bp.get("/v1/series/<slug>/compare/<int:a>..<int:b>/decisions")
def decisions(slug: str, a: int, b: int) -> Response:
    _read_allowed()
    listed = archive.list_decisions(get_session(), series=slug, years=(a, b))
    return json_response([d.as_dict() for d in listed])


@bp.post("/v1/series/<slug>/compare/<int:a>..<int:b>/decisions")
def add_decision(slug: str, a: int, b: int) -> Response:
    user = _editor()
    data = _body()
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise ApiError(400, "note must be a string.")
    session = get_session()
    try:
        undo = _opt_int(data, "undo")
        if undo is not None:
            row = archive.undo_decision(
                session, series=slug, decision_id=undo, user=user, note=note
            )
        else:
            action = data.get("action")
            if action not in archive.ACTIONS:
                raise ApiError(400, f"action must be one of {', '.join(archive.ACTIONS)}.")
            proposal = archive.Proposal(
                a, b, action, _keys(data.get("a"), "a"), _keys(data.get("b"), "b"), note
            )
            row = archive.record_decision(
                session,
                series=slug,
                proposal=proposal,
                user=user,
                version_a=_opt_int(data, "version_a"),
                version_b=_opt_int(data, "version_b"),
            )
        session.commit()
    except PermissionDenied as exc:
        session.rollback()
        raise ApiError(403, str(exc)) from exc
    except ArchiveError:
        session.rollback()
        raise
    target = row.undoes_id or row.id
    listed = archive.list_decisions(session, series=slug, years=(a, b))
    shown = next(d for d in listed if d.id == target)
    return json_response(shown.as_dict(), 201)


@bp.post("/v1/series/<slug>/<int:year>/versions/<int:version>/withdraw")
def withdraw(slug: str, year: int, version: int) -> Response:
    user = _editor()
    reason = _body().get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ApiError(400, 'Give the reason for withdrawing as {"reason": "..."}.')
    session = get_session()
    try:
        info = archive.withdraw_version(
            session, series=slug, year=year, version=version, user=user, reason=reason
        )
        session.commit()
    except ArchiveError:
        session.rollback()
        raise
    versions = archive.list_versions(session, series=slug, year=year)
    current = next((v.number for v in versions if v.current), None)
    return json_response({**info.as_dict(), "current_version": current})
