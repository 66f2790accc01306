"""Request hardening: CSRF on every form, security headers, cookie flags, the request size limit.

``init_app(app)`` is called by ``create_app``. The policy:

- CSRF (Flask-WTF) on every POST/PUT/PATCH/DELETE outside ``/api/``. The JSON API is exempt
  because it writes only for requests carrying ``Authorization: Bearer <token>``, a header a browser
  never adds by itself (``webapp.views.api`` refuses cookie-only writes).
- A Content-Security-Policy with no inline scripts. ``style-src`` allows inline styles because
  Plotly injects its hover and modebar styles at runtime (measured in headless Chromium: with
  ``style-src 'self'`` the charts draw but hover labels never appear). Scripts stay ``'self'`` only.
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy``, and HSTS
  when the instance says it runs behind HTTPS (``SESSION_COOKIE_SECURE``).
- Session cookies HttpOnly and SameSite=Lax, Secure when configured.
- Bodies over ``MAX_CONTENT_LENGTH`` get a 413 with one line naming the limit (JSON under /api).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, jsonify, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import Forbidden, RequestEntityTooLarge

from webapp import auth

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Plotly injects styles at runtime; never scripts
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if app.config.get("SESSION_COOKIE_SAMESITE") not in ("Strict", "Lax"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # We run the CSRF check ourselves so that the API (token auth) is skipped by path.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.before_request(_api_speaks_english)
    app.before_request(_csrf_protect)
    app.after_request(_add_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(Forbidden, _forbidden)
    auth.init_app(app)


def _api_speaks_english() -> None:
    """API errors are part of a machine contract: always English, whatever Accept-Language says.
    (``webapp.i18n.current_language`` reads the request's language from ``g.yearline_lang``.)"""
    if auth.is_api_request():
        g.yearline_lang = "en"


def _csrf_protect() -> None:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if auth.is_api_request():
        return
    csrf.protect()


def _add_security_headers(response: Any) -> Any:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def size_limit_message() -> str:
    """One line naming the upload limit, e.g. 'The file is too large: the limit is 20 MB.'"""
    limit = int(current_app.config.get("MAX_UPLOAD_BYTES") or 0)
    return _("The file is too large: the limit is %(size)s.", size=human_size(limit))


def human_size(n: int) -> str:
    """4096 -> '4 KB', 10000 -> '9.8 KB', 20 MiB -> '20 MB'."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _error(status: int, title: str, message: str) -> Any:
    if auth.is_api_request():
        response = jsonify(error=message)
        response.status_code = status
        return response
    return render_template("auth/error.html", title=title, message=message), status


def _csrf_error(exc: CSRFError) -> Any:
    message = _(
        "This form was not accepted: it has expired or did not come from this site. "
        "Reload the page and try again."
    )
    return _error(400, _("Form not accepted"), message)


def _too_large(exc: RequestEntityTooLarge) -> Any:
    return _error(413, _("File too large"), size_limit_message())


def _forbidden(exc: Forbidden) -> Any:
    message = exc.description if exc.description != Forbidden.description else None
    return _error(403, _("Not allowed"), message or _("You are not allowed to do this."))
