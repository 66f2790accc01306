"""One line per request, in the Common Log Format plus the time taken, for ``yearline serve``.

Waitress logs no requests itself; this WSGI middleware does, in the spirit of Paste's
TransLogger: ``127.0.0.1 - ana [01/Dec/2026:09:30:00 +0000] "GET /s/x HTTP/1.1" 200 5120 12.3ms``.
The line is written when the response has been sent (or the client went away), so the size and
time are the real ones.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

LOGGER = "yearline.access"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class AccessLog:
    """Wrap a WSGI app so that each request is logged once to ``logger``."""

    def __init__(self, app: WSGIApp, logger: logging.Logger | None = None) -> None:
        self.app = app
        self.logger = logger or logging.getLogger(LOGGER)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterator[bytes]:
        started = time.perf_counter()
        status = ["-"]

        def _start(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = code.split(" ", 1)[0]
            return (
                start_response(code, headers, exc_info)
                if exc_info
                else start_response(code, headers)
            )

        size = 0
        result = self.app(environ, _start)
        try:
            for chunk in result:
                size += len(chunk)
                yield chunk
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
            self.logger.info(_line(environ, status[0], size, time.perf_counter() - started))


def _line(environ: dict[str, Any], status: str, size: int, seconds: float) -> str:
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    path = path.encode("latin-1", "replace").decode("utf-8", "replace")  # WSGI strings
    request = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
    user = environ.get("REMOTE_USER") or "-"
    when = time.strftime("%d/%b/%Y:%H:%M:%S %z")
    host = environ.get("REMOTE_ADDR", "-")
    return f'{host} - {user} [{when}] "{request}" {status} {size or "-"} {seconds * 1000:.1f}ms'


def to_stderr() -> logging.Logger:
    """The access logger, writing bare lines to stderr (once, however often it is called)."""
    logger = logging.getLogger(LOGGER)
    if not any(getattr(h, "_yearline", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._yearline = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger
