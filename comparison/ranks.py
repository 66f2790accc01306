"""Priority order: a section's or task's 1-based position among its siblings of the same kind.

Stage *classify* of the engine's line. Plans list their priorities in order (（一） first), so a
task that moves from （三） to （一） has been promoted; :func:`priority_moves` lists such changes
for a comparison, with the printed labels, for the pages and exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import Comparison
from comparison.retrospect import REVIEW, review_sides

RANKED_KINDS = frozenset({UnitKind.SECTION, UnitKind.TASK})


def sibling_ranks(units: Sequence[Unit]) -> dict[str, int]:
    """Key of every section and task -> its 1-based rank among the units of the same kind under
    the same parent, in document order.

    >>> from comparison.document import Unit
    >>> us = [Unit("s1", None, 1, UnitKind.SECTION, "一", "", ""),
    ...       Unit("t1", "s1", 2, UnitKind.TASK, "一", "", ""),
    ...       Unit("p1", "s1", 2, UnitKind.PARAGRAPH, "", "", ""),
    ...       Unit("t2", "s1", 2, UnitKind.TASK, "二", "", "")]
    >>> sibling_ranks(us)
    {'s1': 1, 't1': 1, 't2': 2}
    """
    seen: dict[tuple[str | None, UnitKind], int] = {}
    out: dict[str, int] = {}
    for u in units:
        if u.kind not in RANKED_KINDS:
            continue
        n = seen.get((u.parent, u.kind), 0) + 1
        seen[(u.parent, u.kind)] = n
        out[u.key] = n
    return out


@dataclass(frozen=True)
class PriorityMove:
    """A section or task whose rank among its siblings differs between the two years."""

    a: str
    b: str
    kind: str
    rank_a: int
    rank_b: int
    label_a: str
    label_b: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "rank_a": self.rank_a,
            "rank_b": self.rank_b,
            "label_a": self.label_a,
            "label_b": self.label_b,
        }


def _label(doc: PlanDocument, key: str) -> str:
    try:
        return doc.unit(key).label
    except KeyError:
        return ""


PRIORITY_KINDS = frozenset({UnitKind.SECTION, UnitKind.TASK})  # the kinds of a plan's priorities


def priorities(doc: PlanDocument) -> frozenset[str]:
    """Keys of a plan's priorities: its sections and tasks, outside a review of past work (a
    review lists what was done; :func:`comparison.retrospect.review_sides`)."""
    past = review_sides(doc)
    return frozenset(
        u.key for u in doc.units if u.kind in PRIORITY_KINDS and past.get(u.key) != REVIEW
    )


def priority_moves(c: Comparison) -> list[PriorityMove]:
    """Matched sections and tasks whose rank changed ("moved from （三） to （一）"), B order.

    A match's rank is that of its first unit on each side (``Match.rank_a``/``rank_b``). The
    labels are the printed numbers (``三``, ``一``), empty when the plan prints none. Only
    :func:`priorities` move: a review's tasks are none.
    """
    prio_a, prio_b = priorities(c.doc_a), priorities(c.doc_b)
    out: list[PriorityMove] = []
    for m in c.matches:
        if m.rank_a is None or m.rank_b is None or m.rank_a == m.rank_b:
            continue
        if m.a[0] not in prio_a or m.b[0] not in prio_b:
            continue
        ua = c.doc_a.unit(m.a[0])
        out.append(
            PriorityMove(
                a=m.a[0],
                b=m.b[0],
                kind=ua.kind.value,
                rank_a=m.rank_a,
                rank_b=m.rank_b,
                label_a=_label(c.doc_a, m.a[0]),
                label_b=_label(c.doc_b, m.b[0]),
            )
        )
    order = {u.key: n for n, u in enumerate(c.doc_b.units)}
    out.sort(key=lambda p: order.get(p.b, 0))
    return out
