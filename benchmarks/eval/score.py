"""Score an engine Comparison against a Truth.

A *link* is a pair (a_key, b_key); a match of several A or B units expands to all its pairs.
Only pairs touching the truth's scope are judged: a pair between two units the truth does not
mention is ignored, and so is a pair from an *undecided* unit (one with only possible links) to a
unit outside the scope. With sure/possible truth links (AER style):

- precision = |predicted ∩ (sure ∪ possible)| / |predicted|
- recall    = |predicted ∩ sure| / |sure|

``strict`` recall treats possible links as required too. New/dropped agreement is the
precision/recall of the engine's ``new``/``dropped`` sets against the truth's, leaving out the
units whose truth is undecided (only possible links). Split/merge detection counts a truth split
(1 A unit -> n B units) as named when the engine returns a ``split`` match with that A unit and at
least two of its B units (merges likewise). Primary-lead-change recall counts truth (a, b) pairs
for which a match containing both has ``primary_changed``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchmarks.eval.truth import SURE, Truth
from comparison.result import Comparison


@dataclass(frozen=True)
class PRF:
    """Precision ``hit_pred / n_pred`` and recall ``hit_true / n_true``.

    The two numerators differ only when possible links exist (a possible link found counts for
    precision but not for recall).
    """

    hit_pred: int
    n_pred: int
    hit_true: int
    n_true: int

    @property
    def precision(self) -> float:
        return self.hit_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.hit_true / self.n_true if self.n_true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.n_pred,
            "true": self.n_true,
        }


def prf_sets(pred: set[Any], true: set[Any], acceptable: set[Any] | None = None) -> PRF:
    """P/R of ``pred`` against ``true``; ``acceptable`` (superset of true) counts for precision."""
    ok = true | acceptable if acceptable is not None else true
    return PRF(len(pred & ok), len(pred), len(pred & true), len(true))


@dataclass(frozen=True)
class Errors:
    """The concrete disagreements, for failure analysis."""

    false_links: tuple[tuple[str, str], ...] = ()  # predicted, not acceptable
    missed_links: tuple[tuple[str, str], ...] = ()  # sure, not predicted
    false_new: tuple[str, ...] = ()
    missed_new: tuple[str, ...] = ()
    false_dropped: tuple[str, ...] = ()
    missed_dropped: tuple[str, ...] = ()
    missed_splits: tuple[str, ...] = ()
    missed_merges: tuple[str, ...] = ()
    missed_primary: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Scores:
    links: PRF
    links_strict: PRF
    by_kind: Mapping[str, PRF]  # by the UnitKind of the pair's A unit
    new: PRF
    dropped: PRF
    splits: PRF
    merges: PRF
    primary: PRF
    errors: Errors = field(default_factory=Errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "links": self.links.as_dict(),
            "links_strict": self.links_strict.as_dict(),
            "by_kind": {k: v.as_dict() for k, v in sorted(self.by_kind.items())},
            "new": self.new.as_dict(),
            "dropped": self.dropped.as_dict(),
            "splits": self.splits.as_dict(),
            "merges": self.merges.as_dict(),
            "primary_lead_changes": self.primary.as_dict(),
        }


def _as_dict(result: Comparison | Mapping[str, Any]) -> Mapping[str, Any]:
    return result.to_dict() if isinstance(result, Comparison) else result


def _unit_kinds(result: Mapping[str, Any]) -> dict[str, str]:
    a = result.get("a") or {}
    return {str(u["key"]): str(u["kind"]) for u in a.get("units", ())}


def _expand(matches: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    return {(str(x), str(y)) for m in matches for x in m["a"] for y in m["b"]}


def _groups(
    matches: Iterable[Mapping[str, Any]], kind: str
) -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(frozenset(m["a"]), frozenset(m["b"])) for m in matches if m.get("kind") == kind]


def _group_found(one: str, many: tuple[str, ...], groups: list[Any], one_side: int) -> bool:
    for g in groups:
        if g[one_side] == frozenset({one}) and len(g[1 - one_side] & set(many)) >= 2:
            return True
    return False


def _judge(truth: Truth) -> Callable[[tuple[str, str]], bool]:
    """Whether a predicted pair is judged by ``truth`` (see the module docstring)."""
    und_a, und_b = truth.undecided_a(), truth.undecided_b()

    def judged(p: tuple[str, str]) -> bool:
        ia, ib = p[0] in truth.scope_a, p[1] in truth.scope_b
        if ia and ib:
            return True
        # One side outside the scope: wrong if the truth knows where the inside unit belongs,
        # unknown if that unit only has possible links.
        return (ia and p[0] not in und_a) or (ib and p[1] not in und_b)

    return judged


def _parents(units: Iterable[Mapping[str, Any]]) -> dict[str, str | None]:
    """Unit key -> its parent's key."""
    return {str(u["key"]): (None if u.get("parent") is None else str(u["parent"])) for u in units}


