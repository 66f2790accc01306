"""Name each group: unchanged, changed, split, merged or restructured, and whether it moved.

Stage *classify* of the engine's line: groups in, :class:`Aligned` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from comparison.document import UnitKind
from comparison.features import UnitFeatures
from comparison.groups import Group
from comparison.result import MatchKind


@dataclass(frozen=True)
class Aligned:
    """A classified group."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    kind: MatchKind
    moved: bool
    score: float
    change_ratio: float
    decided: str | None = None


def classify(
    groups: Sequence[Group],
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    kinds: frozenset[UnitKind] | None = None,
) -> list[Aligned]:
    """Name each group: unchanged, changed, split, merged or restructured (n:m); whether it moved.

    ``moved``: the unit's parent is matched to something other than the matched unit's parent
    (or is unmatched), i.e. it changed section or task. Parents of kinds left out of the
    alignment (``kinds``) cannot tell, so such units are not called moved.
    """
    kind_a = {f.key: f.kind for f in fa}
    partner: dict[str, set[str]] = {}
    for g in groups:
        keys_b = {fb[j].key for j in g.b}
        for i in g.a:
            partner[fa[i].key] = keys_b
    out: list[Aligned] = []
    for g in groups:
        text_a = "\n".join(fa[i].norm for i in g.a)
        text_b = "\n".join(fb[j].norm for j in g.b)
        if len(g.a) > 1 and len(g.b) > 1:
            kind = MatchKind.RESTRUCTURED
        elif len(g.a) > 1:
            kind = MatchKind.MERGED
        elif len(g.b) > 1:
            kind = MatchKind.SPLIT
        elif text_a == text_b:
            kind = MatchKind.UNCHANGED
        else:
            kind = MatchKind.CHANGED
        ratio = 0.0 if text_a == text_b else 1.0 - float(fuzz.ratio(text_a, text_b)) / 100.0
        first_a, first_b = fa[g.a[0]], fb[g.b[0]]
        if first_a.parent is None and first_b.parent is None:
            moved = False
        elif first_a.parent is None or first_b.parent is None:
            moved = True
        elif kinds is not None and kind_a.get(first_a.parent) not in kinds:
            moved = False
        else:
            moved = first_b.parent not in partner.get(first_a.parent, set())
        out.append(
            Aligned(
                a=g.a,
                b=g.b,
                kind=kind,
                moved=moved,
                score=round(g.score, 4),
                change_ratio=round(ratio, 4),
                decided=g.decided,
            )
        )
    return out
