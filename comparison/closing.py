"""A plan's closing block: who signed it and when (落款, a signature), cut off its last item.

Chinese plans end in an issuer line and a date line (``某某区人民政府`` / ``2025年1月20日``);
Taiwan's and Japan's print the date in their own count (``中華民國114年1月20日``) or in numerals
(``二〇二五年一月二十日``); English, French or Spanish plans end in a name, a post and an
office above a date (``Jane Smith`` / ``Chief Executive`` / ``Riverside Council`` /
``15 March 2025``). None of these lines is an initiative: left in the body they nest under the
last item (whose text then changes every year with the date) or, being short title-case lines,
head sections of their own.

:func:`split_closing` finds the block at the end of the body's paragraphs. A text printed on
one line glues it to its last sentence (``…完善养老服务体系。某某区人民政府 2025年1月20日``):
the part after the last sentence end is read as the block when it is short and names an office
(Chinese) or is written in title case (Latin script).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from comparison.clean import SMALL_WORDS
from comparison.grammar import _starts_unit, _strip_ws
from comparison.metadata import closing_date

__all__ = ["Closing", "split_closing"]

_SENTENCE_PUNCT = "。；;！!？?"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MAX_CJK = 30  # an issuer line: 某某市人民政府办公厅 is 10 characters
_MAX_LATIN = 60
_MAX_WORDS = 8
_MAX_LINES = 3  # name, post and office above the date; as many after it (此件公开发布)
# the end of an office's name, for an issuer glued to the last sentence (``…体系。某某区人民政府``)
_OFFICE_END = re.compile(
    r"(?:政府|委员会|委員會|办公室|辦公室|办公厅|辦公廳|人民代表大会|常务委员会|党委|黨委|"
    r"局|厅|廳|委|部|院|处|處|署|中心|小组|小組|领导小组|公司|街道|府|会|會|庁|役所|청|시|군|구)$"
)
_DATE_WORD = re.compile(
    r"(?:date[ds]?|signed|published|issued|adopted|approved|fait (?:à|a) \w+(?:,? le)?|fecha|"
    r"datum|stand|le)",
    re.I,
)
_SENTENCE_END = re.compile(r"[。！？!?]|[.;](?=\s)|；")


@dataclass(frozen=True)
class Closing:
    """The body's last paragraphs with the closing block taken out, and what it said."""

    kept: list[str]  # what stays in the body, in place of the paragraphs given
    moved: list[str]  # the block's lines, as printed
    signed: str  # ISO date (YYYY-MM for a month alone)
    issuer: str  # the lines above the date, joined ("" when the date stands alone)


def _latin_title_case(s: str) -> bool:
    words = [w for w in s.replace(",", " ").split() if w.lower() not in SMALL_WORDS]
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _signature_line(s: str, lang: str) -> bool:
    """A line a closing block may hold besides its date: short, not numbered, no sentence."""
    s = _strip_ws(s)
    if not s or any(ch in s for ch in _SENTENCE_PUNCT) or s[-1] in ":：,，":
        return False
    if _starts_unit(s, lang) or _starts_unit(s, "en" if lang == "zh" else "zh"):
        return False
    if _CJK.search(s):
        return len(s) <= _MAX_CJK and "，" not in s and "：" not in s
    return len(s) <= _MAX_LATIN and len(s.split()) <= _MAX_WORDS and _latin_title_case(s)


def _above(s: str, lang: str, k: int) -> bool:
    """Whether ``s`` is the ``k``-th signature line above the date (0: right above it). A
    Chinese block holds one issuer line; further CJK lines must name an office (a joint
    document's issuers), so that short unnumbered lines of the last part (加强组织领导) stay."""
    if not _signature_line(s, lang):
        return False
    return k == 0 or not _CJK.search(s) or bool(_OFFICE_END.search(s.replace(" ", "")))


def _date_line(s: str, lang: str) -> tuple[str, str] | None:
    """(what stands before the date, ISO date) when ``s`` is a closing date line."""
    s = _strip_ws(s)
    if len(s) > _MAX_LATIN + 20:
        return None
    got = closing_date(s)
    if got is None:
        return None
    before, iso = got
    if not before:
        return got
    if not _signature_line(before, lang) or len(iso) == 7:  # a month alone stands alone
        return None
    if _CJK.search(before):  # 某某区人民政府 2025年1月20日
        return got if _OFFICE_END.search(before.replace(" ", "")) else None
    # Latin script: an office or place set off by a comma (Riverside Council, 15 March 2025;
    # Bruxelles, le 15 mars 2025) or a word saying what the date is (Dated 15 March 2025)
    after = unicodedata.normalize("NFKC", s)[len(before) :].lstrip()
    return got if after[:1] == "," or _DATE_WORD.fullmatch(before) else None


def _glued(last: str, lang: str) -> tuple[str, list[str], str, str] | None:
    """The closing block glued after the last sentence of ``last``: (what stays, the block's
    text, ISO date, issuer), or None."""
    got = closing_date(_strip_ws(last))
    if got is None:
        return None
    ends = list(_SENTENCE_END.finditer(last))
    if not ends:
        return None
    cut = ends[-1].end()
    tail = _strip_ws(last[cut:])
    got = closing_date(tail) if tail else None
    if got is None or not _strip_ws(last[:cut]):
        return None
    before, iso = got
    if before:
        if not _signature_line(before, lang):
            return None
        if _CJK.search(before):
            if not _OFFICE_END.search(before.replace(" ", "")):
                return None
        elif before.split()[0].lower() in SMALL_WORDS:  # "… p.m. to Monday, 10th June"
            return None
    return last[:cut].rstrip(), [tail], iso, before


def split_closing(
    paras: list[str], lang: str, keep: int = 2, one_line: bool = False
) -> Closing | None:
    """The closing block at the end of ``paras`` (the body's last paragraphs, in order), or None.

    The block holds a date line among the last ``_MAX_LINES + 1`` paragraphs, the signature
    lines right above it (at most ``_MAX_LINES``) and nothing after it but signature lines;
    ``keep`` paragraphs at least must stay before it. When no paragraph is a date line and the
    text was printed on one line (``one_line``), a date glued after the last sentence is looked
    for.

    >>> c = split_closing(["一、总体要求", "1.推进改革。", "某某区人民政府", "2025年1月20日"], "zh")
    >>> c.kept, c.signed, c.issuer
    (['一、总体要求', '1.推进改革。'], '2025-01-20', '某某区人民政府')
    >>> split_closing(["1. Housing", "1.1 Build homes.", "Review in March 2026"], "en") is None
    True
    """
    n = len(paras)
    for d in range(n - 1, max(-1, n - _MAX_LINES - 2), -1):
        got = _date_line(paras[d], lang)
        if got is None:
            continue
        if not all(_signature_line(p, lang) for p in paras[d + 1 :]):
            return None
        start = d
        while start > 0 and d - start < _MAX_LINES and _above(paras[start - 1], lang, d - start):
            start -= 1
        if start < keep:
            return None
        before, iso = got
        above = [_strip_ws(p) for p in paras[start:d]] + ([before] if before else [])
        return Closing(paras[:start], [_strip_ws(p) for p in paras[start:]], iso, _join(above))
    if not one_line or n < max(keep, 1):
        return None
    glued = _glued(paras[-1], lang)
    if glued is None:
        return None
    kept, moved, iso, issuer = glued
    return Closing([*paras[:-1], kept], moved, iso, issuer)


def _join(lines: list[str]) -> str:
    if all(_CJK.search(x) for x in lines):
        return " ".join("".join(x.split()) if len(x) <= 12 else x for x in lines)
    return ", ".join(lines)
