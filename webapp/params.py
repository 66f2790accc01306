"""Request parameters, checked once: every bad number, year, page or query is a 400 with one line
in the user's language (JSON under /api/), never a 500.

``str.isdigit()`` is true for ``²`` and ``٣`` (which ``int()`` refuses or reads), and a 20-digit
year overflows the database driver, so numbers are ASCII digits of bounded length, and years in
URLs (``<int:year>``, ``<int:a>..<int:b>``) are checked against the one year range
(:mod:`comparison.years`) before any view runs.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

import archive
from archive.errors import CorruptOriginal
from comparison.years import MAX_YEAR, MIN_YEAR
from webapp.errors import error_response

__all__ = ["BadParameter", "init_app", "search_text", "whole_number", "year"]

_DIGITS = re.compile(r"[0-9]{1,9}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
YEAR_ARGS = ("year", "a", "b", "year_a", "year_b")
MAX_QUERY = 200  # characters of a search


class BadParameter(BadRequest):
    """A malformed request parameter; ``description`` is the one-line message."""

    def __init__(self, message: str) -> None:
        super().__init__(description=message)


def whole_number(
    name: str, raw: str | None, *, minimum: int = 1, maximum: int = 10**9
) -> int | None:
    """``raw`` as an int within ``minimum..maximum``; None when absent or empty."""
    if raw is None or raw == "":
        return None
    value = int(raw) if _DIGITS.fullmatch(raw) else None
    if value is None or not minimum <= value <= maximum:
        raise BadParameter(
            _(
                "%(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=minimum,
                high=maximum,
            )
        )
    return value


def year(name: str, raw: str | int | None) -> int | None:
    """A plan year within the service's range (ASCII digits if given as text)."""
    if raw is None or raw == "":
        return None
    value = raw if isinstance(raw, int) else None
    if isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    if value is None or not MIN_YEAR <= value <= MAX_YEAR:
        raise BadParameter(
            _(
                "%(name)s must be a year from %(low)s to %(high)s.",
                name=name,
                low=MIN_YEAR,
                high=MAX_YEAR,
            )
        )
    return value


def search_text(raw: str | None) -> str:
    """The search text, stripped; control characters or more than MAX_QUERY characters are a
    400 (a NUL cannot even be sent to PostgreSQL)."""
    q = (raw or "").strip()
    if _CONTROL.search(q):
        raise BadParameter(_("The search text contains control characters."))
    if len(q) > MAX_QUERY:
        raise BadParameter(
            _("The search text is too long (at most %(limit)s characters).", limit=MAX_QUERY)
        )
    return q


def _check_url_years(endpoint: str | None, values: dict[str, Any] | None) -> None:
    for key in YEAR_ARGS:
        if values and isinstance(values.get(key), int):
            year(key, values[key])


def _invalid_input(exc: archive.InvalidInput) -> Any:
    """The archive refused an argument: a 400 with its message (JSON under /api/)."""
    return error_response(400, str(exc))


def _corrupt(exc: CorruptOriginal) -> Any:
    """A damaged original: one clear line and a 500 (JSON under /api/), never the bytes."""
    return error_response(500, str(exc))


def init_app(app: Flask) -> None:
    """Check the years of every URL before its view; map the archive's InvalidInput to 400."""
    app.url_value_preprocessor(_check_url_years)
    app.register_error_handler(archive.InvalidInput, _invalid_input)
    app.register_error_handler(CorruptOriginal, _corrupt)
