"""Term trends: how often a term occurs in each year of a series, and which terms emerge or fade.

Counting is what a reader does with the find box: non-overlapping substring occurrences of the
normalised term in the normalised text of the year (NFKC — so ``互联网＋`` counts as ``互联网+`` —,
zero-width characters removed, spaces collapsed; English case-insensitive). There are no word
boundaries, so ``互联网+`` is counted as written and a term inside a longer word is still found.
The text of a year is its units' own text, one unit per line (a term never spans two units).

``per_10k`` is the count per 10,000 characters of that text (spaces excluded) for Chinese and per
10,000 words for English.

Emerging and fading terms (:func:`term_changes`) compare each year's jieba content tokens (no
punctuation, numbers, formulaic verbs or year words; Chinese tokens of two or more characters)
with the pooled tokens of the up-to-:data:`REFERENCE_YEARS` previous years of the series, by
Dunning's log-likelihood G² (2 x 2 table: the term against all other tokens, this year against the
reference years). A term is *emerging* when its rate rose and it occurs at least
:data:`MIN_COUNT` times this year, *fading* when its rate fell and it occurred at least
:data:`MIN_COUNT` times in the reference years; each list is ordered by G², largest first.
Rates there are per 10,000 kept tokens.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from comparison.document import PlanDocument
from comparison.normalize import normalize
from comparison.tokens import content_tokens, is_low_weight

MIN_COUNT = 5
REFERENCE_YEARS = 3
TOP = 10
STATISTIC = (
    f"log-likelihood G2 of each year's jieba content tokens against the pooled previous "
    f"{REFERENCE_YEARS} years; emerging: rate rose and count >= {MIN_COUNT} this year; "
    f"fading: rate fell and count >= {MIN_COUNT} in the previous years"
)

_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3400-\u9fff]")


def year_text(doc: PlanDocument) -> str:
    """The normalised text of a year, one unit per line."""
    return "\n".join(normalize(u.text) for u in doc.units if u.text)


def text_size(text: str, language: str) -> int:
    """Characters without spaces (Chinese), or words (English): the ``per_10k`` denominator."""
    if language == "en":
        return len(_EN_WORD.findall(text))
    return sum(1 for ch in text if not ch.isspace())


def count_term(text: str, term: str, language: str) -> int:
    """Non-overlapping occurrences of ``term`` in normalised ``text``.

    >>> count_term(normalize("推进“互联网＋”行动，发展互联网+政务服务"), "互联网+", "zh")
    2
    >>> count_term("Productivity and PRODUCTIVITY", "productivity", "en")
    2
    """
    t = normalize(term)
    if not t:
        return 0
    if language == "en":
        return text.lower().count(t.lower())
    return text.count(t)


@dataclass(frozen=True)
class TermSeries:
    term: str
    counts: Mapping[int, int]
    per_10k: Mapping[int, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "counts": {str(y): n for y, n in self.counts.items()},
            "per_10k": {str(y): v for y, v in self.per_10k.items()},
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TermSeries:
        """Inverse of :meth:`to_dict`."""
        return cls(
            str(d["term"]),
            {int(y): int(n) for y, n in d["counts"].items()},
            {int(y): float(v) for y, v in d["per_10k"].items()},
        )


def term_series(docs: Sequence[PlanDocument], terms: Sequence[str]) -> list[TermSeries]:
    """Counts and rates of each of ``terms`` in every year of ``docs`` (ordered by year)."""
    ordered = sorted(docs, key=lambda d: d.year or 0)
    texts = [(d.year or 0, d.language, year_text(d)) for d in ordered]
    sizes = {y: text_size(t, lang) for y, lang, t in texts}
    out: list[TermSeries] = []
    seen: set[str] = set()
    for raw in terms:
        term = normalize(raw)
        if not term or term in seen:
            continue
        seen.add(term)
        counts = {y: count_term(t, term, lang) for y, lang, t in texts}
        rates = {y: round(n * 10000 / sizes[y], 2) if sizes[y] else 0.0 for y, n in counts.items()}
        out.append(TermSeries(term, counts, rates))
    return out


@dataclass(frozen=True)
class TermChange:
    term: str
    count: int
    per_10k_tokens: float
    reference_count: int
    reference_per_10k_tokens: float
    g2: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "count": self.count,
            "per_10k_tokens": self.per_10k_tokens,
            "reference_count": self.reference_count,
            "reference_per_10k_tokens": self.reference_per_10k_tokens,
            "g2": self.g2,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TermChange:
        """Inverse of :meth:`to_dict`."""
        return cls(
            str(d["term"]),
            int(d["count"]),
            float(d["per_10k_tokens"]),
            int(d["reference_count"]),
            float(d["reference_per_10k_tokens"]),
            float(d["g2"]),
        )


@dataclass(frozen=True)
class YearChanges:
    year: int
    reference_years: tuple[int, ...]
    emerging: tuple[TermChange, ...]
    fading: tuple[TermChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "reference_years": list(self.reference_years),
            "emerging": [c.to_dict() for c in self.emerging],
            "fading": [c.to_dict() for c in self.fading],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> YearChanges:
        """Inverse of :meth:`to_dict`."""
        return cls(
            int(d["year"]),
            tuple(int(y) for y in d["reference_years"]),
            tuple(TermChange.from_dict(c) for c in d["emerging"]),
            tuple(TermChange.from_dict(c) for c in d["fading"]),
        )


def _keep(tok: str, language: str) -> bool:
    if _DIGIT.search(tok) or is_low_weight(tok):
        return False
    if language == "en":
        return len(tok) >= 3
    return len(tok) >= 2 and _CJK.search(tok) is not None


def token_counts(doc: PlanDocument) -> Counter[str]:
    """The year's content tokens kept for emerging/fading terms."""
    counts: Counter[str] = Counter()
    for u in doc.units:
        counts.update(t for t in content_tokens(u.text) if _keep(t, doc.language))
    return counts


