"""Policy blame: for every unit of a year, its text cut into spans, each with the first year of the
series in which that wording appears.

WikiWho-style token provenance, written for annual plans rather than Wikipedia revisions (why not
the ``wikiwho`` package: it is unmaintained since 2019, GPL-2, tied to wiki markup and English
sentence rules, and diffs tokens only against the previous revision; a plan is rewritten far more
from one year to the next than a wiki page between edits). The algorithm:

* Every unit's text is cut into tokens (:func:`comparison.tokens.cut`: jieba for Chinese, words
  for English); the *content* tokens (no spaces, no punctuation) are normalised (NFKC,
  lower-cased) and carry an origin year.
* Years are processed in order. A content token of year *t* is *old* when it lies inside a run of
  ``window`` consecutive content tokens (of one sentence-free stretch of one unit) that occurred,
  in any unit, in any earlier year; a sentence shorter than the window is old when the whole
  sentence occurred before. An old token inherits the origin recorded for that token in the
  earlier occurrence (the earliest over all occurrences), so wording keeps its origin through
  moves between units, revivals after years of absence, and rewording around it. Other tokens
  originate in *t*.
* After year *t* is done its windows join the index (so a year never matches itself).
* A single content token older than the tokens on both sides of it (a common word such as 的
  whose earliest occurrence inside some matched window predates the wording around it) takes
  the earlier of its neighbours' origins: wording is not older than the phrase it sits in.
* Spaces and punctuation take the origin of the content token before them (or after them, at the
  start of a unit); consecutive tokens of one origin form one span. The spans of a unit
  concatenate to exactly its text.

Cost: one jieba pass over every year and one dictionary probe per token and window — linear in
the length of the series.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from comparison.document import PlanDocument
from comparison.tokens import cut

BLAME_VERSION = "1"
WINDOW = 4  # content tokens that must recur together for wording to count as old

_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_SENTENCE_END = frozenset("。！？；;!?")


@dataclass(frozen=True)
class Span:
    """A run of a unit's text whose wording first appeared in ``since``."""

    text: str
    since: int


