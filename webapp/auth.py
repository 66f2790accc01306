"""Who is asking: the signed-in user (session cookie or API token), roles, and access checks.

Roles are ordered viewer < editor < admin. Anonymous visitors may read when the instance allows it
(``ANONYMOUS_READ``, default true) and never write. API clients send
``Authorization: Bearer <token>``; the token is the only way to write through the API, so the API
needs no CSRF token (a browser never adds that header by itself).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, abort, current_app, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _

import archive
from archive.models import ApiToken, User
from webapp.db import get_session
from webapp.messages import error_text, role_label

ROLES = ("viewer", "editor", "admin")
SESSION_KEY = "user_id"
VERSION_KEY = "session_version"  # must equal the user's session_version (bumped at sign-out)
LAST_USED_EVERY = timedelta(minutes=5)  # how often a token's last use is written down

F = TypeVar("F", bound=Callable[..., Any])

# Endpoints anyone may reach even on a private instance (sign-in itself, static files, the API
# description and the security error pages).
PUBLIC_ENDPOINTS = frozenset(
    {
        "auth.login",
        "auth.logout",
        "static",
        "site.set_language",
        "site.plotly_js",
        "upload.stylesheet",
        "api.openapi_document",
    }
)


def role_rank(role: str) -> int:
    """Position of ``role`` in viewer < editor < admin (ValueError for an unknown role)."""
    return ROLES.index(role)


def is_api_request() -> bool:
    """True for requests under ``/api/``: they get JSON errors, never HTML or redirects."""
    return request.path == "/api" or request.path.startswith("/api/")


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_user() -> User | None:
    """The user making this request: API token first, then the session cookie; None if anonymous.

    A request that presents a bearer token is judged by that token alone (a bad token is
    anonymous, it does not fall back to the cookie).
    """
    if "yearline_user" in g:
        return cast("User | None", g.yearline_user)
    user: User | None = None
    token = bearer_token()
    if token is not None:
        user = _user_for_token(token)
        g.yearline_via_token = user is not None
    else:
        user_id = session.get(SESSION_KEY)
        if isinstance(user_id, int):
            user = get_session().get(User, user_id)
            if user is not None and session.get(VERSION_KEY) != user.session_version:
                user = None  # signed out since (server-side): the cookie no longer counts
            if user is None:  # the account is gone or signed out: forget the stale cookie
                session.pop(SESSION_KEY, None)
        g.yearline_via_token = False
    g.yearline_user = user
    return user


def authenticated_by_token() -> bool:
    """True when this request's user was identified by an API token (not a cookie)."""
    current_user()
    return bool(g.get("yearline_via_token"))


def _user_for_token(token: str) -> User | None:
    """The token's user. Its ``last_used_at`` is saved at most every few minutes, in a short
    transaction at the start of the request, so reads with a token stay cheap."""
    db = get_session()
    digest = hashlib.sha256(token.encode()).hexdigest()  # tokens are stored as their SHA-256
    previous = db.scalar(sa.select(ApiToken.last_used_at).where(ApiToken.token_hash == digest))
    try:
        user = cast("User", archive.authenticate_token(db, token))
    except archive.InvalidToken as exc:  # unknown, expired or revoked: said by token_refusal()
        g.yearline_token_error = exc
        return None
    if previous is not None and datetime.now(UTC) - previous < LAST_USED_EVERY:
        db.rollback()  # nothing else happened yet in this request: drop only the timestamp
        return db.get(User, user.id)
    db.commit()
    return user


def token_refusal() -> Any:
    """Before every API request: a bearer token that does not work (unknown, expired, revoked)
    is refused with 401, its reason in the user's language and its ``code`` (``token_expired``,
    ``token_revoked``, ``token_unknown``), instead of being read as an anonymous visit."""
    if not is_api_request() or request.endpoint in PUBLIC_ENDPOINTS or bearer_token() is None:
        return None
    if current_user() is not None:
        return None
    exc = g.get("yearline_token_error")
    code = getattr(exc, "code", None) or "token_unknown"
    response = jsonify(error=error_text(exc) if exc is not None else _("Unknown API token."),
                       code=code)  # fmt: skip
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="yearline", error="invalid_token"'
    return response


def sign_in(user: User) -> None:
    """Start a fresh session for ``user`` (the old session is dropped: no fixation)."""
    session.clear()
    session[SESSION_KEY] = user.id
    session[VERSION_KEY] = user.session_version
    session.permanent = False
    g.yearline_user = user
    g.yearline_via_token = False


def sign_out() -> None:
    session.clear()
    g.yearline_user = None


def has_role(user: User | None, role: str) -> bool:
    return user is not None and role_rank(user.role) >= role_rank(role)


def can_read() -> bool:
    """Anyone may read on an open instance; on a private one, any signed-in user."""
    return bool(current_app.config.get("ANONYMOUS_READ", True)) or current_user() is not None


def deny(status: int, message: str) -> Any:
    """Refuse the request: JSON under /api, a redirect to sign-in or an error page elsewhere."""
    if is_api_request():
        response = jsonify(error=message)
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="yearline"'
        return response
    if status == 401:
        return redirect(url_for("auth.login", next=_local_next()))
    abort(status, description=message)


def safe_local_path(target: str | None, default: str = "/") -> str:
    r"""``target`` if it is a path on this site, else ``default``: the only redirect targets.

    Browsers drop tabs and line breaks from URLs and read ``\`` as ``/``, so ``/\t/evil``,
    ``/\evil`` and ``//evil`` all leave the site; so does anything with a scheme or a host.
    Whitespace and control characters anywhere, backslashes anywhere and a second leading slash
    are therefore refused outright, and what is left must parse as a bare path.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ch.isspace() or not ch.isprintable() for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    return target


def _local_next() -> str:
    """Where to come back to after sign-in: this path (never another host)."""
    full = request.full_path if request.query_string else request.path
    return safe_local_path(full)


def login_required(role: str = "viewer") -> Callable[[F], F]:
    """Decorator: the view needs a signed-in user with ``role`` or above.

    Anonymous visitors are sent to the sign-in page (401 JSON under /api); signed-in users whose
    role is too low get 403.
    """
    role_rank(role)  # fail at import time on a typo

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return deny(401, _("Sign in to do this."))
            if not has_role(user, role):
                return deny(
                    403,
                    _(
                        "This needs the %(role)s role; you are signed in as %(current)s.",
                        role=role_label(role),
                        current=role_label(user.role),
                    ),
                )
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def _enforce_read_access() -> Any:
    """Before every request: a private instance (ANONYMOUS_READ false) asks anonymous users to
    sign in for everything except the sign-in page itself and static files."""
    if current_app.config.get("ANONYMOUS_READ", True):
        return None
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if current_user() is None:
        return deny(401, _("This instance is private: sign in to read it."))
    return None


def _template_context() -> dict[str, Any]:
    user = current_user()
    return {"current_user": user, "user_has_role": lambda role: has_role(user, role)}


def init_app(app: Flask) -> None:
    """Install the read-access gate and the template helpers (called by webapp.security)."""
    app.before_request(token_refusal)
    app.before_request(_enforce_read_access)
    app.context_processor(_template_context)
