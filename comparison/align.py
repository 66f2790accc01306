"""Scoring, optimal one-to-one assignment, split/merge detection and classification.

Units are aligned within kind families (section↔section, task↔task, item/paragraph↔item/paragraph,
and — with a penalty — task↔item/paragraph, for years whose numbering styles differ). Candidates
come from :mod:`comparison.candidates`; each is scored by blending the TF-IDF cosine, rapidfuzz
similarity of jieba token sequences, headline similarity, lead-agency overlap and, in a second
pass, context (parents matched to each other) and, for containers, their children's votes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from comparison.candidates import (
    NgramIndex,
    combine_rows,
    pair_cosines,
    profile_vectors,
    top_k_pairs,
)
from comparison.constraints import FixedGroup
from comparison.document import UnitKind
from comparison.features import UnitFeatures, Vocabulary, child_indices, key_index
from comparison.groups import FAMILY as _FAMILY
from comparison.groups import Group, container_groups
from comparison.result import MatchKind

_BLOCKS = (("S", "S"), ("T", "T"), ("L", "L"), ("T", "L"), ("L", "T"))
CROSS_FAMILY_PENALTY = 0.10
ITEM_PARAGRAPH_PENALTY = 0.03
CONTEXT_BONUS = 0.06
TOP_LEVEL_BONUS = 0.03
VOTE_WEIGHT = 0.15
WEAK_MARGIN = 1.3  # ... i.e. when the pair beats every other candidate of both units by this factor
SPLIT_COVERAGE = 0.6  # share of the extra part's key tokens found in the single unit
WEAK_COVERAGE = 0.2
SPLIT_GAIN = 0.08  # how much better the group covers the single unit than its 1-1 partner did
TIE_LINEAR = 1e-4  # cost per unit of position distance (see _tie_break)
TIE_QUADRATIC = 1e-6


@dataclass(frozen=True)
class AlignParams:
    score_cutoff: float = 0.15
    top_k: int = 6
    split_merge: bool = True
    use_context: bool = True
    weak_floor: float = 0.12  # lowest score a weak (mutual-best, orphan-group) pair may have
    cross_kind: bool = True  # align the leftovers across adjacent kinds (comparison.crosskind)


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


class _Space:
    """Vectors of both sides' own text and container profiles in one shared n-gram space."""

    def __init__(
        self,
        fa: Sequence[UnitFeatures],
        fb: Sequence[UnitFeatures],
        vocab: Vocabulary,
        *,
        profiles: bool,
    ) -> None:
        index = NgramIndex(vocab, [*fa, *fb])
        self.own_a = index.vectors(fa)
        self.own_b = index.vectors(fb)
        # descendants are indices into the unit's own document: only meaningful for whole docs
        self.prof_a = profile_vectors(self.own_a, fa) if profiles else self.own_a
        self.prof_b = profile_vectors(self.own_b, fb) if profiles else self.own_b


def _candidates(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    space: _Space,
    k: int,
    kinds: frozenset[UnitKind] | None,
) -> dict[tuple[int, int], float]:
    """Candidate pairs -> own-text cosine, found block by block within compatible kinds."""
    found: dict[tuple[int, int], float] = {}
    via_profile: set[tuple[int, int]] = set()
    for fam_a, fam_b in _BLOCKS:
        ia = [
            i
            for i, f in enumerate(fa)
            if _FAMILY[f.kind] == fam_a and (kinds is None or f.kind in kinds)
        ]
        ib = [
            j
            for j, f in enumerate(fb)
            if _FAMILY[f.kind] == fam_b and (kinds is None or f.kind in kinds)
        ]
        if not ia or not ib:
            continue
        va = space.own_a if len(ia) == len(fa) else space.own_a[ia]
        vb = space.own_b if len(ib) == len(fb) else space.own_b[ib]
        for (x, y), c in top_k_pairs(va, vb, k=k).items():
            found[(ia[x], ib[y])] = c
        if fam_a == fam_b and fam_a in "ST":
            pairs = top_k_pairs(space.prof_a[ia], space.prof_b[ib], k=k)
            via_profile.update((ia[x], ib[y]) for x, y in pairs)
    # identical texts are always candidates (even texts without n-grams, e.g. empty ones)
    same_a: dict[tuple[str, str], list[int]] = {}
    same_b: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(fa):
        if kinds is None or f.kind in kinds:
            same_a.setdefault((_FAMILY[f.kind], f.norm), []).append(i)
    for j, f in enumerate(fb):
        if kinds is None or f.kind in kinds:
            same_b.setdefault((_FAMILY[f.kind], f.norm), []).append(j)
    for text_key, ia_same in same_a.items():
        ib_same = same_b.get(text_key, [])
        if ib_same and len(ia_same) * len(ib_same) <= k * k:
            via_profile.update((i, j) for i in ia_same for j in ib_same)
    missing = sorted(via_profile - found.keys())
    for p, c in zip(missing, pair_cosines(space.own_a, space.own_b, missing).tolist(), strict=True):
        found[p] = c
    return found