@dataclass(frozen=True)
class UnitBlame:
    key: str
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Blame:
    """The blame of one year of a series."""

    year: int
    units: tuple[UnitBlame, ...]

    def to_dict(self, series: str | None = None) -> dict[str, Any]:
        return {
            "series": series,
            "year": self.year,
            "units": [
                {"key": u.key, "spans": [{"text": s.text, "since": s.since} for s in u.spans]}
                for u in self.units
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Blame:
        return cls(
            year=int(d["year"]),
            units=tuple(
                UnitBlame(
                    str(u["key"]),
                    tuple(Span(str(s["text"]), int(s["since"])) for s in u["spans"]),
                )
                for u in d["units"]
            ),
        )

    def by_key(self) -> dict[str, UnitBlame]:
        return {u.key: u for u in self.units}

    def share_older_than(self, year: int) -> float:
        """The share of the year's characters (spaces excluded) whose wording predates ``year``."""
        total = old = 0
        for u in self.units:
            for s in u.spans:
                n = len("".join(s.text.split()))
                total += n
                if s.since < year:
                    old += n
        return old / total if total else 0.0


def _norm(tok: str) -> str:
    return unicodedata.normalize("NFKC", tok).lower()


def _is_content(tok: str) -> bool:
    return not tok.isspace() and _PUNCT_ONLY.match(tok) is None


class _Tokens:
    """One unit's tokens: raw pieces, and for the content ones their normalised form and the
    index of the sentence they belong to."""

    def __init__(self, text: str) -> None:
        self.pieces = cut(text)
        self.content: list[int] = []  # indices into pieces
        self.norm: list[str] = []
        self.sentence: list[int] = []  # per content token
        sent = 0
        for i, p in enumerate(self.pieces):
            if _is_content(p):
                self.content.append(i)
                self.norm.append(_norm(p))
                self.sentence.append(sent)
            elif any(ch in _SENTENCE_END for ch in p) or "\n" in p:
                sent += 1

    def sentence_runs(self) -> Iterable[tuple[int, int]]:
        """(start, end) of each sentence's content tokens."""
        start = 0
        for i in range(1, len(self.norm) + 1):
            if i == len(self.norm) or self.sentence[i] != self.sentence[start]:
                if i > start:
                    yield start, i
                start = i


class BlameIndex:
    """Wording seen so far: token windows and short sentences, with each token's origin."""

    def __init__(self, window: int = WINDOW) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self.window = window
        self._seen: dict[tuple[str, ...], tuple[int, ...]] = {}

    def _keys(self, toks: _Tokens) -> Iterable[tuple[int, tuple[str, ...]]]:
        w = self.window
        for start, end in toks.sentence_runs():
            if end - start < w:
                yield start, tuple(toks.norm[start:end])
            else:
                for i in range(start, end - w + 1):
                    yield i, tuple(toks.norm[i : i + w])

    def origins(self, toks: _Tokens, year: int) -> list[int]:
        """The origin year of each content token of ``toks`` (``year`` when not seen before)."""
        out = [year] * len(toks.norm)
        for i, key in self._keys(toks):
            seen = self._seen.get(key)
            if seen is not None:
                for j, y in enumerate(seen):
                    if y < out[i + j]:
                        out[i + j] = y
        return out

    def add(self, toks: _Tokens, origins: Sequence[int]) -> None:
        for i, key in self._keys(toks):
            mine = tuple(origins[i : i + len(key)])
            seen = self._seen.get(key)
            if seen is None:
                self._seen[key] = mine
            elif any(a < b for a, b in zip(mine, seen, strict=True)):
                self._seen[key] = tuple(min(a, b) for a, b in zip(mine, seen, strict=True))


def _smooth(origins: list[int]) -> list[int]:
    """Lift single-token islands older than both neighbours to the earlier neighbour."""
    out = list(origins)
    for i in range(1, len(origins) - 1):
        left, right = origins[i - 1], origins[i + 1]
        if origins[i] < left and origins[i] < right:
            out[i] = min(left, right)
    return out


def _spans(toks: _Tokens, origins: Sequence[int], year: int) -> tuple[Span, ...]:
    per_piece: list[int] = [0] * len(toks.pieces)
    for ci, pi in enumerate(toks.content):
        per_piece[pi] = origins[ci]
    # non-content pieces follow the content token before them (the one after at the start)
    first = origins[0] if origins else year
    last = first
    content = set(toks.content)
    for i in range(len(toks.pieces)):
        if i in content:
            last = per_piece[i]
        else:
            per_piece[i] = last
    spans: list[Span] = []
    buf: list[str] = []
    cur: int | None = None
    for piece, y in zip(toks.pieces, per_piece, strict=True):
        if cur is not None and y != cur:
            spans.append(Span("".join(buf), cur))
            buf = []
        cur = y
        buf.append(piece)
    if buf and cur is not None:
        spans.append(Span("".join(buf), cur))
    return tuple(spans)


def blame_series(docs: Sequence[PlanDocument], *, window: int = WINDOW) -> dict[int, Blame]:
    """The blame of every year of a series (documents in any order; each needs a ``year``).

    Examples
    --------
    >>> from comparison.document import Unit, UnitKind
    >>> def doc(year, text):
    ...     return PlanDocument("t", year, "en", units=(Unit("p1", None, 1,
    ...         UnitKind.PARAGRAPH, "", "", text),))
    >>> out = blame_series([doc(2001, "We will build new roads in every county."),
    ...                     doc(2002, "This year we will build new roads in every county.")])
    >>> [(s.text, s.since) for s in out[2002].units[0].spans]
    [('This year ', 2002), ('we will build new roads in every county.', 2001)]
    """
    if any(d.year is None for d in docs):
        raise ValueError("every document of a series needs a year")
    index = BlameIndex(window)
    out: dict[int, Blame] = {}
    for doc in sorted(docs, key=lambda d: d.year or 0):
        year = doc.year or 0
        done: list[tuple[_Tokens, list[int]]] = []
        units: list[UnitBlame] = []
        for u in doc.units:
            toks = _Tokens(u.text)
            origins = _smooth(index.origins(toks, year))
            done.append((toks, origins))
            units.append(UnitBlame(u.key, _spans(toks, origins, year)))
        for toks, origins in done:
            index.add(toks, origins)
        out[year] = Blame(year, tuple(units))
    return out
