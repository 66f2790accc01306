"""The OpenAPI 3.1 description of the JSON API (served at ``/api/openapi.json``).

Written by hand from the contracts (ARCHITECTURE.md section 5 and ``comparison.result``);
``tests/webapp/test_openapi.py`` checks it against the spec, against the app's URL map, and
validates real responses against the schemas below.
"""

from __future__ import annotations

from typing import Any

from comparison import PARSER_VERSION
from webapp.openapi_targets import TARGET_SCHEMAS, TARGETS_CHANGED

API_VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _str_list() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


UNIT = {
    "type": "object",
    "required": ["key", "parent", "level", "kind", "label", "title", "text", "lead_units"],
    "properties": {
        "key": {
            "type": "string",
            "description": "Unique within the document, stable across parses.",
        },
        "parent": {"type": ["string", "null"], "description": "Key of the enclosing unit."},
        "level": {"type": "integer", "minimum": 0},
        "kind": {"enum": ["section", "task", "item", "paragraph"]},
        "label": {"type": "string", "description": "Printed number without punctuation (一, 3)."},
        "title": {"type": "string", "description": "Headline sentence (may be empty)."},
        "text": {"type": "string", "description": "Own text, children and lead clause excluded."},
        "lead_units": {**_str_list(), "description": "Lead agencies, primary first."},
        "support_units": {**_str_list(), "description": "Supporting agencies (配合单位)."},
        "due": {"type": "string", "description": "Deadline as printed; empty when none."},
    },
}

PLAN_DOCUMENT = {
    "type": "object",
    "required": ["title", "year", "language", "metadata", "units", "warnings"],
    "properties": {
        "title": {"type": "string"},
        "year": {"type": ["integer", "null"]},
        "language": {"type": "string", "examples": ["zh", "en"]},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        "units": {"type": "array", "items": _ref("Unit"), "description": "In document order."},
        "warnings": _str_list(),
    },
}

PROVENANCE = {
    "type": "object",
    "required": ["series", "year", "version", "sha256", "filename"],
    "properties": {
        "series": {"type": "string"},
        "year": {"type": "integer", "description": "The archive year (overrides the parsed one)."},
        "version": {"type": "integer", "minimum": 1},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "filename": {"type": "string"},
    },
}

VERSION = {
    "type": "object",
    "required": ["version", "sha256", "filename", "media_type", "size", "uploaded_at", "current"],
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "filename": {"type": "string"},
        "media_type": {"type": "string"},
        "encoding": {"type": ["string", "null"]},
        "size": {"type": "integer", "minimum": 0},
        "uploaded_at": {"type": "string", "format": "date-time"},
        "uploaded_by": {"type": ["string", "null"]},
        "note": {"type": ["string", "null"]},
        "parser_version": {"type": "string"},
        "withdrawn_at": {"type": ["string", "null"], "format": "date-time"},
        "withdrawn_by": {"type": ["string", "null"]},
        "withdrawn_reason": {"type": ["string", "null"]},
        "current": {"type": "boolean", "description": "The newest version not withdrawn."},
    },
}

PLAN = {
    "description": "A stored plan version: the PlanDocument JSON with its provenance merged in.",
    "allOf": [
        _ref("PlanDocument"),
        _ref("Provenance"),
        {
            "type": "object",
            "required": ["series_title", "current_version", "versions"],
            "properties": {
                "series_title": {"type": "string"},
                "current_version": {"type": ["integer", "null"]},
                "versions": {"type": "array", "items": _ref("Version")},
            },
        },
    ],
}

YEAR_INFO = {
    "type": "object",
    "required": ["year", "versions", "current_version"],
    "properties": {
        "year": {"type": "integer"},
        "versions": {"type": "integer", "minimum": 1, "description": "Withdrawn ones included."},
        "current_version": {"type": ["integer", "null"]},
    },
}

SERIES = {
    "description": "One entry of `yearline list --format json`.",
    "type": "object",
    "required": ["slug", "title", "years"],
    "properties": {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "years": {"type": "array", "items": _ref("YearInfo")},
    },
}

