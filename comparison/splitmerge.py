"""From a one-to-one assignment to groups: weak mutual-best pairs, splits (1:n) and merges (n:1).

Stage *groups* of the engine's line (with :mod:`comparison.groups` and
:mod:`comparison.crosskind`): wholly unmatched pieces of one unit form orphan groups; unmatched
units that complete a matched unit's partner join its match.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence

from comparison.assignment import WEAK_MARGIN, mutual_best_leftovers
from comparison.candidates import Space
from comparison.features import FAMILY, UnitFeatures, key_index
from comparison.groups import Group
from comparison.options import AlignParams
from comparison.scores import group_score

SPLIT_COVERAGE = 0.6  # share of the extra part's key tokens found in the single unit
WEAK_COVERAGE = 0.2
SPLIT_GAIN = 0.08  # how much better the group covers the single unit than its 1-1 partner did
# Containment (issue 12.5): a long unit that holds most of several short ones is their merge.
# Symmetric scores (and coverage of the whole) punish a long target, so a part is judged by
# the share of its own character trigrams found in the whole, against the part's next-best
# container: clearly best (CONTAIN_MARGIN) and not incidental (CONTAIN_FLOOR).
GRAM = 3
CONTAIN_FLOOR = 0.10
CONTAIN_MARGIN = 1.5
CONTAIN_LENGTH = 1.5  # the whole is at least this many times as long as the part
NEAR = 3  # a clearly-best part joins within this many units of its group (_clear_parts)
MIN_PARTS = 3  # a whole holds several units: containment alone never makes a 1:2 group
# A part must carry content to be judged by containment: a vocative (各位代表！) or a bare heading
# is contained in any paragraph that opens with it, which is no evidence of a merge.
CONTAIN_MIN_GRAMS = 12


def _apart(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    links: set[tuple[int, int]],
) -> set[tuple[int, int]]:
    """Candidate pairs whose top-level sections are not linked to each other (``links``).

    Weak evidence (a pair below the cutoff, a split or merge part) must stay within
    corresponding sections: a review paragraph is never a piece of next year's plan paragraph.
    Units outside any section are never kept apart.
    """
    index_a, index_b = key_index(fa), key_index(fb)
    top_a = [index_a.get(f.ancestors[-1]) if f.ancestors else None for f in fa]
    top_b = [index_b.get(f.ancestors[-1]) if f.ancestors else None for f in fb]
    out: set[tuple[int, int]] = set()
    for i, j in pairs:
        ta, tb = top_a[i], top_b[j]
        if ta is not None and tb is not None and (ta, tb) not in links:
            out.add((i, j))
    return out


def _orphan_bar(best_part: float, params: AlignParams) -> float:
    """Score a group of unmatched pieces needs: the cutoff, or clearly better than any piece."""
    return max(params.weak_floor, min(params.score_cutoff, WEAK_MARGIN * best_part))


def _orphan_groups(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    best_of: dict[int, tuple[float, int]],
    m: dict[int, int],
    matched_many: set[int],
    weak_floor: float,
    apart: set[tuple[int, int]],
) -> list[tuple[int, tuple[int, ...]]]:
    """Unmatched units of ``one`` whose best-scoring candidates are two or more unmatched units
    of ``many`` that it covers (``WEAK_COVERAGE``): candidate split groups, parts in order.
    ``best_of`` is :func:`_best_of` of the candidate pairs."""
    parts: dict[int, list[int]] = {}
    for j in sorted(best_of):
        s, i = best_of[j]
        if j in matched_many or i in m or s < weak_floor:
            continue
        if FAMILY[one[i].kind] != FAMILY[many[j].kind] or (i, j) in apart:
            continue
        part = many[j].key_tokens or many[j].tokens
        if one[i].n_children or many[j].n_children:
            continue  # containers' own text is little more than a heading
        if _coverage(part, one[i].key_tokens or one[i].tokens) >= WEAK_COVERAGE:
            parts.setdefault(i, []).append(j)
    return [(i, tuple(js)) for i, js in sorted(parts.items()) if len(js) >= 2]


def _best_of(
    pairs: Sequence[tuple[int, int]], scores: Sequence[float]
) -> dict[int, tuple[float, int]]:
    """Second index of each pair -> (score, first index) of its best-scoring partner (ties: the
    lowest index)."""
    best_of: dict[int, tuple[float, int]] = {}
    for (i, j), s in zip(pairs, scores, strict=True):
        best = best_of.get(j)
        if best is None or s > best[0] or (s == best[0] and i < best[1]):
            best_of[j] = (s, i)
    return best_of


def _coverage(part: Sequence[str], whole: Sequence[str]) -> float:
    sp_, sw = set(part), set(whole)
    return len(sp_ & sw) / len(sp_) if sp_ else 0.0


def _split_merge(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    m: dict[int, int],
    best_of: dict[int, tuple[float, int]],
    groups_of_one: dict[int, list[int]],
    locked_many: set[int],
    apart: set[tuple[int, int]],
    gain: Callable[[int, Sequence[int]], float] | None = None,
) -> None:
    """Attach unmatched units of ``many`` to a unit of ``one`` whose 1-1 partner they complete.

    ``m`` maps one-side index to its matched many-side index; ``groups_of_one`` collects the
    extra many-side units per one-side unit. Works in place; the caller swaps sides for merges.
    A part must be covered by the whole (``SPLIT_COVERAGE`` of its key tokens, or
    ``WEAK_COVERAGE`` when the whole is the part's best-scoring candidate) and must add to what
    the whole's existing partners already cover (``SPLIT_GAIN``). With ``gain`` (the group
    score of a unit of ``one`` with units of ``many``), a part admitted on weak coverage must also
    make the group score higher than without it: weak evidence has to pay its way. ``best_of`` is
    :func:`_best_of` of ``pairs``.
    """
    matched_many = set(m.values())
    cands: dict[int, list[int]] = {}
    for i, j in pairs:
        if j not in matched_many and j not in locked_many and i in m:
            cands.setdefault(j, []).append(i)
    for j in sorted(cands):
        best: tuple[float, int] | None = None
        part = many[j].key_tokens or many[j].tokens
        for i in cands[j]:
            if FAMILY[one[i].kind] != FAMILY[many[j].kind] or (i, j) in apart:
                continue
            whole = one[i].key_tokens or one[i].tokens
            cov = _coverage(part, whole)
            # containers' own text is little more than a heading: only strong coverage counts
            leaves = not one[i].n_children and not many[j].n_children
            needed = WEAK_COVERAGE if best_of[j][1] == i and leaves else SPLIT_COVERAGE
            if cov < needed:
                continue
            group = [m[i], *groups_of_one.get(i, [])]
            before = _coverage(whole, [t for g in group for t in many[g].key_tokens])
            after = _coverage(whole, [t for g in [*group, j] for t in many[g].key_tokens])
            if after - before < SPLIT_GAIN:
                continue
            if (
                gain is not None
                and needed == WEAK_COVERAGE
                and gain(i, [*group, j]) <= gain(i, group)
            ):
                continue
            cand = (cov + (after - before), -i)
            if best is None or cand > best:
                best = cand
        if best is not None:
            groups_of_one.setdefault(-best[1], []).append(j)
            locked_many.add(j)


def _clear_parts(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    m: dict[int, int],
    groups_of_one: dict[int, list[int]],
    locked_many: set[int],
    apart: set[tuple[int, int]],
    bar: float,
) -> None:
    """Attach an unmatched leaf of ``many`` to the matched leaf of ``one`` that is its clearly
    best candidate (by ``WEAK_MARGIN`` over the runner-up) at a score of at least ``bar`` (the
    cutoff): free, the two would have been matched one to one. A part joins only beside the
    group (within ``NEAR`` units of a member, members added on the way counting), since the
    pieces of a split paragraph stay together. Works in place like :func:`_split_merge`."""
    matched_many = set(m.values())
    ranked: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in zip(pairs, scores, strict=True):
        if j not in matched_many and j not in locked_many:
            ranked.setdefault(j, []).append((s, -i))
    pending: dict[int, int] = {}
    for j, cands in ranked.items():
        cands.sort(reverse=True)
        s, i = cands[0][0], -cands[0][1]
        runner = cands[1][0] if len(cands) > 1 else 0.0
        if s < bar or s < WEAK_MARGIN * runner or i not in m or (i, j) in apart:
            continue
        if FAMILY[one[i].kind] != FAMILY[many[j].kind]:
            continue
        if one[i].n_children or many[j].n_children:
            continue
        pending[j] = i
    added = True
    while added:
        added = False
        for j in sorted(pending):
            i = pending[j]
            members = [m[i], *groups_of_one.get(i, [])]
            if min(abs(many[j].index - many[g].index) for g in members) <= NEAR:
                groups_of_one.setdefault(i, []).append(j)
                locked_many.add(j)
                del pending[j]
                added = True


def _join_parts(groups: dict[int, list[int]], more: dict[int, list[int]], locked: set[int]) -> None:
    """Add the parts found by one pass (``more``) to ``groups``, and lock them."""
    for whole, parts in more.items():
        groups.setdefault(whole, []).extend(parts)
        locked.update(parts)


def _grams(text: str) -> frozenset[str]:
    return frozenset(text[k : k + GRAM] for k in range(len(text) - GRAM + 1))


def _contained(
    one: Sequence[UnitFeatures],
    many: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    m: dict[int, int],
    groups_of_one: dict[int, list[int]],
    locked_many: set[int],
    apart: set[tuple[int, int]],
) -> None:
    """Attach unmatched leaves of ``many`` to the matched leaf of ``one`` that contains them.

    A part joins the whole whose text holds the largest share of the part's character
    trigrams, when that share is at least ``CONTAIN_FLOOR`` and ``CONTAIN_MARGIN`` times the
    part's next-best candidate's, and the whole is ``CONTAIN_LENGTH`` times as long as the part;
    only when the whole's group then has ``MIN_PARTS`` units on the parts' side.
    Works in place like :func:`_split_merge`; the caller swaps sides for merges.
    """
    matched_many = set(m.values())
    cands: dict[int, list[int]] = {}
    for i, j in pairs:
        if j in matched_many or j in locked_many or (i, j) in apart:
            continue
        if FAMILY[one[i].kind] != FAMILY[many[j].kind]:
            continue
        if one[i].n_children or many[j].n_children:
            continue
        cands.setdefault(j, []).append(i)
    grams: dict[tuple[int, int], frozenset[str]] = {}

    def g(side: int, k: int) -> frozenset[str]:
        if (side, k) not in grams:
            grams[(side, k)] = _grams((one if side == 0 else many)[k].norm)
        return grams[(side, k)]

    found: dict[int, list[int]] = {}
    for j in sorted(cands):
        part = g(1, j)
        if len(part) < CONTAIN_MIN_GRAMS:
            continue
        ranked = sorted(((len(part & g(0, i)) / len(part), -i) for i in cands[j]), reverse=True)
        share, i = ranked[0][0], -ranked[0][1]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if share < CONTAIN_FLOOR or share < CONTAIN_MARGIN * runner_up:
            continue
        if i not in m or len(one[i].norm) < CONTAIN_LENGTH * len(many[j].norm):
            continue
        found.setdefault(i, []).append(j)
    for i, js in sorted(found.items()):
        # "several": the whole's partner, its earlier parts and these make at least MIN_PARTS
        if 1 + len(groups_of_one.get(i, [])) + len(js) >= MIN_PARTS:
            groups_of_one.setdefault(i, []).extend(js)
            locked_many.update(js)


def complete_groups(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    m: dict[int, int],
    params: AlignParams,
    space: Space,
    pinned: set[tuple[int, int]] | None = None,
    forbidden: Container[tuple[int, int]] = frozenset(),
    containment: bool = False,
) -> list[Group]:
    """From a one-to-one assignment to groups: weak mutual-best pairs, split and merge.

    ``containment`` adds the parts a matched unit contains (:func:`_contained`); the aligner
    asks for it only in its last pass, so those parts never become context for the assignment
    (its ties would then depend on the direction of the comparison).

    ``pinned`` are the links of analysts' groups: they count as linked sections for
    :func:`_apart`."""
    m = dict(m)
    score_of = dict(zip(pairs, scores, strict=True))
    apart = _apart(fa, fb, pairs, set(m.items()) | (pinned or set()))
    m.update(mutual_best_leftovers(pairs, scores, m, params.score_cutoff, params.weak_floor, apart))

    splits: dict[int, list[int]] = {}
    merges: dict[int, list[int]] = {}
    if params.split_merge:
        # wholly unmatched groups first: one unit whose pieces all went unmatched on the other
        # side. Both directions are found before either is applied, and a unit claimed by a
        # split and a merge at once joins neither, so swapping A and B swaps the outcome.
        inv = {j: i for i, j in m.items()}
        flipped = [(j, i) for i, j in pairs]
        apart_flipped = {(j, i) for i, j in apart}
        # each side's best-scoring partners, shared by the orphan groups and _split_merge
        best_of_b, best_of_a = _best_of(pairs, scores), _best_of(flipped, scores)
        orphan_splits = [
            (w, parts)
            for w, parts in _orphan_groups(fa, fb, best_of_b, m, set(inv), params.weak_floor, apart)
            if group_score(fa, fb, space, (w,), parts)
            >= _orphan_bar(max(score_of[(w, j)] for j in parts), params)
        ]
        orphan_merges = [
            (w, parts)
            for w, parts in _orphan_groups(
                fb, fa, best_of_a, inv, set(m), params.weak_floor, apart_flipped
            )
            if group_score(fa, fb, space, parts, (w,))
            >= _orphan_bar(max(score_of[(i, w)] for i in parts), params)
        ]
        used_a = {w for w, _ in orphan_splits}
        used_b = {j for _, parts in orphan_splits for j in parts}
        clash_a = used_a & {i for _, parts in orphan_merges for i in parts}
        clash_b = used_b & {w for w, _ in orphan_merges}
        for w, parts in orphan_splits:
            if w not in clash_a and not clash_b & set(parts):
                m[w] = parts[0]
                inv[parts[0]] = w
                splits[w] = list(parts[1:])
        for w, parts in orphan_merges:
            if w not in clash_b and not clash_a & set(parts):
                m[parts[0]] = w
                inv[w] = parts[0]
                merges[w] = list(parts[1:])
        # where no pair weaker than the cutoff is evidence (English: common words are shared
        # everywhere), a part admitted on weak coverage must also raise the group's score
        strict = params.weak_floor >= params.score_cutoff
        split_gain: Callable[[int, Sequence[int]], float] | None = None
        merge_gain: Callable[[int, Sequence[int]], float] | None = None
        if strict:
            split_gain = lambda i, js: group_score(fa, fb, space, (i,), tuple(js))  # noqa: E731
            merge_gain = lambda j, is_: group_score(fa, fb, space, tuple(is_), (j,))  # noqa: E731
        locked_b: set[int] = {j for v in splits.values() for j in v}
        locked_a: set[int] = {i for v in merges.values() for i in v}
        clear_splits: dict[int, list[int]] = {}
        clear_merges: dict[int, list[int]] = {}
        if strict:
            # both directions judged on the same state, so swapping A and B swaps the outcome
            _clear_parts(fa, fb, pairs, scores, m, clear_splits, set(locked_b), apart,
                         params.score_cutoff)  # fmt: skip
            _clear_parts(fb, fa, flipped, scores, inv, clear_merges, set(locked_a),
                         apart_flipped, params.score_cutoff)  # fmt: skip
            # a clear-best part is claimed (no weak part can take it) but joins its group only
            # after the weak-part rule: a weak part's coverage and score gain are judged against
            # the group without the clear-best parts, so neither rule's additions decide the
            # other's admissions and the order of the two rules does not matter
            locked_b.update(j for v in clear_splits.values() for j in v)
            locked_a.update(i for v in clear_merges.values() for i in v)
        _split_merge(fa, fb, pairs, m, best_of_b, splits, locked_b, apart, split_gain)
        _split_merge(fb, fa, flipped, inv, best_of_a, merges, locked_a, apart_flipped, merge_gain)
        _join_parts(splits, clear_splits, locked_b)
        _join_parts(merges, clear_merges, locked_a)
        if containment and params.containment:
            # parts are unmatched and wholes matched, so the two directions cannot claim one
            # unit twice: judged on the same state, swapping A and B swaps the outcome
            more_splits: dict[int, list[int]] = {}
            more_merges: dict[int, list[int]] = {}
            _contained(fa, fb, pairs, m, more_splits, locked_b, apart)
            _contained(fb, fa, flipped, inv, more_merges, locked_a, apart_flipped)
            _join_parts(splits, more_splits, locked_b)
            _join_parts(merges, more_merges, locked_a)
        # where a split's unit is also a merge's target the group is n:m (restructured),
        # unless it would join a forbidden pair or n:m groups are off: then the larger side
        # wins and a tie keeps neither (symmetric under swapping A and B)
        for j in sorted(merges):
            i = inv[j]
            if splits.get(i) and merges[j]:
                if params.restructure and not any(
                    (x, y) in forbidden for x in merges[j] for y in splits[i]
                ):
                    continue
                ns, nm = len(splits[i]), len(merges[j])
                if ns >= nm:
                    del merges[j]
                if nm >= ns:
                    del splits[i]

    groups: list[Group] = []
    for i, j in m.items():
        ga = tuple(sorted([i, *merges.get(j, [])]))
        gb = tuple(sorted([j, *splits.get(i, [])]))
        if len(ga) == 1 and len(gb) == 1:
            score = score_of[(i, j)]
        else:
            score = group_score(fa, fb, space, ga, gb)
        groups.append(Group(a=ga, b=gb, score=score))
    groups.sort(key=lambda g: (g.b[0], g.a[0]))
    return groups


def with_fixed(groups: list[Group], fixed: Sequence[Group]) -> list[Group]:
    """``groups`` plus the analysts' ``fixed`` groups, in the usual order."""
    if not fixed:
        return groups
    out = [*groups, *fixed]
    out.sort(key=lambda g: (g.b[0], g.a[0]))
    return out
