"""Quantitative targets and reported outcomes pulled out of a plan's units.

A government work report states this year's targets (国内生产总值增长5%左右,
城镇新增就业1200万人以上) and last year's results (增长5.2%, 新增就业1244万人).
:func:`extract` finds every number that states a commitment or a result, names the indicator
as printed, gives it a stable id from
:data:`comparison.target_vocab.INDICATORS` (``None`` outside the vocabulary), reads the value or
range, the unit and the qualifier, and tells targets from outcomes by section and sentence
context. Longer-horizon goals (a five-year plan's 年均增长6.5%以上, "by 2030") carry ``horizon``.

Dates, document numbers (〔2014〕4号), ordinals (第十三个), bare counts and increments over the
previous year (比上年增加1.6万亿元) are never quantities. Chinese numerals (一千二百万, 百分之五)
are read by ``cn2an``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.quantity import Extraction, Quantity
from comparison.target_vocab import indicator_for
from comparison.targets_en import action_opening, iter_en
from comparison.tokens import sentences
from comparison.variants import simplified

__all__ = ["Extraction", "Quantity", "document_quantities", "extract", "merge_number_tokens"]

# Full-width digits and signs, replaced one character for one so offsets stay those of the text.
_WIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")

_CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?)"
_UNIT = (
    r"个百分点|百分点|%|‰|万亿美元|亿美元|万美元|美元|万亿元|亿元|万元|"
    r"万亿斤|亿斤|万斤|斤|亿吨|万吨|吨|公斤|万人次|人次|亿人|万人|人|万套|套|万户|户|"
    r"亿亩|万亩|亩|万公里|公里|亿千瓦|万千瓦|千瓦|亿立方米|立方米|微克/立方米|万辆|辆|倍"
)
# A figure the extractor keeps has a unit of _UNIT right after a digit (n1 or n2 below) or reads
# 百分之N. This cheap test on the printed text (\d matches full-width digits too; ％ is %) lets
# the many units that state no figure skip the sentence-by-sentence reading. A change to QUANTITY
# or to what the extractor keeps (a figure without a unit) must change _MAY_STATE with it.
_UNIT_FIRST = "".join(sorted({u[0] for u in _UNIT.split("|")}))
_MAY_STATE = re.compile(rf"百分之|[\d{_CN_DIGITS}][{re.escape(_UNIT_FIRST)}％]")
_DASH = r"[-－—–~～至到]"


def _quantity(units: str) -> re.Pattern[str]:
    """One number expression with one of ``units``: [百分之]N[unit][多] [- N[unit]] [suffix]."""
    return re.compile(
        rf"(?P<pct>百分之)?(?P<n1>{_NUM})(?P<u1>{units})?(?P<many>多)?"
        rf"(?:(?P<dash>{_DASH}{{1,2}})(?P<pct2>百分之)?(?P<n2>{_NUM})(?P<u2>{units})?)?"
        rf"(?P<suffix>左右|以上|以内|以下)?"
    )


QUANTITY = _quantity(_UNIT)
# Counts of things built or done (新建5G基站2000个, 改造老旧小区120所) are commitments only in a
# unit that has an owner (a task table's row, an item with its lead agency): there they are
# read with these measure words too (after Arabic digits: 一个, 两家 are words)
_COUNT_UNIT = r"个|家|所|座|处|台"
_COUNT_UNITS = frozenset(_COUNT_UNIT.split("|"))
COUNT_QUANTITY = _quantity(f"{_UNIT}|{_COUNT_UNIT}")
_MAY_COUNT = re.compile(rf"\d(?:{_COUNT_UNIT})")
_COUNTED = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]{1,12}")
_SUFFIX_Q = {"左右": "about", "以上": "at_least", "以内": "at_most", "以下": "at_most"}
_PREFIX_Q = (  # nearest wins; checked against the end of the clause before the number
    ("不低于", "at_least"),
    ("不少于", "at_least"),
    ("至少", "at_least"),
    ("超过", "at_least"),
    ("不超过", "at_most"),
    ("不高于", "at_most"),
    ("控制在", "at_most"),
    ("不突破", "at_most"),
    ("低于", "below"),
)
# A number right after these, or right before these, is a date, a number or an ordinal.
_NOT_BEFORE = re.compile(r"^(?:年|月|日|号|周年|届|次|季度|期|版|条|项|批|轮|代|G|号文|点\d)")
_NOT_AFTER = re.compile(r"(?:第|〔|\[|（|\(|No\.|号)$")
_DELTA = re.compile(r"比(?:上年|去年|上一年|\d{4}年|过去)|同比(?:增加|提高|减少|下降)")
_RATE_VERB = re.compile(r"(?:增长|下降|上涨|上升|降低)$")
_BY_LIST = re.compile(r"由[^，；。,;]*分别[^，；。,;]*$")
_SET_BEFORE = re.compile(r"(?:年初|原)(?:确定|提出)的[^，；。]*$")
_AIMED = re.compile(r"[^，；。,;]{0,6}目标")
_BASELINE = re.compile(r"从(?:去年的|上年的|\d{4}年的?)?$")
_INCREMENT = re.compile(r"^(?:增加|减少|提高|多|少|增长了|又?增产|又?减产)$")
_GENERIC_NAME = re.compile(
    r"(?:\d{4}年)?(?:全年)?(?:产量|总产量|总额|总量)?(?:增长|下降|上涨|增速|达到|为|突破|超过)?"
)
_SUBJECT_OF = {
    "grain_output": "粮食",
    "gdp_growth": "国内生产总值",
    "foreign_trade": "进出口",
    "energy_intensity": "单位国内生产总值能耗",
}
_CLAUSE_SEP = re.compile(r"[，,；;：:。！？、（）()“”\n]")
_LEAD_STRIP = re.compile(
    r"^(?:比上年|比去年|同比|转为|今年|去年|全年|其中|同时|并|要|力争|确保|努力|争取|实现|预计|主要预期目标是|预期目标是|拟发行|拟安排|拟|发行|安排|"
    r"全年预期目标是|时期|期间|今后五年|五年|的|和|及|与|使|把|将|年末|\s)+"
)
_TAIL_STRIP = re.compile(
    r"(?:提高到|提高至|降到|降至|下降到|增加到|拟安排|拟按|拟|按|为|是|达到|达|保持在|保持|控制在|稳定在|在|约|预计|要|平均为|平均|"
    r"不低于|不少于|至少|不超过|不高于|不突破|低于|超过|分别)+$"
)
_GROWTH_VERB = re.compile(r"^(?:增长|增速|下降|降低|上涨|涨幅|提高|减少|增加)")
_SUBJECT_TAIL = re.compile(r"(?:增长|增速|下降|降低|上涨|涨幅|提高|减少|增加|达到|达|为|突破)+$")

# sentence context
_PAST = re.compile(
    r"过去一年|去年|上一年|上年(?!度)|一年来|刚刚过去|过去五年|五年来|已经|已|累计|实现了"
)
_PAST_FIVE = re.compile(r"过去五年|五年来|年均|这五年|五年累计|五年间|十年")
_YEARS_SUM = re.compile(r".{0,8}?(?:近|前)([两三四五六七八九十]|\d+)年")
_MULTI_YEAR = re.compile(r".{0,8}?(?:近|前|连续)([两三四五六七八九十]|\d+)年")
_LAST_YEAR = re.compile(r"过去一年|去年|刚刚过去|一年来")
_TARGET_CUE = re.compile(r"预期目标|今年|拟|安排|力争|确保|目标|要|争取|计划|预计|左右|以上|以内")
_FIVE_YEAR = re.compile(r"[“\"]?(十[一二三四五六七八九]?五)[”\"]?(?:规划|时期|期间|末)")
# 到2030年; Japanese 2030年までに / 2030年度までに
_BY_YEAR = re.compile(r"到(20\d\d)年|(20\d\d)年度?まで")
_SPAN_YEARS = re.compile(r"(20\d\d)[-－—至到](20\d\d)年")
_LOOSE_REVIEW = re.compile(r"(?:报告|回顾).{0,6}(?:\d{4}年|去年|过去一年|一年来)的?工作")
_REVIEW_TITLE = re.compile(r"回顾|过去一年|过去五年|工作总结")
_FIVE_YEAR_START = {"十五": 2001, "十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021}
_FIVE_YEAR_START["十五五"] = 2026


def read_number(text: str) -> float | None:
    """An Arabic or Chinese numeral as a float (``None`` if it is not one).

    >>> read_number("1,200"), read_number("一千二百"), read_number("七点五")
    (1200.0, 1200.0, 7.5)
    """
    t = text.replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    import cn2an  # lazily: ~0.3 s of start-up that a plan with Arabic figures never needs

    try:
        return float(cn2an.cn2an(t, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _split_cn_unit(num: str, unit: str) -> tuple[str, str]:
    """``一千二百万`` + ``人`` -> ``一千二百`` + ``万人``: a trailing 万/亿 belongs to the unit."""
    if num and not num[0].isdigit():
        while num and num[-1] in "万亿" and len(num) > 1:
            unit = num[-1] + unit
            num = num[:-1]
    return num, unit


def _horizon(sentence: str, year: int | None, section_horizon: str | None) -> str | None:
    m = _SPAN_YEARS.search(sentence)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m5 = _FIVE_YEAR.search(sentence)
    if m5 and m5.group(1) in _FIVE_YEAR_START:
        start = _FIVE_YEAR_START[m5.group(1)]
        if year is None or not start <= year <= start + 4 or "年均" in sentence:
            return f"{start}-{start + 4}"
    mb = _BY_YEAR.search(sentence)
    by = (mb.group(1) or mb.group(2)) if mb else None
    if by and (year is None or int(by) > year):
        return f"by {by}"
    return section_horizon


def _section_context(doc: PlanDocument) -> dict[str, tuple[bool, str | None, str | None]]:
    """Per unit key: (inside a review section, horizon of a five-year-plan section, period of a
    five-year review — 过去五年工作回顾, “十一五”时期的回顾)."""
    out: dict[str, tuple[bool, str | None, str | None]] = {}
    year = doc.year
    loose_review = False  # older reports: "首先报告2001年的工作" heads plain paragraphs
    for u in doc.units:
        parent = out.get(u.parent) if u.parent else None
        review, horizon, five = parent if parent else (False, None, None)
        if u.parent is None and u.kind is UnitKind.PARAGRAPH:
            head = simplified(u.text.translate(_WIDTH)).strip()
            if len(head) <= 24 and _LOOSE_REVIEW.search(head):
                loose_review = True
            elif year is not None and head.startswith((f"{year}年", "今年", "根据")):
                loose_review = False
            review = review or loose_review
        elif u.parent is None:
            loose_review = False
        title = simplified(u.title) if u.title else u.title
        if u.kind in (UnitKind.SECTION, UnitKind.TASK) and title:
            m = _FIVE_YEAR.search(title) or re.search(r"(十[一二三四五六七八九]?五)", title)
            period = None
            if m and m.group(1) in _FIVE_YEAR_START:
                start = _FIVE_YEAR_START[m.group(1)]
                period = f"{start}-{start + 4}"
            if _REVIEW_TITLE.search(title):
                review = True
                if period is not None and "主要目标" not in title:
                    five = period
                elif "五年" in title and year is not None:
                    five = f"{year - 5}-{year - 1}"
            elif period is not None:
                horizon = period
        out[u.key] = (review, horizon, five)
    return out


def _qualifier(before: str, suffix: str | None, is_range: bool, many: bool) -> str:
    if is_range:
        return "range"
    if suffix:
        return _SUFFIX_Q[suffix]
    tail = before[-6:]
    best: tuple[int, str] | None = None
    for word, q in _PREFIX_Q:
        pos = tail.rfind(word)
        if pos >= 0 and (best is None or pos + len(word) > best[0]):
            best = (pos + len(word), q)
    if best is not None:
        return best[1]
    return "at_least" if many else "exact"


def _name(before: str, previous: str | None) -> str:
    name = re.sub(r"从.*$", "", before) if "从" in before[1:] else before
    name = _LEAD_STRIP.sub("", name)
    name = _TAIL_STRIP.sub("", name).strip()
    if previous and (not name or _GROWTH_VERB.match(name)):
        subject = _SUBJECT_TAIL.sub("", previous)
        if subject and not name.startswith(subject):
            name = subject + name
    return name


_WIDE_SEP = re.compile(r"[，,；;：:。！？\n]")


def _listed_name(before_all: str, listed: dict[int, int]) -> str | None:
    """``用水量、能耗、二氧化碳排放量分别下降23%、15%、18%``: the i-th figure goes with the i-th
    name listed before 分别 (None when the clause has no such list)."""
    wide = max((c.end() for c in _WIDE_SEP.finditer(before_all)), default=0)
    clause = before_all[wide:]
    if "分别" not in clause:
        return None
    head, _, verb = clause.partition("分别")
    names = [n for n in re.split(r"、|和", head) if n]
    i = listed.get(wide, 0)
    listed[wide] = i + 1
    if len(names) < 2 or i >= len(names):
        return None
    verb = re.sub(r"[\d.%、]+.*$", "", verb)
    return _name(names[i], None) + _TAIL_STRIP.sub("", verb)


def _ended(horizon: str, year: int | None) -> bool:
    m = re.fullmatch(r"(\d{4})-(\d{4})", horizon)
    return bool(m and year is not None and int(m.group(2)) < year)


def _years_back(m: re.Match[str], year: int) -> str:
    n = read_number(m.group(1)) or 1.0
    return f"{year - int(n)}-{year - 1}"


def _names_last_year_only(sent: str, year: int | None) -> bool:
    """The sentence names last year (2007年 in the 2008 report) and no earlier year."""
    if year is None or f"{year - 1}年" not in sent:
        return False
    return all(int(y) >= year - 1 for y in re.findall(r"((?:19|20)\d\d)年", sent))


def _iter_zh(
    unit: Unit,
    text: str,
    year: int | None,
    review: bool,
    sec_horizon: str | None,
    five: str | None = None,
    *,
    owned: bool = False,
) -> Iterator[Quantity]:
    offset = 0
    carried = False  # a paragraph starting on last year stays on it until a cue of this year
    last_year = False  # in a five-year review: this paragraph is on last year
    five_carried = False  # outside reviews: this paragraph looks back on five years
    for sent in sentences(text):
        s_start = text.find(sent, offset)
        offset = s_start + len(sent)
        cue = _TARGET_CUE.search(sent)
        if _PAST.search(sent) and not _TARGET_CUE.search(sent[:12]):
            carried = True
        elif cue:
            carried = False
        if _LAST_YEAR.search(sent) or _names_last_year_only(sent, year):
            last_year, five_carried = True, False
        elif _PAST_FIVE.search(sent):
            last_year, five_carried = False, True
        past = review or carried
        horizon = _horizon(sent, year, sec_horizon)
        if review and five is not None and not last_year:
            horizon = five
        elif past and horizon is None and five_carried and year is not None:
            horizon = f"{year - 5}-{year - 1}"
        multi = _YEARS_SUM.match(sent)
        if past and horizon is None and multi and year is not None:
            horizon = _years_back(multi, year)  # 近三年累计，……: several years at once
        previous: str | None = None
        listed: dict[int, int] = {}  # wide clause start -> numbers seen under its 分别
        for m in (COUNT_QUANTITY if owned else QUANTITY).finditer(sent):
            is_past = past
            if past and not review and m.group("suffix"):
                is_past = False  # 把涨幅控制在3.5%左右，考虑了去年……: this year's figure
            q = _zh_quantity(
                unit, sent, m, s_start, previous, is_past, horizon, year, listed, owned=owned
            )
            if q is not None:
                previous = q.name
                yield q


# Japanese puts the verb after the figure: 70%に引き上げる, 46%削減する, 100%を目指す; a sentence
# that ends in the past (した, だった, でした) reports
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_JA_INTENT = re.compile(
    r"引き上げ|引き下げ|削減|増加|増や|減ら|達成|目指|目标|向上|拡大|確保|する|させる"
)
_JA_PAST_END = re.compile(r"(?:した|だった|でした|ました|となった|であった)[。．.]?\s*$")


def _japanese_intent(rest: str) -> bool:
    """Does the rest of a Japanese sentence after a figure commit to it (a verb of intent, the
    sentence not in the past)?"""
    return (
        bool(_HIRAGANA.search(rest))
        and bool(_JA_INTENT.search(rest))
        and not (_JA_PAST_END.search(rest))
    )


def _zh_quantity(
    unit: Unit,
    sent: str,
    m: re.Match[str],
    s_start: int,
    previous: str | None,
    past: bool,
    horizon: str | None,
    year: int | None,
    listed: dict[int, int],
    *,
    owned: bool = False,
) -> Quantity | None:
    u1, u2 = m.group("u1") or "", m.group("u2") or ""
    n1, n2 = m.group("n1"), m.group("n2")
    if m.group("pct"):
        u1 = "%"
    if m.group("pct2"):
        u2 = "%"
    if n2 is not None and not u2:  # "6.5%-7" is no range; "6-7%" is
        return None
    unit_str = u2 or u1
    if not unit_str:
        return None
    cn = not n1[0].isdigit()
    if cn and len(n1) == 1 and unit_str in ("人", "倍", "户", "套", "亩", "吨", "斤"):
        return None  # 一人, 两倍: words, not figures
    if cn and n2 is None:
        n1, unit_str = _split_cn_unit(n1, unit_str)
    after = sent[m.end() : m.end() + 3]
    before_all = sent[: m.start()]
    if _NOT_BEFORE.match(after) or _NOT_AFTER.search(before_all):
        return None
    clause_start = max((c.end() for c in _CLAUSE_SEP.finditer(before_all)), default=0)
    before = before_all[clause_start:]
    if _BASELINE.search(before) or _BY_LIST.search(before_all):
        return None
    if past and (_AIMED.match(sent[m.end() :]) or _SET_BEFORE.search(before_all)):
        return None  # 低于13%左右的预期目标: last year's target, quoted in the review
    if _DELTA.search(before) and (unit_str not in ("%", "‰") or not _RATE_VERB.search(before)):
        return None  # 比上年增加1.6万亿元 / 提高1个百分点: a change; 比上年增长9.9% is a rate
    if _INCREMENT.match(before.strip()) and unit_str not in ("%", "‰"):
        return None  # 中央财政赤字1.12万亿元，增加1700亿元: the increment, not a level
    low = read_number(n1)
    high = read_number(n2) if n2 is not None else None
    if low is None or (n2 is not None and high is None):
        return None
    if _INCREMENT.match(_LEAD_STRIP.sub("", before).strip()):
        return None  # 又增产291亿斤: the increment, not a level
    name = _listed_name(before_all, listed) or _name(before, previous)
    if unit_str in _COUNT_UNITS and (obj := _COUNTED.match(sent, m.end())):
        name += obj.group()  # 完成3个试点: the thing counted follows its count
    indicator = indicator_for(name, unit_str)
    if indicator is None and _GENERIC_NAME.fullmatch(name):
        indicator = indicator_for(before_all, unit_str)  # 粮食……，2007年产量达到50150万吨
        if indicator is not None:
            name = _SUBJECT_OF.get(indicator, "") + name
    if horizon is not None and not past and _ended(horizon, year):
        past = True  # a finished plan period's figures report results
    multi = _MULTI_YEAR.search(before)
    if past and horizon is None and multi and year is not None:
        horizon = _years_back(multi, year)  # 经济增长连续四年达到或略高于10%
    qualifier = _qualifier(before, m.group("suffix"), n2 is not None, bool(m.group("many")))
    if unit_str in _COUNT_UNITS and (cn or not owned):
        return None  # 一个, 两家: words; a count only in an owned unit
    if (
        not past
        and not owned
        and indicator is None
        and qualifier == "exact"
        and not _TARGET_CUE.search(before)
        and not _japanese_intent(sent[m.end() :])
        and not (
            is_work_item(unit) and _COMMIT_VERB.search(before) and not before.endswith("的")
        )  # 完成预算数的92.49%: a share of something, not a commitment
    ):
        return None  # a bare figure in a plan paragraph: a count, not a commitment
    is_range = high is not None
    return Quantity(
        key=unit.key,
        kind="outcome" if past else "target",
        name=name,
        indicator=indicator,
        value=None if is_range else low,
        low=low if is_range else None,
        high=high,
        unit=unit_str,
        qualifier=qualifier,
        text=m.group(0),
        start=s_start + m.start(),
        horizon=horizon,
        about_year=(year - 1 if year is not None and horizon is None else None) if past else None,
    )


# a verb that does what a work item commits to, in the clause before its figure
_COMMIT_VERB = re.compile(
    r"新建|建成|新增|完成|改造|减少|下降|降低|提高|提升|压减|精简|压缩|控制在|达到|培育|引进|"
    r"培训|开工|实施|推广|建设|增加|扩大|缩减|淘汰|削减|減少|達到|建設|擴大|壓減|精簡"
)
WORK_ITEM_CHARS = 200  # a work plan's item is a line; a report's numbered task is a paragraph


def is_work_item(unit: Unit) -> bool:
    """A numbered item or task short enough to be a work plan's line (``1.公务员编制减少2%。``,
    ``3.新建保障性住房1200套。``): a figure after a verb of doing in it is what it commits to,
    as an owned unit's is, though no agency is named."""
    return (
        unit.kind in (UnitKind.ITEM, UnitKind.TASK)
        and bool(unit.label)
        and len(unit.text) <= WORK_ITEM_CHARS
    )


