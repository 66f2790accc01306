"""Sparse candidate search: TF-IDF over character n-grams, top-k neighbours in both directions.

Cost grows near-linearly with the number of units: rows are L2-normalised CSR vectors, the sparse
product ``A · Bᵀ`` is computed a chunk of rows at a time and only each row's top-k survive; no unit
is compared with every other unit by string similarity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

CHUNK_ROWS = 256
MIN_COSINE = 0.02

Vectors: TypeAlias = Any  # scipy.sparse.csr_matrix (scipy ships no type stubs)


class NgramIndex:
    """A shared vocabulary and IDF over the n-gram bags of two documents' units.

    Columns are the sorted vocabulary, so results do not depend on which document came first.
    """

    def __init__(self, bags: Sequence[Mapping[str, float]]) -> None:
        df: dict[str, int] = {}
        for bag in bags:
            for g in bag:
                df[g] = df.get(g, 0) + 1
        self.vocab: dict[str, int] = {g: i for i, g in enumerate(sorted(df))}
        n = max(len(bags), 1)
        idf = np.zeros(len(self.vocab), dtype=np.float64)
        for g, i in self.vocab.items():
            idf[i] = math.log((1 + n) / (1 + df[g])) + 1.0
        self.idf = idf

    def vectors(self, bags: Sequence[Mapping[str, float]]) -> Vectors:
        """L2-normalised TF-IDF rows (sublinear tf) for ``bags``; unknown n-grams are ignored."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for bag in bags:
            cols = sorted((self.vocab[g], w) for g, w in bag.items() if g in self.vocab)
            for c, w in cols:
                indices.append(c)
                data.append(math.log1p(w) * float(self.idf[c]))
            indptr.append(len(indices))
        m = sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(bags), len(self.vocab)),
        )
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        out: Vectors = sp.csr_matrix(sp.diags(1.0 / norms) @ m)
        out.sort_indices()
        return out


def _top_k_rows(left: Vectors, right: Vectors, k: int, min_cos: float) -> list[tuple[int, int]]:
    """Pairs (row of left, row of right) where right is among left-row's top-k by cosine.

    Ties at the k-th value are all kept, so the result never depends on sort stability.
    """
    pairs: list[tuple[int, int]] = []
    if left.shape[0] == 0 or right.shape[0] == 0:
        return pairs
    right_t = sp.csc_matrix(right.T)
    kk = min(k, right.shape[0])
    for start in range(0, left.shape[0], CHUNK_ROWS):
        block = (left[start : start + CHUNK_ROWS] @ right_t).toarray()
        if kk < block.shape[1]:
            kth = -np.partition(-block, kk - 1, axis=1)[:, kk - 1]
        else:
            kth = block.min(axis=1)
        keep = (block >= kth[:, None]) & (block > min_cos)
        rows, cols = np.nonzero(keep)
        pairs.extend(zip((rows + start).tolist(), cols.tolist(), strict=True))
    return pairs


def top_k_pairs(
    va: Vectors, vb: Vectors, *, k: int, min_cos: float = MIN_COSINE
) -> list[tuple[int, int]]:
    """Candidate pairs (i in A, j in B): j among i's top-k or i among j's top-k; sorted, unique."""
    found = set(_top_k_rows(va, vb, k, min_cos))
    found.update((i, j) for j, i in _top_k_rows(vb, va, k, min_cos))
    return sorted(found)


def pair_cosines(
    va: Vectors, vb: Vectors, pairs: Sequence[tuple[int, int]]
) -> npt.NDArray[np.float64]:
    """Cosine of each pair, computed symmetrically (elementwise product, summed in column order)."""
    if not pairs:
        return np.zeros(0, dtype=np.float64)
    ia = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    ib = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    prod = va[ia].multiply(vb[ib])
    return np.asarray(prod.sum(axis=1), dtype=np.float64).ravel()


def combine_rows(v: Vectors, rows: Sequence[int]) -> Vectors:
    """One L2-normalised vector for a group of rows (a split or merge group's combined text)."""
    s = sp.csr_matrix(v[list(rows)].sum(axis=0))
    norm = math.sqrt(float(s.multiply(s).sum())) or 1.0
    out: Vectors = sp.csr_matrix(s / norm)
    out.sort_indices()
    return out