SERIES_DETAIL = {
    "allOf": [
        _ref("Series"),
        {
            "type": "object",
            "required": ["issuer", "jurisdiction", "language", "source_note"],
            "properties": {
                "issuer": {"type": "string"},
                "jurisdiction": {"type": "string"},
                "language": {"type": "string"},
                "source_note": {"type": "string"},
            },
        },
    ],
}

SUMMARY_KEYS = ["unchanged", "changed", "moved", "split", "merged", "new", "dropped"]

MATCH = {
    "type": "object",
    "required": ["a", "b", "kind", "moved", "score", "lead_units", "redline"],
    "properties": {
        "a": {**_str_list(), "description": "Unit keys in A."},
        "b": {**_str_list(), "description": "Unit keys in B."},
        "kind": {"enum": ["unchanged", "changed", "split", "merged", "restructured"]},
        "moved": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "change_ratio": {"type": "number", "minimum": 0, "maximum": 1},
        "lead_units": {
            "type": "object",
            "required": ["added", "removed", "primary_changed"],
            "properties": {
                "added": _str_list(),
                "removed": _str_list(),
                "primary_changed": {"type": "boolean"},
                "primary_a": {"type": ["string", "null"]},
                "primary_b": {"type": ["string", "null"]},
            },
        },
        "redline": {
            "description": "Word-level diff: '=' and '-' parts give A's text, '=' and '+' B's.",
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [{"enum": ["=", "+", "-"]}, {"type": "string"}],
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "commitments": {
            "type": "object",
            "properties": {"added": _str_list(), "removed": _str_list()},
        },
        "grade": {
            "enum": ["identical", "dates_only", "minor", "substantive", "rewritten"],
            "description": "What the change means; `rewritten`: content replaced in this place.",
        },
        "confidence": {"enum": ["high", "medium", "low"]},
        "boilerplate": {"type": "boolean", "description": "A formulaic unit (greeting, ...)."},
        "rank_a": {"type": ["integer", "null"], "description": "1-based rank among siblings."},
        "rank_b": {"type": ["integer", "null"]},
        "decided": {"enum": ["confirmed", "linked", None]},
        "targets_changed": {"type": "array", "items": {"type": "object"}},
    },
}

COMPARED_DOCUMENT = {"allOf": [_ref("PlanDocument"), _ref("Provenance")]}

COMPARISON = {
    "description": (
        "Exactly `yearline compare SERIES A B --format json`. Every unit of A is in one match or "
        "in `dropped`; every unit of B in one match or in `new`."
    ),
    "type": "object",
    "required": ["a", "b", "summary", "matches", "new", "dropped"],
    "properties": {
        "engine_version": {"type": "string"},
        "a": COMPARED_DOCUMENT,
        "b": COMPARED_DOCUMENT,
        "summary": {
            "type": "object",
            "required": SUMMARY_KEYS,
            "properties": {
                k: {"type": "integer", "minimum": 0} for k in [*SUMMARY_KEYS, "restructured"]
            },
        },
        "matches": {"type": "array", "items": _ref("Match")},
        "new": {**_str_list(), "description": "Keys of B's units with no match."},
        "dropped": {**_str_list(), "description": "Keys of A's units with no match."},
        "boilerplate": {
            "type": "object",
            "description": "Unmatched formulaic units (also in `new`/`dropped`; not counted).",
            "properties": {"a": _str_list(), "b": _str_list()},
        },
    },
}

THREAD = {
    "type": "object",
    "required": ["id", "kind", "title", "first_year", "last_year", "years"],
    "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string"},
        "title": {"type": "string"},
        "first_year": {"type": "integer"},
        "last_year": {"type": "integer"},
        "years": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "status", "keys"],
                "properties": {
                    "year": {"type": "integer"},
                    "status": {
                        "enum": ["new", "unchanged", "changed", "revived", "dropped", "absent"]
                    },
                    "keys": _str_list(),
                },
            },
        },
    },
}

