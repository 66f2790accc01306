"""Yearline's comparison engine: pure functions from text to structure, and structures to changes.

No Flask, no SQLAlchemy, no archive: text or PlanDocuments in, frozen dataclasses out.
"""

from __future__ import annotations

from comparison.constraints import Constraints
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.normalize import normalize
from comparison.pipeline import ENGINE_VERSION, CompareOptions, build_timeline, compare
from comparison.result import (
    Comparison,
    Confidence,
    Decided,
    Grade,
    LeadChange,
    Match,
    MatchKind,
    RedlineOp,
    Thread,
    ThreadStatus,
    ThreadYear,
    Timeline,
)
from comparison.structure import PARSER_VERSION, ParseError, parse_text

__all__ = [
    "ENGINE_VERSION",
    "PARSER_VERSION",
    "CompareOptions",
    "Comparison",
    "Confidence",
    "Constraints",
    "Decided",
    "Grade",
    "LeadChange",
    "Match",
    "MatchKind",
    "ParseError",
    "PlanDocument",
    "RedlineOp",
    "Thread",
    "ThreadStatus",
    "ThreadYear",
    "Timeline",
    "Unit",
    "UnitKind",
    "build_timeline",
    "compare",
    "normalize",
    "parse_text",
]