def is_owned(unit: Unit) -> bool:
    """A unit of work with an owner: an item or task with lead or supporting agencies or a
    deadline (a task table's row, ``1.新建5G基站2000个。（牵头单位：市工信局）``). Its figures
    are what it commits to, bare counts included, unless its sentences report."""
    return unit.kind in (UnitKind.ITEM, UnitKind.TASK) and bool(
        unit.lead_units or unit.support_units or unit.due
    )


def is_action(unit: Unit) -> bool:
    """An action of a plan (see :mod:`comparison.targets_en`): a unit labelled with a plan's
    keyword (``Action 3``, ``Objective 1.1``, ``Mesure 2``), or a numbered one whose text opens
    as an action does (``Reduce …``, ``Réduire …``, ``Senkung …``: :func:`action_opening`)."""
    if unit.kind not in (UnitKind.ITEM, UnitKind.TASK) or not unit.label:
        return False
    keyword = " " in unit.label and any(ch.isalpha() for ch in unit.label)  # not "iv", "b"
    return keyword or action_opening(unit.text)


def unit_quantities(
    unit: Unit,
    *,
    year: int | None,
    language: str = "zh",
    review: bool = False,
    horizon: str | None = None,
    five: str | None = None,
) -> tuple[Quantity, ...]:
    """Every target and outcome stated in ``unit``'s own text.

    ``review``: the unit lies in a review section (its figures are outcomes); ``horizon``: the
    period of the five-year-plan section it lies in; ``five``: the period of a five-year review.
    """
    owned = is_owned(unit)
    if language != "en" and not (
        _MAY_STATE.search(unit.text) or (owned and _MAY_COUNT.search(unit.text))
    ):
        return ()
    text = unit.text.translate(_WIDTH)
    if language == "en":
        return tuple(iter_en(unit.key, text, year, review, commitment=is_action(unit)))
    read = simplified(text)  # traditional characters read as simplified: 國內生產總值增長
    found = _iter_zh(unit, read, year, review, horizon, five, owned=owned)
    # spans as printed: both translations map one character to one, offsets hold (names keep
    # the width translation's ASCII digits, as before: they are compared across years)
    converted = read != text
    return tuple(
        replace(
            q,
            text=unit.text[q.start : q.start + len(q.text)],
            name=_printed(text, read, q) if converted else q.name,
        )
        for q in found
    )


