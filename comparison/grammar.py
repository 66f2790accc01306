"""The numbering grammar: which printed label opens a line, and what unit it heads.

Chinese ``一、`` ``（一）`` ``1.`` ``（1）`` ``1）`` ``①`` and decimal outlines, chapters and
articles; English ``I.`` ``A.`` ``1.`` ``1.1`` ``(a)`` ``a.`` ``i.`` and keyword ladders
(:mod:`comparison.numbering`); Japanese and Korean forms. :func:`_classify_zh` and
:func:`_classify_en` read one line as ``(kind, rank, label, key stem, rest)``; ranks order the
levels (a unit sits under the nearest earlier one of a lower rank). :func:`_starts_unit` says
where a paragraph breaks, by the same definitions. The builder in :mod:`comparison.structure`
adds what needs the document's state (letters counted in sequence).
"""

from __future__ import annotations

import re

from comparison.document import UnitKind
from comparison.normalize import ZERO_WIDTH
from comparison.numbering import CN_NUM, KeywordHeading, cn_number, keyword_heading

__all__ = ["TITLE_HEADINGS_MIN", "TITLE_RANK", "printed_label", "title_case_heading"]

_WS = " \t\u00a0\u3000\u2002\u2003\u2009\u202f" + ZERO_WIDTH
# 一、 (and 一． / 一. as some issuers print it; not 一.5, a decimal)
_SECTION = re.compile(rf"([{CN_NUM}]{{1,4}})\s*(?:、|[.．](?![0-9０-９]))")
_TASK = re.compile(rf"[（(]\s*([{CN_NUM}]{{1,4}})\s*[）)]\s*[、.．]?")
_ITEM = re.compile(r"([0-9０-９]{1,3})\s*[.．、](?![0-9０-９])")
_SUB = re.compile(r"[（(]\s*([0-9０-９]{1,3})\s*[）)]\s*[、.．]?")
# ① ② … (circled), ⑴ ⑵ … (bracketed) and ⒈ ⒉ … (with a full stop): one character each. ⑴ reads
# as （1） and ⒈ as 1.; ① sits below （1）, as Chinese outlines nest them (1. > （1） > ①)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STOP_DIGITS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ZH_CIRCLED = re.compile(rf"([{_CIRCLED}])[、.．\s]*(?=\S)")
_ZH_PAREN_DIGIT = re.compile(rf"([{_PAREN_DIGITS}])[、.．\s]*(?=\S)")
_ZH_STOP_DIGIT = re.compile(rf"([{_STOP_DIGITS}])\s*(?=\S)")
# 1） 2) : a number and a closing bracket, below （1）
_ZH_HALF = re.compile(r"([0-9０-９]{1,3})\s*[）)]\s*(?=\S)")
# 第三条 为了…: an article (rules, charters, plans written as articles), with a space or colon
# after 条 (第一条经验是… is a sentence)
_ZH_ARTICLE = re.compile(rf"第\s*([{CN_NUM}]{{1,4}}|[0-9０-９]{{1,3}})\s*条[ \u3000\t:：]+(?=\S)")
# 1.1 / 2.3.1: a decimal outline (standards-style plans; nested HTML lists print it), between
# the 1. items and the （1） sub-items. A number a measure word or % follows at once is a
# quantity and stays text (1.5万亿元, 3.2%); the label is read whole (atomic: 1.1.1 never 1.1).
_MEASURE = "万亿千百十元角%％倍个项家名人户次件台辆套座所条篇批类种米吨亩平公年月日天时度"
_ZH_DOTTED = re.compile(
    r"((?>[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})+))"
    rf"(?:[.．、][ \u3000\t]*|[ \u3000\t]+|(?![0-9０-９{_MEASURE}]))(?=\S)"
)
# 1 推进大气污染防治: an ASCII number and a space heading a short line (the top of a decimal
# outline); a line of text never opens so, and a count does (30 台) is left alone
_ZH_SPACED = re.compile(rf"([0-9]{{1,2}})[ \u3000\t]+(?![{_MEASURE}])(?=[\u4e00-\u9fff])")
_ZH_SPACED_MAX = 40
# 第一章 总则 / 第二部分 / 第１ 子育て支援の充実 (Japanese plans): a chapter above the 一、
# sections, only as a short line with a space or a chapter word after the number (never 第一，…)
_CHAPTER = re.compile(
    rf"第\s*([0-9０-９]{{1,2}}|[{CN_NUM}]{{1,3}})\s*"
    r"(?:(?:章|部分|部|编|編|节|節)[\s:：]*|[ \u3000]+)(?=\S)"
)
_CHAPTER_MAX = 60
# １　保育所の… : a full-width number and a space, Japanese plans' item numbering
_WIDE_ITEM = re.compile(r"([０-９]{1,2})[ \u3000]+(?=\S)")
# 壹、前言 / 貳、施政重點: the formal numerals (大寫) head the parts above 一、 in Taiwan's plans
_FORMAL = "壹贰貳叁參叄肆伍陆陸柒捌玖拾"
_ZH_FORMAL = re.compile(rf"([{_FORMAL}]{{1,3}})\s*[、.．]\s*(?=\S)")
_FORMAL_MAX = 60
# Ⅰ. 추진배경 / Ⅱ、…: Unicode Roman numerals head sections (Korean and Japanese plans)
_UROMAN_DIGITS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_UROMAN = re.compile(rf"([{_UROMAN_DIGITS}])\s*[.．、]?\s*(?=\S)")
# 가. 소상공인 지원 / 나) …: Korean lettered items (the syllables 가 나 다 … in order)
_KO_LETTERS = "가나다라마바사아자차카타파하"
_KO_ITEM = re.compile(rf"([{_KO_LETTERS}])[.)]\s+(?=\S)")
# ア 新設園を整備する / （ア）…: Japanese outlines go 第１ > １ > （１） > ア > （ア), the kana in
# gojūon order, a space after the bare one
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
_JA_KANA = re.compile(rf"([{_KANA}])[ \u3000]+(?=\S)")
_JA_PAREN_KANA = re.compile(rf"[（(]([{_KANA}])[）)]\s*(?=\S)")
# English
_MD_HEADING = re.compile(r"(#{1,6})\s+(.*\S)")
_PART = re.compile(r"PART\s+([IVXLC]{1,6}|\d{1,2})\b\s*[-–—:.]?\s*")
_ROMAN = re.compile(r"([IVXLC]{1,6})\.\s+(?=\S)")
# i. ii. … xxxix.: well-formed lower-case numerals only (``vi``, never ``iiv``)
_LOWER_ROMAN = re.compile(r"((?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))\.\s+(?=\S)")
_EN_ITEM = re.compile(r"(\d{1,3})\.\s+(?=\S)")
# "3.49 p.m." is a time of the sitting (Hansard), not item 3.49
_EN_SUBITEM = re.compile(r"(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)(?![ap]\.m\.|[ap]m\b)", re.I)
_EN_LETTERED = re.compile(r"\(([a-z]|[ivx]{1,4})\)\s+(?=\S)")
# A. … B) … and a. … b) …: letters number in sequence (the outline I. > A. > 1. > a.). Capitals
# head sections (short lines) between a Roman section and a numbered item; lower case is a
# sub-item, as (a) is. A letter counts only in its sequence (A, or the one after its
# predecessor: _Builder.letters), so an initial (J. Smith) stays text and C. after B. is a
# letter, not the Roman 100.
_UPPER_LETTER = re.compile(r"([A-Z])[.)]\s+(?=\S)")
_LOWER_LETTER = re.compile(r"([a-z])[.)]\s+(?=\S)")
_LETTER_RANK = 1.5
# 1) … : a number and a bracket, below 1. (as 1） is in Chinese)
_EN_HALF = re.compile(r"(\d{1,3})\)\s+(?=\S)")


