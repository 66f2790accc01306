"""Numbering the line grammar misses: run-on numbered paragraphs, English keyword headings and
一是/二是 series.

The line grammar (``comparison.structure``) recognises a number only at the start of a line. Three
shapes escape it:

* **Run-on numbering**: a Policy Address published as one line, or a paragraph holding
  ``…。2. …`` / ``…。二、…`` / ``…；（三）…``. :func:`split_run_on` cuts a paragraph before such a
  marker only when the marker is *the next number expected* for its kind (``2.`` after ``1.``,
  ``（三）`` after ``（二）``; ``1.`` again only after a higher-ranked heading and only when a
  ``2.`` follows it in the same paragraph), and only at a boundary (after a sentence end, a colon
  or whitespace). ``2.5%``, ``第2条``, ``一、二季度`` never qualify.
* **English keyword headings**: ``Action 7: …``, ``Goal 1.2 …``, ``Objective 3``, ``Priority 2``,
  ``Recommendation 4``; see :func:`keyword_heading`.
* **一是/二是 series.** Our choice, documented: a series that runs on in the *body of a numbered
  heading* (``（二）以物流园区建设为重点…。一是…。二是…``, Hailar 2012) becomes sub-items of that
  heading, labelled ``一是``, ``二是`` — the heading's body is then laid out like the paragraphs
  national reports print under a task. A series inside a *plain paragraph* stays in that paragraph
  (a recognised enumeration, not new units): the paragraph is the unit analysts and the aligner
  compare, and cutting it would leave the paragraph its first clause only. Paragraphs that *start*
  with ``一是`` (one per line, Hailar 2016) are plain paragraphs as before.

Every function here is linear in its input: patterns are anchored or bounded, and each paragraph is
scanned once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from comparison.variants import alternation

__all__ = [
    "EN_KEYWORDS",
    "LEAD_OPEN",
    "LEAD_OPENING_WORDS",
    "Sequences",
    "cn_number",
    "cn_numeral",
    "enumeration_starts",
    "keyword_heading",
    "opening_label",
    "split_run_on",
]

CN_NUM = "一二三四五六七八九十百零〇两"


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})
# the formal numerals (壹、貳、參、 head Taiwan's plans), read as their everyday forms
_CN_DIGITS.update({"壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "叄": 3, "肆": 4, "伍": 5})
_CN_DIGITS.update({"陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9})
_WIDE_DIGITS = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}


def cn_number(s: str) -> int | None:
    """Chinese numeral (一 … 九十九, 一百…; the formal 壹 … 拾 too) or digits (full/half
    width) -> int."""
    s = s.translate(_WIDE_DIGITS)
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch in "十拾":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def cn_numeral(n: int) -> str:
    """0..99 as a Chinese numeral (零, 一, 十, 十一, 二十三): the inverse of :func:`cn_number`.

    >>> [cn_numeral(n) for n in (1, 10, 11, 20, 23)]
    ['一', '十', '十一', '二十', '二十三']
    >>> all(cn_number(cn_numeral(n)) == n for n in range(100))
    True
    """
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    head = "" if tens == 1 else digits[tens]
    return head + "十" + (digits[ones] if ones else "")


_ROMAN_DIGITS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman_numeral(n: int) -> str:
    """``n`` (1 or more) in upper-case Roman numerals, as Word and browsers number lists.

    >>> [roman_numeral(n) for n in (1, 4, 9, 14, 40, 1999)]
    ['I', 'IV', 'IX', 'XIV', 'XL', 'MCMXCIX']
    """
    out = []
    for value, digits in _ROMAN_DIGITS:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


# ---------------------------------------------------------------- English keyword headings
# keyword -> (rank, key stem). Ranks sit between a top heading (1) and a numbered item (3), so
# "1." milestones nest under an action, and actions under a goal.
EN_KEYWORDS: dict[str, tuple[float, str]] = {
    # the document's own divisions: a chapter or part heads a section (rank 1, as a Roman
    # heading does), a section sits below it; an article is an item (laws, charters, plans
    # written as articles)
    "chapter": (1.0, "ch"),
    "part": (1.0, "pt"),
    "section": (1.2, "sc"),
    "article": (1.8, "ar"),
    "chapitre": (1.0, "ch"),
    "capítulo": (1.0, "ch"),
    "capitolo": (1.0, "ch"),
    "kapitel": (1.0, "ch"),
    "глава": (1.0, "ch"),
    "partie": (1.0, "pt"),
    "parte": (1.0, "pt"),
    "teil": (1.0, "pt"),
    "sección": (1.2, "sc"),
    "seção": (1.2, "sc"),
    "secção": (1.2, "sc"),
    "sezione": (1.2, "sc"),
    "abschnitt": (1.2, "sc"),
    "раздел": (1.2, "sc"),
    "artículo": (1.8, "ar"),
    "artigo": (1.8, "ar"),
    "articolo": (1.8, "ar"),
    "artikel": (1.8, "ar"),
    "статья": (1.8, "ar"),
    # English
    "pillar": (1.5, "pl"),
    "goal": (1.5, "g"),
    "priority": (1.5, "pr"),
    "theme": (1.5, "th"),
    "strategy": (1.6, "st"),
    "outcome": (1.6, "oc"),
    "objective": (1.7, "o"),
    "action": (1.8, "a"),  # French too
    "recommendation": (1.8, "r"),
    "measure": (1.8, "m"),
    "initiative": (1.8, "in"),
    "commitment": (1.8, "c"),
    # two-word forms plans print ("Priority Area 1", "Key Action 3"), on the same ladder
    "priority area": (1.5, "pr"),
    "focus area": (1.5, "fa"),
    "key area": (1.5, "fa"),
    "action area": (1.5, "fa"),
    "strategic priority": (1.5, "pr"),
    "strategic goal": (1.5, "g"),
    "strategic objective": (1.7, "o"),
    "key action": (1.8, "a"),
    "key initiative": (1.8, "in"),
    # and the other languages' multi-word forms: axe stratégique > objectif stratégique >
    # objectif opérationnel > fiche action; eje estratégico > línea estratégica > línea de acción
    "axe stratégique": (1.5, "ax"),
    "objectif stratégique": (1.6, "os"),
    "objectif opérationnel": (1.7, "o"),
    "fiche action": (1.8, "a"),
    "eje estratégico": (1.5, "ax"),
    "eixo estratégico": (1.5, "ax"),
    "línea estratégica": (1.6, "st"),
    "línea de acción": (1.8, "a"),
    "línea de actuación": (1.8, "a"),
    "linea d'azione": (1.8, "a"),
    "linea di intervento": (1.8, "a"),
    "linha de ação": (1.8, "a"),
    "obiettivo strategico": (1.6, "os"),
    "programa": (1.6, "pg"),
    "meta": (1.7, "tg"),
    "proyecto": (1.8, "pj"),
    "projeto": (1.8, "pj"),
    "progetto": (1.8, "pj"),
    "projekt": (1.8, "pj"),
    "programme": (1.6, "pg"),
    "program": (1.6, "pg"),
    "target": (1.7, "tg"),
    "task": (1.8, "t"),
    "project": (1.8, "pj"),
    "output": (1.85, "op"),  # results frameworks: outcome > output > activity
    "deliverable": (1.9, "dl"),
    "activity": (1.9, "ac"),
    "step": (1.9, "sp"),
    "milestone": (1.9, "ms"),
    # the same ladder in the other languages action plans are most often published in (French,
    # Spanish, Portuguese, German, Italian, Russian): an axis or field of action holds
    # objectives, which hold actions or measures. Each keyword shares its English equivalent's
    # rank and key stem.
    "axe": (1.5, "ax"),
    "eje": (1.5, "ax"),
    "eixo": (1.5, "ax"),
    "asse": (1.5, "ax"),
    "handlungsfeld": (1.5, "ax"),
    "priorité": (1.5, "pr"),
    "prioridad": (1.5, "pr"),
    "schwerpunkt": (1.5, "pr"),
    "orientation": (1.6, "or"),
    "stratégie": (1.6, "st"),
    "estrategia": (1.6, "st"),
    "objectif": (1.7, "o"),
    # a Spanish axis holds lines (Eje 1 > Línea 1.1 > Acción 1.1.1), as an area holds objectives
    "ámbito": (1.5, "ax"),
    "línea": (1.7, "ln"),
    "linha": (1.7, "ln"),
    "linea": (1.7, "ln"),
    "objetivo": (1.7, "o"),
    "obiettivo": (1.7, "o"),
    "ziel": (1.7, "o"),
    "mesure": (1.8, "m"),
    "medida": (1.8, "m"),
    "maßnahme": (1.8, "m"),
    "misura": (1.8, "m"),
    "acción": (1.8, "a"),
    "ação": (1.8, "a"),
    "azione": (1.8, "a"),
    "engagement": (1.8, "c"),
    # Russian: направление (area) > цель (goal) > задача, мера (task, measure)
    "направление": (1.5, "ax"),
    "цель": (1.7, "o"),
    "задача": (1.8, "t"),
    "мера": (1.8, "m"),
    # Dutch, Polish, Czech, Turkish, Swedish, Danish and Norwegian, Finnish, Indonesian and
    # Malay, Vietnamese: chapter > area or priority > goal > action, measure or task
    "hoofdstuk": (1.0, "ch"),
    "rozdział": (1.0, "ch"),
    "kapitola": (1.0, "ch"),
    "bölüm": (1.0, "ch"),
    "bab": (1.0, "ch"),
    "chương": (1.0, "ch"),
    "thema": (1.5, "th"),
    "speerpunt": (1.5, "pr"),
    "priorytet": (1.5, "pr"),
    "obszar": (1.5, "fa"),
    "priorita": (1.5, "pr"),
    "öncelik": (1.5, "pr"),
    "prioritas": (1.5, "pr"),
    "bidang": (1.5, "fa"),
    "teras": (1.5, "ax"),
    "insatsområde": (1.5, "fa"),
    "strategi": (1.6, "st"),
    "doel": (1.7, "o"),
    "cel": (1.7, "o"),
    "cíl": (1.7, "o"),
    "hedef": (1.7, "o"),
    "amaç": (1.7, "o"),
    "mål": (1.7, "o"),
    "tavoite": (1.7, "o"),
    "tujuan": (1.7, "o"),
    "sasaran": (1.7, "o"),
    "mục tiêu": (1.7, "o"),
    "actie": (1.8, "a"),
    "działanie": (1.8, "a"),
    "eylem": (1.8, "a"),
    "åtgärd": (1.8, "a"),
    "toimenpide": (1.8, "a"),
    "kegiatan": (1.8, "a"),
    "giải pháp": (1.8, "a"),
    "maatregel": (1.8, "m"),
    "opatření": (1.8, "m"),
    "tedbir": (1.8, "m"),
    "tiltak": (1.8, "m"),
    "insats": (1.8, "m"),
    "inisiatif": (1.8, "in"),
    "zadanie": (1.8, "t"),
    "nhiệm vụ": (1.8, "t"),
}
# the printed forms (``Action``, ``ACTION``; ``MASSNAHME`` for maßnahme) -> the keyword
_FORMS: dict[str, str] = {
    form: k for k in EN_KEYWORDS for form in (k.capitalize(), k.title(), k.upper())
}
_KW = "|".join(sorted(map(re.escape, _FORMS), key=len, reverse=True))


_KW_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*")


def _keyword(printed: str) -> str:
    """The keyword a printed form stands for (only forms in _FORMS are ever matched)."""
    return _FORMS[printed]


_KW_HEAD = re.compile(
    rf"({_KW})\s{{1,3}}((?:[A-Z]{{1,2}})?\d{{1,3}}(?:\.\d{{1,3}}){{0,3}})"  # Action 7, Action T1
    r"(?:\s{0,3}[:.)\-–—]\s*|\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ\"“‘«(])|\s*$)"
)


@dataclass(frozen=True)
class KeywordHeading:
    """``Action 7: Improve …``: label ``Action 7``, the rest after the punctuation."""

    label: str
    keyword: str  # lower case
    number: str  # "7", "1.2"
    rank: float
    stem: str
    rest: str


def keyword_heading(s: str) -> KeywordHeading | None:
    """Recognise an English keyword heading at the start of ``s``.

    >>> h = keyword_heading("Action 7: Improve transit.")
    >>> (h.label, h.number, h.stem, h.rest)
    ('Action 7', '7', 'a', 'Improve transit.')
    >>> keyword_heading("Priority 1 is to grow.") is None
    True
    """
    m = _KW_HEAD.match(s)
    if m is None:
        return None
    word = _keyword(m.group(1))
    rank, stem = EN_KEYWORDS[word]
    depth = m.group(2).count(".")
    return KeywordHeading(
        label=f"{m.group(1)} {m.group(2)}",
        keyword=word,
        number=m.group(2),
        rank=rank + 0.01 * depth,
        stem=stem,
        rest=s[m.end() :],
    )


# ---------------------------------------------------------------- run-on numbering
_ZH_BOUND = "。；;！!？?：: \t\u00a0\u3000"
# The boundary character is matched, not looked behind at: a pattern that opens with a character
# class lets ``re`` skip ahead to candidates (twice as fast). No marker ends with a boundary
# character, so the matches are the same; a marker starts at ``m.start(kind)``.
_ZH_MARK = re.compile(
    rf"[{_ZH_BOUND}](?:"
    rf"(?P<task>[（(][{CN_NUM}]{{1,4}}[）)])"
    rf"|(?P<sub>[（(][0-9０-９]{{1,3}}[）)])"
    rf"|(?P<sec>[{CN_NUM}]{{1,4}}、)"
    r"|(?P<item>[0-9０-９]{1,3}[.．、](?![0-9０-９%％]))"
    r")"
)
_ZH_START = re.compile(
    rf"[ \t\u00a0\u3000\u200b]*(?:"
    rf"(?P<task>[（(]\s?[{CN_NUM}]{{1,4}}\s?[）)])"
    rf"|(?P<sub>[（(]\s?[0-9０-９]{{1,3}}\s?[）)])"
    rf"|(?P<sec>[{CN_NUM}]{{1,4}}\s?、)"
    r"|(?P<item>[0-9０-９]{1,3}\s?[.．、](?![0-9０-９]))"
    r")"
)
_ZH_RANK = {"sec": 1.0, "task": 2.0, "item": 3.0, "sub": 4.0}
_EN_MARK = re.compile(
    r"(?:(?<=[.;:!?)\"”’]\s)|(?<=\sand\s)|(?<=\sor\s))"
    rf"(?:(?P<kw>(?:{_KW})\s\d{{1,3}}(?:\.\d{{1,3}}){{0,3}}\s?[:.\-–—])"
    r"|(?P<item>\d{1,3}\.\s(?=[A-ZÀ-ÖØ-ÞА-ЯЁ\"“‘«(\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])))"
)
# Every English marker holds a digit before one of :.-–— (a "number end") at most the longest
# keyword + 3 characters from its start, and with its look-ahead is at most the longest keyword
# + 18 characters long: _EN_REACH covers both.
_EN_NUMBER_END = re.compile(r"\d\s?[:.\-–—]")
_EN_REACH = max(map(len, _FORMS)) + 40
_EN_START = re.compile(rf"\s*(?:(?P<kw>(?:{_KW})\s{{1,3}}\d)|(?P<item>\d{{1,3}}\.\s))")
_DIGITS = re.compile(r"[0-9０-９]+(?:\.[0-9]+)*")


def _number(kind: str, marker: str) -> tuple[str, int] | None:
    """(sequence type, number) of a marker: type is the marker kind (keywords by keyword)."""
    if kind == "kw":
        head_num = _KW_NUMBER.search(marker)  # "Goal 1:", "Priority Area 2.1 -"
        if head_num is None:
            return None
        word = _keyword(" ".join(marker[: head_num.start()].split()))
        num = head_num.group(0)
        if "." in num:
            head, _, last = num.rpartition(".")
            return f"kw:{word}:{head}", int(last)
        return f"kw:{word}", int(num)
    core = marker.strip("（()）、.． \t\u3000")
    if kind in ("task", "sec"):
        n = cn_number(core)
        return (kind, n) if n is not None else None
    m = _DIGITS.search(core)
    n = cn_number(m.group(0)) if m else None
    return (kind, n) if n is not None else None


def _rank(seq: str) -> float:
    if seq.startswith("kw:"):
        return EN_KEYWORDS[seq.split(":")[1]][0] + 0.01 * seq.count(":") - 0.01
    return _ZH_RANK.get(seq, 3.0)


class Sequences:
    """The numbers seen so far per marker type, and which types may restart at 1."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}
        self.ranks: dict[str, float] = {}  # the rank of each type in ``last``, worked out once
        self.restart: set[str] = set()

    def expects(self, seq: str, n: int) -> bool:
        last = self.last.get(seq)
        return last is not None and n == last + 1

    def may_restart(self, seq: str) -> bool:
        return seq not in self.last or seq in self.restart

    def see(self, seq: str, n: int) -> None:
        self.last[seq] = n
        self.restart.discard(seq)
        r = self.ranks.get(seq)
        if r is None:
            r = self.ranks[seq] = _rank(seq)
        for other, rank in self.ranks.items():
            if rank > r:
                self.restart.add(other)


