"""Sign in and sign out (session cookie); every attempt is written to the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

import archive
import archive.tokens
from archive.models import AuditEvent
from webapp import auth
from webapp.db import get_session
from webapp.messages import error_text, role_label

bp = Blueprint("auth", __name__)

# Failed sign-ins within FAILURE_WINDOW before sign-in is paused: for one name *from one client
# address* (so a stranger failing an analyst's password cannot lock the analyst out), and for one
# address whatever the names (so guessing across many names is slowed too).
MAX_FAILURES = 10
MAX_ADDRESS_FAILURES = 50
FAILURE_WINDOW = timedelta(minutes=15)
_DIGITS = re.compile(r"[0-9]{1,4}")  # a token's lifetime in days, as typed


def safe_next(target: str | None) -> str:
    """A local path to return to after sign-in; anything else (other hosts, schemes) goes home."""
    return auth.safe_local_path(target)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    next_url = request.values.get("next") or ""
    if request.method == "GET":
        if auth.current_user() is not None and next_url:
            return redirect(safe_next(next_url))
        return render_template("auth/login.html", next=next_url, name="", error=None)

    name = (request.form.get("name") or "").strip()
    password = request.form.get("password") or ""
    session = get_session()
    address = request.remote_addr or ""
    if name and (
        _recent_failures(name, address) >= MAX_FAILURES
        or _recent_failures(None, address) >= MAX_ADDRESS_FAILURES
    ):
        archive.record_audit(
            session, user=name, action="login_blocked", target=request.remote_addr or ""
        )
        session.commit()
        message = _(
            "Too many failed sign-ins for this name: wait %(minutes)s minutes and try again.",
            minutes=int(FAILURE_WINDOW.total_seconds() // 60),
        )
        page = render_template("auth/login.html", next=next_url, name=name, error=message)
        return page, 429
    user = archive.authenticate(session, name=name, password=password) if name else None
    if user is None:
        archive.record_audit(
            session, user=name or None, action="login_failed", target=request.remote_addr or ""
        )
        session.commit()
        page = render_template(
            "auth/login.html", next=next_url, name=name, error=_("Unknown name or wrong password.")
        )
        return page, 401
    archive.record_audit(session, user=user.name, action="login", target=request.remote_addr or "")
    session.commit()
    auth.sign_in(user)
    flash(
        _("Signed in as %(name)s (%(role)s).", name=user.name, role=role_label(user.role)), "info"
    )
    return redirect(safe_next(next_url))


def _recent_failures(name: str | None, address: str) -> int:
    """Failed sign-ins from ``address`` (for ``name``, or for any name when None) within
    FAILURE_WINDOW, read from the audit log (each attempt's target is the client address)."""
    since = datetime.now(UTC) - FAILURE_WINDOW
    query = sa.select(sa.func.count()).where(
        AuditEvent.action == "login_failed", AuditEvent.target == address, AuditEvent.at >= since
    )
    if name is not None:
        query = query.where(AuditEvent.user == name)
    return int(get_session().scalar(query) or 0)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    """GET shows a one-button page (sign-out is a POST so other sites cannot trigger it)."""
    if request.method == "GET":
        return render_template("auth/logout.html")
    user = auth.current_user()
    if user is not None:
        session = get_session()
        user.session_version += 1  # every copy of this user's session cookie stops working
        archive.record_audit(session, user=user.name, action="logout", target="")
        session.commit()
    auth.sign_out()
    flash(_("Signed out."), "info")
    return redirect("/")


@bp.route("/account", methods=["GET", "POST"])
@auth.login_required("viewer")
def account() -> Any:
    """The signed-in user's page: role, API tokens (listed without their secret, each revocable)
    and a form to create one, for editors and above (its secret is shown once)."""
    user = auth.current_user()
    assert user is not None
    session = get_session()
    new_token = None
    error = None
    status = 200
    if request.method == "POST":
        raw_days = (request.form.get("days") or "").strip()
        try:
            days = int(raw_days) if _DIGITS.fullmatch(raw_days) else None
            if raw_days and days is None:  # "²", "-3", "1e9": the archive's own message
                days = 0
            _info, new_token = archive.issue_api_token(
                session, user=user, days=days, label=request.form.get("label") or ""
            )
            session.commit()
        except archive.PermissionDenied as exc:  # a token outlives the session: editors only
            abort(403, description=error_text(exc))
        except archive.InvalidInput as exc:
            session.rollback()
            error, status = error_text(exc), 400
    page = render_template(
        "auth/account.html",
        user=user,
        tokens=archive.list_api_tokens(session, user=user.name),
        new_token=new_token,
        error=error,
        default_days=archive.tokens.DEFAULT_TOKEN_DAYS,
        max_days=archive.tokens.MAX_TOKEN_DAYS,
        max_label=archive.tokens.MAX_LABEL,
        api_base=request.host_url.rstrip("/"),
    )
    response = make_response(page, status)
    if new_token is not None:  # the token is shown once: keep it out of every cache
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/tokens/<int:token_id>/revoke")
@auth.login_required("viewer")
def revoke_token(token_id: int) -> Any:
    """Revoke one of the signed-in user's own tokens: it stops working at once."""
    user = auth.current_user()
    assert user is not None
    session = get_session()
    try:
        info, changed = archive.revoke_api_token(session, token_id=token_id, by=user, owner=user)
    except archive.NotFound as exc:
        abort(404, description=error_text(exc))
    session.commit()
    label = f" ({info.label})" if info.label else ""
    if changed:
        flash(_("API token %(id)s%(label)s revoked: it no longer works.", id=info.id,
                label=label), "info")  # fmt: skip
    else:
        flash(_("API token %(id)s%(label)s was already revoked.", id=info.id, label=label), "info")
    return redirect(url_for("auth.account"))