TIMELINE = {
    "description": "Exactly `yearline timeline SERIES --format json`.",
    "type": "object",
    "required": ["series", "title", "years", "summaries", "threads"],
    "properties": {
        "engine_version": {"type": "string"},
        "series": {"type": "string"},
        "title": {"type": "string"},
        "years": {"type": "array", "items": {"type": "integer"}},
        "summaries": {
            "description": "Year B -> summary of (previous year, B).",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
            },
        },
        "threads": {"type": "array", "items": _ref("Thread")},
    },
}

SEARCH_HIT = {
    "type": "object",
    "required": ["series", "year", "version", "key", "kind", "snippet"],
    "properties": {
        "series": {"type": "string"},
        "series_title": {"type": "string"},
        "year": {"type": "integer"},
        "version": {"type": "integer"},
        "key": {"type": "string"},
        "kind": {"type": "string"},
        "label": {"type": "string"},
        "title": {"type": "string"},
        "snippet": {"type": "string"},
        "match_start": {
            "type": "integer",
            "description": "snippet[match_start:match_end] is the hit.",
        },
        "match_end": {"type": "integer"},
    },
}

SEARCH_RESULTS = {
    "type": "object",
    "required": ["query", "total", "results", "next"],
    "properties": {
        "query": {"type": "string"},
        "total": {
            "type": "integer",
            "minimum": 0,
            "description": "Every matching unit of the current versions under the filters.",
        },
        "results": {"type": "array", "items": _ref("SearchHit")},
        "next": {
            "type": ["string", "null"],
            "description": "URL of the next page (same filters), or null on the last page.",
        },
        "offset": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1},
    },
}

IMPORT_RESULT = {
    "description": "Exactly `yearline import --format json`.",
    "type": "object",
    "required": ["series", "year", "version", "sha256", "created", "units", "items", "warnings"],
    "properties": {
        "series": {"type": "string"},
        "year": {"type": "integer"},
        "version": {"type": "integer", "minimum": 1},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "created": {
            "type": "boolean",
            "description": "False when identical bytes already were a version of this plan.",
        },
        "units": {"type": "integer", "minimum": 0},
        "items": {"type": "integer", "minimum": 0},
        "warnings": _str_list(),
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "One line a person can read (English)."},
        "code": {
            "type": "string",
            "description": "A stable code for the refusal, where there is one (damaged_docx, "
            "undecodable, empty_file, no_series, no_plan, ...).",
        },
    },
}

JOB = {
    "type": "object",
    "description": "A background job (`yearline jobs --format json` gives the same objects).",
    "required": ["id", "task", "label", "args", "state", "progress", "attempts", "message",
                 "created_at", "updated_at", "finished_at"],
    "properties": {
        "id": {"type": "integer"},
        "task": {"type": "string", "enum": ["warm", "export"]},
        "label": {"type": "string", "description": "What the job works on (a series)."},
        "args": {"type": "object"},
        "state": {"type": "string",
                  "enum": ["queued", "doing", "succeeded", "failed", "cancelled"]},
        "progress": {
            "type": "object",
            "required": ["done", "total"],
            "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}},
        },
        "attempts": {"type": "integer", "description": "Runs so far (a retried job: 2 or more)."},
        "message": {"type": "string", "description": "The latest progress or status, in English."},
        "message_key": {"type": "string",
                        "description": "The message's key; '' for none."},
        "message_params": {"type": "object", "description": "The message's parameters."},
        "message_localized": {"type": "string",
                              "description": "The message in the caller's language (API only)."},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "finished_at": {"type": ["string", "null"], "format": "date-time"},
    },
}  # fmt: skip

SCHEMAS = {
    "Job": JOB,
    "Unit": UNIT,
    "PlanDocument": PLAN_DOCUMENT,
    "Provenance": PROVENANCE,
    "Version": VERSION,
    "Plan": PLAN,
    "YearInfo": YEAR_INFO,
    "Series": SERIES,
    "SeriesDetail": SERIES_DETAIL,
    "Match": MATCH,
    "Comparison": COMPARISON,
    "Thread": THREAD,
    "Timeline": TIMELINE,
    "SearchHit": SEARCH_HIT,
    "SearchResults": SEARCH_RESULTS,
    "ImportResult": IMPORT_RESULT,
    "Error": ERROR,
}


