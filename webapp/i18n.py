"""Interface language: Chinese or English, chosen by the header switch, else the browser.

The locale comes from (1) a ``?lang=`` query parameter, (2) the ``lang`` cookie the header switch
sets, (3) the browser's Accept-Language, (4) Chinese. Plan text is never translated.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request
from flask_babel import Babel, get_translations
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


def _translations() -> Any:
    """This request's catalogue, looked up once: Flask-Babel looks it up again for every string
    (context, domain, locale, cache key), which was a third of a search page's rendering."""
    found = g.get("yearline_translations")
    if found is None:
        found = g.yearline_translations = get_translations()
    return found


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    Babel(app, locale_selector=current_language)
    # the templates' _() and ngettext(), as Flask-Babel installs them, but on _translations()
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.after_request(_persist_query_choice)

    @app.context_processor
    def _language() -> dict[str, object]:
        return {"current_language": current_language, "LANGUAGES": LANGUAGES}
