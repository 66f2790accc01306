"""n:m (restructured) container groups from crossing children: two tasks that trade content.

After the containers are matched one to one (and split or merged where a container was left
over, :mod:`comparison.groups`), a reorganisation can still hide behind two plain matches: 2018's
supply-side task (A1) continues mainly in 2019's business-climate task (B2) but also hands its
new-growth-drivers paragraphs to 2019's innovation task (B3), which is the match of 2018's
innovation task (A2). A1 is then contained in B2 ∪ B3 while B3 also absorbs A2: the group is
{A1, A2} → {B2, B3}. No pair of those four containers alone tells the story.

The evidence is where the containers' children went, weighed by text on both sides: the share of
A1's children text whose partners lie in B3 and the share of B3's children text whose partners
lie in A1. One of the two containers must be *dissolved* — no single container on the other side
holds ``DISSOLVED`` of what continues of it (its linked children text: content dropped or added
dissolves nothing) and whose headline does not live on in a counterpart of its group (``KEPT``
of its character trigrams), as when A1's heading disappears and its paragraphs go to two tasks —
and its share in the crossing must be at least ``CROSS_SHARE``, the other's at least
``CROSS_FLOOR``. A task that keeps most of itself and hands one paragraph to another stays a
plain match: that move is a paragraph-level link. The rule is symmetric in A and B, keyed to no
issuer or language, and a joined group must stay inside linked top-level sections, leave
analysts' groups untouched and join no forbidden pair.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from math import sqrt

from comparison.features import FAMILY, UnitFeatures, child_indices, key_index
from comparison.groups import Group

__all__ = ["CROSS_FLOOR", "CROSS_SHARE", "DISSOLVED", "KEPT", "crossing_groups"]

CROSS_SHARE = 0.2  # share of the dissolved container's children text in the crossing
CROSS_FLOOR = 0.1  # share of the other container's children text in the crossing
DISSOLVED = 0.5  # a container none of whose counterparts holds this share of it is dissolved
KEPT = 0.5  # ... unless this share of its headline's trigrams is in a counterpart's headline


def _text_len(f: UnitFeatures) -> int:
    return len(f.norm)


@dataclass(frozen=True)
class _Flow:
    """Children text one container gives another: shares of each side's children text, and of
    each side's *linked* children text (what continues of it at all)."""

    out_share: float  # of A's children text, the part whose partners lie in B's children
    in_share: float  # of B's children text, the part whose partners lie in A's children
    out_of_linked: float
    in_of_linked: float


def _flows(
    fa: Sequence[UnitFeatures], fb: Sequence[UnitFeatures], groups: Sequence[Group]
) -> dict[tuple[int, int], _Flow]:
    """(container of A, container of B) -> their :class:`_Flow`, where it is not empty."""
    partners_a: dict[int, set[int]] = {}
    partners_b: dict[int, set[int]] = {}
    for g in groups:
        for i in g.a:
            partners_a.setdefault(i, set()).update(g.b)
        for j in g.b:
            partners_b.setdefault(j, set()).update(g.a)
    out_len, total_a, linked_a = _given(fa, fb, partners_a)
    in_swapped, total_b, linked_b = _given(fb, fa, partners_b)
    flows: dict[tuple[int, int], _Flow] = {}
    for x, y in sorted(set(out_len) & {(x, y) for y, x in in_swapped}):
        given, taken = out_len[(x, y)], in_swapped[(y, x)]
        flows[(x, y)] = _Flow(
            given / total_a[x], taken / total_b[y], given / linked_a[x], taken / linked_b[y]
        )
    return flows


def _given(
    one: Sequence[UnitFeatures], other: Sequence[UnitFeatures], partners: dict[int, set[int]]
) -> tuple[dict[tuple[int, int], int], dict[int, int], dict[int, int]]:
    """Children text of each container of ``one`` whose partners are children of a container of
    ``other`` (keyed (container of one, container of other)); each container's children text in
    all, and its linked children text."""
    index_other = key_index(other)
    given: dict[tuple[int, int], int] = {}
    total: dict[int, int] = {}
    linked: dict[int, int] = {}
    for x, kids in child_indices(one).items():
        for c in kids:
            n = len(one[c].norm)
            total[x] = total.get(x, 0) + n
            targets = {
                index_other[p]
                for d in partners.get(c, ())
                if (p := other[d].parent) is not None and p in index_other
            }
            if partners.get(c):
                linked[x] = linked.get(x, 0) + n
            for y in targets:
                given[(x, y)] = given.get((x, y), 0) + n
    return given, total, linked


def _grams(text: str) -> frozenset[str]:
    return frozenset(text[k : k + 3] for k in range(len(text) - 2))


