"""Yearline's archive: versioned storage of annual plans, ingestion and the service API.

The faces call only what is re-exported here. SQLAlchemy 2, never Flask.
"""

from __future__ import annotations

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
from archive.models import ROLES, User
from archive.records import (
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
    preview_upload,
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