def _param(name: str, where: str, schema: dict[str, Any], description: str, **kw: Any) -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path" or kw.pop("required", False),
        "description": description,
        "schema": schema,
        **kw,
    }


SLUG = _param("slug", "path", {"type": "string"}, "The series' short name.")
YEAR = _param("year", "path", {"type": "integer"}, "The plan's year.")


def _version_param(name: str, description: str) -> dict[str, Any]:
    """An optional ``?<name>=`` naming a version (a whole number from 1)."""
    return _param(name, "query", {"type": "integer", "minimum": 1}, description)


READ_ERRORS = {
    "401": _error(
        "The instance is private and no valid token or session was sent, or the token sent is "
        "expired, revoked or unknown (code token_expired, token_revoked, token_unknown)."
    ),
}


def _read(
    summary: str,
    schema: dict[str, Any],
    description: str,
    *,
    params: list[Any],
    not_found: str | None = None,
    op_id: str,
    extra: dict[str, Any] | None = None,
) -> dict:
    responses: dict[str, Any] = {"200": _json(schema, description), **READ_ERRORS}
    if not_found:
        responses["404"] = _error(not_found)
    responses.update(extra or {})
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "parameters": params,
            "security": [{}, {"bearerAuth": []}],
            "responses": responses,
        }
    }


PATHS: dict[str, Any] = {
    "/api/v1/series": _read(
        "List every series with its years and versions",
        {"type": "array", "items": _ref("Series")},
        "Same shape as `yearline list --format json`.",
        params=[],
        op_id="listSeries",
    ),
    "/api/v1/series/{slug}": _read(
        "One series: its description and years",
        _ref("SeriesDetail"),
        "The series.",
        params=[SLUG],
        not_found="No such series.",
        op_id="getSeries",
    ),
    "/api/v1/series/{slug}/{year}": _read(
        "One year's plan as parsed, with provenance and its versions",
        _ref("Plan"),
        "The current version, or the one asked for with ?version=.",
        params=[
            SLUG,
            YEAR,
            _version_param("version", "A version number (default: the current version)."),
        ],
        not_found="No such series, year or version.",
        op_id="getPlan",
        extra={"400": _error("version is not a whole number.")},
    ),
    "/api/v1/series/{slug}/compare/{a}..{b}": _read(
        "Compare the current versions of two years (any two, not only adjacent)",
        _ref("Comparison"),
        "The Comparison JSON, identical to the CLI's.",
        params=[
            SLUG,
            _param("a", "path", {"type": "integer"}, "Year A (the older side, usually)."),
            _param("b", "path", {"type": "integer"}, "Year B."),
            _version_param("version_a", "A version of year A (default: its current version)."),
            _version_param("version_b", "A version of year B (default: its current version)."),
        ],
        not_found="No such series, year or version.",
        op_id="compareYears",
        extra={"400": _error("A version is not a whole number.")},
    ),
    "/api/v1/series/{slug}/timeline": _read(
        "Every initiative (thread) of a series across all its years",
        _ref("Timeline"),
        "The Timeline JSON, identical to the CLI's.",
        params=[SLUG],
        not_found="No such series.",
        op_id="getTimeline",
    ),
    "/api/v1/jobs/{job_id}": _read(
        "A background job's state and progress (after an upload: comparing the new year)",
        _ref("Job"),
        "The job.",
        params=[_param("job_id", "path", {"type": "integer"}, "The job's id.")],
        not_found="No such job.",
        op_id="getJob",
    ),
    "/api/v1/search": _read(
        "Full-text search over every year and series (Chinese works without spaces)",
        _ref("SearchResults"),
        "One page of matching units and the true total; `next` leads to the next page.",
        params=[
            _param(
                "q", "query", {"type": "string", "minLength": 1}, "Text to find.", required=True
            ),
            _param("series", "query", {"type": "string"}, "Only this series."),
            _param("year_from", "query", {"type": "integer"}, "Only this year and later."),
            _param("year_to", "query", {"type": "integer"}, "Only this year and earlier."),
            _param(
                "kind",
                "query",
                {"type": "string"},
                "Only units of these kinds: section, task, item, paragraph (repeat the "
                "parameter or separate kinds with commas).",
            ),
            _param(
                "order",
                "query",
                {"type": "string", "enum": ["year", "relevance"], "default": "year"},
                "year: newest year first (within a year by series, in document order); "
                "relevance: headline matches first, then the most occurrences.",
            ),
            _param(
                "limit",
                "query",
                {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                "At most this many results per page.",
            ),
            _param(
                "offset",
                "query",
                {"type": "integer", "minimum": 0, "default": 0},
                "Skip this many results (follow `next` instead of counting).",
            ),
        ],
        op_id="search",
        extra={"400": _error("q is missing, or a filter, limit or offset is malformed.")},
    ),
}

PATHS["/api/v1/series/{slug}/{year}/versions"] = {
    "post": {
        "operationId": "uploadVersion",
        "summary": "Archive a new version of a year's plan (editors, API token)",
        "description": (
            "Send the original file as a multipart field `file`, or as the raw body (give its "
            "name with ?filename= or Content-Disposition). Bytes identical to a stored version "
            "of this plan store nothing and return that version with `created: false`. A series "
            "that does not exist yet is created, as `yearline import` does."
        ),
        "parameters": [
            SLUG,
            YEAR,
            _param("filename", "query", {"type": "string"}, "Original file name (raw body)."),
            _param("title", "query", {"type": "string"}, "Title, when the file has none."),
            _param("note", "query", {"type": "string"}, "A note kept with the version."),
        ],
        "security": [{"bearerAuth": []}],
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "contentMediaType": "application/octet-stream",
                            },
                            "title": {"type": "string"},
                            "note": {"type": "string"},
                        },
                    }
                },
                "application/octet-stream": {"schema": {}},
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
        },
        "responses": {
            "201": _json(_ref("ImportResult"), "A new version was stored."),
            "200": _json(_ref("ImportResult"), "Identical bytes: nothing new stored."),
            "400": _error("Rejected: empty, binary, no structure found, or malformed request."),
            "401": _error("No valid API token."),
            "403": _error("The token's user is not an editor."),
            "413": _error("Larger than the instance's upload limit."),
        },
    }
}