def _g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood for term count ``a`` of ``a+c`` tokens vs ``b`` of ``b+d``."""
    n = a + b + c + d
    total = 0.0
    cells = ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d))
    for obs, row, col in cells:
        if obs > 0:
            total += obs * math.log(obs * n / (row * col))
    return 2.0 * total


def term_changes(docs: Sequence[PlanDocument], *, top: int = TOP) -> list[YearChanges]:
    """Emerging and fading terms of each year after the first (see the module docstring)."""
    ordered = sorted(docs, key=lambda d: d.year or 0)
    counts = [token_counts(d) for d in ordered]
    totals = [sum(c.values()) for c in counts]
    out: list[YearChanges] = []
    for t in range(1, len(ordered)):
        lo = max(0, t - REFERENCE_YEARS)
        ref: Counter[str] = Counter()
        for c in counts[lo:t]:
            ref.update(c)
        n_here, n_ref = totals[t], sum(totals[lo:t])
        if not n_here or not n_ref:
            continue
        emerging: list[TermChange] = []
        fading: list[TermChange] = []
        for term in set(counts[t]) | set(ref):
            a, b = counts[t].get(term, 0), ref.get(term, 0)
            rate_a, rate_b = a / n_here, b / n_ref
            if rate_a > rate_b and a >= MIN_COUNT:
                bucket = emerging
            elif rate_a < rate_b and b >= MIN_COUNT:
                bucket = fading
            else:
                continue
            g2 = _g2(a, b, n_here - a, n_ref - b)
            rates = (round(rate_a * 10000, 2), round(rate_b * 10000, 2))
            bucket.append(TermChange(term, a, rates[0], b, rates[1], round(g2, 2)))
        emerging.sort(key=lambda c: (-c.g2, c.term))
        fading.sort(key=lambda c: (-c.g2, c.term))
        out.append(
            YearChanges(
                ordered[t].year or 0,
                tuple(d.year or 0 for d in ordered[lo:t]),
                tuple(emerging[:top]),
                tuple(fading[:top]),
            )
        )
    return out