def opening_label(p: str, lang: str) -> tuple[str, int] | None:
    """The numbering label ``p`` opens with, as (marker type, number), or None."""
    m = (_ZH_START if lang == "zh" else _EN_START).match(p)
    if m is None or m.lastgroup is None:
        return None
    if m.lastgroup == "kw":
        h = keyword_heading(p.lstrip())
        return _number("kw", h.label + ":") if h else None
    return _number(m.lastgroup, m.group(m.lastgroup))


# the words a bracketed lead clause opens with (structure's reader reads the clause)
LEAD_OPENING_WORDS = ("牵头", "责任单位", "主责单位", "落实单位", "主办机关", "主办单位")
LEAD_OPEN = re.compile(rf"[〔(（\[【［]\s*(?:{alternation(LEAD_OPENING_WORDS)})")
_OPENERS = "〔(（[【［"
_NON_SPACE = re.compile(r"[^ \t\u00a0\u3000]")
_CLOSERS = "〕)）]】］"
_BRACKET = re.compile(f"[{re.escape(_OPENERS + _CLOSERS)}]")


def _lead_clause_ends(p: str) -> list[int]:
    """Offsets just after each lead-agency clause (``〔牵头落实单位:…〕``) that more text follows.

    A clause ends its item; in a run-on text the next item or closing note follows it directly.
    Each clause is scanned at most 400 characters (names nest brackets: ``市委政研室(改革办)``).
    """
    ends: list[int] = []
    for m in LEAD_OPEN.finditer(p):
        if ends and m.start() < ends[-1]:
            continue
        depth = 0
        for b in _BRACKET.finditer(p, m.start(), m.start() + 400):  # the brackets only
            if b.group() in _OPENERS:
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    end = b.end()
                    while end < len(p) and p[end] in "。；;":
                        end += 1
                    if _NON_SPACE.search(p, end):
                        ends.append(end)
                    break
    return ends