def _printed(printed: str, read: str, q: Quantity) -> str:
    """``q``'s name as printed: the name was read from the simplified text ``read``; where it
    stands there, before its figure, the same span of ``printed`` is what the plan says."""
    at = read.rfind(q.name, 0, q.start + 1) if q.name else -1
    return printed[at : at + len(q.name)] if at >= 0 else q.name


def document_quantities(doc: PlanDocument) -> dict[str, tuple[Quantity, ...]]:
    """Per unit key, the quantities its text states (units with none are left out)."""
    ctx = _section_context(doc)
    out: dict[str, tuple[Quantity, ...]] = {}
    for u in doc.units:
        review, horizon, five = ctx[u.key]
        qs = unit_quantities(
            u, year=doc.year, language=doc.language, review=review, horizon=horizon, five=five
        )
        if qs:
            out[u.key] = qs
    return out


def extract(doc: PlanDocument) -> Extraction:
    """The targets and outcomes of ``doc``, in document order.

    >>> from comparison.document import Unit
    >>> text = "今年主要预期目标是：国内生产总值增长5%左右。"
    >>> u = Unit("p1", None, 1, UnitKind.PARAGRAPH, "", "", text)
    >>> t = extract(PlanDocument("报告", 2025, "zh", units=(u,))).targets[0]
    >>> (t.indicator, t.value, t.unit, t.qualifier)
    ('gdp_growth', 5.0, '%', 'about')
    """
    per_unit = document_quantities(doc)
    found = [q for u in doc.units for q in per_unit.get(u.key, ())]
    return Extraction(
        year=doc.year,
        targets=tuple(q for q in found if q.kind == "target"),
        outcomes=tuple(q for q in found if q.kind == "outcome"),
    )


