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
    RESTRUCTURED = "restructured"  # several units of A became several of B (n:m)


class Grade(StrEnum):
    """What a match's change means to a reader (the ``grade`` of the Comparison JSON)."""

    IDENTICAL = "identical"  # same normalised text
    DATES_ONLY = "dates_only"  # only rolled-over years, dates and relative-time words differ
    MINOR = "minor"  # small wording edits
    SUBSTANTIVE = "substantive"  # real changes of content
    REWRITTEN = "rewritten"  # the link rests on place and context; the wording shares little


class Confidence(StrEnum):
    """How sure the engine is of a match (``confidence``); below the floor it is ``low``."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Decided(StrEnum):
    """A match made or kept by an analyst's decision (``decided``)."""

    CONFIRMED = "confirmed"
    LINKED = "linked"


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
    support_added: tuple[str, ...] = ()  # supporting agencies (配合单位) only in B
    support_removed: tuple[str, ...] = ()  # supporting agencies only in A
    promoted: tuple[str, ...] = ()  # supporting in A, lead in B
    demoted: tuple[str, ...] = ()  # lead in A, supporting in B

    @property
    def changed(self) -> bool:
        """Any agency change: a lead added or removed, the primary lead, a supporting agency
        (promotions and demotions are leads added or removed)."""
        return bool(
            self.added
            or self.removed
            or self.primary_changed
            or self.support_added
            or self.support_removed
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "primary_changed": self.primary_changed,
            "primary_a": self.primary_a,
            "primary_b": self.primary_b,
            "support_added": list(self.support_added),
            "support_removed": list(self.support_removed),
            "promoted": list(self.promoted),
            "demoted": list(self.demoted),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LeadChange:
        return cls(
            added=tuple(str(x) for x in d.get("added", ())),
            removed=tuple(str(x) for x in d.get("removed", ())),
            primary_changed=bool(d.get("primary_changed", False)),
            primary_a=None if d.get("primary_a") is None else str(d["primary_a"]),
            primary_b=None if d.get("primary_b") is None else str(d["primary_b"]),
            support_added=tuple(str(x) for x in d.get("support_added", ())),
            support_removed=tuple(str(x) for x in d.get("support_removed", ())),
            promoted=tuple(str(x) for x in d.get("promoted", ())),
            demoted=tuple(str(x) for x in d.get("demoted", ())),
        )


@dataclass(frozen=True)
class Match:
    """Units of A aligned with units of B.

    ``redline`` is a word-level diff of the matched text: the ``=`` and ``-`` parts concatenated
    give A's text, the ``=`` and ``+`` parts give B's. ``change_ratio`` is 0 for identical text and
    1 for nothing in common. ``commitments_added``/``removed`` are whole sentences present on one
    side only.

    Additive fields (issue 8-10): ``grade`` and ``confidence`` say what the change means and how
    sure the engine is; ``boilerplate`` marks formulaic units (greetings, transmittal notices);
    ``rank_a``/``rank_b`` are the 1-based positions among siblings of the same kind (sections and
    tasks only, else None); ``decided`` is set when an analyst's decision made or kept the match;
    ``targets_changed`` lists the quantitative targets that differ
    (``{"indicator", "name", "a", "b"}``).
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
    grade: Grade = Grade.SUBSTANTIVE
    confidence: Confidence = Confidence.MEDIUM
    boilerplate: bool = False
    rank_a: int | None = None
    rank_b: int | None = None
    decided: Decided | None = None
    targets_changed: tuple[Mapping[str, Any], ...] = ()

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
            "grade": self.grade.value,
            "confidence": self.confidence.value,
            "boilerplate": self.boilerplate,
            "rank_a": self.rank_a,
            "rank_b": self.rank_b,
            "decided": None if self.decided is None else self.decided.value,
            "targets_changed": [dict(t) for t in self.targets_changed],
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
            grade=Grade(d.get("grade") or Grade.SUBSTANTIVE.value),
            confidence=Confidence(d.get("confidence") or Confidence.MEDIUM.value),
            boilerplate=bool(d.get("boilerplate", False)),
            rank_a=None if d.get("rank_a") is None else int(d["rank_a"]),
            rank_b=None if d.get("rank_b") is None else int(d["rank_b"]),
            decided=None if not d.get("decided") else Decided(d["decided"]),
            targets_changed=tuple(dict(t) for t in d.get("targets_changed", ())),
        )


# The summary of a comparison, defined once (issue 8): each non-boilerplate match counted under
# exactly one kind, ``moved`` a flag counted beside it; unmatched boilerplate units are left out of
# ``new``/``dropped``. ``restructured`` (n:m groups) is additive to the contract's seven keys.
SUMMARY_KEYS = ("unchanged", "changed", "moved", "split", "merged", "new", "dropped")
SUMMARY_KINDS = ("unchanged", "changed", "split", "merged", "restructured")


@dataclass(frozen=True)
class Comparison:
    """The comparison of two plan documents.

    Every unit of ``doc_a`` is in exactly one match or in ``dropped``; every unit of ``doc_b`` in
    exactly one match or in ``new``. ``info_a``/``info_b`` carry provenance added by the caller
    (series, version, sha256, ...) and are merged into the JSON's ``a``/``b`` objects.
    ``boilerplate_a``/``boilerplate_b`` are the unmatched formulaic units: they stay in
    ``dropped``/``new`` as the contract requires and are left out of the summary.
    """

    doc_a: PlanDocument
    doc_b: PlanDocument
    matches: tuple[Match, ...]
    new: tuple[str, ...]
    dropped: tuple[str, ...]
    engine_version: str
    info_a: Mapping[str, Any] = field(default_factory=dict)
    info_b: Mapping[str, Any] = field(default_factory=dict)
    boilerplate_a: tuple[str, ...] = ()
    boilerplate_b: tuple[str, ...] = ()

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(SUMMARY_KEYS, 0)
        counts["restructured"] = 0
        for m in self.matches:
            if m.boilerplate:
                continue
            counts[m.kind.value] += 1
            if m.moved:
                counts["moved"] += 1
        skip_a, skip_b = set(self.boilerplate_a), set(self.boilerplate_b)
        counts["new"] = sum(1 for k in self.new if k not in skip_b)
        counts["dropped"] = sum(1 for k in self.dropped if k not in skip_a)
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
            "boilerplate": {"a": list(self.boilerplate_a), "b": list(self.boilerplate_b)},
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
            boilerplate_a=tuple(str(k) for k in (d.get("boilerplate") or {}).get("a", ())),
            boilerplate_b=tuple(str(k) for k in (d.get("boilerplate") or {}).get("b", ())),
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
    boilerplate: bool = False  # a formula (greeting, opening, closing), not an initiative

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "years": [y.to_dict() for y in self.years],
            "boilerplate": self.boilerplate,
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
            boilerplate=bool(d.get("boilerplate", False)),
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
