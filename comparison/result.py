"""Engine results: plain frozen data, serialised to the Comparison JSON of the public contract.

Rendering (HTML, exports, charts) never lives here; the faces in ``webapp`` read these objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from comparison.document import PlanDocument


class MatchKind(str, Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    SPLIT = "split"  # one unit of A became several of B
    MERGED = "merged"  # several units of A became one of B


class RedlineOp(str, Enum):
    EQUAL = "="
    INSERT = "+"
    DELETE = "-"


@dataclass(frozen=True)
class LeadChange:
    """How a match's lead agencies changed. ``primary_a``/``primary_b`` are the first-listed leads."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    primary_changed: bool = False
    primary_a: str | None = None
    primary_b: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "primary_changed": self.primary_changed,
            "primary_a": self.primary_a,
            "primary_b": self.primary_b,
        }


@dataclass(frozen=True)
class Match:
    """Units of A aligned with units of B.

    ``redline`` is a word-level diff of the matched text: the ``=`` and ``-`` parts concatenated
    give A's text, the ``=`` and ``+`` parts give B's. ``change_ratio`` is 0 for identical text and
    1 for nothing in common. ``commitments_added``/``removed`` are whole sentences present on one
    side only.
    """

    a: tuple[str, ...]
    b: tuple[str, ...]
    kind: MatchKind
    moved: bool
    score: float
    change_ratio: float
    lead_units: LeadChange = field(default_factory=LeadChange)
    redline: tuple[tuple[RedlineOp, str], ...] = ()
    commitments_added: tuple[str, ...] = ()
    commitments_removed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": list(self.a),
            "b": list(self.b),
            "kind": self.kind.value,
            "moved": self.moved,
            "score": round(self.score, 4),
            "change_ratio": round(self.change_ratio, 4),
            "lead_units": self.lead_units.to_dict(),
            "redline": [[op.value, text] for op, text in self.redline],
            "commitments": {
                "added": list(self.commitments_added),
                "removed": list(self.commitments_removed),
            },
        }


SUMMARY_KEYS = ("unchanged", "changed", "moved", "split", "merged", "new", "dropped")


@dataclass(frozen=True)
class Comparison:
    """The comparison of two plan documents.

    Every unit of ``doc_a`` is in exactly one match or in ``dropped``; every unit of ``doc_b`` in
    exactly one match or in ``new``. ``info_a``/``info_b`` carry provenance added by the caller
    (series, version, sha256, ...) and are merged into the JSON's ``a``/``b`` objects.
    """

    doc_a: PlanDocument
    doc_b: PlanDocument
    matches: tuple[Match, ...]
    new: tuple[str, ...]
    dropped: tuple[str, ...]
    engine_version: str
    info_a: Mapping[str, Any] = field(default_factory=dict)
    info_b: Mapping[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(SUMMARY_KEYS, 0)
        for m in self.matches:
            counts[m.kind.value] += 1
            if m.moved:
                counts["moved"] += 1
        counts["new"] = len(self.new)
        counts["dropped"] = len(self.dropped)
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine_version": self.engine_version,
            "a": {**self.doc_a.to_dict(), **dict(self.info_a)},
            "b": {**self.doc_b.to_dict(), **dict(self.info_b)},
            "summary": self.summary,
            "matches": [m.to_dict() for m in self.matches],
            "new": list(self.new),
            "dropped": list(self.dropped),
        }


class ThreadStatus(str, Enum):
    """A thread's state in one year of the series."""

    NEW = "new"  # first appearance
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REVIVED = "revived"  # back after one or more years absent
    DROPPED = "dropped"  # absent this year, present the year before
    ABSENT = "absent"  # absent, and already absent (or not yet started)


@dataclass(frozen=True)
class ThreadYear:
    year: int
    status: ThreadStatus
    keys: tuple[str, ...] = ()  # the unit keys of that year's document in this thread

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "status": self.status.value, "keys": list(self.keys)}


@dataclass(frozen=True)
class Thread:
    """One initiative followed across the years of a series. ``id`` is stable for the same inputs."""

    id: str
    kind: str  # the UnitKind value of its units
    title: str  # headline of its latest appearance
    first_year: int
    last_year: int
    years: tuple[ThreadYear, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "years": [y.to_dict() for y in self.years],
        }


@dataclass(frozen=True)
class Timeline:
    """All years of a series, their consecutive comparisons' summaries, and the threads."""

    years: tuple[int, ...]
    threads: tuple[Thread, ...]
    summaries: Mapping[int, Mapping[str, int]]  # year B -> summary of (previous year, B)
    engine_version: str
    info: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine_version": self.engine_version,
            **dict(self.info),
            "years": list(self.years),
            "summaries": {str(y): dict(s) for y, s in sorted(self.summaries.items())},
            "threads": [t.to_dict() for t in self.threads],
        }