def _roman_value(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total or None


_WS_NL = _WS + "\n"


def _strip_ws(s: str) -> str:
    return s.strip(_WS_NL)


def _starts_unit(line: str, lang: str) -> bool:
    s = _strip_ws(line)
    if lang == "zh":
        if s[:1] not in _ZH_OPENERS:
            return False
        return any(rx.match(s) for rx, *_ in _ZH_GRAMMAR) or bool(
            _MD_HEADING.match(s)
            or _chapter(s)
            or _WIDE_ITEM.match(s)
            or _uroman(s)
            or _formal(s)
            or _ZH_DOTTED.match(s)
            or _zh_spaced(s)
        )
    return bool(
        _MD_HEADING.match(s) or _PART.match(s) or _EN_SUBITEM.match(s) or _EN_ITEM.match(s)
    ) or bool(
        _uroman(s)
        or _KO_ITEM.match(s)
        or _EN_LETTERED.match(s)
        or _upper_letter(s)
        or _LOWER_LETTER.match(s)
        or _EN_HALF.match(s)
        or _roman(s) is not None
        or keyword_heading(s) is not None
    )


def _upper_letter(s: str) -> re.Match[str] | None:
    """``B. …`` heads a section on a short line only, as ``II. …`` does (see :func:`_roman`)."""
    return _UPPER_LETTER.match(s) if len(s) <= 120 else None


def _zh_spaced(s: str) -> re.Match[str] | None:
    """``1 推进…`` heads an item on a short line without closing punctuation only."""
    if len(s) > _ZH_SPACED_MAX or s.endswith(("。", "；", ";", "，")):
        return None
    return _ZH_SPACED.match(s)


def _chapter(s: str) -> re.Match[str] | None:
    return _CHAPTER.match(s) if len(s) <= _CHAPTER_MAX else None


def _formal(s: str) -> re.Match[str] | None:
    """``貳、施政重點`` heads a part on a short line only (``壹萬元`` in a sentence is money)."""
    return _ZH_FORMAL.match(s) if len(s) <= _FORMAL_MAX else None


def _uroman(s: str) -> re.Match[str] | None:
    """``Ⅱ. …`` heads a section on a short line only, as ``II. …`` does (see :func:`_roman`)."""
    return _UROMAN.match(s) if len(s) <= 120 else None


# ---------------------------------------------------------------- grammar
# Every Chinese numbering pattern (_SECTION … _UROMAN, _MD_HEADING) opens with one of these: a
# line starting otherwise is checked against none of them.
_ZH_OPENERS = frozenset(
    CN_NUM
    + "（(0123456789０１２３４５６７８９#第"
    + _UROMAN_DIGITS
    + _FORMAL
    + _CIRCLED
    + _PAREN_DIGITS
    + _STOP_DIGITS
    + _KANA
)
_ZH_GRAMMAR = (
    (_TASK, UnitKind.TASK, 2, "t"),
    (_SUB, UnitKind.ITEM, 4, "n"),
    (_SECTION, UnitKind.SECTION, 1, "s"),
    (_ITEM, UnitKind.ITEM, 3, "i"),
    (_WIDE_ITEM, UnitKind.ITEM, 3, "i"),
    (_ZH_HALF, UnitKind.ITEM, 4.5, "b"),
    (_ZH_CIRCLED, UnitKind.ITEM, 5, "c"),
    (_ZH_PAREN_DIGIT, UnitKind.ITEM, 4, "n"),
    (_ZH_STOP_DIGIT, UnitKind.ITEM, 3, "i"),
    (_ZH_ARTICLE, UnitKind.ITEM, 1.8, "ar"),
    (_JA_KANA, UnitKind.ITEM, 5, "k"),
    (_JA_PAREN_KANA, UnitKind.ITEM, 6, "kp"),
)


def _outline_parts(label: str) -> int:
    """How many numbers a decimal label has, trailing zeros left out: ``1.0`` heads its
    ``1.1 1.2 …`` as ``1.`` does (plans number their chapters 1.0, 2.0), ``1.2.0`` as ``1.2``."""
    parts = re.split("[.．]", label)
    while len(parts) > 1 and parts[-1].strip("0０") == "":
        parts.pop()
    return len(parts)


def _classify_zh(s: str) -> tuple[UnitKind, float, str, str, str] | None:
    if s[:1] not in _ZH_OPENERS:
        return None
    m = _MD_HEADING.match(s)
    if m:  # "## 一、总体要求" or "## 总体要求"
        inner = _classify_zh(m.group(2))
        if inner is not None:
            return inner
        return UnitKind.SECTION, 1 if len(m.group(1)) <= 2 else 2, "", "h", m.group(2)
    m = _ZH_DOTTED.match(s)
    if m:  # 1.1 under 1., 1.1.1 under 1.1
        parts = _outline_parts(m.group(1))
        if parts == 1:  # 1.0 heads 1.1 as 1. does
            return UnitKind.ITEM, 3, m.group(1), "n", s[m.end() :]
        return UnitKind.ITEM, 3.5 + 0.01 * (parts - 2), m.group(1), "n", s[m.end() :]
    for rx, kind, rank, stem in _ZH_GRAMMAR:
        m = rx.match(s)
        if m:
            return kind, rank, m.group(1), stem, s[m.end() :]
    m = _zh_spaced(s)
    if m:
        return UnitKind.ITEM, 3, m.group(1), "i", s[m.end() :]
    m = _chapter(s)
    if m:
        return UnitKind.SECTION, 0.5, m.group(1), "c", s[m.end() :]
    m = _uroman(s)
    if m:
        return UnitKind.SECTION, 0.5, m.group(1), "s", s[m.end() :]
    m = _formal(s)
    if m:
        return UnitKind.SECTION, 0.5, m.group(1), "f", s[m.end() :]
    return None


def _classify_en(s: str) -> tuple[UnitKind, float, str, str, str] | None:
    m = _MD_HEADING.match(s)
    if m:
        kw = keyword_heading(m.group(2))  # "## Action 7: …"
        if kw is not None:
            return _keyword_unit(kw)
        rank = 1 if len(m.group(1)) <= 2 else 2
        inner = _classify_en(m.group(2)) if not _MD_HEADING.match(m.group(2)) else None
        heading = inner is not None and inner[2] and inner[4][:1].isupper()
        if inner is not None and heading:  # "## 1. Digital services": the heading's number
            return UnitKind.SECTION, rank, inner[2], "h", inner[4]
        return UnitKind.SECTION, rank, "", "h", m.group(2)
    kw = keyword_heading(s)
    if kw is not None:
        return _keyword_unit(kw)
    m = _PART.match(s)
    if m and len(s) <= 120:
        return UnitKind.SECTION, 1, m.group(1), "s", s[m.end() :]
    hit = _roman(s)
    if hit is not None:
        return hit
    m = _EN_SUBITEM.match(s)
    if m:  # 1.2 under 1., and 1.2.3 under 1.2 (a keyword's 1.2.3 nests so too)
        parts = _outline_parts(m.group(1))
        if parts == 1:  # "1.0 Introduction" heads 1.1, 1.2 as "1." would
            return UnitKind.ITEM, 3, m.group(1), "n", s[m.end() :]
        return UnitKind.ITEM, 4 + 0.01 * (parts - 2), m.group(1), "n", s[m.end() :]
    m = _EN_ITEM.match(s)
    if m:
        return UnitKind.ITEM, 3, m.group(1), "i", s[m.end() :]
    m = _EN_LETTERED.match(s)
    if m:
        return UnitKind.ITEM, 4, m.group(1), "n", s[m.end() :]
    m = _EN_HALF.match(s)
    if m:
        return UnitKind.ITEM, 3.5, m.group(1), "b", s[m.end() :]
    m = _upper_letter(s)
    if m:  # the sequence is checked by the builder
        return UnitKind.SECTION, _LETTER_RANK, m.group(1), "l", s[m.end() :]
    m = _LOWER_LETTER.match(s)
    if m:
        return UnitKind.ITEM, 4, m.group(1), "n", s[m.end() :]
    m = _uroman(s)
    if m:
        return UnitKind.SECTION, 1, m.group(1), "s", s[m.end() :]
    m = _KO_ITEM.match(s)
    if m:  # Korean outlines go 1. > 가. > 1) > 가): 가. above 1), 가) below it
        ko_rank = 3.25 if s[m.end(1)] == "." else 3.75
        return UnitKind.ITEM, ko_rank, m.group(1), "n", s[m.end() :]
    if len(s) > 100:
        return None
    letters = [c for c in s if c.isalpha()]
    if (
        4 <= len(letters) <= 80
        and sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)
        and not s.rstrip().endswith(".")
    ):
        return UnitKind.SECTION, 2, "", "h", s
    return None