def _cand(m: re.Match[str]) -> tuple[int, str, int] | None:
    """A run-on candidate from a marker match: (offset, marker type, number), or None."""
    kind = m.lastgroup or ""
    got = _number(kind, m.group(kind)) if kind else None
    return None if got is None else (m.start(kind), got[0], got[1])


def _marks_at(p: str, ends: list[int]) -> list[tuple[int, str, int]]:
    """The run-on candidates that open right where a lead clause ends (no boundary character
    between: ``…（牵头单位：市发改委）2.促进…``)."""
    found = (_ZH_START.match(p, e) for e in ends)
    return [c for m in found if m is not None and (c := _cand(m)) is not None]


def _en_marks(p: str) -> list[re.Match[str]]:
    """``list(_EN_MARK.finditer(p))``, searched for only around the number ends.

    _EN_MARK opens with look-behinds, so re tries it at every position; three quarters of the
    paragraphs hold no number end at all. A marker is looked for in the window from _EN_REACH
    before each number end to as far after it (each marker starting at or before that number
    end lies wholly inside); paragraphs dense with number ends are scanned whole.
    """
    most = len(p) // (2 * _EN_REACH)  # more number ends than this: the windows would cost more
    if most == 0:
        return list(_EN_MARK.finditer(p))
    ends: list[int] = []
    for end in _EN_NUMBER_END.finditer(p):
        if len(ends) == most:
            return list(_EN_MARK.finditer(p))
        ends.append(end.start())
    marks: list[re.Match[str]] = []
    pos = 0  # where finditer would resume
    for h in ends:
        if h < pos:
            continue
        m = _EN_MARK.search(p, max(pos, h - _EN_REACH), h + _EN_REACH)
        if m is not None and m.start() <= h:
            marks.append(m)
            pos = m.end()
    return marks


