"""OpenAPI paths and schemas of the history routes (blame, terms, programmes, promises); merged
into :mod:`webapp.openapi`'s document."""

from __future__ import annotations

from typing import Any

_INT_MAP = {"type": "object", "additionalProperties": {"type": "integer"}}
_NUM_MAP = {"type": "object", "additionalProperties": {"type": "number"}}

BLAME = {
    "description": "Exactly `yearline blame SERIES YEAR --format json`: each unit's text in spans "
    "(concatenated: exactly the unit's text), each with the first year of the series in which "
    "that wording appears.",
    "type": "object",
    "required": ["series", "year", "units"],
    "properties": {
        "series": {"type": "string"},
        "year": {"type": "integer"},
        "units": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "spans"],
                "properties": {
                    "key": {"type": "string"},
                    "spans": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text", "since"],
                            "properties": {
                                "text": {"type": "string"},
                                "since": {"type": "integer"},
                            },
                        },
                    },
                },
            },
        },
    },
}

_TERM_CHANGE = {
    "type": "object",
    "required": ["term", "count", "reference_count", "g2"],
    "properties": {
        "term": {"type": "string"},
        "count": {"type": "integer"},
        "per_10k_tokens": {"type": "number"},
        "reference_count": {"type": "integer"},
        "reference_per_10k_tokens": {"type": "number"},
        "g2": {"type": "number"},
    },
}

TERMS = {
    "description": "Exactly `yearline terms SERIES [--term T]... --format json`. Counts are "
    "substring occurrences in the normalised text; per_10k per 10,000 characters (Chinese) or "
    "words (English). Without terms: `statistic` and each year's emerging and fading `changes`.",
    "type": "object",
    "required": ["series", "years", "terms"],
    "properties": {
        "series": {"type": "string"},
        "years": {"type": "array", "items": {"type": "integer"}},
        "terms": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["term", "counts", "per_10k"],
                "properties": {"term": {"type": "string"}, "counts": _INT_MAP, "per_10k": _NUM_MAP},
            },
        },
        "statistic": {"type": "string"},
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "reference_years", "emerging", "fading"],
                "properties": {
                    "year": {"type": "integer"},
                    "reference_years": {"type": "array", "items": {"type": "integer"}},
                    "emerging": {"type": "array", "items": _TERM_CHANGE},
                    "fading": {"type": "array", "items": _TERM_CHANGE},
                },
            },
        },
    },
}

_MENTION = {
    "type": "object",
    "required": ["year", "key"],
    "properties": {
        "year": {"type": "integer"},
        "key": {"type": "string"},
        "text": {"type": "string"},
    },
}

PROGRAMMES = {
    "description": "Exactly `yearline programmes SERIES --format json`.",
    "type": "object",
    "required": ["series", "programmes"],
    "properties": {
        "series": {"type": "string"},
        "programmes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "kind", "first_year", "last_year", "count", "mentions"],
                "properties": {
                    "name": {"type": "string"},
                    "kind": {"enum": ["programme", "slogan", "document"]},
                    "first_year": {"type": "integer"},
                    "last_year": {"type": "integer"},
                    "years": {"type": "array", "items": {"type": "integer"}},
                    "count": {"type": "integer"},
                    "counts": _INT_MAP,
                    "mentions": {"type": "array", "items": _MENTION},
                },
            },
        },
    },
}

PROMISES = {
    "description": "Exactly `yearline promises SERIES --format json`: commitments repeated "
    "nearly verbatim in three or more consecutive years of the series.",
    "type": "object",
    "required": ["series", "promises"],
    "properties": {
        "series": {"type": "string"},
        "promises": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "first_year", "last_year", "years", "mentions"],
                "properties": {
                    "text": {"type": "string"},
                    "first_year": {"type": "integer"},
                    "last_year": {"type": "integer"},
                    "years": {"type": "array", "items": {"type": "integer"}},
                    "mentions": {"type": "array", "items": _MENTION},
                },
            },
        },
    },
}

SCHEMAS = {"Blame": BLAME, "TermTrends": TERMS, "Programmes": PROGRAMMES, "Promises": PROMISES}


def paths(read: Any, param: Any, ref: Any, error: Any, slug: Any, year: Any) -> dict[str, Any]:
    """The history paths, built with :mod:`webapp.openapi`'s helpers."""
    term = param(
        "term",
        "query",
        {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 12},
        "A term to count (repeat for several); none: emerging and fading terms.",
        style="form",
        explode=True,
    )
    return {
        "/api/v1/series/{slug}/{year}/blame": read(
            "Since when: each unit's wording with the year it first appeared in the series",
            ref("Blame"),
            "The blame of the year's current version.",
            params=[slug, year],
            not_found="No such series or year.",
            op_id="getBlame",
        ),
        "/api/v1/series/{slug}/terms": read(
            "How often terms occur in each year; or each year's emerging and fading terms",
            ref("TermTrends"),
            "Counts and rates per year.",
            params=[slug, term],
            not_found="No such series.",
            op_id="getTermTrends",
            extra={"400": error("An empty term, or more than 12.")},
        ),
        "/api/v1/series/{slug}/programmes": read(
            "Named programmes, quoted slogans and cited documents, with their years and mentions",
            ref("Programmes"),
            "Every name found, ordered by first year.",
            params=[slug],
            not_found="No such series.",
            op_id="getProgrammes",
        ),
        "/api/v1/series/{slug}/promises": read(
            "Commitments repeated nearly verbatim for three years or more",
            ref("Promises"),
            "Carried-over promises, longest-running first.",
            params=[slug],
            not_found="No such series.",
            op_id="getPromises",
        ),
    }