def printed_label(line: str) -> str | None:
    """The label the numbering grammar reads at the start of ``line`` (``一``, ``3``, ``1.2``,
    ``Ⅱ``, ``가``, ``Action 7``), in the Chinese or the English grammar, else None (also for a
    heading without a number: ``## Goals``, ``INTRODUCTION``).

    The one test of "this text prints its own number" for the readers that draw numbers
    themselves (HTML ``<ol>`` items): what it accepts is exactly what the parser reads as a label.

    >>> [printed_label(s) for s in ("（二）促进消费", "１　保育所の整備", "Ⅱ. 추진", "ii) x")]
    ['二', '１', 'Ⅱ', None]
    """
    s = _strip_ws(line)
    for classify in (_classify_zh, _classify_en):
        hit = classify(s)
        if hit is not None and hit[2]:
            return hit[2]
    return None


def _roman(s: str) -> tuple[UnitKind, float, str, str, str] | None:
    """Roman numerals, one reading for :func:`_starts_unit` and :func:`_classify_en`.

    Upper case heads a section, and only on a short line (``I. …`` opening a long one is prose:
    the pronoun, an initial). Lower case is a sub-item, as ``(iv)`` is: English lists print
    ``i. … ii. … iii. …`` (Singapore's 2005 and 2006 budget statements).
    """
    m = _ROMAN.match(s)
    if m and len(s) <= 120:
        return UnitKind.SECTION, 1, m.group(1), "s", s[m.end() :]
    m = _LOWER_ROMAN.match(s)
    if m:
        return UnitKind.ITEM, 4, m.group(1), "n", s[m.end() :]
    return None