# "… Policy Address 1. Mr President, …": a list's first number glued to a title without a sentence
# end before it (English: a space before it; after it, as _EN_MARK wants)
_GLUED_ITEM_ONE = re.compile(r"(?<=\s)1\.\s(?=[A-ZÀ-ÖØ-ÞА-ЯЁ\"“‘«(])")
_GLUED_KW_ONE = re.compile(rf"(?<=\s)(?P<kw>(?:{_KW})\s1\s?[:.\-–—])")


def _with_glued_ones(
    p: str, cands: list[tuple[int, str, int]], seqs: Sequences
) -> list[tuple[int, str, int]]:
    """``cands`` plus the number 1 of a list whose 2 is a candidate while its 1 is not, found
    glued to the text before it (no sentence end between): the last ``1. `` (or ``Goal 1:``)
    before the 2, when the list may start here. Chinese is left alone: its markers glue to
    words (统一、, 进一步)."""
    first_two: dict[str, int] = {}
    has_one: set[str] = set()
    for pos, seq, n in cands:
        if n == 1 and seq not in first_two:
            has_one.add(seq)
        elif n == 2 and seq not in first_two:
            first_two[seq] = pos
    added: list[tuple[int, str, int]] = []
    for seq, two in first_two.items():
        if seq in has_one or not seqs.may_restart(seq) or seq.count(":") > 1:
            continue
        rx = _GLUED_ITEM_ONE if seq == "item" else _GLUED_KW_ONE
        found = [m for m in rx.finditer(p, 0, two) if seq == "item" or _kw_seq(m) == seq]
        if found:
            added.append((found[-1].start(), seq, 1))
    return sorted(cands + added) if added else cands