def _other_level(res: Mapping[str, Any], truth: Truth) -> Callable[[tuple[str, str]], bool]:
    """Whether a predicted pair restates a gold link one level up or down, so that the gold
    (made at one level) has no say on it.

    One unit of the pair is a gold unit in the scope, the other lies outside the scope and is
    either a direct child of that unit's gold partner or the parent of its gold partners, when
    more than half of that parent's units in the scope have it for a partner. A task gold says
    where a task went, not where its paragraphs went: a paragraph of a task linked to the task's
    gold partner is neither right nor wrong there; nor, in a paragraph gold, a task linked to
    where (most of) its paragraphs went. A task linked to the whole section holding its partner
    is still judged (the section's other units have other partners).
    """
    parent_a = _parents((res.get("a") or {}).get("units", ()))
    parent_b = _parents((res.get("b") or {}).get("units", ()))
    partners_of_b: dict[str, set[str]] = {}
    partners_of_a: dict[str, set[str]] = {}
    for x, y in truth.all_pairs():
        partners_of_b.setdefault(y, set()).add(x)
        partners_of_a.setdefault(x, set()).add(y)

    def children_in(
        parent: Mapping[str, str | None], scope: frozenset[str]
    ) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for k in scope:
            if (up := parent.get(k)) is not None:
                out.setdefault(up, []).append(k)
        return out

    kids_a, kids_b = children_in(parent_a, truth.scope_a), children_in(parent_b, truth.scope_b)

    def restates(
        outside: str,
        mine: set[str],
        parent: Mapping[str, str | None],
        kids: Mapping[str, list[str]],
    ) -> bool:
        """``mine``: the gold partners (in the scope of ``outside``'s side) of the other unit."""
        if parent.get(outside) in mine:  # a child of a gold partner
            return True
        inside = kids.get(outside, [])
        hits = sum(1 for x in inside if x in mine)  # its units in the scope that are partners
        return hits > 0 and 2 * hits > len(inside)

    def check(pair: tuple[str, str]) -> bool:
        p, q = pair
        in_a, in_b = p in truth.scope_a, q in truth.scope_b
        if in_a == in_b:
            return False
        if in_b:
            return restates(p, partners_of_b.get(q, set()), parent_a, kids_a)
        return restates(q, partners_of_a.get(p, set()), parent_b, kids_b)

    return check


def links_by(
    result: Comparison | Mapping[str, Any], truth: Truth, field_name: str
) -> dict[str, tuple[int, int]]:
    """Judged links grouped by a match field (``confidence``, ``grade``, ``kind``): value ->
    (links right, links judged). A link is right when the truth accepts it (sure or possible)."""
    res = _as_dict(result)
    judged = _judge(truth)
    other_level = _other_level(res, truth)
    acceptable = truth.all_pairs()
    out: dict[str, tuple[int, int]] = {}
    for m in res.get("matches", ()):
        pairs = [p for p in _expand([m]) if judged(p) and not other_level(p)]
        if not pairs:
            continue
        value = str(m.get(field_name))
        right, n = out.get(value, (0, 0))
        out[value] = (right + sum(1 for p in pairs if p in acceptable), n + len(pairs))
    return out