def _keyword_unit(kw: KeywordHeading) -> tuple[UnitKind, float, str, str, str]:
    """``Chapter 1``/``Section 2`` are sections; ``Goal 1``/``Priority 2`` tasks;
    ``Objective``/``Action``/``Article`` items."""
    if kw.rank < 1.3:
        return UnitKind.SECTION, kw.rank, kw.label, kw.stem, kw.rest
    kind = UnitKind.TASK if kw.rank < 1.6 else UnitKind.ITEM
    return kind, kw.rank, kw.label, kw.stem, kw.rest


def _label_number(label: str, stem: str) -> int | None:
    if " " in label:  # "Action 7"; "Goal 1.2" has no single number
        tail = label.rsplit(" ", 1)[-1]
        return int(tail) if tail.isdigit() else None
    if stem == "l":
        return ord(label) - ord("A") + 1
    if stem == "s" and label and label[0] in "IVXLC":
        return _roman_value(label)
    if stem == "s" and len(label) == 1 and label in _UROMAN_DIGITS:
        return _UROMAN_DIGITS.index(label) + 1
    if stem == "n" and len(label) == 1 and label in _KO_LETTERS:
        return _KO_LETTERS.index(label) + 1
    if stem in ("k", "kp") and len(label) == 1 and label in _KANA:
        return _KANA.index(label) + 1
    for digits in (_CIRCLED, _PAREN_DIGITS, _STOP_DIGITS):
        if len(label) == 1 and label in digits:
            return digits.index(label) + 1
    if stem == "n" and not label.isdigit():
        return None
    return cn_number(label)