def _kw_seq(m: re.Match[str]) -> str:
    got = _number("kw", m.group("kw"))
    return got[0] if got is not None else ""


HEADING_REACH = 60  # characters from a heading's marker to its first child's marker
# a first number glued to the heading before it, no boundary between (一、引言1.今年…,
# 二、重点任务（一）地区…): after a CJK character, never after a digit
_ZH_GLUED_ONE = re.compile(
    r"(?<=[\u3400-\u9fff”」』）)])(?:(?P<task>[（(]一[）)])|(?P<sub>[（(][1１][）)])"
    r"|(?P<item>[1１][.．、](?![0-9０-９%％])))"
)


def _with_glued_zh_ones(
    p: str, cands: list[tuple[int, str, int]], head: tuple[str, int] | None
) -> list[tuple[int, str, int]]:
    """``cands`` plus the number 1 glued to a heading's words (``一、引言1.今年是…。2.…``):
    within HEADING_REACH of the heading's marker, of a type ranked below the heading, and with
    the same type's 2 a candidate after it before the next heading of the heading's rank."""
    heads = [(0, _rank(head[0]))] if head is not None else []
    heads += [(pos, _rank(seq)) for pos, seq, _ in cands if seq in ("sec", "task")]
    if not heads:
        return cands
    added: list[tuple[int, str, int]] = []
    for at, rank in heads:
        m = _ZH_GLUED_ONE.search(p, at + 1, at + HEADING_REACH)
        if m is None or m.lastgroup is None:
            continue
        seq, pos = m.lastgroup, m.start(m.lastgroup)
        if _rank(seq) <= rank:
            continue
        between = [c for c in cands if at < c[0] < pos]
        if any(_rank(s) <= _rank(seq) for _, s, _ in between):
            continue  # a marker of its rank or above comes first: the 1 is not the first child
        for c_pos, c_seq, c_n in cands:
            if c_pos <= pos:
                continue
            if _rank(c_seq) <= rank:
                break
            if c_seq == seq:
                if c_n == 2:
                    added.append((pos, seq, 1))
                break
    return sorted(set(cands) | set(added)) if added else cands


