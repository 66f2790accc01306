"""Yearline's archive: versioned storage of annual plans, ingestion and the service API.

The faces call only what is re-exported here. SQLAlchemy 2, never Flask.

The names are imported on first use (PEP 562 ``__getattr__``), so a command that needs only
part of the archive — ``yearline diff`` parses two files and never touches a database — does not
pay for importing SQLAlchemy, the job queue or the spreadsheet readers.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.analysis import get_comparison, get_timeline
    from archive.blobs import BlobStore
    from archive.catalog import get_series, list_series, remove_unreferenced_blobs, verify_fixity
    from archive.db import Base, begin_write, make_engine, session_factory
    from archive.decisions import ACTIONS, Decision, Proposal, record_decision, undo_decision
    from archive.decisions import revision as decisions_revision
    from archive.demo_archive import load_demo
    from archive.errors import (
        ArchiveError,
        DuplicateVersion,
        InvalidInput,
        InvalidToken,
        NotFound,
        PermissionDenied,
        RejectedUpload,
    )
    from archive.history import (
        get_blame,
        get_programmes,
        get_promises,
        get_series_blame,
        get_term_changes,
        get_terms,
        series_texts,
    )
    from archive.ingest import Extracted, extract
    from archive.migrate import upgrade_database
    from archive.models import User
    from archive.preview import preview_upload
    from archive.records import (
        ROLES,
        FixityReport,
        ImportResult,
        PlanRecord,
        Preview,
        SearchCount,
        SearchHit,
        SearchResult,
        SeriesInfo,
        VersionInfo,
        YearInfo,
    )
    from archive.review import DecisionInfo, list_decisions
    from archive.sanity import SeriesFit, series_fit
    from archive.search import query_language, search, search_units, series_languages
    from archive.service import (
        ensure_series,
        get_plan,
        import_version,
        list_versions,
        read_original,
        withdraw_version,
    )
    from archive.tokens import (
        TokenInfo,
        authenticate_token,
        create_api_token,
        issue_api_token,
        list_api_tokens,
        revoke_api_token,
        user_for_token,
    )
    from archive.users import authenticate, create_user, get_user, list_audit, record_audit

# name -> module (same attribute name) or (module, attribute)
_LAZY: dict[str, str | tuple[str, str]] = {
    "ACTIONS": "archive.decisions",
    "ArchiveError": "archive.errors",
    "Base": "archive.db",
    "BlobStore": "archive.blobs",
    "Decision": "archive.decisions",
    "DecisionInfo": "archive.review",
    "DuplicateVersion": "archive.errors",
    "Extracted": "archive.ingest",
    "FixityReport": "archive.records",
    "ImportResult": "archive.records",
    "InvalidInput": "archive.errors",
    "InvalidToken": "archive.errors",
    "NotFound": "archive.errors",
    "PermissionDenied": "archive.errors",
    "PlanRecord": "archive.records",
    "Preview": "archive.records",
    "Proposal": "archive.decisions",
    "ROLES": "archive.records",
    "RejectedUpload": "archive.errors",
    "SearchCount": "archive.records",
    "SearchHit": "archive.records",
    "SearchResult": "archive.records",
    "SeriesFit": "archive.sanity",
    "SeriesInfo": "archive.records",
    "TokenInfo": "archive.tokens",
    "User": "archive.models",
    "VersionInfo": "archive.records",
    "YearInfo": "archive.records",
    "authenticate": "archive.users",
    "authenticate_token": "archive.tokens",
    "begin_write": "archive.db",
    "create_api_token": "archive.tokens",
    "create_user": "archive.users",
    "decisions_revision": ("archive.decisions", "revision"),
    "ensure_series": "archive.service",
    "extract": "archive.ingest",
    "get_blame": "archive.history",
    "get_comparison": "archive.analysis",
    "get_plan": "archive.service",
    "get_programmes": "archive.history",
    "get_promises": "archive.history",
    "get_series": "archive.catalog",
    "get_series_blame": "archive.history",
    "get_term_changes": "archive.history",
    "get_terms": "archive.history",
    "get_timeline": "archive.analysis",
    "get_user": "archive.users",
    "import_version": "archive.service",
    "issue_api_token": "archive.tokens",
    "list_api_tokens": "archive.tokens",
    "list_audit": "archive.users",
    "list_decisions": "archive.review",
    "list_series": "archive.catalog",
    "list_versions": "archive.service",
    "load_demo": "archive.demo_archive",
    "make_engine": "archive.db",
    "preview_upload": "archive.preview",
    "query_language": "archive.search",
    "read_original": "archive.service",
    "record_audit": "archive.users",
    "record_decision": "archive.decisions",
    "remove_unreferenced_blobs": "archive.catalog",
    "revoke_api_token": "archive.tokens",
    "search": "archive.search",
    "search_units": "archive.search",
    "series_fit": "archive.sanity",
    "series_languages": "archive.search",
    "series_texts": "archive.history",
    "session_factory": "archive.db",
    "undo_decision": "archive.decisions",
    "upgrade_database": "archive.migrate",
    "user_for_token": "archive.tokens",
    "verify_fixity": "archive.catalog",
    "withdraw_version": "archive.service",
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:  # a submodule (archive.db, archive.jobs) not imported yet
        if name.startswith("_") or importlib.util.find_spec(f"archive.{name}") is None:
            raise AttributeError(f"module 'archive' has no attribute {name!r}")
        return importlib.import_module(f"archive.{name}")
    module, attr = (where, name) if isinstance(where, str) else where
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Archive(types.ModuleType):
    """The package module: importing a submodule binds its name on the package, which for
    ``archive.search`` (module and function alike) would hide the function; a name of the table
    above is never bound to a submodule."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Archive


__all__ = [
    "ACTIONS",
    "ROLES",
    "ArchiveError",
    "Base",
    "BlobStore",
    "Decision",
    "DecisionInfo",
    "DuplicateVersion",
    "Extracted",
    "FixityReport",
    "ImportResult",
    "InvalidInput",
    "InvalidToken",
    "NotFound",
    "PermissionDenied",
    "PlanRecord",
    "Preview",
    "Proposal",
    "RejectedUpload",
    "SearchCount",
    "SearchHit",
    "SearchResult",
    "SeriesFit",
    "SeriesInfo",
    "TokenInfo",
    "User",
    "VersionInfo",
    "YearInfo",
    "authenticate",
    "authenticate_token",
    "begin_write",
    "create_api_token",
    "create_user",
    "decisions_revision",
    "ensure_series",
    "extract",
    "get_blame",
    "get_comparison",
    "get_plan",
    "get_programmes",
    "get_promises",
    "get_series",
    "get_series_blame",
    "get_term_changes",
    "get_terms",
    "get_timeline",
    "get_user",
    "import_version",
    "issue_api_token",
    "list_api_tokens",
    "list_audit",
    "list_decisions",
    "list_series",
    "list_versions",
    "load_demo",
    "make_engine",
    "preview_upload",
    "query_language",
    "read_original",
    "record_audit",
    "record_decision",
    "remove_unreferenced_blobs",
    "revoke_api_token",
    "search",
    "search_units",
    "series_fit",
    "series_languages",
    "series_texts",
    "session_factory",
    "undo_decision",
    "upgrade_database",
    "user_for_token",
    "verify_fixity",
    "withdraw_version",
]
