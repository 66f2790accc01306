"""OpenAPI schemas of the targets API (issue 9): a quantity, a series' targets by year, and the
``targets_changed`` entries of a comparison's matches. Registered by :mod:`webapp.openapi`."""

from __future__ import annotations

from typing import Any

_NUM = {"type": ["number", "null"]}
QUALIFIERS = ["about", "at_least", "at_most", "below", "range", "exact"]

QUANTITY: dict[str, Any] = {
    "description": (
        "A quantitative target or outcome: `value` for one number, `low`/`high` for a range; "
        "`unit` and `text` as printed; `indicator` from the documented vocabulary or null."
    ),
    "type": "object",
    "required": ["key", "name", "indicator", "value", "low", "high", "unit", "qualifier", "text"],
    "properties": {
        "key": {"type": "string"},
        "name": {"type": "string"},
        "indicator": {"type": ["string", "null"]},
        "value": _NUM,
        "low": _NUM,
        "high": _NUM,
        "unit": {"type": "string"},
        "qualifier": {"enum": QUALIFIERS},
        "text": {"type": "string"},
        "horizon": {"type": ["string", "null"]},
        "about_year": {"type": ["integer", "null"]},
    },
}

SERIES_TARGETS: dict[str, Any] = {
    "description": (
        "Exactly `yearline targets SERIES --format json`: per year its headline target for each "
        "indicator, the outcome the next year's report gives and `met` (null: can't be judged)."
    ),
    "type": "object",
    "required": ["series", "title", "indicators", "years"],
    "properties": {
        "series": {"type": "string"},
        "title": {"type": "string"},
        "indicators": {"type": "array", "items": {"type": "string"}},
        "years": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["year", "targets"],
                "properties": {
                    "year": {"type": "integer"},
                    "targets": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "indicator",
                                "name",
                                "target",
                                "outcome",
                                "outcome_year",
                                "met",
                            ],
                            "properties": {
                                "indicator": {"type": "string"},
                                "name": {"type": "string"},
                                "target": {"$ref": "#/components/schemas/Quantity"},
                                "outcome": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/Quantity"},
                                        {"type": "null"},
                                    ]
                                },
                                "outcome_year": {"type": ["integer", "null"]},
                                "met": {"type": ["boolean", "null"]},
                            },
                        },
                    },
                },
            },
        },
    },
}

_FIGURE = {
    "oneOf": [
        {
            "type": "object",
            "required": ["value", "low", "high", "unit", "qualifier", "text"],
            "properties": {
                "value": _NUM,
                "low": _NUM,
                "high": _NUM,
                "unit": {"type": "string"},
                "qualifier": {"enum": QUALIFIERS},
                "text": {"type": "string"},
                "key": {"type": "string"},
            },
        },
        {"type": "null"},
    ]
}

TARGETS_CHANGED: dict[str, Any] = {
    "description": "Quantitative targets that differ between the match's A and B units.",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["indicator", "name", "a", "b"],
        "properties": {
            "indicator": {"type": ["string", "null"]},
            "name": {"type": "string"},
            "a": _FIGURE,
            "b": _FIGURE,
            "direction": {"enum": ["new", "dropped", "up", "down", "reworded"]},
            "horizon": {"type": ["string", "null"]},
        },
    },
}

TARGET_SCHEMAS = {"Quantity": QUANTITY, "SeriesTargets": SERIES_TARGETS}
