"""Task-level (container) splits and merges, found from where the containers' children went.

After the unit-by-unit alignment, a container (section or task) that the one-to-one assignment
left unmatched may still be a part of another container's match: a 2018 task split into two 2019
tasks leaves the second one unmatched, although its paragraphs plainly came from the 2018 task.
The evidence is the children's votes: the container on the other side that each child's
partners belong to.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

from comparison.candidates import Space, pair_cosines
from comparison.document import UnitKind
from comparison.features import FAMILY, UnitFeatures, child_indices, key_index

__all__ = [
    "CONTAINER_VOTES",
    "FAMILY",
    "LEAF_CHILD_FLOOR",
    "Group",
    "container_groups",
    "leaf_absorbs_children",
    "renamed_containers",
]
CONTAINER_VOTES = 2  # children a container must share with another to join its match
CONTAINER_SHARE = 1 / 3  # of all its linked children (national 2016 -> 2017: 2 of 5)


@dataclass(frozen=True)
class Group:
    """Aligned unit indices (into the feature lists) of A and B, in document order."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    decided: str | None = None  # "confirmed" | "linked": an analyst's group, never altered


def _container_sources(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    partner_of_many: dict[int, tuple[int, ...]],
    claimed_many: set[int],
) -> dict[int, int]:
    """Unclaimed containers of ``many`` -> the container of ``one`` most of their children's
    partners belong to (at least ``CONTAINER_VOTES`` children, and half of those linked).

    Each child votes once for every container its partners belong to, among the containers of
    the claimed one's family only: a task can join only a task's match, so its children linked to
    paragraphs right under a section do not vote. They still count against the winner, which
    must hold at least ``CONTAINER_SHARE`` of all the linked children: a task that gave eight
    paragraphs to a section's own paragraphs and two to another task is not that task's part.
    """
    key_one = key_index(one)
    kids = child_indices(many)
    out: dict[int, int] = {}
    for j in sorted(kids):
        if j in claimed_many or not many[j].n_children:
            continue
        votes: dict[int, int] = {}
        linked = 0  # children whose partners sit in a container of the claimed one's family
        anywhere = 0  # children whose partners sit in any container
        for c in kids[j]:
            parents = {
                key_one[parent]
                for i in partner_of_many.get(c, ())
                if (parent := one[i].parent) is not None and parent in key_one
            }
            anywhere += bool(parents)
            parents = {p for p in parents if FAMILY[one[p].kind] == FAMILY[many[j].kind]}
            linked += bool(parents)
            for p in parents:
                votes[p] = votes.get(p, 0) + 1
        if not votes:
            continue
        best = max(sorted(votes), key=lambda p: votes[p])
        n = votes[best]
        if (
            n >= CONTAINER_VOTES
            and 2 * n >= linked
            and CONTAINER_SHARE * anywhere <= n
            and FAMILY[one[best].kind] == FAMILY[many[j].kind]
        ):
            out[j] = best
    return out


def renamed_containers(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    groups: Sequence[Group],
    forbidden: Container[tuple[int, int]] = frozenset(),
    kinds: Container[UnitKind] | None = None,
) -> list[tuple[int, int]]:
    """Pairs of containers both left unmatched, each the other's source by its children's votes
    (:func:`_container_sources`), at least half of whose children each are linked to the
    other's children: the same container under a new headline (``Clean energy`` -> ``Renewable
    power``), not a long section a few closing formalities went to. Both must be of ``kinds``
    (all when None)."""
    partner_of_a, partner_of_b = _partners(groups)
    sources_of_b = _container_sources(fa, fb, partner_of_b, set(partner_of_b))  # b -> a
    sources_of_a = _container_sources(fb, fa, partner_of_a, set(partner_of_a))  # a -> b
    return _renamed(
        fa, fb, partner_of_a, partner_of_b, sources_of_b, sources_of_a, forbidden, kinds
    )


def _partners(
    groups: Sequence[Group],
) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """Each A unit's and each B unit's partners in ``groups``."""
    partner_of_a: dict[int, tuple[int, ...]] = {}
    partner_of_b: dict[int, tuple[int, ...]] = {}
    for g in groups:
        for i in g.a:
            partner_of_a[i] = g.b
        for j in g.b:
            partner_of_b[j] = g.a
    return partner_of_a, partner_of_b