def score(result: Comparison | Mapping[str, Any], truth: Truth) -> Scores:
    """Compare an engine result (Comparison or its JSON dict) with ``truth``."""
    res = _as_dict(result)
    matches = list(res.get("matches", ()))
    in_scope = [
        m
        for m in matches
        if any(x in truth.scope_a for x in m["a"]) or any(y in truth.scope_b for y in m["b"])
    ]
    und_a, und_b = truth.undecided_a(), truth.undecided_b()
    judged = _judge(truth)
    other_level = _other_level(res, truth)
    pred = {p for p in _expand(in_scope) if judged(p) and not other_level(p)}
    sure = truth.sure_pairs()
    acceptable = truth.all_pairs()
    links = prf_sets(pred, sure, acceptable)
    links_strict = prf_sets(pred, acceptable)

    kinds = _unit_kinds(res)
    by_kind: dict[str, PRF] = {}
    for k in sorted({kinds.get(a, "?") for a, _ in pred | sure}):
        pk = {p for p in pred if kinds.get(p[0], "?") == k}
        sk = {p for p in sure if kinds.get(p[0], "?") == k}
        ak = {p for p in acceptable if kinds.get(p[0], "?") == k}
        by_kind[k] = prf_sets(pk, sk, ak)

    pred_new = {str(k) for k in res.get("new", ())} & truth.scope_b - und_b
    pred_dropped = {str(k) for k in res.get("dropped", ())} & truth.scope_a - und_a
    new = prf_sets(pred_new, set(truth.new))
    dropped = prf_sets(pred_dropped, set(truth.dropped))

    # a group's members that only restate a gold link at another level are not its parts
    leveled = [
        {
            **m,
            "a": [x for x in m["a"] if any(not other_level((x, y)) for y in m["b"])],
            "b": [y for y in m["b"] if any(not other_level((x, y)) for x in m["a"])],
        }
        for m in in_scope
    ]
    split_groups = [g for g in _groups(leveled, "split") if len(g[1]) >= 2]
    merge_groups = [g for g in _groups(leveled, "merged") if len(g[0]) >= 2]
    true_splits = [lk for lk in truth.links if lk.status == SURE and lk.kind == "split"]
    true_merges = [lk for lk in truth.links if lk.status == SURE and lk.kind == "merged"]
    found_s = [lk for lk in true_splits if _group_found(lk.a[0], lk.b, split_groups, 0)]
    found_m = [lk for lk in true_merges if _group_found(lk.b[0], lk.a, merge_groups, 1)]
    ok_s = sum(
        1
        for ga, gb in split_groups
        if any(
            set(lk.a) == set(ga) and len(gb & set(lk.b)) >= 2
            for lk in truth.links
            if lk.kind in ("split", "n:m")
        )
    )
    ok_m = sum(
        1
        for ga, gb in merge_groups
        if any(
            set(lk.b) == set(gb) and len(ga & set(lk.a)) >= 2
            for lk in truth.links
            if lk.kind in ("merged", "n:m")
        )
    )
    splits = PRF(ok_s, len(split_groups), len(found_s), len(true_splits))
    merges = PRF(ok_m, len(merge_groups), len(found_m), len(true_merges))

    flagged = {
        p
        for m in in_scope
        if (m.get("lead_units") or {}).get("primary_changed")
        for p in _expand([m])
    }
    primary_found = {p for p in truth.primary_changes if p in flagged}
    flagged_ok = sum(
        1
        for m in in_scope
        if (m.get("lead_units") or {}).get("primary_changed")
        and any(p in truth.primary_changes for p in _expand([m]))
    )
    n_flagged = sum(1 for m in in_scope if (m.get("lead_units") or {}).get("primary_changed"))
    primary = PRF(flagged_ok, n_flagged, len(primary_found), len(truth.primary_changes))

    errors = Errors(
        false_links=tuple(sorted(pred - acceptable)),
        missed_links=tuple(sorted(sure - pred)),
        false_new=tuple(sorted(pred_new - truth.new)),
        missed_new=tuple(sorted(truth.new - pred_new)),
        false_dropped=tuple(sorted(pred_dropped - truth.dropped)),
        missed_dropped=tuple(sorted(truth.dropped - pred_dropped)),
        missed_splits=tuple(lk.a[0] for lk in true_splits if lk not in found_s),
        missed_merges=tuple(lk.b[0] for lk in true_merges if lk not in found_m),
        missed_primary=tuple(sorted(truth.primary_changes - primary_found)),
    )
    return Scores(
        links=links,
        links_strict=links_strict,
        by_kind=by_kind,
        new=new,
        dropped=dropped,
        splits=splits,
        merges=merges,
        primary=primary,
        errors=errors,
    )


# -- what any contract-valid alignment can reach ------------------------------------------------

MAX_COMPONENT_UNITS = 24  # exact search is exponential in the units of one gold component


@dataclass(frozen=True)
class ContractBound:
    """The best link scores any alignment obeying the Comparison contract can reach on a truth.

    The contract's groups are 1:1, 1:n or n:1 and disjoint, so a gold n:m structure (a task split
    in two, one part of which also absorbs another task) can be expressed only in part.
    ``max_sure`` is the largest number of sure pairs such an alignment can contain.
    """

    max_sure: int
    n_sure: int

    @property
    def recall(self) -> float:
        return self.max_sure / self.n_sure if self.n_sure else 1.0

    @property
    def f1(self) -> float:
        # Precision 1 is reachable together with the best recall (see contract_bound).
        r = self.recall
        return 2 * r / (1 + r) if r else 0.0


