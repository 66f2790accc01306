"""Errors the archive raises. Each message is one clear line a user can read."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class: anything the archive refuses or cannot do.

    ``str(exc)`` is the English sentence (CLI output, API ``error``); ``code`` and ``params``,
    where a raise site gives them, let a face say the same in another language.
    """

    def __init__(self, message: str = "", *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class NotFound(ArchiveError):
    """A series, plan, version, user or blob does not exist."""


class RejectedUpload(ArchiveError):
    """Bytes that cannot become a plan version: empty, binary, too large, no structure."""


class DuplicateVersion(ArchiveError):
    """Reserved: identical bytes are reported through ``ImportResult.created`` instead."""


class PermissionDenied(ArchiveError):
    """The user's role does not allow the action."""


class InvalidToken(ArchiveError):
    """An API token that is unknown (``token_unknown``), expired (``token_expired``) or revoked
    (``token_revoked``)."""


class CorruptOriginal(ArchiveError):
    """A stored original no longer matches its SHA-256: it is never served; re-importing the
    right bytes repairs it."""


class InvalidInput(ArchiveError):
    """An argument is malformed (bad slug, role, year, ...)."""
