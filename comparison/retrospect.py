"""Top-level sections that look back: a review of past work, not a plan.

A government work report opens with a review of the past year (``2021年工作回顾``, ``过去一年和
五年工作回顾``) and goes on to the year's plan (``2022年政府工作任务``, ``对今年政府工作的建议``).
The two parts speak of the same subjects, so a review written as a list of tasks draws the
previous year's plan to itself: National 2022 → 2023, whose five-year review is ten tasks long and
whose plan is eight one-paragraph tasks, had every 2022 task matched to a review task. A plan's
initiative is continued by the next plan, not by the review that reports on it.

:func:`review_sides` labels each unit by the role of its top-level section: ``REVIEW`` when the
section's headline names a review and nothing ahead (``工作回顾``, ``Review of 2023``,
``Looking back``, ``Bilan``, ``Rückblick``, ``振り返り``, ``추진실적``; words of results such as
成果 or achievements only beside 工作 or a period, and never with a word of a plan, ``重点``,
``Priorities``, ``Vorschau``), ``AHEAD`` for any other top-level section, ``NEUTRAL`` for a unit
outside every section. :class:`Wall` keeps a review unit and a plan unit out of one match, but
only between two documents that each have both parts; a document that is all plan or all review
has nothing to keep apart. Analysts' groups are fixed before and are not walled.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from comparison.document import PlanDocument, UnitKind
from comparison.variants import with_traditional

__all__ = [
    "AHEAD",
    "NEUTRAL",
    "REVIEW",
    "Wall",
    "apart",
    "has_both",
    "headline_side",
    "is_review_headline",
    "review_sides",
]

NEUTRAL, AHEAD, REVIEW = -1, 0, 1

# Chinese (simplified and traditional), Japanese and Korean words of a review, and of a plan
# (a headline with both, "发展成就和主要目标任务", is neither). Words of results (成果, 成就, 成效,
# 成绩) name a review only after 工作 or beside a past marker: "巩固拓展脱贫攻坚成果" and
# "奋力夺取新成就" head plans.
_CJK_REVIEW = (
    *with_traditional(("回顾", "总结", "执行情况", "完成情况", "进展情况", "工作进展", "工作情况")),
    *with_traditional(("过去一年", "过去五年", "去年工作", "上年工作", "一年来", "五年来")),
    *with_traditional(("工作成效", "工作成果", "工作成绩", "主要成就", "主要成效", "主要成绩")),
    *("振り返り", "実績", "실적", "추진성과", "주요성과", "회고"),
)
_CJK_AHEAD = (
    *with_traditional(("任务", "建议", "安排", "部署", "目标", "计划", "要点", "打算", "展望")),
    *with_traditional(("思路", "取向", "重点", "要求", "举措", "草案", "下一步", "今后")),
    *(
        "計畫",
        "計画",
        "方針",
        "施策",
        "課題",
        "今後",
        "取組",
        "계획",
        "과제",
        "방향",
        "목표",
        "향후",
    ),
)
_PERIOD = r"(?:(?:19|20)\d\d|(?:the\s+)?(?:past|last|previous)\b|the\s+year\b)"
_LATIN_REVIEW = re.compile(
    rf"\breview\s+of\s+(?:the\s+)?(?:{_PERIOD}|economy\b|progress\b|performance\b)"
    r"|\bin\s+review\b|\b(?:19|20)\d\d\s+review\b"
    r"|\b(?:annual|year|yearly|performance|mid-?term)\s+review\b"
    r"|\blooking\s+back\b|\bretrospect"
    rf"|\b(?:achievements?|accomplishments?)\s+(?:in|of|during|since|for)\s+{_PERIOD}"
    r"|\b(?:19|20)\d\d\s+(?:achievements?|accomplishments?)\b"
    r"|\bprogress\s+(?:report|made|so\s+far|to\s+date)\b"
    r"|\bbilan\b|\br[ée]trospective\b|\brückblick\b|\bjahresrückblick\b|\bbilanz\b"
    r"|\bterugblik\b|\bитоги\b"
    r"|\bwhat\s+we\s+(?:have\s+)?(?:achieved|delivered|done|accomplished)\b",
    re.IGNORECASE,
)
_LATIN_AHEAD = re.compile(
    r"\bplan|\bpriorit|\boutlook\b|\bprospects?\b|\bahead\b|\bnext\b|\bagenda\b|\bgoals?\b"
    r"|\btargets?\b|\bobjecti|\bactions?\b|\btasks?\b|\binitiatives?\b|\bpropos"
    r"|\bforward\b|\broad\s?map|\bstrateg|\bfuture\b|\bcoming\s+year\b|\bthis\s+year\b"
    r"|\bperspectives?\b|\borientations?\b|\bfeuille\s+de\s+route\b|\bausblick\b|\bvorschau\b"
    r"|\bzukunft\b|\bziele?\b|\bvorhaben\b|\bprioridades\b|\bperspectivas\b|\bretos\b"
    r"|\bdesaf[íi]os\b",
    re.IGNORECASE,
)
_HEADLINE_MAX = 80  # characters of a section's headline looked at


def _cjk(words: tuple[str, ...], h: str) -> bool:
    return any(w in h for w in words)


def headline_side(headline: str) -> int:
    """``REVIEW`` when a top-level section's headline names a review of past work and nothing
    ahead, ``AHEAD`` when it names a plan (tasks, proposals, priorities…) and no review,
    ``NEUTRAL`` otherwise: a headline that names neither (``The economy in 2024``) or both.

    >>> [headline_side(h) for h in ("2021年工作回顾", "2022年政府工作任务", "加强政府自身建设",
    ...     "2023年工作回顾和2024年工作重点", "Review of 2023", "Spending Review 2025")]
    [1, 0, -1, -1, 1, -1]
    """
    h = headline[:_HEADLINE_MAX]
    review = _cjk(_CJK_REVIEW, h) or bool(_LATIN_REVIEW.search(h))
    ahead = _cjk(_CJK_AHEAD, h) or bool(_LATIN_AHEAD.search(h))
    if review == ahead:
        return NEUTRAL
    return REVIEW if review else AHEAD


def is_review_headline(headline: str) -> bool:
    """Whether a top-level section's headline names a review of past work and nothing ahead.

    >>> [is_review_headline(h) for h in ("2021年工作回顾", "2022年政府工作任务",
    ...     "“十三五”时期发展成就和“十四五”时期主要目标任务", "Review of 2023",
    ...     "Review of 2023 and priorities for 2024", "Spending Review 2025")]
    [True, False, False, True, False, False]
    """
    return headline_side(headline) == REVIEW


def review_sides(doc: PlanDocument) -> dict[str, int]:
    """Unit key -> ``REVIEW`` (its top-level section's headline names a review and nothing
    ahead, :func:`headline_side`), ``AHEAD`` (any other top-level section) or ``NEUTRAL``
    (outside every section). Known limit: a review spread over sections of which only one is
    headed as a review (``REVIEW OF THE ECONOMY``, then ``ECONOMIC PERFORMANCE IN 1989``) has its
    other sections counted as ahead."""
    units = doc.units
    parent = {u.key: u.parent for u in units}
    top_role: dict[str, int] = {}
    for u in units:
        if u.parent is None and u.kind is UnitKind.SECTION:
            headline = u.title or u.text.split("\n", 1)[0]
            # a section that names neither side counts as ahead: leaving it free (NEUTRAL)
            # made the aligner answer differently when A and B swap on national 2005 -> 2006
            # (a review task and a free section's task tie for one partner); that finer rule
            # waits until the tie is understood
            top_role[u.key] = REVIEW if is_review_headline(headline) else AHEAD
    out: dict[str, int] = {}
    for u in units:
        k: str | None = u.key
        seen = 0
        while k is not None and parent.get(k) is not None and seen < len(units):
            k = parent[k]
            seen += 1
        out[u.key] = top_role.get(k, NEUTRAL) if k is not None else NEUTRAL
    return out


def apart(side_a: int, side_b: int) -> bool:
    """Whether two sides are kept apart: one a review, the other ahead."""
    return side_a != side_b and NEUTRAL not in (side_a, side_b)


def has_both(sides: dict[str, int]) -> bool:
    """Whether a document has a review part and a part ahead."""
    roles = set(sides.values())
    return REVIEW in roles and AHEAD in roles


class Wall(Container[tuple[int, int]]):
    """The (A index, B index) pairs no match may join: analysts' rejections, and a review unit
    with a unit ahead when both documents have both parts."""

    __slots__ = ("_pairs", "_sides")

    def __init__(
        self,
        pairs: frozenset[tuple[int, int]] = frozenset(),
        side_a: Sequence[int] | None = None,
        side_b: Sequence[int] | None = None,
    ) -> None:
        self._pairs = pairs
        self._sides = None if side_a is None or side_b is None else (tuple(side_a), tuple(side_b))

    def __contains__(self, pair: object) -> bool:
        if pair in self._pairs:
            return True
        if self._sides is None or not isinstance(pair, tuple):
            return False
        return apart(self._sides[0][pair[0]], self._sides[1][pair[1]])

    def __bool__(self) -> bool:
        return bool(self._pairs) or self._sides is not None
