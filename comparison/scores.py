"""Pair and group scores: the TF-IDF cosine blended with rapidfuzz similarity of jieba token
sequences, headline similarity, lead-agency overlap and, in later rounds, context (parents linked
to each other, children's votes); plus the tiny position tie-break the assignment uses.

Stage *scores* of the engine's line: it reads features and candidate vectors only.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from comparison.candidates import Space, combine_rows
from comparison.features import FAMILY, UnitFeatures, child_indices, key_index

CROSS_FAMILY_PENALTY = 0.10
ITEM_PARAGRAPH_PENALTY = 0.03
CONTEXT_BONUS = 0.06
TOP_LEVEL_BONUS = 0.03
VOTE_WEIGHT = 0.15
TIE_LINEAR = 1e-4  # cost per unit of position distance (see tie_break)
TIE_QUADRATIC = 1e-6


def token_similarity(a: UnitFeatures, b: UnitFeatures) -> float:
    if a.key_tokens or b.key_tokens:
        return float(fuzz.ratio(a.key_tokens, b.key_tokens)) / 100.0
    return float(fuzz.ratio(a.norm, b.norm)) / 100.0


_FIRST_CODE = 0x10000  # tokens are written as characters from here on (past the surrogates)


def token_similarities(
    fa: Sequence[UnitFeatures], fb: Sequence[UnitFeatures], pairs: Sequence[tuple[int, int]]
) -> list[float]:
    """:func:`token_similarity` of every pair, the same values, faster: each distinct key-token
    sequence is written once as a string of one character per distinct token, so rapidfuzz
    compares two strings (its fast path) instead of converting two tuples for every pair."""
    codes: dict[str, str] = {}
    written: dict[tuple[str, ...], str] = {}

    def write(tokens: tuple[str, ...]) -> str:
        text = written.get(tokens)
        if text is None:
            for t in tokens:
                if t not in codes:
                    codes[t] = chr(_FIRST_CODE + len(codes))
            text = written[tokens] = "".join([codes[t] for t in tokens])
        return text

    try:
        keys_a, keys_b = [write(f.key_tokens) for f in fa], [write(f.key_tokens) for f in fb]
    except ValueError:  # more distinct tokens than characters: never seen in a pair of plans
        return [token_similarity(fa[i], fb[j]) for i, j in pairs]
    return [
        float(fuzz.ratio(keys_a[i], keys_b[j])) / 100.0
        if fa[i].key_tokens or fb[j].key_tokens
        else float(fuzz.ratio(fa[i].norm, fb[j].norm)) / 100.0
        for i, j in pairs
    ]


def jaccard(x: Sequence[str], y: Sequence[str]) -> float:
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
    tokens: float | None = None,
) -> float:
    """Pair score without context, 0..1. Symmetric in (a, b).

    ``cos_prof`` (the cosine of the containers' profiles) weighs most when ``profile`` is true,
    by default when both units are containers. Units of different kinds lose a little
    (``kind_penalty``), so that same-kind partners win. ``tokens`` is their
    :func:`token_similarity` when already known (:func:`token_similarities`).
    """
    text = 0.5 * cos_own + 0.5 * (token_similarity(a, b) if tokens is None else tokens)
    if (a.n_children and b.n_children) if profile is None else profile:
        text = 0.35 * text + 0.65 * cos_prof
    score = text
    if a.title and b.title and (a.title != a.norm or b.title != b.norm):
        score = 0.8 * score + 0.2 * float(fuzz.ratio(a.title, b.title)) / 100.0
    if a.leads and b.leads:
        score = 0.92 * score + 0.08 * jaccard(a.leads, b.leads)
    if kind_penalty and a.kind != b.kind:
        same_family = FAMILY[a.kind] == FAMILY[b.kind]
        score -= ITEM_PARAGRAPH_PENALTY if same_family else CROSS_FAMILY_PENALTY
    return max(0.0, min(1.0, score))


def group_score(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    space: Space,
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


def tie_break(a: UnitFeatures, b: UnitFeatures) -> float:
    """A tiny cost for pairing units far apart in their documents, symmetric in (a, b).

    The linear term prefers nearby partners; it cannot order tied partners whose positions do not
    interleave (|p1-q1| + |p2-q2| = |p1-q2| + |p2-q1| when p1 < p2 < q1 < q2), e.g. a report's
    several identical "各位代表！" paragraphs. The quadratic term makes the order-preserving
    assignment the unique best one there (rearrangement inequality), so the solver's choice
    never depends on which document is A.
    """
    d = a.position - b.position
    return TIE_LINEAR * abs(d) + TIE_QUADRATIC * d * d


def context_scores(
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
    kids_a, kids_b = child_indices(fa), child_indices(fb)
    # per unit, once: is it top-level, and its parent's index (None: top-level, or a parent
    # outside the features)
    top_a, top_b = [f.parent is None for f in fa], [f.parent is None for f in fb]
    up_a, up_b = _parent_indices(fa), _parent_indices(fb)
    out: list[float] = []
    for (i, j), s in zip(pairs, base, strict=True):
        if top_a[i] and top_b[j]:
            s += TOP_LEVEL_BONUS
        else:
            pa, pb = up_a[i], up_b[j]
            if pa is not None and pb is not None and (pa, pb) in links:
                s += CONTEXT_BONUS
        if i in kids_a and j in kids_b:  # only containers get children's votes
            s += child_votes(kids_a[i], kids_b[j], linked)
        out.append(s if s < 1.0 else 1.0)
    return out


def _parent_indices(feats: Sequence[UnitFeatures]) -> list[int | None]:
    """Each unit's parent's position in ``feats`` (None: top-level, or not among ``feats``)."""
    index = key_index(feats)
    return [None if f.parent is None else index.get(f.parent) for f in feats]


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