def _kept(one: UnitFeatures, others: Sequence[UnitFeatures]) -> bool:
    """Whether ``one``'s headline (its own text when it has none) lives on in one of
    ``others``': the same, or ``KEPT`` of its character trigrams in theirs."""
    mine = one.title or one.norm
    grams = _grams(mine)
    for o in others:
        theirs = o.title or o.norm
        if mine == theirs or (grams and len(grams & _grams(theirs)) >= KEPT * len(grams)):
            return True
    return False


def _section_links(
    fa: Sequence[UnitFeatures], fb: Sequence[UnitFeatures], groups: Sequence[Group]
) -> Callable[[int, int], bool]:
    """``(i, j) -> bool``: ``fa[i]`` and ``fb[j]`` lie in top-level sections some group links
    (or one of them lies outside any section), as for weak pairs (``splitmerge._apart``)."""
    index_a, index_b = key_index(fa), key_index(fb)

    def top(feats: Sequence[UnitFeatures], index: dict[str, int], k: int) -> int | None:
        anc = feats[k].ancestors
        return index.get(anc[-1]) if anc else None

    links = {(i, j) for g in groups for i in g.a for j in g.b}

    def linked(i: int, j: int) -> bool:
        ta, tb = top(fa, index_a, i), top(fb, index_b, j)
        return ta is None or tb is None or (ta, tb) in links

    return linked


def crossing_groups(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    groups: list[Group],
    group_score: Callable[[tuple[int, ...], tuple[int, ...]], float],
    forbidden: Container[tuple[int, int]] = frozenset(),
) -> list[Group]:
    """Join two container groups into one n:m group where a container of one group and a
    container of the other exchanged a substantial part of their children (module docstring).

    Every pair of a joined group must lie in top-level sections that ``groups`` link to each
    other (units outside any section are never kept apart).
    """
    linked_sections = _section_links(fa, fb, groups)
    group_of_a: dict[int, int] = {}
    group_of_b: dict[int, int] = {}
    for n, g in enumerate(groups):
        for i in g.a:
            group_of_a[i] = n
        for j in g.b:
            group_of_b[j] = n
    flows = _flows(fa, fb, groups)
    # container -> the largest share of what continues of it that one counterpart holds
    held_a: dict[int, float] = {}
    held_b: dict[int, float] = {}
    for (x, y), f in flows.items():
        held_a[x] = max(held_a.get(x, 0.0), f.out_of_linked)
        held_b[y] = max(held_b.get(y, 0.0), f.in_of_linked)
    crossings: list[tuple[float, int, int]] = []
    for (x, y), f in flows.items():
        out_share, in_share = f.out_share, f.in_share
        if x not in group_of_a or y not in group_of_b:
            continue
        gx, gy = group_of_a[x], group_of_b[y]
        if gx == gy or FAMILY[fa[x].kind] != FAMILY[fb[y].kind]:
            continue
        if groups[gx].decided is not None or groups[gy].decided is not None:
            continue
        # x dissolved and giving a good part of itself to y, or y assembled and taking a good
        # part of itself from x
        by_x = held_a[x] < DISSOLVED and out_share >= CROSS_SHARE and in_share >= CROSS_FLOOR
        by_y = held_b[y] < DISSOLVED and in_share >= CROSS_SHARE and out_share >= CROSS_FLOOR
        by_x = by_x and not _kept(fa[x], [fb[j] for j in groups[gx].b if fb[j].n_children])
        by_y = by_y and not _kept(fb[y], [fa[i] for i in groups[gy].a if fa[i].n_children])
        if by_x or by_y:
            crossings.append((sqrt(out_share * in_share), gx, gy))
    if not crossings:
        return groups

    # strongest crossings first; a group joins at most one other, so groups grow in pairs and
    # the outcome does not depend on the order of equally strong crossings elsewhere
    def keys(c: tuple[float, int, int]) -> tuple[str, ...]:
        # the same under swapping A and B: both groups' unit keys, sorted
        return tuple(
            sorted(
                [fa[i].key for n in c[1:] for i in groups[n].a]
                + [fb[j].key for n in c[1:] for j in groups[n].b]
            )
        )

    crossings.sort(key=lambda c: (-c[0], keys(c)))
    joined: set[int] = set()
    out = list(groups)
    drop: set[int] = set()
    for _, gx, gy in crossings:
        if gx in joined or gy in joined:
            continue
        ga = tuple(sorted({*groups[gx].a, *groups[gy].a}))
        gb = tuple(sorted({*groups[gx].b, *groups[gy].b}))
        if any((i, j) in forbidden or not linked_sections(i, j) for i in ga for j in gb):
            continue
        joined.update((gx, gy))
        out[gx] = Group(a=ga, b=gb, score=group_score(ga, gb))
        drop.add(gy)
    result = [g for n, g in enumerate(out) if n not in drop]
    result.sort(key=lambda g: (g.b[0], g.a[0]))
    return result