def _token_similarity(a: UnitFeatures, b: UnitFeatures) -> float:
    if a.key_tokens or b.key_tokens:
        return float(fuzz.ratio(a.key_tokens, b.key_tokens)) / 100.0
    return float(fuzz.ratio(a.norm, b.norm)) / 100.0


def _jaccard(x: Sequence[str], y: Sequence[str]) -> float:
    sx, sy = set(x), set(y)
    return len(sx & sy) / len(sx | sy) if sx | sy else 0.0


def base_score(
    a: UnitFeatures,
    b: UnitFeatures,
    cos_own: float,
    cos_prof: float,
    *,
    kind_penalty: bool = True,
    profile: bool | None = None,
) -> float:
    """Pair score without context, 0..1. Symmetric in (a, b).

    ``cos_prof`` (the cosine of the containers' profiles) weighs most when ``profile`` is true,
    by default when both units are containers. Units of different kinds lose a little
    (``kind_penalty``), so that same-kind partners win.
    """
    text = 0.5 * cos_own + 0.5 * _token_similarity(a, b)
    if (a.n_children and b.n_children) if profile is None else profile:
        text = 0.35 * text + 0.65 * cos_prof
    score = text
    if a.title and b.title and (a.title != a.norm or b.title != b.norm):
        score = 0.8 * score + 0.2 * float(fuzz.ratio(a.title, b.title)) / 100.0
    if a.leads and b.leads:
        score = 0.92 * score + 0.08 * _jaccard(a.leads, b.leads)
    if kind_penalty and a.kind != b.kind:
        same_family = _FAMILY[a.kind] == _FAMILY[b.kind]
        score -= ITEM_PARAGRAPH_PENALTY if same_family else CROSS_FAMILY_PENALTY
    return max(0.0, min(1.0, score))


def assign(
    n_a: int, n_b: int, edges: Sequence[tuple[int, int, float]], cutoff: float
) -> dict[int, int]:
    """Optimal one-to-one assignment maximising the summed ``score - cutoff`` of kept pairs.

    Sparse: the bipartite graph is the candidate edges plus one "unmatched" slack per unit, solved
    by ``min_weight_full_bipartite_matching``. Edges below ``cutoff`` are never kept.
    """
    kept = [(i, j, s) for i, j, s in edges if s >= cutoff]
    if not kept:
        return {}
    n = n_a + n_b
    slack = 1.0 + (1.0 - cutoff) / 2.0
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, j, s in kept:
        rows += [i, n_a + j]
        cols += [j, n_b + i]
        vals += [1.0 + (1.0 - s), 1.0]
    for i in range(n_a):
        rows.append(i)
        cols.append(n_b + i)
        vals.append(slack)
    for j in range(n_b):
        rows.append(n_a + j)
        cols.append(j)
        vals.append(slack)
    graph = sp.csr_matrix((np.asarray(vals), (np.asarray(rows), np.asarray(cols))), shape=(n, n))
    r, c = min_weight_full_bipartite_matching(graph)
    return {
        int(i): int(j) for i, j in zip(r.tolist(), c.tolist(), strict=True) if i < n_a and j < n_b
    }


def _tie_break(a: UnitFeatures, b: UnitFeatures) -> float:
    """A tiny cost for pairing units far apart in their documents, symmetric in (a, b).

    The linear term prefers nearby partners; it cannot order tied partners whose positions do not
    interleave (|p1-q1| + |p2-q2| = |p1-q2| + |p2-q1| when p1 < p2 < q1 < q2), e.g. a report's
    several identical "各位代表！" paragraphs. The quadratic term makes the order-preserving
    assignment the unique best one there (rearrangement inequality), so the solver's choice
    never depends on which document is A.
    """
    d = a.position - b.position
    return TIE_LINEAR * abs(d) + TIE_QUADRATIC * d * d