def split_run_on(paras: Iterable[str], lang: str, seqs: Sequences | None = None) -> list[str]:
    """Cut paragraphs before run-on numbers that continue the document's numbering.

    >>> split_run_on(["一、总体要求。1.推进改革。2.加强建设，增长2.5%。二、保障措施"], "zh")
    ['一、总体要求。', '1.推进改革。', '2.加强建设，增长2.5%。', '二、保障措施']
    >>> split_run_on(["推进工作，一、二、三项都要做好。（一）不是标题。"], "zh")
    ['推进工作，一、二、三项都要做好。（一）不是标题。']
    """
    seqs = seqs if seqs is not None else Sequences()
    out: list[str] = []
    for p in paras:
        head = opening_label(p, lang)
        if head is not None:
            seqs.see(*head)
        marks = _ZH_MARK.finditer(p) if lang == "zh" else _en_marks(p)
        cands = [cand for m in marks if (cand := _cand(m)) is not None]
        lead_ends = _lead_clause_ends(p) if lang == "zh" else []
        if lead_ends:  # "…（牵头单位：市发改委）2.促进…": a lead clause ends its item
            cands = sorted(set(cands) | set(_marks_at(p, lead_ends)))
        if lang != "zh" and cands:
            cands = _with_glued_ones(p, cands, seqs)
        elif cands:
            cands = _with_glued_zh_ones(p, cands, head)
        twos: dict[str, list[int]] = {}  # candidate indices of each type's number 2
        for i, (_, seq, n) in enumerate(cands):
            if n == 2:
                twos.setdefault(seq, []).append(i)
        cuts: list[int] = list(lead_ends)
        # the last heading cut (or opened) here: a restarting 1 right after it is its first child
        # even when no 2 follows (a section holding one task: "二、惠民生。（一）新增就业…")
        heading = (0, _rank(head[0])) if head is not None else None
        for i, (pos, seq, n) in enumerate(cands):
            if seqs.expects(seq, n):
                ok = True
            elif n == 1 and seqs.may_restart(seq):
                later = twos.get(seq, [])
                j = bisect.bisect_right(later, i)
                ok = j < len(later) and later[j] <= i + 40
                ok = ok or (
                    heading is not None
                    and heading[1] < _rank(seq)
                    and pos - heading[0] <= HEADING_REACH
                )
            else:
                ok = False
            if ok:
                cuts.append(pos)
                seqs.see(seq, n)
                heading = (pos, _rank(seq))
        if not cuts:
            out.append(p)
            continue
        prev = 0
        for c in sorted(set(cuts)):
            out.append(p[prev:c])
            prev = c
        out.append(p[prev:])
    return out


# ---------------------------------------------------------------- 一是/二是 series
_ENUM = re.compile(r"(?:(?<=[。；;：:，,！!？?])|^)([一二三四五六七八九十]{1,2})是(?!否|非|指|由)")


def enumeration_starts(text: str) -> list[int]:
    """Start offsets of a 一是/二是/三是 series in ``text`` (at least 一是 and 二是), else [].

    Members must come in order from 一是 and each must open a clause (after 。；：，).

    >>> enumeration_starts("突出抓好三个方面。一是提升品质；二是扩大供给。")
    [9, 16]
    >>> enumeration_starts("这一是好事。")
    []
    """
    starts: list[int] = []
    if text.count("是") < 2:  # a series needs 一是 and 二是; most paragraphs have neither
        return starts
    expected = 1
    for m in _ENUM.finditer(text):
        n = cn_number(m.group(1))
        if n == expected:
            starts.append(m.start())
            expected += 1
    return starts if len(starts) >= 2 else []
