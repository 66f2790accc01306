"""A job's progress and status messages: a key and its parameters, plus the English text.

A job row stores all three (``message_key``, ``message_params``, ``message``): the CLI and the
JSON keep the English ``message``, the site says the same in its user's language from the key
(webapp/messages.py ``JOB_MESSAGES`` has the translatable twin of every template below).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# key -> English template (``%(name)s`` placeholders; webapp/messages.py says them in zh too)
TEMPLATES: dict[str, str] = {
    "warm.todo": "%(series)s: %(count)s comparisons to compute",
    "warm.compared": "%(series)s: compared %(year_a)s and %(year_b)s",
    "warm.timeline": "%(series)s: timeline ready",
    "export.rendering": "%(series)s: writing the %(what)s export (%(format)s)",
    "export.ready": "%(series)s: the %(what)s export (%(format)s) is ready",
    "job.duplicate": "another identical job was waiting",
    "job.taken_over": "taken over from a stopped process (%(owner)s)",
    "job.failed": "%(error)s",
}


class JobMessage(str):
    """The English text of a message, carrying its ``key`` and ``params`` (a ``str``, so every
    progress callback that prints messages keeps working)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> JobMessage:
        text = TEMPLATES[key] % params
        self = super().__new__(cls, text)
        self.key = key
        self.params = {k: _plain(v) for k, v in params.items()}
        return self


def _plain(value: Any) -> Any:
    """A JSON-storable parameter."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def failure(exc: BaseException) -> JobMessage:
    """The message of a job that raised ``exc``: the last line of its text, and for an archive
    error its code and parameters (so that the site can say it in the user's language)."""
    import traceback

    line = "".join(traceback.format_exception_only(exc)).strip().splitlines()[-1][:2000]
    code = getattr(exc, "code", None)
    params = getattr(exc, "params", None)
    extra: dict[str, Any] = {}
    if isinstance(code, str) and code:
        extra = {"code": code, "error_params": dict(params or {})}
    return JobMessage("job.failed", error=line, **extra)


def message_fields(message: str) -> dict[str, Any]:
    """The columns of a job row for ``message`` (a plain string has no key)."""
    if isinstance(message, JobMessage):
        return {"message": str.__str__(message), "message_key": message.key,
                "message_params": message.params}  # fmt: skip
    return {"message": message, "message_key": "", "message_params": None}


__all__ = ["TEMPLATES", "JobMessage", "failure", "message_fields"]