def _renamed(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    partner_of_a: dict[int, tuple[int, ...]],
    partner_of_b: dict[int, tuple[int, ...]],
    sources_of_b: dict[int, int],
    sources_of_a: dict[int, int],
    forbidden: Container[tuple[int, int]],
    kinds: Container[UnitKind] | None,
) -> list[tuple[int, int]]:
    """:func:`renamed_containers` from the partners and the containers' sources already known."""
    kids_a, kids_b = child_indices(fa), child_indices(fb)
    out: list[tuple[int, int]] = []
    for j, i in sorted(sources_of_b.items()):
        if i in partner_of_a or sources_of_a.get(i) != j or (i, j) in forbidden:
            continue
        if kinds is not None and (fa[i].kind not in kinds or fb[j].kind not in kinds):
            continue
        own_a, own_b = kids_a.get(i, []), kids_b.get(j, [])
        if _half_linked(own_a, set(own_b), partner_of_a) and _half_linked(
            own_b, set(own_a), partner_of_b
        ):
            out.append((i, j))
    return out


def _half_linked(
    kids: Sequence[int], others: set[int], partner: dict[int, tuple[int, ...]]
) -> bool:
    """At least half of ``kids`` are linked to one of ``others`` (each side counts its own, so
    a child split over two of the other's children counts once, whichever document is A)."""
    return 2 * sum(1 for c in kids if others.intersection(partner.get(c, ()))) >= len(kids)


def container_groups(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    groups: list[Group],
    group_score: Callable[[tuple[int, ...], tuple[int, ...]], float],
    forbidden: Container[tuple[int, int]] = frozenset(),
    *,
    restructure: bool = True,
    kinds: Container[UnitKind] | None = None,
) -> list[Group]:
    """A container left unmatched whose children mostly came from (went to) one container on
    the other side joins that container's match as a split (merge) part; two containers both
    left so, each the other's source, are matched to each other (:func:`renamed_containers`).

    A part only joins a group that is one-to-one or already splits (merges) the same way, so
    groups stay 1:n or n:1; units already matched are never taken from their match. Both
    directions are computed before either is applied, so swapping A and B swaps the outcome; a
    group that gets parts on both sides becomes n:m (``restructure``; otherwise it gets neither).
    Analysts' groups (``decided``) get no parts, and no part joins a group holding a unit it is
    ``forbidden`` to share one with.
    """
    partner_of_a, partner_of_b = _partners(groups)
    group_of_a = {i: n for n, g in enumerate(groups) for i in g.a}
    group_of_b = {j: n for n, g in enumerate(groups) for j in g.b}
    split_parts = _container_sources(fa, fb, partner_of_b, set(partner_of_b))  # b -> a
    merge_parts = _container_sources(fb, fa, partner_of_a, set(partner_of_a))  # a -> b
    extra_b: dict[int, list[int]] = {}
    extra_a: dict[int, list[int]] = {}
    for j, i in split_parts.items():
        if i in group_of_a and len(groups[group_of_a[i]].a) == 1:
            g = groups[group_of_a[i]]
            if g.decided is None and not any((x, j) in forbidden for x in g.a):
                extra_b.setdefault(group_of_a[i], []).append(j)
    for i, j in merge_parts.items():
        if j in group_of_b and len(groups[group_of_b[j]].b) == 1:
            g = groups[group_of_b[j]]
            if g.decided is None and not any((i, y) in forbidden for y in g.b):
                extra_a.setdefault(group_of_b[j], []).append(i)
    out = list(groups)
    renamed = _renamed(
        fa, fb, partner_of_a, partner_of_b, split_parts, merge_parts, forbidden, kinds
    )
    for i, j in renamed:
        out.append(Group(a=(i,), b=(j,), score=group_score((i,), (j,))))
    for n in sorted(set(extra_a) | set(extra_b)):
        g = groups[n]
        ga = tuple(sorted([*g.a, *extra_a.get(n, [])]))
        gb = tuple(sorted([*g.b, *extra_b.get(n, [])]))
        # parts on both sides: an n:m (restructured) group, if allowed and no pair forbidden
        both = n in extra_a and n in extra_b
        if both and (not restructure or any((x, y) in forbidden for x in ga for y in gb)):
            continue
        out[n] = Group(a=ga, b=gb, score=group_score(ga, gb))
    out.sort(key=lambda g: (g.b[0], g.a[0]))
    return out