# --- analysts' decisions and withdrawals (issue 10) -----------------------------------------

SCHEMAS["Decision"] = {
    "type": "object",
    "required": ["id", "years", "action", "a", "b", "note", "user", "created", "stale"],
    "properties": {
        "id": {"type": "integer"},
        "years": {
            "type": "array",
            "items": {"type": "integer"},
            "minItems": 2,
            "maxItems": 2,
            "description": "The two years, earlier first (a decision holds for both orders).",
        },
        "action": {"enum": ["confirm", "reject", "link", "boilerplate"]},
        "a": {**_str_list(), "description": "Unit keys of the earlier year (current version)."},
        "b": {**_str_list(), "description": "Unit keys of the later year."},
        "note": {"type": "string"},
        "user": {"type": ["string", "null"]},
        "created": {"type": "string", "format": "date-time"},
        "stale": {
            "type": "boolean",
            "description": "A unit's text is not in the current version: not applied, kept.",
        },
        "side": {"type": ["string", "null"], "enum": ["a", "b", None]},
        "status": {"enum": ["applied", "superseded", "stale", "undone"]},
        "undone_by": {"type": ["integer", "null"]},
        "text": {
            "type": "object",
            "properties": {"a": _str_list(), "b": _str_list()},
            "description": "The normalised unit texts the decision is keyed by.",
        },
    },
}

SCHEMAS["DecisionRequest"] = {
    "type": "object",
    "properties": {
        "action": {"enum": ["confirm", "reject", "link", "boilerplate"]},
        "a": {
            "oneOf": [_str_list(), {"type": "string"}],
            "description": "Unit keys of year a (list or comma-separated).",
        },
        "b": {"oneOf": [_str_list(), {"type": "string"}], "description": "Unit keys of year b."},
        "note": {"type": "string", "maxLength": 2000},
        "undo": {"type": "integer", "description": "Take back this decision instead."},
        "version_a": {"type": "integer", "minimum": 1},
        "version_b": {"type": "integer", "minimum": 1},
    },
}

