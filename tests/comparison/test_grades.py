"""Grades, confidence and priority ranks of matches, pinned on real year pairs (issue 8.1, 8.3)."""

from __future__ import annotations

from functools import cache

import pytest

from comparison import Comparison, Confidence, Grade, PlanDocument, compare, parse_text
from comparison.grades import HIGH_ABOVE_FLOOR, confidence, grade, mask_dates
from comparison.ranks import priority_moves, sibling_ranks
from tests.comparison.conftest import NATIONAL_DIR, SG_DIR, read


@cache
def national(year: int) -> PlanDocument:
    return parse_text(read(NATIONAL_DIR / f"{year}.txt"))


@cache
def national_pair(ya: int, yb: int) -> Comparison:
    return compare(national(ya), national(yb))


def _unit_text(doc: PlanDocument, prefix: str) -> str:
    (text,) = [u.text for u in doc.units if (u.title or u.text).startswith(prefix)]
    return text


def _match_by_text(c: Comparison, text_a: str, text_b: str):  # type: ignore[no-untyped-def]
    for m in c.matches:
        ua, ub = c.doc_a.unit(m.a[0]), c.doc_b.unit(m.b[0])
        if (ua.title or ua.text).startswith(text_a) and (ub.title or ub.text).startswith(text_b):
            return m
    raise AssertionError(f"no match {text_a} -> {text_b}")


def test_rolled_over_year_heading_is_dates_only() -> None:
    c = national_pair(2024, 2025)
    m = _match_by_text(c, "2023年工作回顾", "2024年工作回顾")
    assert m.grade is Grade.DATES_ONLY and m.kind.value == "changed"
    m = _match_by_text(c, "2024年政府工作任务", "2025年政府工作任务")
    assert m.grade is Grade.DATES_ONLY
    assert _match_by_text(national_pair(2021, 2022), "2020年工作回顾", "2021年工作回顾").grade is (
        Grade.DATES_ONLY
    )


def test_greetings_are_identical() -> None:
    c = national_pair(2024, 2025)
    greetings = [m for m in c.matches if c.doc_a.unit(m.a[0]).text.startswith("各位代表")]
    assert greetings and all(m.grade is Grade.IDENTICAL for m in greetings)
    assert all(m.confidence is Confidence.HIGH for m in greetings)


def test_new_priority_in_the_old_ones_place_is_rewritten() -> None:
    c = national_pair(2024, 2025)
    m = _match_by_text(c, "健全风险防控长效机制", "持续用力推动房地产市场止跌回稳")
    assert m.score < 0.3 and m.grade is Grade.REWRITTEN
    # same programme, reworded: substantive, not rewritten (the headlines share 碳达峰碳中和)
    m = _match_by_text(c, "积极稳妥推进碳达峰碳中和", "积极稳妥推进碳达峰碳中和")
    assert m.grade is Grade.SUBSTANTIVE
    # a short headline sharing a key term (外资) is not "rewritten" even when the body is new:
    # 2023's paragraph is in its review and 2024's in its plan, which engine 21 keeps apart
    # (test_retrospect.py), so the two real paragraphs are compared as two plans' paragraphs
    old, new = (
        _unit_text(national(y), t)
        for y, t in ((2023, "积极有效利用外资"), (2024, "加大吸引外资力度"))
    )
    c = compare(parse_text(f"一、对外开放\n{old}\n"), parse_text(f"一、对外开放\n{new}\n"))
    m = _match_by_text(c, "积极有效利用外资", "加大吸引外资力度")
    assert m.grade is not Grade.REWRITTEN


def test_small_edit_is_minor() -> None:
    m = _match_by_text(
        national_pair(2018, 2019), "我们要全面贯彻党的宗教工作", "我们要全面贯彻党的宗教工作"
    )
    assert m.grade is Grade.MINOR and 0 < m.change_ratio <= 0.15


def test_every_match_has_a_grade_and_confidence_consistent_with_kind_and_score() -> None:
    for ya, yb in ((2024, 2025), (2018, 2019)):
        c = national_pair(ya, yb)
        for m in c.matches:
            assert (m.grade is Grade.IDENTICAL) == (m.kind.value == "unchanged"), m
            if m.score < 0.15:
                assert m.confidence is Confidence.LOW
            d = m.to_dict()
            assert d["grade"] == m.grade.value and d["confidence"] == m.confidence.value
        levels = {m.confidence for m in c.matches}
        assert Confidence.HIGH in levels and Confidence.MEDIUM in levels