# ---------------------------------------------------------------- title-case headings
# English plans and speeches often head their sections with a plain line in title case
# ("Outlook for 1999", "Housing and Communities") and no number. Such a line is only read as a
# heading when it stands as a paragraph of its own and the document has several (the builder
# counts them: TITLE_HEADINGS_MIN), since a lone title-case line may be a name or a signature.
TITLE_RANK = 2.5  # below an all-capitals heading (2), above a numbered item (3)
TITLE_HEADINGS_MIN = 3
_MINOR = frozenset((
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over",
    "per", "the", "through", "to", "under", "vs", "via", "with",
))  # fmt: skip
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Mdm|Dr|Sir|Madam|Prof|Professor|Dame|Lord|Lady)\b\.?")
_TITLE_WORD = re.compile(r"[A-Z][A-Za-z'’\-]*|[A-Z]{2,}s?|(?:FY|Q[1-4])?\d{2,4}(?:[–\-]\d{2,4})?")


def title_case_heading(s: str) -> bool:
    """Whether ``s`` has the shape of an unnumbered title-case heading: 1 to 10 words, at most
    80 characters, no closing punctuation or colon, every word capitalised but the small ones
    (of, and, for…), some lower case (all capitals is the other heading rule), not a person's
    name (Mr …, Dr …).

    >>> [title_case_heading(s) for s in ("Outlook for 1999", "Housing and Communities")]
    [True, True]
    >>> [title_case_heading(s) for s in ("We will build homes", "Dr Goh Keng Swee", "Thank you.")]
    [False, False, False]
    """
    s = s.strip()
    if not s or len(s) > 80 or s[-1] in ".:;,!?" or ":" in s or _HONORIFIC.match(s):
        return False
    words = s.replace("–", " ").replace("&", " ").split()
    if not 1 <= len(words) <= 10 or not words[0][:1].isupper():
        return False
    if not any(c.islower() for c in s) or not any(len(w) >= 3 for w in words):
        return False
    return all(w in _MINOR or _TITLE_WORD.fullmatch(w.rstrip(",")) for w in words)