def _context_scores(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    base: Sequence[float],
    links: set[tuple[int, int]],
) -> list[float]:
    """Base scores plus context: parents linked to each other, and children's votes.

    ``links`` are the (A index, B index) pairs linked by the previous round (groups expanded).
    """
    linked = linked_to(links)
    key_a, key_b = key_index(fa), key_index(fb)
    kids_a, kids_b = child_indices(fa), child_indices(fb)
    out: list[float] = []
    for (i, j), s in zip(pairs, base, strict=True):
        a, b = fa[i], fb[j]
        if a.parent is None and b.parent is None:
            s += TOP_LEVEL_BONUS
        elif a.parent is not None and b.parent is not None:
            pa, pb = key_a.get(a.parent), key_b.get(b.parent)
            if pa is not None and pb is not None and (pa, pb) in links:
                s += CONTEXT_BONUS
        s += child_votes(kids_a.get(i), kids_b.get(j), linked)
        out.append(min(1.0, s))
    return out


def linked_to(links: set[tuple[int, int]]) -> dict[int, set[int]]:
    """A index -> the B indices ``links`` pair it with."""
    linked: dict[int, set[int]] = {}
    for x, y in links:
        linked.setdefault(x, set()).add(y)
    return linked


def child_votes(
    kids_a: Sequence[int] | None, kids_b: Sequence[int] | None, linked: dict[int, set[int]]
) -> float:
    """Context bonus of a container pair: the share of their children linked to each other."""
    if not kids_a or not kids_b:
        return 0.0
    set_b = set(kids_b)
    votes = sum(1 for c in kids_a if linked.get(c, set()) & set_b)
    return VOTE_WEIGHT * votes / max(len(kids_a), len(kids_b))


def _mutual_best_leftovers(
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    m: dict[int, int],
    cutoff: float,
    weak_floor: float,
    apart: set[tuple[int, int]],
) -> dict[int, int]:
    """Pairs of still-unmatched units that are each other's clear best candidate.

    Year-on-year rewording of long reports often leaves the true counterpart scoring 0.15-0.25:
    low in absolute terms, but far ahead of every alternative. Such a pair is kept when its score
    is at least ``weak_floor`` and beats the runner-up of *both* units (matched or not) by
    ``WEAK_MARGIN``.
    """
    floor = min(weak_floor, cutoff)
    top_a: dict[int, list[tuple[float, int]]] = {}
    top_b: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in zip(pairs, scores, strict=True):
        top_a.setdefault(i, []).append((s, j))
        top_b.setdefault(j, []).append((s, i))
    for lst in (*top_a.values(), *top_b.values()):
        lst.sort(key=lambda x: (-x[0], x[1]))
    matched_b = set(m.values())
    out: dict[int, int] = {}
    for i in sorted(top_a):
        if i in m:
            continue
        s, j = top_a[i][0]
        if s < floor or j in matched_b or top_b[j][0][1] != i:
            continue
        if s < cutoff and (i, j) in apart:  # weak evidence across unmatched sections: no
            continue
        second_a = top_a[i][1][0] if len(top_a[i]) > 1 else 0.0
        second_b = top_b[j][1][0] if len(top_b[j]) > 1 else 0.0
        if s >= WEAK_MARGIN * max(second_a, second_b):
            out[i] = j
    return out


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
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    m: dict[int, int],
    matched_many: set[int],
    weak_floor: float,
    apart: set[tuple[int, int]],
) -> list[tuple[int, tuple[int, ...]]]:
    """Unmatched units of ``one`` whose best-scoring candidates are two or more unmatched units
    of ``many`` that it covers (``WEAK_COVERAGE``): candidate split groups, parts in order."""
    best_of = _best_of(pairs, scores)
    parts: dict[int, list[int]] = {}
    for j in sorted(best_of):
        s, i = best_of[j]
        if j in matched_many or i in m or s < weak_floor:
            continue
        if _FAMILY[one[i].kind] != _FAMILY[many[j].kind] or (i, j) in apart:
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
        if j not in best_of or (s, -i) > (best_of[j][0], -best_of[j][1]):
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
    scores: Sequence[float],
    groups_of_one: dict[int, list[int]],
    locked_many: set[int],
    apart: set[tuple[int, int]],
) -> None:
    """Attach unmatched units of ``many`` to a unit of ``one`` whose 1-1 partner they complete.

    ``m`` maps one-side index to its matched many-side index; ``groups_of_one`` collects the
    extra many-side units per one-side unit. Works in place; the caller swaps sides for merges.
    A part must be covered by the whole (``SPLIT_COVERAGE`` of its key tokens, or
    ``WEAK_COVERAGE`` when the whole is the part's best-scoring candidate) and must add to what
    the whole's existing partners already cover (``SPLIT_GAIN``).
    """
    matched_many = set(m.values())
    best_of = _best_of(pairs, scores)
    cands: dict[int, list[int]] = {}
    for i, j in pairs:
        if j not in matched_many and j not in locked_many and i in m:
            cands.setdefault(j, []).append(i)
    for j in sorted(cands):
        best: tuple[float, int] | None = None
        part = many[j].key_tokens or many[j].tokens
        for i in cands[j]:
            if _FAMILY[one[i].kind] != _FAMILY[many[j].kind] or (i, j) in apart:
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
            cand = (cov + (after - before), -i)
            if best is None or cand > best:
                best = cand
        if best is not None:
            groups_of_one.setdefault(-best[1], []).append(j)
            locked_many.add(j)