def test_confidence_levels() -> None:
    floor = 0.15
    assert confidence(floor - 0.001, floor) is Confidence.LOW
    assert confidence(floor, floor) is Confidence.MEDIUM
    assert confidence(floor + HIGH_ABOVE_FLOOR, floor) is Confidence.HIGH
    assert confidence(0.0, floor, decided=True) is Confidence.HIGH


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2023年工作回顾", "2024年工作回顾", True),
        ("今年发展的主要预期目标是", "明年发展的主要预期目标是", True),
        ("二〇二三年的目标", "二〇二四年的目标", True),
        ("3月底前完成", "6月底前完成", True),
        ("Spending rose this year.", "Spending rose last year.", True),
        ("Budget 2023 measures", "Budget 2024 measures", True),
        ("Since January the fund", "Since March the fund", True),
        ("新增就业1200万人", "新增就业2000万人", False),  # a target, not a date
        ("中央一号文件", "中央二号文件", False),
        ("推进社区建设", "加快社区建设", False),
    ],
)
def test_mask_dates(a: str, b: str, same: bool) -> None:
    assert (mask_dates(a) == mask_dates(b)) is same
    if same:
        assert grade(a, b, 0.1, 0.9, sentences_changed=False) is Grade.DATES_ONLY


def test_english_motion_with_a_new_financial_year_is_dates_only() -> None:
    """Singapore 2023 -> 2024: the motions ("I beg to move, That Parliament approves the
    financial policy ... for the financial year 2024") differ only in the years."""
    docs = {y: parse_text(read(SG_DIR / f"{y}.txt")) for y in (2023, 2024)}
    c = compare(docs[2023], docs[2024])
    dated = [m for m in c.matches if m.grade is Grade.DATES_ONLY]
    assert len(dated) >= 2
    for m in dated:
        ta = "\n".join(c.doc_a.unit(k).text for k in m.a)
        tb = "\n".join(c.doc_b.unit(k).text for k in m.b)
        assert ta != tb and "financial policy" in ta
        assert mask_dates(ta) == mask_dates(tb)


def test_task_ranks_and_priority_moves() -> None:
    c = national_pair(2024, 2025)
    m = _match_by_text(c, "着力扩大国内需求", "大力提振消费")
    assert (m.rank_a, m.rank_b) == (3, 1)
    moves = {(p.label_a, p.label_b, p.a) for p in priority_moves(c)}
    assert ("三", "一", m.a[0]) in moves
    ranks = sibling_ranks(c.doc_b.units)
    for mm in c.matches:
        ub = c.doc_b.unit(mm.b[0])
        if ub.kind.value in ("section", "task"):
            assert mm.rank_b == ranks[ub.key]
        else:
            assert mm.rank_b is None
    assert all(p.rank_a != p.rank_b for p in priority_moves(c))
    assert priority_moves(c)[0].to_dict()["label_b"]


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        ("建成保障性住房1万套，新开工项目30个。", "建成保障性住房1.2万套，新开工项目30个。",
         Grade.SUBSTANTIVE),
        ("Provide $1.3 billion in support to firms.", "Provide $1.9 billion in support to firms.",
         Grade.SUBSTANTIVE),
        ("办好第26届高交会，办出特色。", "办好第27届高交会，办出特色。", Grade.MINOR),  # an ordinal
        ("推进社区建设，完善服务功能。", "加快社区建设，完善服务功能。", Grade.MINOR),
        ("2024年完成改造100个小区。", "2025年完成改造100个小区。", Grade.DATES_ONLY),
        # figures in Chinese numerals, as Hong Kong and older reports print them; words with a
        # numeral (统一, 百姓) and a plan's name (“十四五”) are no figures
        ("增建公營房屋三萬個單位。", "增建公營房屋三萬五千個單位。", Grade.SUBSTANTIVE),
        ("设立三百亿元的基金。", "设立五百亿元的基金。", Grade.SUBSTANTIVE),
        ("统一部署，服务百姓，落实“十四五”规划。", "统一安排，服务百姓，落实“十四五”规划。",
         Grade.MINOR),
    ],
)  # fmt: skip
def test_a_changed_figure_is_never_a_minor_edit(a: str, b: str, want: Grade) -> None:
    # synthetic: a target moved by a few characters is a change of content, not of wording
    assert grade(a, b, 0.05, 0.9, sentences_changed=False) is want
