"""What a match's change means to a reader (``grade``) and how sure the engine is (``confidence``).

Stage *classify* of the engine's line. Grades, from least to most change:

- ``identical``: the same normalised text;
- ``dates_only``: the texts differ only in rolled-over years, dates and relative-time words
  (2023年 → 2024年, 今年/去年/明年, "this year", month names): :func:`mask_dates` makes them equal;
- ``minor``: small wording edits (:data:`MINOR_CHANGE` of the characters at most, no sentence
  added or removed, no figure changed: ``1万套`` → ``1.2万套`` is a change of content however
  few characters it takes, :func:`figures`);
- ``substantive``: real changes of content;
- ``rewritten``: the wording shares little (:func:`wording` below :data:`REWRITTEN_BELOW`) and the
  headlines share no key term, so the link rests on the unit's place — its parent, its
  neighbours, its position — rather than on what it says: "content replaced in this place". A
  container's wording is that of everything it holds.

Confidence comes from the match's score relative to the language's cutoff (the *floor*): a match
below the floor (a weak mutual-best pair or group) is ``low``, one clearing the floor by
:data:`HIGH_ABOVE_FLOOR` is ``high``, the rest ``medium``; an analyst's decision is ``high``.
The thresholds were calibrated on the gold alignments (``benchmarks/README.md``, *Confidence*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from comparison.features import UnitFeatures
from comparison.result import Confidence, Grade
from comparison.tokens import content_tokens, is_low_weight
from comparison.variants import simplified

MINOR_CHANGE = 0.15  # change ratio (1 - character similarity) up to which an edit is minor
REWRITTEN_BELOW = 0.20  # wording similarity below which a match is "rewritten" (when the
# headlines share no key term either)
OPENING_CHARS = 40  # a unit without a headline is known by its opening
HIGH_ABOVE_FLOOR = 0.10  # score margin over the floor from which a match is "high" confidence

_CN_DIGIT = "〇零一二三四五六七八九十百"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    "|".join(
        (
            r"(?<![\d.])(?:19|20)\d\d\s*(?:年度?|年末|年底|年初)",  # 2023年, 2023年度
            r"(?<![\d.])(?:19|20)\d\d(?![\d万亿千百多余个件人元吨%])",  # 2023 (not 2000万)
            rf"[{_CN_DIGIT}]{{4}}年",  # 二〇二三年
            rf"[\d{_CN_DIGIT}]{{1,3}}\s*(?:月份?|日)",  # 3月, 十二月, 15日
            r"(?:今|去|明|前|后|上|本|次|当|同|来)年度?",  # 今年, 去年, 明年, 上年度
            r"(?:过去|未来|今后)的?[一二两三四五]年",  # 过去一年, 未来五年
            r"(?:fy|q[1-4])\s*(?:19|20)?\d\d",  # FY2023, Q3 2024
            rf"\b(?:{_MONTHS})\b\.?",
            r"\b(?:this|last|next|past|coming|previous|current|following)\s+(?:financial\s+)?"
            r"(?:year|month|decade)s?\b",
            r"\b(?:today|yesterday|tomorrow)\b",
            r"\b\d{1,2}(?:st|nd|rd|th)\b",  # 1st, 22nd (days of a month)
        )
    ),
    re.IGNORECASE,
)
_PLACEHOLDER = "\x00"


def mask_dates(text: str) -> str:
    """``text`` with every year, date and relative-time word replaced by one placeholder.

    >>> mask_dates("2023年工作回顾") == mask_dates("2024年工作回顾")
    True
    >>> mask_dates("今年发展主要预期目标") == mask_dates("去年发展主要预期目标")
    True
    >>> mask_dates("In the past year we grew") == mask_dates("In the coming year we grew")
    True
    >>> mask_dates("推进社区建设") == mask_dates("加快社区建设")
    False
    """
    masked = _DATE.sub(_PLACEHOLDER, text)
    return re.sub(_PLACEHOLDER + "+", _PLACEHOLDER, masked)


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# ordinals roll over like dates: 第26届 -> 第27届, the 5th Plan -> the 6th (no figure of content)
_ORDINAL = re.compile(r"第\s*\d+\s*(?:届|次|期|批|个五年|轮)|\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)


# a number written in Chinese numerals with a magnitude in it (三萬, 三万五千, 三百亿, 十二): a
# lone 一 or 三 is a word's (统一, 三农), and an ordinal (第十, 十九大, 十四五) rolls over
_CN_DIGIT = "零〇一二三四五六七八九两兩"
_CN_FIGURE = re.compile(
    rf"(?<![第{_CN_DIGIT}十百千万萬亿億])"
    rf"[{_CN_DIGIT}]*[十百千万萬亿億][{_CN_DIGIT}十百千万萬亿億]*"
    rf"(?![{_CN_DIGIT}十百千万萬亿億]|[大届屆次五])"
)
_CN_SINGLE = frozenset("十百千万萬亿億")  # a magnitude alone is a word's: 百姓, 万众, 千家
# words that are no figures: a five-year plan's name (“十四五”规划), 千万 as "by all means"
_CN_NOT_FIGURE = re.compile(
    r"十[一二三四五六七八九]?五(?=[”」\"规規时時期末计計])|千万(?=[不别別要])|万一"
)


def figures(masked: str) -> list[str]:
    """The numbers a date-masked text (:func:`mask_dates`) prints, ordinals aside, sorted: two
    texts whose figures differ as a multiset changed their content, however few characters.
    Numbers written in Chinese numerals count too (traditional characters as simplified).

    >>> figures(mask_dates("2025年建成保障性住房1.2万套，办好第27届高交会"))
    ['1.2']
    >>> figures("增建公營房屋三萬五千個單位，服务百姓，推进“十四五”规划，迎接二十大")
    ['三万五千']
    """
    text = _CN_NOT_FIGURE.sub(" ", _ORDINAL.sub(" ", masked))
    chinese = [
        simplified(m.group()) for m in _CN_FIGURE.finditer(text) if m.group() not in _CN_SINGLE
    ]
    return sorted(_FIGURE.findall(text) + chinese)


def _grams(feats: Sequence[UnitFeatures], indices: Sequence[int]) -> np.ndarray:
    ids = [feats[i].gram_ids for i in indices]
    return np.unique(np.concatenate(ids)) if ids else np.zeros(0, dtype=np.int32)


def wording(
    fa: Sequence[UnitFeatures], fb: Sequence[UnitFeatures], ga: Sequence[int], gb: Sequence[int]
) -> float:
    """How much of the wording the two sides of a group share, 0..1, context left out.

    The mean of the n-gram overlap (Dice over distinct n-grams) and the rapidfuzz similarity of
    the key-token sequences. A container counts everything it holds (its descendants too), since
    its own text is little more than a heading.
    """

    def span(feats: Sequence[UnitFeatures], group: Sequence[int]) -> list[int]:
        out: list[int] = []
        for i in group:
            out.append(i)
            out.extend(feats[i].descendants)
        return sorted(set(out))

    sa, sb = span(fa, ga), span(fb, gb)
    xa, xb = _grams(fa, sa), _grams(fb, sb)
    dice = 2.0 * len(np.intersect1d(xa, xb, assume_unique=True)) / (len(xa) + len(xb) or 1)
    ta = [t for i in sa for t in fa[i].key_tokens]
    tb = [t for j in sb for t in fb[j].key_tokens]
    tok = float(fuzz.ratio(ta, tb)) / 100.0 if ta or tb else 1.0
    return round(0.5 * dice + 0.5 * tok, 4)


def _head_terms(feats: Sequence[UnitFeatures], group: Sequence[int]) -> set[str]:
    out: set[str] = set()
    for i in group:
        head = feats[i].title or feats[i].norm[:OPENING_CHARS]
        for t in content_tokens(head):
            if is_low_weight(t):
                continue
            if t.isascii():
                out.add(t.lower())
            else:  # a Chinese word: its character pairs (利用外资 and 吸引外资 share 外资)
                out.update(t[k : k + 2] for k in range(len(t) - 1))
    return out


def headlines_share_terms(
    fa: Sequence[UnitFeatures], fb: Sequence[UnitFeatures], ga: Sequence[int], gb: Sequence[int]
) -> bool:
    """Whether the two sides' headlines share a key term.

    A unit without a headline is known by its opening :data:`OPENING_CHARS` characters. Key terms
    are the content words that are not formulaic (:func:`comparison.tokens.is_low_weight`), a
    Chinese word counting by its character pairs: 积极有效利用外资 and 加大吸引外资力度 share
    外资; 健全风险防控长效机制 and 持续用力推动房地产市场止跌回稳 share nothing.
    """
    return bool(_head_terms(fa, ga) & _head_terms(fb, gb))


def grade_of(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
    ga: Sequence[int],
    gb: Sequence[int],
    change_ratio: float,
    *,
    sentences_changed: bool,
) -> Grade:
    """:func:`grade` of the group ``ga``/``gb`` (indices into ``fa``/``fb``)."""
    norm_a = "\n".join(fa[i].norm for i in ga)
    norm_b = "\n".join(fb[j].norm for j in gb)
    if norm_a == norm_b:
        return Grade.IDENTICAL
    words = wording(fa, fb, ga, gb)
    # the headlines matter only for a match whose wording shares little
    shared = words >= REWRITTEN_BELOW or headlines_share_terms(fa, fb, ga, gb)
    return grade(
        norm_a,
        norm_b,
        change_ratio,
        words,
        headlines_shared=shared,
        sentences_changed=sentences_changed,
    )


def grade(
    norm_a: str,
    norm_b: str,
    change_ratio: float,
    words: float,
    *,
    headlines_shared: bool = False,
    sentences_changed: bool,
) -> Grade:
    """The grade of a match from its normalised texts, change ratio, :func:`wording` and
    whether the headlines share a key term (:func:`headlines_share_terms`).

    >>> grade("2023年工作回顾", "2024年工作回顾", 0.1, 0.8, sentences_changed=False).value
    'dates_only'
    >>> grade("甲乙丙", "丁戊己", 1.0, 0.05, sentences_changed=True).value
    'rewritten'
    >>> grade("建成住房1万套", "建成住房1.2万套", 0.1, 0.8, sentences_changed=False).value
    'substantive'
    >>> grade("办好第26届高交会", "办好第27届高交会", 0.1, 0.8, sentences_changed=False).value
    'minor'
    """
    if norm_a == norm_b:
        return Grade.IDENTICAL
    masked_a, masked_b = mask_dates(norm_a), mask_dates(norm_b)
    if masked_a == masked_b:
        return Grade.DATES_ONLY
    if words < REWRITTEN_BELOW and not headlines_shared:
        return Grade.REWRITTEN
    small = change_ratio <= MINOR_CHANGE and not sentences_changed
    if small and figures(masked_a) == figures(masked_b):
        return Grade.MINOR
    return Grade.SUBSTANTIVE


def confidence(score: float, floor: float, *, decided: bool = False) -> Confidence:
    """``low`` below ``floor`` (the language's score cutoff), ``high`` from ``floor`` +
    :data:`HIGH_ABOVE_FLOOR`, ``medium`` between; ``high`` for an analyst's decision.

    >>> [confidence(s, 0.15).value for s in (0.12, 0.2, 0.6)]
    ['low', 'medium', 'high']
    """
    if decided:
        return Confidence.HIGH
    if score < floor:
        return Confidence.LOW
    if score >= floor + HIGH_ABOVE_FLOOR:
        return Confidence.HIGH
    return Confidence.MEDIUM
