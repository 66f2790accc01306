"""Engine results: plain frozen data, serialised to the Comparison JSON of the public contract.

Rendering (HTML, exports, charts) never lives here; the faces in ``webapp`` read these objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from comparison.document import PlanDocument


class MatchKind(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    SPLIT = "split"  # one unit of A became several of B
    MERGED = "merged"  # several units of A became one of B


class RedlineOp(StrEnum):
    EQUAL = "="
    INSERT = "+"
    DELETE = "-"


@dataclass(frozen=True)
class LeadChange:
    """How a match's lead agencies changed; ``primary_a``/``primary_b`` are the first leads."""

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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LeadChange:
        return cls(
            added=tuple(str(x) for x in d.get("added", ())),
            removed=tuple(str(x) for x in d.get("removed", ())),
            primary_changed=bool(d.get("primary_changed", False)),
            primary_a=None if d.get("primary_a") is None else str(d["primary_a"]),
            primary_b=None if d.get("primary_b") is None else str(d["primary_b"]),
        )


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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Match:
        commitments = d.get("commitments") or {}
        return cls(
            a=tuple(str(k) for k in d["a"]),
            b=tuple(str(k) for k in d["b"]),
            kind=MatchKind(d["kind"]),
            moved=bool(d["moved"]),
            score=float(d["score"]),
            change_ratio=float(d.get("change_ratio", 0.0)),
            lead_units=LeadChange.from_dict(d.get("lead_units") or {}),
            redline=tuple((RedlineOp(op), str(text)) for op, text in d.get("redline", ())),
            commitments_added=tuple(str(x) for x in commitments.get("added", ())),
            commitments_removed=tuple(str(x) for x in commitments.get("removed", ())),
        )


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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Comparison:
        """Inverse of :meth:`to_dict` (``from_dict(c.to_dict()).to_dict() == c.to_dict()``).

        Keys of ``a``/``b`` that are not PlanDocument fields come back as ``info_a``/``info_b``.
        """
        doc_a, info_a = _split_doc(d["a"])
        doc_b, info_b = _split_doc(d["b"])
        return cls(
            doc_a=doc_a,
            doc_b=doc_b,
            matches=tuple(Match.from_dict(m) for m in d.get("matches", ())),
            new=tuple(str(k) for k in d.get("new", ())),
            dropped=tuple(str(k) for k in d.get("dropped", ())),
            engine_version=str(d.get("engine_version", "")),
            info_a=info_a,
            info_b=info_b,
        )

    def match_of_a(self) -> dict[str, Match]:
        """Each matched unit key of A -> its match."""
        return {k: m for m in self.matches for k in m.a}

    def match_of_b(self) -> dict[str, Match]:
        """Each matched unit key of B -> its match."""
        return {k: m for m in self.matches for k in m.b}


_DOC_FIELDS = ("title", "year", "language", "metadata", "units", "warnings")


def _split_doc(d: Mapping[str, Any]) -> tuple[PlanDocument, dict[str, Any]]:
    doc = PlanDocument.from_dict({k: d[k] for k in _DOC_FIELDS if k in d})
    info = {k: v for k, v in d.items() if k not in _DOC_FIELDS}
    return doc, info


class ThreadStatus(StrEnum):
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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ThreadYear:
        return cls(
            year=int(d["year"]),
            status=ThreadStatus(d["status"]),
            keys=tuple(str(k) for k in d.get("keys", ())),
        )


@dataclass(frozen=True)
class Thread:
    """One initiative followed across the years of a series; ``id`` is stable for given inputs."""

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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Thread:
        return cls(
            id=str(d["id"]),
            kind=str(d["kind"]),
            title=str(d.get("title", "")),
            first_year=int(d["first_year"]),
            last_year=int(d["last_year"]),
            years=tuple(ThreadYear.from_dict(y) for y in d.get("years", ())),
        )


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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Timeline:
        """Inverse of :meth:`to_dict`; keys other than the Timeline's own come back as ``info``."""
        own = {"engine_version", "years", "summaries", "threads"}
        return cls(
            years=tuple(int(y) for y in d.get("years", ())),
            threads=tuple(Thread.from_dict(t) for t in d.get("threads", ())),
            summaries={
                int(y): {str(k): int(v) for k, v in s.items()}
                for y, s in (d.get("summaries") or {}).items()
            },
            engine_version=str(d.get("engine_version", "")),
            info={k: v for k, v in d.items() if k not in own},
        )
