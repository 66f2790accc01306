"""Sparse candidate search: TF-IDF over character n-grams, top-k neighbours in both directions.

Cost grows near-linearly with the number of units: rows are L2-normalised CSR vectors, the sparse
product ``A · Bᵀ`` is computed a chunk of rows at a time and only each row's top-k survive; no unit
is compared with every other unit by string similarity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from comparison.document import UnitKind
from comparison.features import FAMILY, UnitFeatures, Vocabulary

CHUNK_ROWS = 256
MIN_COSINE = 0.02
PAIR_CHUNK = 2048
DENSE_SHARE = 2  # pairs' rows at least half nonzero are multiplied as dense arrays ...
DENSE_CELLS = 20_000_000  # ... when they fit in this many cells (160 MB) ...
DENSE_PAIR_CHUNK = 512  # ... this many pairs at a time
QUERY_TERMS = 48  # a row searches with its most weighted n-grams only (bounds the product cost)
KTH_BY_MAXIMA = 16  # up to this k, a row's k-th largest is found by taking out maxima
PRUNE_ABOVE = 1_000_000  # ... and only for large products (more than 1,000 x 1,000 units)

Vectors: TypeAlias = Any  # scipy.sparse.csr_matrix (scipy ships no type stubs)


class NgramIndex:
    """IDF over the n-grams of the units being compared, in a shared, string-sorted column space.

    Columns are sorted by n-gram string, so results do not depend on which document came first.
    """

    def __init__(self, vocab: Vocabulary, units: Sequence[UnitFeatures]) -> None:
        strings = vocab.strings()
        size = len(strings)
        empty = np.zeros(0, dtype=np.int64)
        ids = np.concatenate([f.gram_ids for f in units]).astype(np.int64) if units else empty
        df = np.bincount(ids, minlength=size)  # a unit's ids are unique
        used = np.nonzero(df)[0].tolist()
        order = sorted(used, key=strings.__getitem__)
        self.col = np.full(size, -1, dtype=np.int64)
        self.col[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int64)
        n = max(len(units), 1)
        self.idf = np.log((1.0 + n) / (1.0 + df[np.asarray(order, dtype=np.int64)])) + 1.0
        self.n_cols = len(order)

    def vectors(self, units: Sequence[UnitFeatures]) -> Vectors:
        """L2-normalised TF-IDF rows (sublinear tf) of ``units``' own text."""
        lengths = [len(f.gram_ids) for f in units]
        indptr = np.zeros(len(units) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        if units and indptr[-1]:
            cols = self.col[np.concatenate([f.gram_ids for f in units])]
            weights = np.concatenate([f.gram_w for f in units]).astype(np.float64)
        else:
            cols = np.zeros(0, dtype=np.int64)
            weights = np.zeros(0, dtype=np.float64)
        if (cols < 0).any():
            raise ValueError("units outside this index")
        data = np.log1p(weights) * self.idf[cols]
        idx = np.int32 if self.n_cols < 2**31 - 1 and len(data) < 2**31 - 1 else np.int64
        m = sp.csr_matrix(
            (data, cols.astype(idx), indptr.astype(idx)), shape=(len(units), self.n_cols)
        )
        m.sort_indices()
        return normalize_rows(m)


def normalize_rows(m: Vectors) -> Vectors:
    """Scale each row of a CSR matrix to unit length (in place; zero rows stay zero)."""
    m = sp.csr_matrix(m)
    m.sort_indices()
    lengths = np.diff(m.indptr)
    row_of = np.repeat(np.arange(m.shape[0]), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=m.data * m.data, minlength=m.shape[0]))
    norms[norms == 0] = 1.0
    m.data /= norms[row_of]
    return m


def profile_vectors(own: Vectors, units: Sequence[UnitFeatures]) -> Vectors:
    """Container profiles: each unit's own vector plus its descendants' vectors, re-normalised.

    Only containers get a row; leaves' rows are empty (their profile is their own vector).
    """
    rows: list[int] = []
    cols: list[int] = []
    for i, f in enumerate(units):
        if not f.descendants:
            continue
        rows.append(i)
        cols.append(i)
        rows.extend([i] * len(f.descendants))
        cols.extend(f.descendants)
    n = len(units)
    tree = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return normalize_rows(sp.csr_matrix(tree @ own))