def align(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    params: AlignParams,
    vocab: Vocabulary,
    *,
    kinds: frozenset[UnitKind] | None = None,
    fixed: Sequence[FixedGroup] = (),
    forbidden: frozenset[tuple[int, int]] = frozenset(),
) -> list[Group]:
    """Align two lists of unit features into groups (1-1, split 1-n, merged n-1).

    ``vocab`` is the vocabulary both lists' n-gram ids refer to; only units of ``kinds`` (all
    when None) are aligned. Group indices refer to positions in ``fa``/``fb``.

    ``fixed`` are analysts' groups (:func:`comparison.constraints.resolve`): returned as given,
    their units taken out of the pool before any candidate is considered, their links serving
    the others as context (a child of two linked sections gets the context bonus). No group
    joins a pair of ``forbidden``.
    """
    if not fa or not fb:
        return []
    space = _Space(fa, fb, vocab, profiles=params.use_context)
    found = _candidates(fa, fb, space, params.top_k, kinds)
    pinned_groups = [
        Group(a=ga, b=gb, score=_group_score(fa, fb, space, ga, gb), decided=how)
        for ga, gb, how in fixed
    ]
    pinned = {(i, j) for g in pinned_groups for i in g.a for j in g.b}
    if pinned or forbidden:
        taken_a = {i for i, _ in pinned}
        taken_b = {j for _, j in pinned}
        found = {
            p: c
            for p, c in found.items()
            if p[0] not in taken_a and p[1] not in taken_b and p not in forbidden
        }
    pairs = sorted(found)
    containers = [p for p in pairs if fa[p[0]].n_children and fb[p[1]].n_children]
    prof = dict(
        zip(
            containers,
            pair_cosines(space.prof_a, space.prof_b, containers).tolist(),
            strict=True,
        )
    )
    base = [base_score(fa[i], fb[j], found[(i, j)], prof.get((i, j), 0.0)) for i, j in pairs]
    scores = base
    m = assign(len(fa), len(fb), _edges(fa, fb, pairs, scores), params.score_cutoff)
    if not params.use_context:
        return _with_fixed(
            _complete(fa, fb, pairs, scores, m, params, space, pinned), pinned_groups
        )
    for _ in range(2):
        scores = _context_scores(fa, fb, pairs, base, set(m.items()) | pinned)
        m = assign(len(fa), len(fb), _edges(fa, fb, pairs, scores), params.score_cutoff)
    groups = _complete(fa, fb, pairs, scores, m, params, space, pinned)
    # once more with every link of the first full alignment (weak pairs, split and merge parts
    # included) as context: containers whose children were found late get their votes
    links = {(i, j) for g in groups for i in g.a for j in g.b} | pinned
    scores = _context_scores(fa, fb, pairs, base, links)
    m = assign(len(fa), len(fb), _edges(fa, fb, pairs, scores), params.score_cutoff)
    groups = _with_fixed(_complete(fa, fb, pairs, scores, m, params, space, pinned), pinned_groups)
    if params.split_merge:
        groups = container_groups(
            fa, fb, groups, lambda ga, gb: _group_score(fa, fb, space, ga, gb), forbidden
        )
    if params.cross_kind:
        # imported here: comparison.crosskind builds on this module's scoring and assignment
        from comparison.crosskind import cross_kind_groups

        groups = cross_kind_groups(fa, fb, groups, space, params, kinds, forbidden)
    return groups


