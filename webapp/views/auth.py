"""Sign in and sign out (session cookie); every attempt is written to the audit log."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _

import archive
from webapp import auth
from webapp.db import get_session

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """A local path to return to after sign-in; anything else (other hosts, schemes) goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


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
    flash(_("Signed in as %(name)s (%(role)s).", name=user.name, role=user.role), "info")
    return redirect(safe_next(next_url))


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    """GET shows a one-button page (sign-out is a POST so other sites cannot trigger it)."""
    if request.method == "GET":
        return render_template("auth/logout.html")
    user = auth.current_user()
    if user is not None:
        session = get_session()
        archive.record_audit(session, user=user.name, action="logout", target="")
        session.commit()
    auth.sign_out()
    flash(_("Signed out."), "info")
    return redirect("/")
