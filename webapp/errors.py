"""One error answer for every handler: JSON ``{"error", ...}`` under ``/api/``, else the site's
error page with the same one line."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request


def error_response(status: int, message: str, *, api_message: str | None = None,
                   **api_fields: Any) -> Any:  # fmt: skip
    """``message`` on the page (in the reader's language); the API gets ``api_message`` when
    given (its English text) and any extra ``api_fields`` (e.g. a stable ``code``)."""
    if request.path.startswith("/api/"):
        response = jsonify(error=message if api_message is None else api_message, **api_fields)
        response.status_code = status
        return response
    return render_template("site/error.html", code=status, message=message), status