_WRITE_ERRORS = {
    "400": _error("Malformed request, unknown unit key, or a refused decision."),
    "403": _error("No editor's API token (anonymous, viewer, or a cookie without a token)."),
    "404": _error("No such series, year, version or decision."),
}
_PAIR = [
    SLUG,
    _param("a", "path", {"type": "integer"}, "Year A."),
    _param("b", "path", {"type": "integer"}, "Year B."),
]

PATHS["/api/v1/series/{slug}/compare/{a}..{b}/decisions"] = {
    **_read(
        "The analysts' decisions on the comparison of two years",
        {"type": "array", "items": _ref("Decision")},
        "Oldest first, with their status against the current versions.",
        params=_PAIR,
        not_found="No such series.",
        op_id="listDecisions",
    ),
    "post": {
        "operationId": "addDecision",
        "summary": "Confirm, reject or link units, mark boilerplate, or undo (editors, API token)",
        "description": (
            "Decisions are kept by content (series, years, normalised texts) and applied to every "
            "later comparison of these two years whose versions still hold those texts."
        ),
        "parameters": _PAIR,
        "security": [{"bearerAuth": []}],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref("DecisionRequest")}},
        },
        "responses": {
            "201": _json(_ref("Decision"), "Recorded (for an undo: the decision undone)."),
            **_WRITE_ERRORS,
        },
    },
}

PATHS["/api/v1/series/{slug}/{year}/versions/{version}/withdraw"] = {
    "post": {
        "operationId": "withdrawVersion",
        "summary": "Withdraw a version: kept and readable, no longer current (editors)",
        "parameters": [
            SLUG,
            YEAR,
            _param("version", "path", {"type": "integer"}, "The version number."),
        ],
        "security": [{"bearerAuth": []}],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["reason"],
                        "properties": {"reason": {"type": "string", "minLength": 1}},
                    }
                }
            },
        },
        "responses": {
            "200": _json(
                {
                    "allOf": [_ref("Version")],
                    "properties": {"current_version": {"type": ["integer", "null"]}},
                },
                "The withdrawn version, and the plan's current version now.",
            ),
            **_WRITE_ERRORS,
        },
    }
}

PATHS["/api/openapi.json"] = {
    "get": {
        "operationId": "getOpenApi",
        "summary": "This document",
        "security": [{}],
        "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
    }
}


# Targets (issue 9): schemas in webapp/openapi_targets.py
SCHEMAS.update(TARGET_SCHEMAS)
MATCH["properties"]["targets_changed"] = TARGETS_CHANGED  # type: ignore[index]
PATHS["/api/v1/series/{slug}/targets"] = _read(
    "Every year's quantitative targets, the outcome the next year reports, and whether met",
    _ref("SeriesTargets"),
    "The targets JSON, identical to `yearline targets SERIES --format json`.",
    params=[SLUG],
    not_found="No such series.",
    op_id="getSeriesTargets",
)

# History routes (issue 13): blame, term trends, programmes, promises.
from webapp import openapi_history  # noqa: E402

SCHEMAS.update(openapi_history.SCHEMAS)
PATHS.update(openapi_history.paths(_read, _param, _ref, _error, SLUG, YEAR))


def build_document() -> dict[str, Any]:
    """The whole OpenAPI document (a fresh dict each call)."""
    import copy

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Yearline API",
            "version": API_VERSION,
            "description": (
                "Read the archive of multi-year policy plans, compare any two years, follow "
                "initiatives through a series, and upload new versions. Reads are open when the "
                "instance allows anonymous reading; uploads need an editor's API token "
                f'(`yearline` parser {PARSER_VERSION}). Errors are `{{"error": "..."}}`.'
            ),
        },
        "servers": [{"url": "/"}],
        "paths": copy.deepcopy(PATHS),
        "components": {
            "schemas": copy.deepcopy(SCHEMAS),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": (
                        "An API token of an editor or administrator, made on the account page "
                        "or with `yearline token create`; it expires (90 days unless chosen, at "
                        "most 365) and can be revoked. An expired, revoked or unknown token gets "
                        "401 with a code."
                    ),
                }
            },
        },
    }
