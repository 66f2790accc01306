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
def _shared(token: str) -> str:
    """One string object per distinct token (tokens recur in every unit; saves memory)."""
    return token


class Vocabulary:
    """N-gram string <-> id, shared by every document of one comparison or timeline."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        # unit text -> its text features (_TextFeatures): a text met again (most units recur
        # from one year to the next) is analysed once per vocabulary
        self.texts: dict[str | tuple[str, tuple[tuple[str, str], ...]], _TextFeatures] = {}

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


def _text_features(
    raw: str, vocab: Vocabulary, abbreviations: Mapping[str, str] | None = None
) -> _TextFeatures:
    used = tuple((s, lf) for s, lf in abbreviations.items() if s in raw) if abbreviations else ()
    cache_key: str | tuple[str, tuple[tuple[str, str], ...]] = (raw, used) if used else raw
    known = vocab.texts.get(cache_key)
    if known is not None:
        return known
    raw_tokens = tuple(cut(raw))
    norm_tokens = [_norm_piece(t) for t in raw_tokens]
    joined = "".join(norm_tokens)
    # the document's abbreviations read as their long forms, for scoring only (comparison.abbrev)
    read = expand(norm_tokens, dict(used)) if used else norm_tokens
    toks = tuple(_shared(t) for t in content_tokens("", read))
    if not has_cjk(raw):  # English: plural and singular are one token (tokens.stem)
        toks = tuple(_shared(stem(t)) for t in toks)
    ids, weights = vocab.encode(weighted_ngrams("".join(read) if used else joined))
    ids.flags.writeable = False
    weights.flags.writeable = False
    # NFKC(x + y) = NFKC(NFKC(x) + NFKC(y)): when the normalised tokens already join into a
    # normalised string, that string is the normalised text (no second NFKC pass over the text)
    norm = squash_spaces(joined) if unicodedata.is_normalized("NFKC", joined) else norm_text(raw)
    key_toks = tuple(t for t in toks if not is_low_weight(t))
    out = (raw_tokens, toks, key_toks, norm, ids, weights)
    vocab.texts[cache_key] = out
    return out


def unit_features(
    u: Unit,
    *,
    index: int,
    n_units: int,
    ancestors: tuple[str, ...],
    vocab: Vocabulary,
    abbreviations: Mapping[str, str] | None = None,
) -> UnitFeatures:
    raw_tokens, toks, key_toks, norm, ids, weights = _text_features(
        unit_text(u), vocab, abbreviations
    )
    return UnitFeatures(
        key=u.key,
        kind=u.kind,
        index=index,
        parent=ancestors[0] if ancestors else None,
        ancestors=ancestors,
        title=norm_text(u.title),
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
    out: list[UnitFeatures] = []
    for i, u in enumerate(units):
        anc: list[str] = []
        p = u.parent
        while p is not None and p in index and p not in anc:
            anc.append(p)
            p = units[index[p]].parent
        out.append(
            unit_features(
                u,
                index=i,
                n_units=len(units),
                ancestors=tuple(anc),
                vocab=vocab,
                abbreviations=abbreviations,
            )
        )
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
