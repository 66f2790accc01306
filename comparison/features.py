"""Per-unit features: normalised text, tokens, n-grams, headline, leads, context, position.

Each unit's text is segmented once (jieba): the raw tokens serve the redline, their normalised
forms the scoring tokens and the character n-grams. N-grams are kept as integer ids into a
:class:`Vocabulary` shared by the documents being compared, so memory stays small.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import filterfalse, pairwise

import numpy as np
import numpy.typing as npt

from comparison.abbrev import expand
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.normalize import fold_spaces, normalize
from comparison.tokens import (
    content_tokens,
    cut,
    has_cjk,
    is_low_weight,
    ngram_segments,
    segment_ngrams,
    squash_spaces,
    stem,
    weighted_ngrams,
)

FAMILY = {  # kind families aligned with each other
    UnitKind.SECTION: "S",
    UnitKind.TASK: "T",
    UnitKind.ITEM: "L",
    UnitKind.PARAGRAPH: "L",
}


def unit_text(u: Unit) -> str:
    """The unit's full own text: its ``text``, with the headline prepended if not already in it."""
    if u.title and u.title not in u.text:
        return f"{u.title}{u.text}" if u.text else u.title
    return u.text


def norm_text(text: str) -> str:
    """Normalised text for equality and similarity (width, zero-width, spaces)."""
    return squash_spaces(normalize(text))


@lru_cache(maxsize=1 << 16)
def _norm_piece(tok: str) -> str:
    """Normalise one token without touching its neighbours (no space collapsing)."""
    return unicodedata.normalize("NFKC", fold_spaces(tok))


@lru_cache(maxsize=1 << 16)
def _norm_title(title: str) -> str:
    """:func:`norm_text` of a headline (headlines recur across units and years: cached)."""
    return norm_text(title)


@lru_cache(maxsize=1 << 16)
def _shared(token: str) -> str:
    """One string object per distinct token (tokens recur in every unit; saves memory)."""
    return token