def _top_k_rows(
    left: Vectors, right: Vectors, k: int, min_cos: float, *, prune: bool
) -> list[tuple[int, int, float]]:
    """(row of left, row of right, cosine) where right is among left-row's top-k by cosine.

    Ties at the k-th value are all kept, so the result never depends on sort stability. The
    product is computed ``CHUNK_ROWS`` rows at a time; a sparse chunk is searched among its
    nonzero entries, a dense one (most of its entries nonzero) as an array.
    """
    out: list[tuple[int, int, float]] = []
    if left.shape[0] == 0 or right.shape[0] == 0:
        return out
    if prune:
        left = prune_rows(left, QUERY_TERMS)
    right_t = sp.csr_matrix(right.T)  # once: a CSC operand would be converted for every chunk
    kk = min(k, right.shape[0])
    for start in range(0, left.shape[0], CHUNK_ROWS):
        block = sp.csr_matrix(left[start : start + CHUNK_ROWS] @ right_t)
        out.extend(_block_top_k(block, kk, min_cos, start))
    return out


def _block_top_k(
    block: Vectors, kk: int, min_cos: float, start: int
) -> list[tuple[int, int, float]]:
    """Each row's top ``kk`` of a product block: searched as an array when most entries are
    nonzero, else among its nonzero entries (the same selection either way)."""
    if block.nnz * 4 > block.shape[0] * block.shape[1]:
        return _dense_top_k(block.toarray(), kk, min_cos, start)
    return _sparse_top_k(block, kk, min_cos, start)


def _top_k_both(
    va: Vectors,
    vb: Vectors,
    k: int,
    min_cos: float,
    search_a: Sequence[int] | None = None,
    search_b: Sequence[int] | None = None,
) -> dict[tuple[int, int], float]:
    """The pairs of ``_top_k_rows`` in both directions, for searches whose query rows are not
    pruned (at most ``PRUNE_ABOVE`` entries): one product held whole when every row searches,
    else each side's searching rows times the other side.

    ``B · Aᵀ`` is ``(A · Bᵀ)ᵀ`` to the bit: both rows are sorted by column, so each entry sums
    the same products in the same (column) order either way, and that is how
    :func:`pair_cosines` sums them: the entries are the pairs' cosines.
    """
    if va.shape[0] == 0 or vb.shape[0] == 0:
        return {}
    if search_a is None and search_b is None:
        prod = sp.csr_matrix(va @ sp.csr_matrix(vb.T))
        by_row, by_col = prod, sp.csr_matrix(prod.T)
    else:  # only the searching rows' products (carried-over texts are most of a plan)
        by_row = sp.csr_matrix(_rows_of(va, search_a) @ sp.csr_matrix(vb.T))
        by_col = sp.csr_matrix(_rows_of(vb, search_b) @ sp.csr_matrix(va.T))
    rows = _block_top_k(by_row, min(k, vb.shape[0]), min_cos, 0)
    cols = _block_top_k(by_col, min(k, va.shape[0]), min_cos, 0)
    ra = _index(search_a)
    rb = _index(search_b)
    found = {(ra(i), j): c for i, j, c in rows}
    found.update(((i, rb(j)), c) for j, i, c in cols)
    return dict(sorted(found.items()))


def _rows_of(m: Vectors, rows: Sequence[int] | None) -> Vectors:
    """The rows of ``m`` a search starts from (all when None)."""
    return m if rows is None else sp.csr_matrix(m[np.asarray(rows, dtype=np.int64)])


def _index(rows: Sequence[int] | None) -> Any:
    """Maps a position among the searched rows back to its row."""
    if rows is None:
        return lambda x: x
    return list(rows).__getitem__