def _components(edges: set[tuple[str, str]]) -> list[set[tuple[str, str]]]:
    """Connected components of a bipartite edge set (A and B keys tagged apart), as edge sets."""
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def find(x: tuple[int, str]) -> tuple[int, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(edges):
        ra, rb = find((0, a)), find((1, b))
        if ra != rb:
            parent[ra] = rb
    comps: dict[tuple[int, str], set[tuple[str, str]]] = {}
    for a, b in sorted(edges):
        comps.setdefault(find((0, a)), set()).add((a, b))
    return [comps[k] for k in sorted(comps)]


def _max_star_forest(edges: set[tuple[str, str]]) -> int:
    """Most edges of a connected bipartite graph coverable by disjoint stars (1:1, 1:n, n:1).

    The centres of a spanning star forest (one per star; either end of a lone 1:1 pair)
    dominate the graph, so it has at least (domination number) stars and at most v - that many
    edges. Conversely, a graph without isolated vertices has a minimum dominating set whose
    members each have a private neighbour outside it (Bollobás & Cockayne, 1979): attaching every
    other vertex to one of its neighbours in the set, private neighbours to their own, gives
    stars with exactly that many centres. So the maximum is v - (domination number), found here
    by trying vertex sets in increasing size.
    """
    adj: dict[tuple[int, str], set[tuple[int, str]]] = {}
    for a, b in edges:
        adj.setdefault((0, a), set()).add((1, b))
        adj.setdefault((1, b), set()).add((0, a))
    nodes = sorted(adj)
    if len(nodes) > MAX_COMPONENT_UNITS:
        raise ValueError(f"gold component of {len(nodes)} units is too large for exact search")
    closed = {x: adj[x] | {x} for x in nodes}
    everything = set(nodes)
    for size in range(1, len(nodes) + 1):
        for centres in itertools.combinations(nodes, size):
            covered: set[tuple[int, str]] = set()
            for c in centres:
                covered |= closed[c]
            if covered == everything:
                return len(nodes) - size
    return 0  # unreachable: the whole vertex set dominates


def contract_bound(truth: Truth) -> ContractBound:
    """The best link recall and F1 an alignment with disjoint 1:1, 1:n, n:1 groups can reach.

    Exact. Only sure pairs matter: a pair that is not acceptable can always be taken out of its
    group (1:n and n:1 groups give each pair its own unit on the many side, and what remains is
    still a valid group), which keeps recall and raises precision, so the best F1 has precision
    1 and the best recall; possible pairs count for neither. The best recall is the largest set
    of sure pairs forming a *star forest* (every pair has an end that is in no other chosen pair),
    found component by component.
    """
    sure = truth.sure_pairs()
    best = sum(_max_star_forest(comp) for comp in _components(sure))
    return ContractBound(max_sure=best, n_sure=len(sure))


MAX_PARTITION_UNITS = 12  # set partitions of a component are enumerated (Bell(12) ~ 4.2 million)


def _partitions(items: list[Any]) -> Iterable[list[list[Any]]]:
    """Every set partition of ``items``."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _partitions(rest):
        for n in range(len(part)):
            yield [*part[:n], [first, *part[n]], *part[n + 1 :]]
        yield [[first], *part]


@dataclass(frozen=True)
class RestructuredBound:
    """The best link scores an alignment may reach once n:m (restructured) groups are allowed."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def restructured_bound(truth: Truth) -> RestructuredBound:
    """The best link F1 of any alignment into disjoint groups of any shape (1:1, 1:n, n:1, n:m).

    Exact over the gold's sure pairs: per connected component of the sure pairs every partition
    of its units into groups is tried; a group predicts all its A×B pairs, of which the sure ones
    count for recall and precision, possible ones for precision only, the rest against it. The
    components' options are then combined (all combinations of their (sure, possible, wrong)
    counts, pruned to the Pareto front) and the best global F1 is taken. Pairs outside the sure
    components are never predicted (they could only add wrong or possible pairs).
    """
    sure = truth.sure_pairs()
    acceptable = truth.all_pairs()
    n_sure = len(sure)
    if not n_sure:
        return RestructuredBound(1.0, 1.0)
    totals: set[tuple[int, int, int]] = {(0, 0, 0)}
    for comp in _components(sure):
        units = sorted({(0, a) for a, _ in comp} | {(1, b) for _, b in comp})
        if len(units) > MAX_PARTITION_UNITS:
            raise ValueError(f"gold component of {len(units)} units is too large for exact search")
        options: set[tuple[int, int, int]] = set()
        for part in _partitions(units):
            s = p = w = 0
            for group in part:
                for _, a in (u for u in group if u[0] == 0):
                    for _, b in (u for u in group if u[0] == 1):
                        if (a, b) in sure:
                            s += 1
                        elif (a, b) in acceptable:
                            p += 1
                        else:
                            w += 1
            options.add((s, p, w))
        front = {
            o
            for o in options
            if not any(x != o and x[0] >= o[0] and x[1] >= o[1] and x[2] <= o[2] for x in options)
        }
        totals = {(t[0] + o[0], t[1] + o[1], t[2] + o[2]) for t in totals for o in front}
        totals = {
            t
            for t in totals
            if not any(x != t and x[0] >= t[0] and x[1] >= t[1] and x[2] <= t[2] for x in totals)
        }
    best = RestructuredBound(1.0, 0.0)
    for s, p, w in totals:
        pred = s + p + w
        cand = RestructuredBound((s + p) / pred if pred else 1.0, s / n_sure)
        if cand.f1 > best.f1:
            best = cand
    return best