SUMMARY_TOKENS = 40  # content tokens a container needs of its own to hold the children


def _holds_own(f: UnitFeatures, other: UnitFeatures) -> bool:
    """Whether ``f``, matched to the container ``other``, can hold ``other``'s children: it has
    none, or its own text is a body (``SUMMARY_TOKENS`` content tokens, more than ``other``'s
    own text), not a heading over children. A headline is a dozen tokens; national 2023's last
    task, one paragraph with the report's closing paragraphs parsed under it, has 150."""
    if not f.n_children:
        return True
    return len(f.tokens) >= SUMMARY_TOKENS and len(f.tokens) > len(other.tokens)


LEAF_CHILD_FLOOR = 0.05  # cosine of a child with its container's one-unit successor
# (national 2022 -> 2023: the gold's children 0.07-0.14; children of 2005's review that do not
# continue 0.003-0.048)


def leaf_absorbs_children(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    groups: list[Group],
    space: Space,
    group_score: Callable[[tuple[int, ...], tuple[int, ...]], float],
    kinds: frozenset[UnitKind] | None = None,
    forbidden: Container[tuple[int, int]] = frozenset(),
) -> list[Group]:
    """A container matched alone to a childless unit of its family, or to one whose own text
    is a body (:func:`_holds_own`): its unmatched children join that match, and likewise the
    other way round.

    National 2023 prints each task as one paragraph; 2022's tasks have three to seven. A 2022
    task matched to its 2023 task left its paragraphs dropped, though the one paragraph is where
    they went: they have no other unit to continue in. A child joins when it shares anything
    with the successor (cosine of the two texts' n-grams at least ``LEAF_CHILD_FLOOR``), so a
    paragraph the successor does not mention stays dropped; when the successor has children,
    a child joins only when it is closer to the successor's own text than to each of them.
    Analysts' groups get no parts, and
    no part joins a unit it is ``forbidden`` to share a match with.
    """
    kids_a, kids_b = child_indices(fa), child_indices(fb)
    used_a = {i for g in groups for i in g.a}
    used_b = {j for g in groups for j in g.b}

    def free(kids: Sequence[int], feats: Sequence[UnitFeatures], used: set[int]) -> list[int]:
        return [c for c in kids if c not in used and (kinds is None or feats[c].kind in kinds)]

    out = list(groups)
    for n, g in enumerate(groups):
        if g.decided is not None or len(g.a) != 1 or len(g.b) != 1:
            continue
        x, y = g.a[0], g.b[0]
        if FAMILY[fa[x].kind] != FAMILY[fb[y].kind]:
            continue
        if fa[x].n_children and _holds_own(fb[y], fa[x]):
            pairs = [(c, y) for c in free(kids_a.get(x, []), fa, used_a) if (c, y) not in forbidden]
            rivals = [[(c, k) for k in kids_b.get(y, [])] for c, _ in pairs]
        elif fb[y].n_children and _holds_own(fa[x], fb[y]):
            pairs = [(x, c) for c in free(kids_b.get(y, []), fb, used_b) if (x, c) not in forbidden]
            rivals = [[(k, c) for k in kids_a.get(x, [])] for _, c in pairs]
        else:
            continue
        if not pairs:
            continue
        # each child against the successor and against each of the successor's children,
        # in one lookup
        flat = [*pairs, *(r for rs in rivals for r in rs)]
        cosines = pair_cosines(space.own_a, space.own_b, flat).tolist()
        best_rival: list[float] = []
        at = len(pairs)
        for rs in rivals:
            best_rival.append(max(cosines[at : at + len(rs)], default=-1.0))
            at += len(rs)
        join = [
            p
            for p, v, rival in zip(pairs, cosines, best_rival, strict=False)
            if v >= LEAF_CHILD_FLOOR and v > rival
        ]
        if join:
            ga = tuple(sorted({x, *(i for i, _ in join)}))
            gb = tuple(sorted({y, *(j for _, j in join)}))
            out[n] = Group(a=ga, b=gb, score=group_score(ga, gb))
    return out