def _dense_top_k(
    block: npt.NDArray[np.float64], kk: int, min_cos: float, start: int
) -> list[tuple[int, int, float]]:
    kth = _kth_largest(block, kk) if kk < block.shape[1] else block.min(axis=1)
    keep = (block >= kth[:, None]) & (block > min_cos)
    rows, cols = np.nonzero(keep)
    vals = block[rows, cols]
    return list(zip((rows + start).tolist(), cols.tolist(), vals.tolist(), strict=True))


def _kth_largest(block: npt.NDArray[np.float64], kk: int) -> npt.NDArray[np.float64]:
    """Each row's ``kk``-th largest value, duplicates counted (what ``np.partition`` gives):
    the row maximum taken out ``kk - 1`` times, then read. For the small ``kk`` of a top-k
    search this is several times faster than partitioning every row of a dense block."""
    if kk > KTH_BY_MAXIMA:
        return -np.partition(-block, kk - 1, axis=1)[:, kk - 1]
    work = block.copy()
    rows = np.arange(work.shape[0])
    for _ in range(kk - 1):
        work[rows, work.argmax(axis=1)] = -np.inf
    out: npt.NDArray[np.float64] = work.max(axis=1)
    return out


def _sparse_top_k(
    block: Vectors, kk: int, min_cos: float, start: int
) -> list[tuple[int, int, float]]:
    """The same selection as :func:`_dense_top_k` over a sparse block's nonzero entries: a row
    with fewer than ``kk`` of them keeps them all (its zeros would be the k-th value)."""
    counts = np.diff(block.indptr)
    row_of = np.repeat(np.arange(block.shape[0]), counts)
    vals = block.data
    order = np.lexsort((-vals, row_of))  # by row, largest value first
    kth = np.zeros(block.shape[0], dtype=vals.dtype)
    full = counts >= kk
    kth[full] = vals[order[block.indptr[:-1][full] + kk - 1]]
    keep = (vals >= kth[row_of]) & (vals > min_cos)
    return list(
        zip(
            (row_of[keep] + start).tolist(),
            block.indices[keep].tolist(),
            vals[keep].tolist(),
            strict=True,
        )
    )


def prune_rows(m: Vectors, keep: int) -> Vectors:
    """Keep each row's ``keep`` largest entries (ties broken by column), for searching only.

    Searching with a unit's most distinctive n-grams costs the sum of their posting lists, not
    a pass over every unit sharing some common n-gram with it: the product stays near-linear.
    """
    lengths = np.diff(m.indptr)
    if lengths.size == 0 or lengths.max() <= keep:
        return m
    mask = np.ones(m.nnz, dtype=bool)
    for r in np.nonzero(lengths > keep)[0].tolist():
        lo, hi = int(m.indptr[r]), int(m.indptr[r + 1])
        order = np.lexsort((m.indices[lo:hi], -m.data[lo:hi]))
        mask[lo + order[keep:]] = False
    rows = np.repeat(np.arange(m.shape[0]), lengths)[mask]
    out: Vectors = sp.csr_matrix((m.data[mask], (rows, m.indices[mask])), shape=m.shape)
    out.sort_indices()
    return out


def top_k_pairs(
    va: Vectors,
    vb: Vectors,
    *,
    k: int,
    min_cos: float = MIN_COSINE,
    search_a: Sequence[int] | None = None,
    search_b: Sequence[int] | None = None,
) -> dict[tuple[int, int], float]:
    """Candidate pairs (i in A, j in B) -> cosine: j among i's top-k or i among j's top-k.

    Only the rows of ``search_a`` (of ``va``; all when None) search for their top-k, and only
    those of ``search_b`` for theirs; every row can be found by the other side's searches.

    Up to ``PRUNE_ABOVE`` entries one product serves both directions and its entries are the
    cosines. Larger searches use pruned query rows, one product per direction; their candidates'
    cosines are then computed exactly (:func:`pair_cosines`, the same sums), so results do not
    change when A and B are swapped.
    """
    if va.shape[0] * vb.shape[0] <= PRUNE_ABOVE:
        return _top_k_both(va, vb, k, min_cos, search_a, search_b)
    ra = _index(search_a)
    rb = _index(search_b)
    # scipy's sparse product releases the GIL: the second direction runs on another core
    with ThreadPoolExecutor(max_workers=1) as pool:
        backward = pool.submit(_top_k_rows, _rows_of(vb, search_b), va, k, min_cos, prune=True)
        forward = _top_k_rows(_rows_of(va, search_a), vb, k, min_cos, prune=True)
        found = {(ra(i), j) for i, j, _ in forward}
        found.update((i, rb(j)) for j, i, _ in backward.result())
    pairs = sorted(found)
    return dict(zip(pairs, pair_cosines(va, vb, pairs).tolist(), strict=True))


