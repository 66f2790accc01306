"""Cross-kind alignment of the leftovers: units both passes left unmatched, across adjacent kinds.

Numbering styles drift between years: a 2018 task with four paragraphs can be a 2019 section with
five tasks, the same initiatives one level up. The same-kind alignment (:func:`comparison.align.
align`) leaves such units dropped and new. This pass takes those leftovers only, finds candidates
between *adjacent* kinds (section↔task, task↔item, task↔paragraph, item↔paragraph) with the same
n-gram index, scores them with the same blend (without the kind penalty: here they compete only
with other leftovers) and assigns them optimally with a cutoff stricter than the same-kind one.

A container pair matched this way gives its leftover children *parent context*: they become
candidates of each other whatever their kinds (same kind included) and get the context bonus,
while the children's links vote for their containers, over a few rounds. Context from the
same-kind alignment is deliberately not used: two review sections matched to each other describe
different years, and their leftover paragraphs must not be paired on that ground alone.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence

from comparison.assignment import WEAK_MARGIN, assign, edges
from comparison.candidates import Space, pair_cosines, top_k_pairs
from comparison.document import UnitKind
from comparison.features import UnitFeatures, child_indices, key_index
from comparison.groups import Group
from comparison.options import AlignParams
from comparison.scores import CONTEXT_BONUS, base_score, child_votes, group_score, linked_to

_S, _T, _I, _P = UnitKind.SECTION, UnitKind.TASK, UnitKind.ITEM, UnitKind.PARAGRAPH
ADJACENT_KINDS: tuple[tuple[UnitKind, UnitKind], ...] = (
    (_S, _T),
    (_T, _S),
    (_T, _I),
    (_I, _T),
    (_T, _P),
    (_P, _T),
    (_I, _P),
    (_P, _I),
)
CROSS_KIND_CUTOFF = 0.18  # at least the same-kind cutoff (see cross_kind_groups)
ROUNDS = 3


def _kids_among(kids: dict[int, list[int]], among: set[int]) -> dict[int, list[int]]:
    """Parent index -> its children's indices that are in ``among`` (parents with none left out)."""
    out = {p: [c for c in cs if c in among] for p, cs in kids.items()}
    return {p: cs for p, cs in out.items() if cs}


def cross_kind_groups(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    groups: Sequence[Group],
    space: Space,
    params: AlignParams,
    kinds: frozenset[UnitKind] | None,
    forbidden: Container[tuple[int, int]] = frozenset(),
) -> list[Group]:
    """``groups`` plus groups of leftovers aligned across adjacent kinds.

    Units already in a group are never touched. Pairs must reach ``max(params.score_cutoff,
    CROSS_KIND_CUTOFF)``; only split and merge parts (:func:`_parts`) may score lower, down to the
    weak floor. Groups are 1:1, 1:n or n:1, never n:m. Symmetric in A and B. No pair of
    ``forbidden`` is ever scored, so none can end up in a group.
    """
    used_a = {i for g in groups for i in g.a}
    used_b = {j for g in groups for j in g.b}
    left_a = {i for i, f in enumerate(fa) if i not in used_a and (kinds is None or f.kind in kinds)}
    left_b = {j for j, f in enumerate(fb) if j not in used_b and (kinds is None or f.kind in kinds)}
    if not left_a or not left_b:
        return list(groups)
    k = params.top_k
    found: set[tuple[int, int]] = set()
    for kind_a, kind_b in ADJACENT_KINDS:
        ia = sorted(i for i in left_a if fa[i].kind == kind_a)
        ib = sorted(j for j in left_b if fb[j].kind == kind_b)
        if not ia or not ib:
            continue
        found.update((ia[x], ib[y]) for x, y in top_k_pairs(space.own_a[ia], space.own_b[ib], k=k))
        ca = [i for i in ia if fa[i].n_children]
        cb = [j for j in ib if fb[j].n_children]
        if ca and cb:
            pairs = top_k_pairs(space.prof_a[ca], space.prof_b[cb], k=k)
            found.update((ca[x], cb[y]) for x, y in pairs)
    all_kids_a, all_kids_b = child_indices(fa), child_indices(fb)
    kids_a, kids_b = _kids_among(all_kids_a, left_a), _kids_among(all_kids_b, left_b)
    prior: set[tuple[int, int]] = {(i, j) for g in groups for i in g.a for j in g.b}
    index_a, index_b = key_index(fa), key_index(fb)
    parent_a = [index_a.get(f.parent) if f.parent is not None else None for f in fa]
    parent_b = [index_b.get(f.parent) if f.parent is not None else None for f in fb]
    cutoff = max(params.score_cutoff, CROSS_KIND_CUTOFF)
    base: dict[tuple[int, int], float] = {}
    m: dict[int, int] = {}
    for _ in range(ROUNDS):
        # parent context: leftover children of container pairs linked in the previous round
        for ca_, cb_ in sorted(m.items()):
            ia, ib = kids_a.get(ca_, []), kids_b.get(cb_, [])
            if ia and ib:
                pairs = top_k_pairs(space.own_a[ia], space.own_b[ib], k=k)
                found.update((ia[x], ib[y]) for x, y in pairs)
        _score_new(
            fa, fb, space, {p for p in found if p not in forbidden} if forbidden else found, base
        )
        linked = linked_to(prior | set(m.items()))
        ordered = sorted(base)
        scores: list[float] = []
        for i, j in ordered:
            s = base[(i, j)]
            par_a, par_b = parent_a[i], parent_b[j]
            if par_a is not None and par_b is not None and m.get(par_a) == par_b:
                s += CONTEXT_BONUS
            s += child_votes(all_kids_a.get(i), all_kids_b.get(j), linked)
            scores.append(min(1.0, s))
        m = assign(len(fa), len(fb), edges(fa, fb, ordered, scores), cutoff)
        score_of = dict(zip(ordered, scores, strict=True))
    if not m:
        return list(groups)
    floor = min(params.weak_floor, params.score_cutoff)
    inv = {j: i for i, j in m.items()}
    splits = _parts(score_of, m, fb, floor, lambda i, js: group_score(fa, fb, space, (i,), js))
    flipped = {(j, i): s for (i, j), s in score_of.items()}
    merges = _parts(flipped, inv, fa, floor, lambda j, is_: group_score(fa, fb, space, is_, (j,)))
    # a pair with parts on both sides becomes n:m (restructured) when allowed and no pair of
    # the group is forbidden; otherwise it gets neither
    both = {
        i
        for i in splits
        if m[i] in merges
        and (
            not params.restructure
            or any((x, y) in forbidden for x in merges[m[i]] for y in splits[i])
        )
    }
    new_groups: list[Group] = []
    for i, j in sorted(m.items()):
        ga = (i,) if i in both else tuple(sorted([i, *merges.get(j, [])]))
        gb = (j,) if i in both else tuple(sorted([j, *splits.get(i, [])]))
        score = score_of[(i, j)]
        if len(ga) > 1 or len(gb) > 1:
            # a container's own text is its heading: the pair's evidence is the floor
            score = max(score, group_score(fa, fb, space, ga, gb))
        new_groups.append(Group(a=ga, b=gb, score=score))
    out = [*groups, *new_groups]
    out.sort(key=lambda g: (g.b[0], g.a[0]))
    return out


