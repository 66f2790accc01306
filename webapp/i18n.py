"""Interface language: Chinese or English, chosen by the header switch, else the browser.

The locale comes from (1) a ``?lang=`` query parameter, (2) the ``lang`` cookie the header switch
sets, (3) the browser's Accept-Language, (4) Chinese. Plan text is never translated.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel
from werkzeug.wrappers import Response

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def select_locale() -> str:
    for candidate in (request.args.get(COOKIE), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def current_language() -> str:
    """The interface language of this request (``zh`` or ``en``)."""
    if "yearline_lang" not in g:
        g.yearline_lang = select_locale()
    lang: str = g.yearline_lang
    return lang


def remember_language(response: Response, lang: str) -> Response:
    """Set the ``lang`` cookie so the choice survives the next visit."""
    response.set_cookie(
        COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True, path="/"
    )
    return response


def _persist_query_choice(response: Response) -> Response:
    lang = request.args.get(COOKIE)
    if lang in LANGUAGES and request.cookies.get(COOKIE) != lang:
        remember_language(response, lang)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    Babel(app, locale_selector=current_language)
    app.after_request(_persist_query_choice)

    @app.context_processor
    def _language() -> dict[str, object]:
        return {"current_language": current_language, "LANGUAGES": LANGUAGES}
