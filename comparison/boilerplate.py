"""Formulaic units: greetings, openings, closing exhortations, transmittal notices, procedure.

Stage *classify* of the engine's line. Two sources of evidence:

- **Formulas** (:func:`formulaic_units`), for any single document: greetings (各位代表！, 同志们,
  "Mr Speaker, Sir"), the opening motion (现在，我代表国务院，向大会报告政府工作，请予审议…),
  transmittal notices (现将《…》印发给你们，请结合实际认真贯彻落实), closing exhortations (the last
  paragraphs: 各位代表，…让我们更加紧密地团结在…周围…), and parliamentary procedure (The Clerk
  will now proceed…, I beg to move…, The Question is…, Standing Order…, So be it). Openings and
  closings count only at the document's start and end.
- **Repetition across a series** (:func:`repeated_across_years`), for a timeline: a short
  unnumbered paragraph present nearly verbatim (dates masked) in most years of the series.

Formulas are written for the issuers in the archive (Chinese government work reports and work
plans, Singapore budget speeches) and are deliberately narrow: a unit of policy content must never
be hidden as boilerplate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz

from comparison.document import PlanDocument, UnitKind
from comparison.features import norm_text, unit_text
from comparison.grades import mask_dates
from comparison.greetings import GREETING
from comparison.result import Comparison

LEAF_KINDS = frozenset({UnitKind.ITEM, UnitKind.PARAGRAPH})
OPENING_UNITS = 3  # leaves at the start of a document where an opening formula counts
CLOSING_UNITS = 3  # ... and at its end, for closing exhortations
FORMULA_MAX_CHARS = 400  # a longer unit holding a formula ("… I beg to move.") is content
REPEAT_SHARE = 0.6  # a unit in this share of a series' years (and at least REPEAT_MIN_YEARS) ...
REPEAT_MIN_YEARS = 3
REPEAT_SIMILARITY = 90.0  # ... this similar (rapidfuzz ratio, dates masked) every time ...
REPEAT_MAX_CHARS = 80  # ... and this short is boilerplate

# Formulas anywhere in a unit (transcripts' procedure, transmittal notices), in three patterns:
# one alternation of them all was tried at every character of every unit. Those that open the
# unit are matched at its start only; the English ones are found fast by their first letter.
_AT_START = re.compile(
    "|".join(
        (
            r"请(?:各|你们)?.{0,20}结合.{0,20}认真(?:贯彻|组织)?(?:落实|执行|实施)",
            r"(?:order\.?\s*)?the clerk will (?:now )?(?:proceed to )?read",
            r"the question is\b",
            r"so be it\b",
            r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),\s+\d{1,2}\s+\w+\s+"
            r"\d{4},?\s*sir\.?$",
        )
    ),
    re.IGNORECASE,
)
_TRANSMITTAL = re.compile(r"现将.{0,80}印发给你们")  # transmittal notice
_IN_SPEECH = re.compile(r"(?=[is])(?:\bi beg to move\b|standing order no\.?\s*\d+)", re.IGNORECASE)


def _anywhere(text: str) -> bool:
    return bool(_AT_START.match(text) or _TRANSMITTAL.search(text) or _IN_SPEECH.search(text))


_OPENING = re.compile(
    r"现在[，,]?我代表.{0,20}(?:国务院|人民政府|政府).{0,10}(?:向|作).{0,20}报告.{0,60}(?:审议|意见)"
)
_CLOSING = re.compile(r"^(?:各位代表[！!，,：:]?)?.{0,40}(?:让我们|我们要更加紧密地团结)")
_SPEAKER_PREFIX = re.compile(r"^[:：]\s*")  # transcripts: ": Mr Speaker, Sir, …"


@lru_cache(maxsize=1 << 14)
def _text(u_text: str) -> str:
    """``u_text`` normalised for the formulas. Cached: most texts recur in the other year of a
    comparison and in every year of a series, and their NFKC normalisation dominates this stage."""
    return _SPEAKER_PREFIX.sub("", norm_text(u_text)).strip()


def formulaic_units(doc: PlanDocument, norms: Mapping[str, str] | None = None) -> frozenset[str]:
    """Keys of the leaf units of ``doc`` that match a formula (see the module docstring).

    ``norms`` (unit key -> ``norm_text(unit_text(unit))``, e.g. the features' ``norm``) saves
    normalising the texts again.

    >>> from comparison.document import Unit
    >>> us = [Unit(k, None, 1, UnitKind.PARAGRAPH, "", "", t) for k, t in
    ...       [("p1", "各位代表："), ("p2", "推进社区建设。"), ("p3", "各位代表！")]]
    >>> sorted(formulaic_units(PlanDocument("报告", 2024, "zh", units=tuple(us))))
    ['p1', 'p3']
    """
    leaves = [u for u in doc.units if u.kind in LEAF_KINDS]
    out: set[str] = set()
    for n, u in enumerate(leaves):
        norm = norms.get(u.key) if norms is not None else None
        text = _text(unit_text(u)) if norm is None else _SPEAKER_PREFIX.sub("", norm).strip()
        if not text:
            continue
        if (
            GREETING.match(text)
            or (len(text) <= FORMULA_MAX_CHARS and _anywhere(text))
            or (n < OPENING_UNITS and len(text) <= FORMULA_MAX_CHARS and _OPENING.search(text))
            or (n >= len(leaves) - CLOSING_UNITS and _CLOSING.search(text))
        ):
            out.add(u.key)
    return frozenset(out)


def repeated_across_years(texts_by_year: Sequence[str | None], n_years: int) -> bool:
    """Whether one thread's texts (one per year of the series, None where absent) are a short
    formula repeated nearly verbatim in most years.

    >>> repeated_across_years(["各位代表！", "各位代表！", None, "各位代表！"], 4)
    True
    >>> repeated_across_years(["推进社区建设。", None, None, "推进社区建设。"], 4)
    False
    """
    present = [mask_dates(_text(t)) for t in texts_by_year if t]
    need = max(REPEAT_MIN_YEARS, math.ceil(REPEAT_SHARE * n_years))
    if len(present) < need or any(len(t) > REPEAT_MAX_CHARS for t in present):
        return False
    last = present[-1]
    return all(fuzz.ratio(t, last) >= REPEAT_SIMILARITY for t in present)


def with_boilerplate(c: Comparison, keys_a: frozenset[str], keys_b: frozenset[str]) -> Comparison:
    """``c`` with the units ``keys_a`` (of A) and ``keys_b`` (of B) marked as boilerplate too:
    their matches get ``boilerplate``, unmatched ones join ``boilerplate_a``/``_b``."""
    if not keys_a and not keys_b:
        return c
    matches = tuple(
        m
        if m.boilerplate or not (set(m.a) & keys_a or set(m.b) & keys_b)
        else replace(m, boilerplate=True)
        for m in c.matches
    )
    old_a, old_b = set(c.boilerplate_a), set(c.boilerplate_b)
    return replace(
        c,
        matches=matches,
        boilerplate_a=tuple(k for k in c.dropped if k in old_a or k in keys_a),
        boilerplate_b=tuple(k for k in c.new if k in old_b or k in keys_b),
    )
