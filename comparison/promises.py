"""Carried-over promises: commitments repeated nearly verbatim year after year.

A *commitment* is a sentence of a unit (split on 。！？；, English sentence ends) with at least
:data:`MIN_CHARS` content characters (Chinese) or :data:`MIN_WORDS` words (English). Each
commitment of a year is paired with its most similar commitment of the series' previous year when
their similarity — rapidfuzz ``fuzz.ratio`` of the normalised sentences, punctuation and spaces
removed — is at least :data:`MIN_SIMILARITY`; ceremony (thanks, a report's opening formula) is
no commitment; paired sentences form a chain. A chain present in
:data:`MIN_YEARS` or more consecutive years of the series (a year missing from the series is no
gap) is a carried-over promise, "promised every year since" its first year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from comparison.document import PlanDocument
from comparison.normalize import normalize
from comparison.tokens import sentences

MIN_CHARS = 15
MIN_WORDS = 8
MIN_SIMILARITY = 90.0
MIN_YEARS = 3

_STRIP = re.compile(r"[\W_]+")
# Ceremony, not commitment: thanks, the opening formula of a report.
_CEREMONY = re.compile(r"感谢|谢意|请予审议|提出意见|报告政府工作|thank", re.IGNORECASE)


@dataclass(frozen=True)
class Promise:
    """One commitment carried over from ``first_year`` to ``last_year`` without a break."""

    text: str  # as written in the latest year
    first_year: int
    last_year: int
    mentions: tuple[tuple[int, str, str], ...]  # (year, unit key, sentence as written)

    @property
    def years(self) -> list[int]:
        return [y for y, _, _ in self.mentions]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "years": self.years,
            "mentions": [{"year": y, "key": k, "text": t} for y, k, t in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Promise:
        """Inverse of :meth:`to_dict` (``years`` is derived from ``mentions``)."""
        return cls(
            str(d["text"]),
            int(d["first_year"]),
            int(d["last_year"]),
            tuple((int(x["year"]), str(x["key"]), str(x["text"])) for x in d["mentions"]),
        )


def _commitments(doc: PlanDocument) -> list[tuple[str, str, str]]:
    """(unit key, sentence as written, comparison key) of the year's commitments."""
    out: list[tuple[str, str, str]] = []
    for u in doc.units:
        for s in sentences(u.text):
            key = _STRIP.sub("", normalize(s)).lower()
            if _CEREMONY.search(s):
                continue
            if doc.language == "en":
                if len(s.split()) < MIN_WORDS:
                    continue
            elif len(key) < MIN_CHARS:
                continue
            out.append((u.key, s, key))
    return out


def carried_over(docs: Sequence[PlanDocument], *, min_years: int = MIN_YEARS) -> list[Promise]:
    """The carried-over promises of a series, longest-running first.

    Examples
    --------
    >>> from comparison.document import Unit, UnitKind
    >>> def doc(year, text):
    ...     return PlanDocument("t", year, "zh", units=(Unit("p1", None, 1,
    ...         UnitKind.PARAGRAPH, "", "", text),))
    >>> docs = [doc(2015, "今年要新建改建农村公路二十万公里。"),
    ...         doc(2016, "今年要新建改建农村公路二十万公里。其他。"),
    ...         doc(2017, "今年要新建、改建农村公路二十万公里。")]
    >>> [(p.first_year, p.last_year) for p in carried_over(docs)]
    [(2015, 2017)]
    """
    ordered = sorted(docs, key=lambda d: d.year or 0)
    chains: list[list[tuple[int, str, str]]] = []
    prev: list[tuple[str, str, str]] = []
    prev_chain: list[int] = []
    for doc in ordered:
        year = doc.year or 0
        here = _commitments(doc)
        here_chain: list[int] = []
        best: list[int] = [-1] * len(here)
        if prev and here:
            scores = process.cdist(
                [k for _, _, k in here],
                [k for _, _, k in prev],
                scorer=fuzz.ratio,
                score_cutoff=MIN_SIMILARITY,
            )
            for i in range(len(here)):
                j = int(scores[i].argmax())
                if scores[i][j] >= MIN_SIMILARITY:
                    best[i] = j
        taken: set[int] = set()
        for i, (key, text, _norm) in enumerate(here):
            j = best[i]
            if j >= 0 and prev_chain[j] not in taken:
                c = prev_chain[j]
                taken.add(c)
            else:
                c = len(chains)
                chains.append([])
            chains[c].append((year, key, text))
            here_chain.append(c)
        prev, prev_chain = here, here_chain
    out = [
        Promise(ms[-1][2], ms[0][0], ms[-1][0], tuple(ms)) for ms in chains if len(ms) >= min_years
    ]
    out.sort(key=lambda p: (-len(p.mentions), p.first_year, p.text))
    return out