def _with_fixed(groups: list[Group], fixed: Sequence[Group]) -> list[Group]:
    """``groups`` plus the analysts' ``fixed`` groups, in the usual order."""
    if not fixed:
        return groups
    out = [*groups, *fixed]
    out.sort(key=lambda g: (g.b[0], g.a[0]))
    return out


def _complete(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    m: dict[int, int],
    params: AlignParams,
    space: _Space,
    pinned: set[tuple[int, int]] | None = None,
) -> list[Group]:
    """From a one-to-one assignment to groups: weak mutual-best pairs, split and merge.

    ``pinned`` are the links of analysts' groups: they count as linked sections for
    :func:`_apart`."""
    m = dict(m)
    score_of = dict(zip(pairs, scores, strict=True))
    apart = _apart(fa, fb, pairs, set(m.items()) | (pinned or set()))
    m.update(
        _mutual_best_leftovers(pairs, scores, m, params.score_cutoff, params.weak_floor, apart)
    )

    splits: dict[int, list[int]] = {}
    merges: dict[int, list[int]] = {}
    if params.split_merge:
        # wholly unmatched groups first: one unit whose pieces all went unmatched on the other
        # side. Both directions are found before either is applied, and a unit claimed by a
        # split and a merge at once joins neither, so swapping A and B swaps the outcome.
        inv = {j: i for i, j in m.items()}
        flipped = [(j, i) for i, j in pairs]
        apart_flipped = {(j, i) for i, j in apart}
        orphan_splits = [
            (w, parts)
            for w, parts in _orphan_groups(
                fa, fb, pairs, scores, m, set(inv), params.weak_floor, apart
            )
            if _group_score(fa, fb, space, (w,), parts)
            >= _orphan_bar(max(score_of[(w, j)] for j in parts), params)
        ]
        orphan_merges = [
            (w, parts)
            for w, parts in _orphan_groups(
                fb, fa, flipped, scores, inv, set(m), params.weak_floor, apart_flipped
            )
            if _group_score(fa, fb, space, parts, (w,))
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
        locked_b: set[int] = {j for v in splits.values() for j in v}
        locked_a: set[int] = {i for v in merges.values() for i in v}
        _split_merge(fa, fb, pairs, m, scores, splits, locked_b, apart)
        _split_merge(fb, fa, flipped, inv, scores, merges, locked_a, apart_flipped)
        # no many-to-many groups: where a split's unit is also a merge's target, the larger
        # side wins and a tie keeps neither (symmetric under swapping A and B)
        for j in sorted(merges):
            i = inv[j]
            if splits.get(i) and merges[j]:
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
            score = _group_score(fa, fb, space, ga, gb)
        groups.append(Group(a=ga, b=gb, score=score))
    groups.sort(key=lambda g: (g.b[0], g.a[0]))
    return groups


def _edges(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
) -> list[tuple[int, int, float]]:
    return [(i, j, s - _tie_break(fa[i], fb[j])) for (i, j), s in zip(pairs, scores, strict=True)]


def _group_score(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    space: _Space,
    ga: Sequence[int],
    gb: Sequence[int],
) -> float:
    va = combine_rows(space.own_a, ga)
    vb = combine_rows(space.own_b, gb)
    cos = float(va.multiply(vb).sum())
    ta = [t for i in ga for t in fa[i].key_tokens]
    tb = [t for j in gb for t in fb[j].key_tokens]
    tok = float(fuzz.ratio(ta, tb)) / 100.0
    return max(0.0, min(1.0, 0.5 * cos + 0.5 * tok))


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
