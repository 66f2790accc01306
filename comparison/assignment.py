"""Optimal one-to-one assignment over the scored candidate graph, and the weak mutual-best pairs.

Stage *assignment* of the engine's line: scored pairs in, one-to-one partners out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from comparison.features import UnitFeatures
from comparison.scores import tie_break

ROBUST_UNITS = 4000  # units of both plans up to which assign() skips the row reduction (below)
WEAK_MARGIN = 1.3  # ... i.e. when the pair beats every other candidate of both units by this factor


def assign(
    n_a: int, n_b: int, edges: Sequence[tuple[int, int, float]], cutoff: float
) -> dict[int, int]:
    """Optimal one-to-one assignment maximising the summed ``score - cutoff`` of kept pairs.

    Sparse: the bipartite graph is the candidate edges plus one "unmatched" slack per unit, solved
    by ``min_weight_full_bipartite_matching``. Edges below ``cutoff`` are never kept.

    Up to ``ROBUST_UNITS`` units the graph gets one column more than it has rows, a column no
    row reaches. On a square graph the solver (LAPJVsp) first runs Jonker and Volgenant's
    augmenting row reduction, which trades a column between close rivals over and over,
    lowering its price each time by their difference: candidates a tie-break apart (1e-4) took
    national 2012 -> 2013 without the review wall 10 s (scipy issue 17269 reports the same
    stall). On a non-square graph it goes straight to shortest augmenting paths: the same
    optimum, in a millisecond there. The reduction pays on very large, easy graphs (10,000
    synthetic items: 0.03 s a call against 0.22 s), so beyond the size of any real plan the
    graph stays square.
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
    shape = (n, n + 1) if n <= ROBUST_UNITS else (n, n)
    graph = sp.csr_matrix((np.asarray(vals), (np.asarray(rows), np.asarray(cols))), shape=shape)
    r, c = min_weight_full_bipartite_matching(graph)
    return {
        int(i): int(j) for i, j in zip(r.tolist(), c.tolist(), strict=True) if i < n_a and j < n_b
    }


def edges(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
) -> list[tuple[int, int, float]]:
    return [(i, j, s - tie_break(fa[i], fb[j])) for (i, j), s in zip(pairs, scores, strict=True)]


def mutual_best_leftovers(
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

    A pair below ``cutoff`` whose units sit in sections not linked to each other (``apart``) is
    no weak evidence, so it is neither kept nor a rival: it does not stand in the way of a pair
    within linked sections (national 2018 → 2019: 着力促进就业创业 → 多管齐下稳定和扩大就业,
    whose runner-up was a paragraph of another, unlinked section).
    """
    floor = min(weak_floor, cutoff)
    top_a: dict[int, list[tuple[float, int]]] = {}
    top_b: dict[int, list[tuple[float, int]]] = {}
    for (i, j), s in zip(pairs, scores, strict=True):
        if s < cutoff and (i, j) in apart:  # weak evidence across unlinked sections: none
            continue
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
        second_a = top_a[i][1][0] if len(top_a[i]) > 1 else 0.0
        second_b = top_b[j][1][0] if len(top_b[j]) > 1 else 0.0
        if s >= WEAK_MARGIN * max(second_a, second_b):
            out[i] = j
    return out
