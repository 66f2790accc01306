"""The document model: a plan parsed into ordered structural units.

A :class:`PlanDocument` is what the parser produces and what the engine compares. It is plain,
frozen data; ``to_dict``/``from_dict`` give the PlanDocument JSON of the public contract
(ARCHITECTURE.md section 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class UnitKind(StrEnum):
    """What a unit is in the document's hierarchy."""

    SECTION = "section"  # 一、   / English top heading
    TASK = "task"  # （一） (一)
    ITEM = "item"  # 1. 1、 １． （1）
    PARAGRAPH = "paragraph"  # a headline-sentence or plain paragraph


@dataclass(frozen=True)
class Unit:
    """One structural unit, in document order.

    ``text`` is the unit's own text (children excluded, lead-agency clause excluded);
    ``title`` is its headline sentence (may be empty); ``label`` the printed number without
    punctuation (``一``, ``3``) or empty; ``lead_units`` the lead agencies, primary first;
    ``support_units`` the supporting agencies (配合单位, "Supporting"), in printed order; ``due``
    the deadline as printed (完成时限, "Target Date"), empty when the plan gives none.
    """

    key: str
    parent: str | None
    level: int
    kind: UnitKind
    label: str
    title: str
    text: str
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    due: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "parent": self.parent,
            "level": self.level,
            "kind": self.kind.value,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "support_units": list(self.support_units),
            "due": self.due,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Unit:
        return cls(
            key=str(d["key"]),
            parent=None if d.get("parent") is None else str(d["parent"]),
            level=int(d["level"]),
            kind=UnitKind(d["kind"]),
            label=str(d.get("label", "")),
            title=str(d.get("title", "")),
            text=str(d.get("text", "")),
            lead_units=tuple(str(x) for x in d.get("lead_units", ())),
            support_units=tuple(str(x) for x in d.get("support_units", ())),
            due=str(d.get("due") or ""),
        )


@dataclass(frozen=True)
class PlanDocument:
    """A parsed plan: metadata plus units in document order."""

    title: str
    year: int | None
    language: str  # "zh" | "en"
    metadata: Mapping[str, str] = field(default_factory=dict)
    units: tuple[Unit, ...] = ()
    warnings: tuple[str, ...] = ()

    def unit(self, key: str) -> Unit:
        """Return the unit with ``key`` (KeyError if absent)."""
        for u in self.units:
            if u.key == key:
                return u
        raise KeyError(key)

    def by_key(self) -> dict[str, Unit]:
        return {u.key: u for u in self.units}

    def children(self, key: str | None) -> list[Unit]:
        return [u for u in self.units if u.parent == key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "year": self.year,
            "language": self.language,
            "metadata": dict(self.metadata),
            "units": [u.to_dict() for u in self.units],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PlanDocument:
        return cls(
            title=str(d.get("title", "")),
            year=None if d.get("year") is None else int(d["year"]),
            language=str(d.get("language", "zh")),
            metadata={str(k): str(v) for k, v in dict(d.get("metadata") or {}).items()},
            units=tuple(Unit.from_dict(u) for u in d.get("units", ())),
            warnings=tuple(str(w) for w in d.get("warnings", ())),
        )