_TOKEN_QUANTITY = re.compile(QUANTITY.pattern)


def merge_number_tokens(tokens: Sequence[str]) -> list[str]:
    """Join the tokens of each number expression (``6`` ``.`` ``5`` ``%`` ``—`` ``7`` ``%``) into
    one token, so a redline shows ``5%左右`` → ``4.5%—5%`` as one number change.

    >>> merge_number_tokens(["增长", "6", ".", "5", "%", "—", "7", "%", "，"])
    ['增长', '6.5%—7%', '，']
    """
    text = "".join(tokens)
    spans = [
        (m.start(), m.end())
        for m in _TOKEN_QUANTITY.finditer(simplified(text.translate(_WIDTH)))
        if m.group("n1")[0].isdigit()
    ]
    if not spans:
        return list(tokens)
    out: list[str] = []
    pos = 0
    si = 0
    for tok in tokens:
        end = pos + len(tok)
        while si < len(spans) and spans[si][1] <= pos:
            si += 1
        inside = si < len(spans) and spans[si][0] < end and pos < spans[si][1]
        if inside and out and pos > spans[si][0] and _joinable(out[-1]):
            out[-1] += tok
        else:
            out.append(tok)
        pos = end
    return out


def _joinable(prev: str) -> bool:
    return bool(prev) and not prev.isspace()