def pair_cosines(
    va: Vectors, vb: Vectors, pairs: Sequence[tuple[int, int]]
) -> npt.NDArray[np.float64]:
    """Cosine of each pair, computed symmetrically (elementwise product, summed in column order).

    Works ``PAIR_CHUNK`` pairs at a time so memory stays bounded.
    """
    out = np.zeros(len(pairs), dtype=np.float64)
    if not pairs:
        return out
    dense = _dense_rows(va, vb, pairs)
    if dense is not None:
        da, db, ia_all, ib_all = dense
        for start in range(0, len(pairs), DENSE_PAIR_CHUNK):
            prod = da[ia_all[start : start + DENSE_PAIR_CHUNK]]
            prod *= db[ib_all[start : start + DENSE_PAIR_CHUNK]]
            # cumsum adds column after column from 0.0 (never pairwise): the sparse sums to
            # the bit, since adding a product that is 0.0 leaves a nonnegative sum as it was
            out[start : start + len(prod)] = np.cumsum(prod, axis=1, out=prod)[:, -1]
        return out
    for start in range(0, len(pairs), PAIR_CHUNK):
        chunk = pairs[start : start + PAIR_CHUNK]
        ia = np.fromiter((p[0] for p in chunk), dtype=np.int64, count=len(chunk))
        ib = np.fromiter((p[1] for p in chunk), dtype=np.int64, count=len(chunk))
        prod = sp.csr_matrix(va[ia].multiply(vb[ib]))
        # summed one by one in column order from 0.0 (bincount's order), as the sparse product
        # A·Bᵀ sums each entry: a pair's cosine is the product's entry to the bit
        rows = np.repeat(np.arange(len(chunk)), np.diff(prod.indptr))
        out[start : start + len(chunk)] = np.bincount(rows, weights=prod.data, minlength=len(chunk))
    return out


def _dense_rows(
    va: Vectors, vb: Vectors, pairs: Sequence[tuple[int, int]]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], Any, Any] | None:
    """The pairs' distinct rows as dense arrays (and each pair's positions in them) when those
    rows are mostly nonzero — container profiles over a small vocabulary — where gathering
    sparse rows pair by pair costs more than the arithmetic; None otherwise."""
    ia = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    ib = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    ua, pos_a = np.unique(ia, return_inverse=True)
    ub, pos_b = np.unique(ib, return_inverse=True)
    n_cols = va.shape[1]
    cells = (len(ua) + len(ub)) * n_cols
    nnz = int(np.diff(va.indptr)[ua].sum() + np.diff(vb.indptr)[ub].sum())
    if not cells or nnz * DENSE_SHARE < cells or cells > DENSE_CELLS:
        return None  # (no n-grams at all: nothing to gather)
    if va.data.min(initial=0.0) < 0 or vb.data.min(initial=0.0) < 0:
        return None  # the sums would not be the sparse ones (TF-IDF weights never are)
    return va[ua].toarray(), vb[ub].toarray(), pos_a, pos_b


def combine_rows(v: Vectors, rows: Sequence[int]) -> Vectors:
    """One L2-normalised vector for a group of rows (a split or merge group's combined text)."""
    return normalize_rows(sp.csr_matrix(v[list(rows)].sum(axis=0)))