class Vocabulary:
    """N-gram string <-> id, shared by every document of one comparison or timeline."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        # unit text -> its text features (_TextFeatures): a text met again (most units recur
        # from one year to the next) is analysed once per vocabulary
        self.texts: dict[_TextKey, _TextFeatures] = {}
        # a run of n-gram characters -> its n-gram ids and weights (see encode_segments)
        self.segments: dict[str, tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]] = {}

    def strings(self) -> list[str]:
        """N-gram strings by id."""
        return list(self.ids)

    def encode(
        self, bag: dict[str, float]
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        table = self.ids
        new = [g for g in bag if g not in table]  # ids in first-seen order, as setdefault gave
        if new:
            table.update(zip(new, range(len(table), len(table) + len(new)), strict=True))
        ids = np.fromiter(map(table.__getitem__, bag), dtype=np.int32, count=len(bag))
        weights = np.fromiter(bag.values(), dtype=np.float32, count=len(bag))
        return ids, weights

    def encode_segments(
        self, texts: Sequence[Sequence[str]]
    ) -> list[tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]]:
        """For each text given by its n-gram runs (:func:`comparison.tokens.ngram_segments`),
        the n-gram ids and weights of ``encode(weighted_ngrams(text))``, all texts at once.

        Runs recur across units and are encoded once per vocabulary. The weights are those of
        the merged bag to the bit: a stable sort keeps a repeated n-gram's occurrences in text
        order and ``np.bincount`` sums them in that order (0 + w1 + w2 ...), as the merge did.
        Ids come out in ascending order, not first-seen order: every reader of ``gram_ids``
        (the CSR vectors, the grades' n-gram sets) is indifferent to their order.
        """
        parts = [[self._segment(seg) for seg in segs] for segs in texts]
        flat = [p for ps in parts for p in ps]
        if not flat:
            empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
            return [empty] * len(texts)
        size = max(len(self.ids), 1)
        ids = np.concatenate([p[0] for p in flat]).astype(np.int64)
        text_of = np.repeat(
            np.arange(len(texts), dtype=np.int64), [sum(len(p[0]) for p in ps) for ps in parts]
        )
        key = text_of * size + ids
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        first = np.ones(len(sorted_key), dtype=bool)
        first[1:] = sorted_key[1:] != sorted_key[:-1]
        sums = np.bincount(
            np.cumsum(first) - 1, weights=np.concatenate([p[1] for p in flat])[order]
        ).astype(np.float32)
        unique = sorted_key[first]
        gram = (unique % size).astype(np.int32)
        bounds = np.searchsorted(unique // size, np.arange(len(texts) + 1)).tolist()
        return [(gram[lo:hi], sums[lo:hi]) for lo, hi in pairwise(bounds)]

    def _segment(self, seg: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        known = self.segments.get(seg)
        if known is None:
            bag = segment_ngrams(seg)
            ids, _ = self.encode(bag)
            known = (ids, np.fromiter(bag.values(), dtype=np.float64, count=len(bag)))
            self.segments[seg] = known
        return known


@dataclass(frozen=True, eq=False)
class UnitFeatures:
    """What the aligner knows about one unit."""

    key: str
    kind: UnitKind
    index: int  # document order
    parent: str | None
    ancestors: tuple[str, ...]  # parent first
    title: str  # normalised headline
    norm: str  # normalised own text (headline included)
    raw_tokens: tuple[str, ...]  # jieba tokens of the raw text; "".join gives unit_text(unit)
    tokens: tuple[str, ...]  # normalised content tokens
    key_tokens: tuple[str, ...]  # content tokens minus low-weight ones
    leads: tuple[str, ...]
    position: float  # index / number of units, 0..1
    n_children: int
    descendants: tuple[int, ...]  # indices (in this document) of every unit below this one
    gram_ids: npt.NDArray[np.int32]  # n-gram ids in the vocabulary
    gram_w: npt.NDArray[np.float32]  # their raw (down-weighted) counts


_TextFeatures = tuple[
    tuple[str, ...],  # raw tokens
    tuple[str, ...],  # content tokens
    tuple[str, ...],  # key tokens
    str,  # normalised text
    npt.NDArray[np.int32],  # n-gram ids (read-only: shared by every unit with this text)
    npt.NDArray[np.float32],  # their weights (read-only)
]


_TextKey = str | tuple[str, tuple[tuple[str, str], ...]]


def _text_key(raw: str, abbreviations: Mapping[str, str] | None) -> _TextKey:
    """The text cache's key: the text, with the abbreviations it uses (they change its grams)."""
    used = tuple((s, lf) for s, lf in abbreviations.items() if s in raw) if abbreviations else ()
    return (raw, used) if used else raw


def _text_features(
    raw: str,
    cache_key: _TextKey,
    vocab: Vocabulary,
    pending: list[tuple[_TextKey, list[str]]],
) -> None:
    """Analyse one text into ``vocab.texts[cache_key]`` (once per vocabulary). A text read by
    n-gram runs is left without its n-grams (empty arrays) and listed in ``pending``, for
    :func:`_encode_pending` to encode in one batch."""
    if cache_key in vocab.texts:
        return
    used = cache_key[1] if isinstance(cache_key, tuple) else ()
    raw_tokens = tuple(cut(raw))
    norm_tokens = list(map(_norm_piece, raw_tokens))
    joined = "".join(norm_tokens)
    # the document's abbreviations read as their long forms, for scoring only (comparison.abbrev)
    read = expand(norm_tokens, dict(used)) if used else norm_tokens
    toks = tuple(map(_shared, content_tokens("", read)))
    if not has_cjk(raw):  # English: plural and singular are one token (tokens.stem)
        toks = tuple(_shared(stem(t)) for t in toks)
    segments = None if used else ngram_segments(joined)
    if segments is None:
        ids, weights = vocab.encode(weighted_ngrams("".join(read) if used else joined))
        ids.flags.writeable = False
        weights.flags.writeable = False
    else:
        ids, weights = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        pending.append((cache_key, segments))
    # NFKC(x + y) = NFKC(NFKC(x) + NFKC(y)): when the normalised tokens already join into a
    # normalised string, that string is the normalised text (no second NFKC pass over the text)
    norm = squash_spaces(joined) if unicodedata.is_normalized("NFKC", joined) else norm_text(raw)
    key_toks = tuple(filterfalse(is_low_weight, toks))
    vocab.texts[cache_key] = (raw_tokens, toks, key_toks, norm, ids, weights)


def _encode_pending(vocab: Vocabulary, pending: list[tuple[_TextKey, list[str]]]) -> None:
    """Give the texts ``_text_features`` left pending their n-grams, in one batch."""
    encoded = vocab.encode_segments([segments for _, segments in pending])
    for (key, _), (ids, weights) in zip(pending, encoded, strict=True):
        ids.flags.writeable = False
        weights.flags.writeable = False
        vocab.texts[key] = (*vocab.texts[key][:4], ids, weights)


def _unit_features(
    u: Unit, index: int, n_units: int, ancestors: tuple[str, ...], text: _TextFeatures
) -> UnitFeatures:
    raw_tokens, toks, key_toks, norm, ids, weights = text
    return UnitFeatures(
        key=u.key,
        kind=u.kind,
        index=index,
        parent=ancestors[0] if ancestors else None,
        ancestors=ancestors,
        title=_norm_title(u.title),
        norm=norm,
        raw_tokens=raw_tokens,
        tokens=toks,
        key_tokens=key_toks,
        leads=tuple(u.lead_units),
        position=index / max(n_units, 1),
        n_children=0,
        descendants=(),
        gram_ids=ids,
        gram_w=weights,
    )


def key_index(feats: Sequence[UnitFeatures]) -> dict[str, int]:
    """Unit key -> its position in ``feats``."""
    return {f.key: i for i, f in enumerate(feats)}


def child_indices(feats: Sequence[UnitFeatures]) -> dict[int, list[int]]:
    """Position of a parent in ``feats`` -> its children's positions, in order."""
    index = key_index(feats)
    kids: dict[int, list[int]] = {}
    for i, f in enumerate(feats):
        if f.parent is not None and f.parent in index:
            kids.setdefault(index[f.parent], []).append(i)
    return kids


def document_features(
    doc: PlanDocument,
    vocab: Vocabulary | None = None,
    abbreviations: Mapping[str, str] | None = None,
) -> list[UnitFeatures]:
    """Features for every unit of ``doc``, in document order.

    ``abbreviations`` (short form -> long form, :func:`comparison.abbrev.shared_definitions` of
    the documents being compared) are read as their long forms in the tokens and n-grams."""
    vocab = vocab or Vocabulary()
    units = doc.units
    index = {u.key: i for i, u in enumerate(units)}
    ancestry: list[tuple[str, ...]] = []
    keys: list[_TextKey] = []
    pending: list[tuple[_TextKey, list[str]]] = []
    for u in units:
        anc: list[str] = []
        p = u.parent
        while p is not None and p in index and p not in anc:
            anc.append(p)
            p = units[index[p]].parent
        ancestry.append(tuple(anc))
        raw = unit_text(u)
        keys.append(_text_key(raw, abbreviations))
        _text_features(raw, keys[-1], vocab, pending)
    if pending:
        _encode_pending(vocab, pending)
    out = [
        _unit_features(u, i, len(units), ancestry[i], vocab.texts[keys[i]])
        for i, u in enumerate(units)
    ]
    below: dict[int, list[int]] = {}
    children: dict[int, int] = {}
    for i, f in enumerate(out):
        if f.parent is not None:
            children[index[f.parent]] = children.get(index[f.parent], 0) + 1
        for a in f.ancestors:
            below.setdefault(index[a], []).append(i)
    return [
        _with_tree(f, children.get(i, 0), tuple(below.get(i, ()))) if i in below else f
        for i, f in enumerate(out)
    ]


def _with_tree(f: UnitFeatures, n_children: int, descendants: tuple[int, ...]) -> UnitFeatures:
    return replace(f, n_children=n_children, descendants=descendants)
