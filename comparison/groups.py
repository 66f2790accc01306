"""Task-level (container) splits and merges, found from where the containers' children went.

After the unit-by-unit alignment, a container (section or task) that the one-to-one assignment
left unmatched may still be a part of another container's match: a 2018 task split into two 2019
tasks leaves the second one unmatched, although its paragraphs plainly came from the 2018 task.
The evidence is the *child flow*: the text mass (characters) of a container's children, by the
container on the other side that their partners belong to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from comparison.document import UnitKind
from comparison.features import UnitFeatures

FAMILY = {  # kind families aligned with each other
    UnitKind.SECTION: "S",
    UnitKind.TASK: "T",
    UnitKind.ITEM: "L",
    UnitKind.PARAGRAPH: "L",
}
MIN_LINKED_CHILDREN = 2  # children of an unclaimed container that must have a partner at all
FLOW_MAJORITY = 0.5  # share of the linked children's mass that must come from the one container
FLOW_SHARE = 0.25  # ... and of all its children's mass (a mostly new container stays new)


@dataclass(frozen=True)
class Group:
    """Aligned unit indices (into the feature lists) of A and B, in document order."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float


def _children(feats: Sequence[UnitFeatures]) -> dict[int, list[int]]:
    index = {f.key: i for i, f in enumerate(feats)}
    kids: dict[int, list[int]] = {}
    for i, f in enumerate(feats):
        if f.parent is not None and f.parent in index:
            kids.setdefault(index[f.parent], []).append(i)
    return kids


def _mass(f: UnitFeatures) -> float:
    return float(max(1, len(f.norm)))


def child_flow(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    partner_of_many: dict[int, tuple[int, ...]],
    j: int,
    kids_many: dict[int, list[int]],
) -> tuple[dict[int, float], float, int]:
    """Where container ``j`` of ``many`` got its children from.

    Returns (container of ``one`` -> mass of ``j``'s children linked into it, the mass of all
    ``j``'s children, how many of them are linked at all). A child linked to several units
    spreads its mass evenly over their parents.
    """
    key_one = {f.key: i for i, f in enumerate(one)}
    flow: dict[int, float] = {}
    total = 0.0
    linked = 0
    for c in kids_many.get(j, []):
        mass = _mass(many[c])
        total += mass
        parents = [
            key_one[parent]
            for i in partner_of_many.get(c, ())
            if (parent := one[i].parent) is not None and parent in key_one
        ]
        if not parents:
            continue
        linked += 1
        for p in parents:
            flow[p] = flow.get(p, 0.0) + mass / len(parents)
    return flow, total, linked


def _container_sources(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    partner_of_many: dict[int, tuple[int, ...]],
    claimed_many: set[int],
) -> dict[int, int]:
    """Unclaimed containers of ``many`` -> the container of ``one`` that their children came
    from: at least ``MIN_LINKED_CHILDREN`` linked children, and the one container supplies
    ``FLOW_MAJORITY`` of the linked mass and ``FLOW_SHARE`` of all of it."""
    kids = _children(many)
    out: dict[int, int] = {}
    for j in sorted(kids):
        if j in claimed_many or not many[j].n_children:
            continue
        flow, total, linked = child_flow(one, many, partner_of_many, j, kids)
        if not flow or linked < MIN_LINKED_CHILDREN:
            continue
        best = max(sorted(flow), key=lambda p: flow[p])
        linked_mass = sum(flow.values())
        if (
            flow[best] >= FLOW_MAJORITY * linked_mass
            and flow[best] >= FLOW_SHARE * total
            and FAMILY[one[best].kind] == FAMILY[many[j].kind]
        ):
            out[j] = best
    return out


def container_groups(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    groups: list[Group],
    group_score: Callable[[tuple[int, ...], tuple[int, ...]], float],
) -> list[Group]:
    """A container left unmatched whose children mostly came from (went to) one container on
    the other side joins that container's match as a split (merge) part.

    A part only joins a group that is one-to-one or already splits (merges) the same way, so
    groups stay 1:n or n:1; units already matched are never taken from their match. Both
    directions are computed before either is applied; a group that would get parts on both
    sides gets neither, so swapping A and B swaps the outcome.
    """
    partner_of_a: dict[int, tuple[int, ...]] = {}
    partner_of_b: dict[int, tuple[int, ...]] = {}
    group_of_a: dict[int, int] = {}
    group_of_b: dict[int, int] = {}
    for n, g in enumerate(groups):
        for i in g.a:
            partner_of_a[i] = g.b
            group_of_a[i] = n
        for j in g.b:
            partner_of_b[j] = g.a
            group_of_b[j] = n
    split_parts = _container_sources(fa, fb, partner_of_b, set(partner_of_b))  # b -> a
    merge_parts = _container_sources(fb, fa, partner_of_a, set(partner_of_a))  # a -> b
    extra_b: dict[int, list[int]] = {}
    extra_a: dict[int, list[int]] = {}
    for j, i in split_parts.items():
        if i in group_of_a and len(groups[group_of_a[i]].a) == 1:
            extra_b.setdefault(group_of_a[i], []).append(j)
    for i, j in merge_parts.items():
        if j in group_of_b and len(groups[group_of_b[j]].b) == 1:
            extra_a.setdefault(group_of_b[j], []).append(i)
    out = list(groups)
    for n in sorted(set(extra_a) | set(extra_b)):
        if n in extra_a and n in extra_b:
            continue
        g = groups[n]
        ga = tuple(sorted([*g.a, *extra_a.get(n, [])]))
        gb = tuple(sorted([*g.b, *extra_b.get(n, [])]))
        out[n] = Group(a=ga, b=gb, score=group_score(ga, gb))
    out.sort(key=lambda g: (g.b[0], g.a[0]))
    return out