# kind-family blocks searched for candidates: same family, plus task <-> item/paragraph
BLOCKS = (("S", "S"), ("T", "T"), ("L", "L"), ("T", "L"), ("L", "T"))


class Space:
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


def _twins(
    same_a: dict[tuple[str, str], list[int]],
    same_b: dict[tuple[str, str], list[int]],
    not_twins: Callable[[int, int], bool],
) -> tuple[set[int], set[int]]:
    """Leaf units whose own text appears once on each side and nowhere else ("twins").

    A twin's match is its twin (the pair is a candidate by identity), so its own neighbours
    are not searched for: it is still found by every other unit's search. A unit that is
    split or merged differs from every unit of the other year, so it still searches.
    Sections and tasks always search: their profiles carry their children.
    """
    twins_a: set[int] = set()
    twins_b: set[int] = set()
    for (family, text), ia in same_a.items():
        if family != "L" or not text or len(ia) != 1:
            continue
        ib = same_b.get((family, text), [])
        if len(ib) == 1 and not not_twins(ia[0], ib[0]):
            twins_a.add(ia[0])
            twins_b.add(ib[0])
    return twins_a, twins_b


def block_candidates(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    space: Space,
    k: int,
    kinds: frozenset[UnitKind] | None,
    *,
    not_twins: Callable[[int, int], bool] = lambda i, j: False,
) -> dict[tuple[int, int], float]:
    """Candidate pairs -> own-text cosine, found block by block within compatible kinds.

    ``not_twins(i, j)``: identical texts ``i`` and ``j`` that must still search (an analyst
    rejected their pair or pinned one of them elsewhere: each needs its own alternatives)."""
    found: dict[tuple[int, int], float] = {}
    via_profile: set[tuple[int, int]] = set()
    same_a: dict[tuple[str, str], list[int]] = {}
    same_b: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(fa):
        if kinds is None or f.kind in kinds:
            same_a.setdefault((FAMILY[f.kind], f.norm), []).append(i)
    for j, f in enumerate(fb):
        if kinds is None or f.kind in kinds:
            same_b.setdefault((FAMILY[f.kind], f.norm), []).append(j)
    twins_a, twins_b = _twins(same_a, same_b, not_twins)
    for fam_a, fam_b in BLOCKS:
        ia = [
            i
            for i, f in enumerate(fa)
            if FAMILY[f.kind] == fam_a and (kinds is None or f.kind in kinds)
        ]
        ib = [
            j
            for j, f in enumerate(fb)
            if FAMILY[f.kind] == fam_b and (kinds is None or f.kind in kinds)
        ]
        if not ia or not ib:
            continue
        va = space.own_a if len(ia) == len(fa) else space.own_a[ia]
        vb = space.own_b if len(ib) == len(fb) else space.own_b[ib]
        search_a = [x for x, i in enumerate(ia) if i not in twins_a]
        search_b = [y for y, j in enumerate(ib) if j not in twins_b]
        own = top_k_pairs(
            va,
            vb,
            k=k,
            search_a=None if len(search_a) == len(ia) else search_a,
            search_b=None if len(search_b) == len(ib) else search_b,
        )
        for (x, y), c in own.items():
            found[(ia[x], ib[y])] = c
        if fam_a == fam_b and fam_a in "ST":
            pairs = top_k_pairs(space.prof_a[ia], space.prof_b[ib], k=k)
            via_profile.update((ia[x], ib[y]) for x, y in pairs)
    # identical texts are always candidates (even texts without n-grams, e.g. empty ones)
    for text_key, ia_same in same_a.items():
        ib_same = same_b.get(text_key, [])
        if ib_same and len(ia_same) * len(ib_same) <= k * k:
            via_profile.update((i, j) for i in ia_same for j in ib_same)
    missing = sorted(via_profile - found.keys())
    for p, c in zip(missing, pair_cosines(space.own_a, space.own_b, missing).tolist(), strict=True):
        found[p] = c
    return found