def _parts(
    score_of: dict[tuple[int, int], float],
    m: dict[int, int],
    many: Sequence[UnitFeatures],
    floor: float,
    group_score: Callable[[int, tuple[int, ...]], float],
) -> dict[int, list[int]]:
    """Split parts: units of the many side this pass left unmatched whose clear best candidate
    (``WEAK_MARGIN`` ahead of their runner-up, at least ``floor``) is a unit ``i`` it matched,
    when they sit next to ``i``'s partner (same parent) and adding them makes the group describe
    ``i`` better than its partner alone did.

    ``score_of`` maps (one index, many index) to the pair's score; ``m`` one -> many partner.
    Unit ``i`` -> its extra parts, in order; the caller swaps sides for merges.
    """
    matched = set(m.values())
    ranked: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in score_of.items():
        if j not in matched:
            ranked.setdefault(j, []).append((s, i))
    out: dict[int, list[int]] = {}
    for j in sorted(ranked):
        cands = sorted(ranked[j], key=lambda x: (-x[0], x[1]))
        s, i = cands[0]
        runner_up = cands[1][0] if len(cands) > 1 else 0.0
        if i not in m or s < floor or s < WEAK_MARGIN * runner_up:
            continue
        if many[j].parent != many[m[i]].parent:
            continue
        if group_score(i, tuple(sorted([m[i], j]))) > group_score(i, (m[i],)):
            out.setdefault(i, []).append(j)
    return out


def _score_new(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    space: Space,
    found: set[tuple[int, int]],
    base: dict[tuple[int, int], float],
) -> None:
    """Base scores (no kind penalty) of the pairs of ``found`` not yet in ``base``, in place."""
    fresh = sorted(p for p in found if p not in base)
    if not fresh:
        return
    own = pair_cosines(space.own_a, space.own_b, fresh).tolist()
    # a container against a leaf: the leaf's text against all the container holds
    holder_a = [p for p in fresh if fa[p[0]].n_children and not fb[p[1]].n_children]
    holder_b = [p for p in fresh if fb[p[1]].n_children and not fa[p[0]].n_children]
    prof = dict(
        zip(holder_a, pair_cosines(space.prof_a, space.own_b, holder_a).tolist(), strict=True)
    )
    prof.update(
        zip(holder_b, pair_cosines(space.own_a, space.prof_b, holder_b).tolist(), strict=True)
    )
    containers = [p for p in fresh if fa[p[0]].n_children and fb[p[1]].n_children]
    prof.update(
        zip(
            containers,
            pair_cosines(space.prof_a, space.prof_b, containers).tolist(),
            strict=True,
        )
    )
    for p, c in zip(fresh, own, strict=True):
        i, j = p
        base[p] = base_score(
            fa[i], fb[j], c, prof.get(p, 0.0), kind_penalty=False, profile=p in prof
        )
