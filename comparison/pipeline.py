"""compare() and build_timeline(): the engine's two entry points.

Stages (ARCHITECTURE.md section 4): features (:mod:`comparison.features`), sparse candidates
(:mod:`comparison.candidates`), scoring + assignment + split/merge + classification
(:mod:`comparison.align`), per-match detail (:mod:`comparison.detail`) and threads
(:mod:`comparison.threads`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from comparison.abbrev import document_definitions, shared_definitions
from comparison.align import align
from comparison.boilerplate import formulaic_units
from comparison.classify import classify
from comparison.constraints import Constraints, resolve
from comparison.detail import commitments, lead_change, redline
from comparison.document import PlanDocument
from comparison.features import UnitFeatures, Vocabulary, document_features, unit_text
from comparison.grades import confidence, grade_of
from comparison.options import (
    ALL_KINDS,
    ENGINE_VERSION,
    LANGUAGE_CUTOFFS,
    CompareOptions,
    comparison_language,
)
from comparison.ranks import sibling_ranks
from comparison.result import Comparison, Decided, Match, Timeline
from comparison.retrospect import NEUTRAL, Wall, has_both, review_sides
from comparison.target_series import match_targets
from comparison.targets import document_quantities
from comparison.threads import chain_threads

__all__ = [
    "ALL_KINDS",
    "ENGINE_VERSION",
    "LANGUAGE_CUTOFFS",
    "CompareOptions",
    "build_timeline",
    "compare",
    "compare_features",
    "comparison_language",
]


def _group_tokens(feats: Sequence[UnitFeatures]) -> list[str]:
    out: list[str] = []
    for n, f in enumerate(feats):
        if n:
            out.append("\n")
        out.extend(f.raw_tokens)
    return out


def review_wall(
    a: PlanDocument,
    b: PlanDocument,
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    rejected: frozenset[tuple[int, int]],
) -> Wall:
    """Analysts' rejected pairs, and review units kept from plan units when both documents
    have a review part and a part ahead (:mod:`comparison.retrospect`)."""
    sides_a, sides_b = review_sides(a), review_sides(b)
    if not (has_both(sides_a) and has_both(sides_b)):
        return Wall(rejected)
    return Wall(
        rejected,
        [sides_a.get(f.key, NEUTRAL) for f in fa],
        [sides_b.get(f.key, NEUTRAL) for f in fb],
    )


def compare_features(
    a: PlanDocument,
    b: PlanDocument,
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    options: CompareOptions,
    vocab: Vocabulary,
    constraints: Constraints | None = None,
) -> Comparison:
    """:func:`compare` on precomputed features (``build_timeline`` reuses them).

    ``fa``/``fb`` are the features of every unit of ``a``/``b`` built with ``vocab``.
    """
    kinds = frozenset(options.granularity)
    units_a, units_b = a.by_key(), b.by_key()
    params = options.align_params(comparison_language(a, b))
    decisions = resolve(
        constraints,
        [f.key for f in fa],
        [f.key for f in fb],
        lambda i: fa[i].kind in kinds,
        lambda j: fb[j].kind in kinds,
    )
    groups = align(
        fa,
        fb,
        params,
        vocab,
        kinds=kinds,
        fixed=decisions.fixed,
        forbidden=review_wall(a, b, fa, fb, decisions.forbidden),
    )
    aligned = classify(groups, fa, fb, kinds)
    ranks_a, ranks_b = sibling_ranks(a.units), sibling_ranks(b.units)
    formula_a = formulaic_units(a, {f.key: f.norm for f in fa}) | decisions.boilerplate_a
    formula_b = formulaic_units(b, {f.key: f.norm for f in fb}) | decisions.boilerplate_b
    matches: list[Match] = []
    seen_a: set[int] = set()
    seen_b: set[int] = set()
    qty_a, qty_b = document_quantities(a), document_quantities(b)
    for al in aligned:
        ua = [units_a[fa[i].key] for i in al.a]
        ub = [units_b[fb[j].key] for j in al.b]
        text_a = "\n".join(unit_text(u) for u in ua)
        text_b = "\n".join(unit_text(u) for u in ub)
        added, removed = commitments(text_a, text_b)
        matches.append(
            Match(
                a=tuple(u.key for u in ua),
                b=tuple(u.key for u in ub),
                kind=al.kind,
                moved=al.moved,
                score=al.score,
                change_ratio=al.change_ratio,
                lead_units=lead_change(
                    [u.lead_units for u in ua],
                    [u.lead_units for u in ub],
                    support_a=[u.support_units for u in ua],
                    support_b=[u.support_units for u in ub],
                ),
                redline=redline(
                    text_a,
                    text_b,
                    _group_tokens([fa[i] for i in al.a]),
                    _group_tokens([fb[j] for j in al.b]),
                ),
                commitments_added=added,
                commitments_removed=removed,
                boilerplate=any(u.key in formula_a for u in ua)
                or any(u.key in formula_b for u in ub),
                decided=None if al.decided is None else Decided(al.decided),
                grade=grade_of(
                    fa, fb, al.a, al.b, al.change_ratio, sentences_changed=bool(added or removed)
                ),
                rank_a=ranks_a.get(ua[0].key),
                rank_b=ranks_b.get(ub[0].key),
                confidence=confidence(
                    al.score, params.score_cutoff, decided=al.decided is not None
                ),
                targets_changed=match_targets(qty_a, qty_b, ua, ub),
            )
        )
        seen_a.update(al.a)
        seen_b.update(al.b)
    new = tuple(f.key for j, f in enumerate(fb) if j not in seen_b and f.kind in kinds)
    dropped = tuple(f.key for i, f in enumerate(fa) if i not in seen_a and f.kind in kinds)
    return Comparison(
        doc_a=a,
        doc_b=b,
        matches=tuple(matches),
        new=new,
        dropped=dropped,
        engine_version=ENGINE_VERSION,
        boilerplate_a=tuple(k for k in dropped if k in formula_a),
        boilerplate_b=tuple(k for k in new if k in formula_b),
    )


def compare(
    a: PlanDocument,
    b: PlanDocument,
    *,
    options: CompareOptions | None = None,
    constraints: Constraints | None = None,
) -> Comparison:
    """Align the units of ``a`` (earlier) and ``b`` (later) and describe every change.

    ``constraints`` are analysts' decisions resolved to unit keys: confirmed and linked groups are
    matched exactly so, rejected pairs never share a match, and the rest is aligned around them.

    Every aligned unit of ``a`` is in exactly one match or in ``dropped``; every aligned unit of
    ``b`` in exactly one match or in ``new``. The same inputs give byte-identical JSON.

    Examples
    --------
    >>> from comparison.document import Unit, UnitKind
    >>> u = Unit("1", None, 1, UnitKind.ITEM, "1", "推进社区建设", "推进社区建设。", ("市民政局",))
    >>> doc = PlanDocument("计划", 2014, "zh", units=(u,))
    >>> compare(doc, doc).summary["unchanged"]
    1
    """
    opts = options or CompareOptions()
    vocab = Vocabulary()
    abbreviations = shared_definitions(document_definitions(a), document_definitions(b))
    fa = document_features(a, vocab, abbreviations)
    fb = document_features(b, vocab, abbreviations)
    return compare_features(a, b, fa, fb, opts, vocab, constraints)


def build_timeline(
    docs: Sequence[PlanDocument],
    *,
    options: CompareOptions | None = None,
    comparisons: Sequence[Comparison] | None = None,
    constraints: Mapping[tuple[int, int], Constraints] | None = None,
) -> Timeline:
    """Follow every initiative through all years of a series.

    ``docs`` are the years in any order (sorted by year here); ``comparisons`` optionally supplies
    the precomputed comparisons of consecutive years (in year order), e.g. from a cache.
    ``constraints`` maps a consecutive pair ``(year_a, year_b)`` to the decisions for it (used
    only for the comparisons this call computes itself).

    Examples
    --------
    >>> from comparison.document import Unit, UnitKind
    >>> u = Unit("1", None, 1, UnitKind.ITEM, "1", "推进社区建设", "推进社区建设。")
    >>> docs = [PlanDocument("计划", y, "zh", units=(u,)) for y in (2014, 2015)]
    >>> [y.status.value for y in build_timeline(docs).threads[0].years]
    ['new', 'unchanged']
    """
    opts = options or CompareOptions()
    return chain_threads(docs, opts, compare_features, comparisons, constraints)
