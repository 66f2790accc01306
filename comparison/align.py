"""Alignment: the stages candidates → scores → assignment → groups, in sequence.

Units are aligned within kind families (section↔section, task↔task, item/paragraph↔item/paragraph,
and — with a penalty — task↔item/paragraph, for years whose numbering styles differ). Candidates
come from :mod:`comparison.candidates`; each is scored (:mod:`comparison.scores`) by blending the
TF-IDF cosine, rapidfuzz similarity of jieba token sequences, headline similarity, lead-agency
overlap and, in a second pass, context (parents matched to each other) and, for containers, their
children's votes; :mod:`comparison.assignment` pairs them one to one, :mod:`comparison.splitmerge`,
:mod:`comparison.groups` and :mod:`comparison.crosskind` form the groups. This module only
sequences those stages; the names it used to define are re-exported from their stages.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from comparison.assignment import WEAK_MARGIN, assign, edges
from comparison.candidates import Space, block_candidates, pair_cosines
from comparison.classify import Aligned, classify
from comparison.constraints import FixedGroup
from comparison.crosskind import cross_kind_groups
from comparison.document import UnitKind
from comparison.features import UnitFeatures, Vocabulary
from comparison.groups import Group, container_groups, leaf_absorbs_children, renamed_containers
from comparison.options import AlignParams
from comparison.restructure import crossing_groups
from comparison.scores import (
    CONTEXT_BONUS,
    CROSS_FAMILY_PENALTY,
    ITEM_PARAGRAPH_PENALTY,
    TIE_LINEAR,
    TIE_QUADRATIC,
    TOP_LEVEL_BONUS,
    VOTE_WEIGHT,
    base_score,
    child_votes,
    context_scores,
    group_score,
    linked_to,
    token_similarities,
)
from comparison.splitmerge import (
    SPLIT_COVERAGE,
    SPLIT_GAIN,
    WEAK_COVERAGE,
    complete_groups,
    with_fixed,
)

__all__ = [
    "CONTEXT_BONUS",
    "CROSS_FAMILY_PENALTY",
    "ITEM_PARAGRAPH_PENALTY",
    "SPLIT_COVERAGE",
    "SPLIT_GAIN",
    "TIE_LINEAR",
    "TIE_QUADRATIC",
    "TOP_LEVEL_BONUS",
    "VOTE_WEIGHT",
    "WEAK_COVERAGE",
    "WEAK_MARGIN",
    "AlignParams",
    "Aligned",
    "align",
    "assign",
    "base_score",
    "child_votes",
    "classify",
    "linked_to",
]


def align(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    params: AlignParams,
    vocab: Vocabulary,
    *,
    kinds: frozenset[UnitKind] | None = None,
    fixed: Sequence[FixedGroup] = (),
    forbidden: Container[tuple[int, int]] = frozenset(),
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
    space = Space(fa, fb, vocab, profiles=params.use_context)
    pinned_groups = [
        Group(a=ga, b=gb, score=group_score(fa, fb, space, ga, gb), decided=how)
        for ga, gb, how in fixed
    ]
    pinned = {(i, j) for g in pinned_groups for i in g.a for j in g.b}
    held_a = {i for i, _ in pinned}
    held_b = {j for _, j in pinned}
    found = block_candidates(
        fa,
        fb,
        space,
        params.top_k,
        kinds,
        not_twins=lambda i, j: (i, j) in forbidden or i in held_a or j in held_b,
    )
    if pinned or forbidden:
        found = {
            p: c
            for p, c in found.items()
            if p[0] not in held_a and p[1] not in held_b and p not in forbidden
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
    tokens = token_similarities(fa, fb, pairs)
    base = [
        base_score(fa[p[0]], fb[p[1]], found[p], prof.get(p, 0.0), tokens=t)
        for p, t in zip(pairs, tokens, strict=True)
    ]
    scores = base
    m = assign(len(fa), len(fb), edges(fa, fb, pairs, scores), params.score_cutoff)
    if not params.use_context:
        return with_fixed(
            complete_groups(
                fa, fb, pairs, scores, m, params, space, pinned, forbidden, containment=True
            ),
            pinned_groups,
        )
    for _ in range(2):
        scores = context_scores(fa, fb, pairs, base, set(m.items()) | pinned)
        m = assign(len(fa), len(fb), edges(fa, fb, pairs, scores), params.score_cutoff)
    groups = complete_groups(fa, fb, pairs, scores, m, params, space, pinned, forbidden)
    # once more with every link of the first full alignment (weak pairs, split and merge parts
    # included) as context: containers whose children were found late get their votes
    links = {(i, j) for g in groups for i in g.a for j in g.b} | pinned
    if params.split_merge:  # renamed containers (matched below) give their children context
        links |= set(renamed_containers(fa, fb, [*groups, *pinned_groups], forbidden, kinds))
    scores = context_scores(fa, fb, pairs, base, links)
    m = assign(len(fa), len(fb), edges(fa, fb, pairs, scores), params.score_cutoff)
    groups = with_fixed(
        complete_groups(
            fa, fb, pairs, scores, m, params, space, pinned, forbidden, containment=True
        ),
        pinned_groups,
    )
    if params.split_merge:
        groups = container_groups(
            fa,
            fb,
            groups,
            lambda ga, gb: group_score(fa, fb, space, ga, gb),
            forbidden,
            restructure=params.restructure,
            kinds=kinds,
        )
        if params.restructure:
            groups = crossing_groups(
                fa, fb, groups, lambda ga, gb: group_score(fa, fb, space, ga, gb), forbidden
            )
    if params.cross_kind:
        groups = cross_kind_groups(fa, fb, groups, space, params, kinds, forbidden)
    if params.split_merge:
        groups = leaf_absorbs_children(
            fa,
            fb,
            groups,
            space,
            lambda ga, gb: group_score(fa, fb, space, ga, gb),
            kinds,
            forbidden,
        )
    return groups
