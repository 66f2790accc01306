"""A review of past work is not the next plan (comparison.retrospect, engine 21)."""

from __future__ import annotations

from functools import cache

import pytest

from comparison import Constraints, PlanDocument, ThreadStatus, build_timeline, compare, parse_text
from comparison.retrospect import (
    AHEAD,
    NEUTRAL,
    REVIEW,
    Wall,
    headline_side,
    is_review_headline,
    review_sides,
)
from tests.comparison.conftest import NATIONAL_DIR, read


@cache
def national(year: int) -> PlanDocument:
    return parse_text(read(NATIONAL_DIR / f"{year}.txt"))


@pytest.mark.parametrize(
    ("headline", "review"),
    [
        ("2021年工作回顾", True),
        ("过去一年和五年工作回顾", True),
        ("“十二五”时期和2015年工作回顾", True),
        ("2023年工作回顧", True),  # traditional characters
        ("2023年工作成效", True),
        ("过去一年的工作", True),
        ("過去一年的工作", True),
        ("2023年工作情况和2024年工作安排", False),
        ("2022年政府工作任务", False),
        ("对今年政府工作的建议", False),
        ("“十三五”时期发展成就和“十四五”时期主要目标任务", False),  # both: not a review
        ("Review of 2023", True),
        ("The Year in Review", True),
        ("Looking back: 2019–2023", True),
        ("Progress made in 2023", True),
        ("Progress made since the 2022 plan", False),  # names a plan: not only a review
        ("Review of 2023 and priorities for 2024", False),
        ("Spending Review 2025", False),
        ("What we have delivered", True),
        ("Итоги 2023 года", True),
        ("Priorities for 2024", False),
        ("Bilan de l'année 2023", True),
        ("Rückblick auf 2023", True),
        ("令和5年度の振り返り", True),
        ("2023년 추진실적", True),
        ("2024년 추진계획", False),
        # plan headlines that use a word of results or review (the review found these)
        ("巩固拓展脱贫攻坚成果", False),
        ("奋力夺取全面建设社会主义现代化国家新成就", False),
        ("2023年工作回顾和2024年工作重点", False),
        ("2023年工作总结及2024年总体要求", False),
        ("关于2023年预算执行情况与2024年预算草案", False),
        ("112年施政成果與113年施政計畫", False),
        ("令和5年度の実績と令和6年度の計画", False),
        ("성과 중심의 재정 운용", False),
        ("Review of the tax system", False),
        ("A review of the Income Tax Act", False),
        ("Building on our achievements", False),
        ("Looking back, looking forward", False),
        ("Review of 2023 and the way forward", False),
        ("Bilan et feuille de route", False),
        ("Bilanz und Vorschau", False),
        ("Transparencia y rendición de cuentas", False),
        ("Consolidar los logros", False),
        ("Podsumowanie", False),
        ("Key achievements in 2023", True),
        ("Review of the economy", True),
    ],
)
def test_a_review_headline_is_told_from_a_plan(headline: str, review: bool) -> None:
    assert is_review_headline(headline) is review


def test_every_unit_takes_its_top_level_sections_side() -> None:
    doc = parse_text(
        "各位代表：\n一、2023年工作回顾\n（一）稳增长\n就业形势总体稳定。\n"
        "二、2024年政府工作任务\n（一）扩大内需\n推动消费稳定增长。\n"
    )
    sides = review_sides(doc)
    by_text = {u.text.split("\n")[0]: sides[u.key] for u in doc.units}
    assert by_text["各位代表："] == NEUTRAL
    assert by_text["就业形势总体稳定。"] == REVIEW
    assert by_text["推动消费稳定增长。"] == AHEAD
    assert {sides[u.key] for u in doc.units if u.parent is None and u.kind.value == "section"} == {
        REVIEW,
        AHEAD,
    }


def test_the_wall_keeps_review_from_plan_and_nothing_else() -> None:
    wall = Wall(frozenset({(0, 0)}), [REVIEW, AHEAD, NEUTRAL], [REVIEW, AHEAD, NEUTRAL])
    assert (0, 0) in wall  # an analyst's rejection stays
    assert (0, 1) in wall and (1, 0) in wall
    assert (1, 1) not in wall and (0, 2) not in wall and (2, 1) not in wall
    open_ = Wall(frozenset({(0, 0)}))
    assert (0, 1) not in open_ and (0, 0) in open_ and not Wall()


REVIEW_AND_PLAN = (
    "一、{y0}年工作回顾\n（一）住房保障\n新开工保障性住房{n0}万套，棚户区改造持续推进，"
    "住房公积金制度不断完善。\n"
    "二、{y1}年政府工作任务\n（一）住房保障\n今年新开工保障性住房{n1}万套，继续推进棚户区改造，"
    "完善住房公积金制度。\n"
)


def test_national_2022_to_2023_plan_tasks_are_not_matched_to_the_review() -> None:
    """2023's five-year review is ten tasks on the same subjects as 2022's plan; before engine
    21 every 2022 task of the plan was matched to a review task."""
    a, b = national(2022), national(2023)
    result = compare(a, b)
    sa, sb = review_sides(a), review_sides(b)
    crossing = [
        (x, y)
        for m in result.matches
        for x in m.a
        for y in m.b
        if NEUTRAL not in (sa[x], sb[y]) and sa[x] != sb[y]
    ]
    assert crossing == []
    plan_tasks = [u.key for u in a.units if u.kind.value == "task" and sa[u.key] == AHEAD]
    linked = {x: m.b for m in result.matches for x in m.a}
    to_plan = [k for k in plan_tasks if k in linked and all(sb[y] == AHEAD for y in linked[k])]
    assert len(to_plan) >= 3  # 民生 （九） -> 2023 （八） among them
    assert any(b.unit(y).title.startswith("保障基本民生") for k in to_plan for y in linked[k])


def test_the_wall_stands_only_between_two_reports_with_both_parts() -> None:
    a = parse_text(REVIEW_AND_PLAN.format(y0=2023, n0=100, y1=2024, n1=120))
    b = parse_text(REVIEW_AND_PLAN.format(y0=2024, n0=120, y1=2025, n1=130))
    result = compare(a, b)
    sa, sb = review_sides(a), review_sides(b)
    pairs = {(sa[x], sb[y]) for m in result.matches for x in m.a for y in m.b}
    assert (REVIEW, REVIEW) in pairs and (AHEAD, AHEAD) in pairs
    assert (REVIEW, AHEAD) not in pairs and (AHEAD, REVIEW) not in pairs
    # a plan with no review part: its units may match the other report's review
    plan_only = parse_text(
        "一、住房保障\n新开工保障性住房120万套，棚户区改造持续推进，住房公积金制度不断完善。\n"
    )
    back = compare(plan_only, b)
    sides = review_sides(b)
    assert any(sides[y] == REVIEW for m in back.matches for y in m.b if m.b[0].count(".") >= 1)


def test_an_analysts_link_across_the_wall_is_kept() -> None:
    a = parse_text(REVIEW_AND_PLAN.format(y0=2023, n0=100, y1=2024, n1=120))
    b = parse_text(REVIEW_AND_PLAN.format(y0=2024, n0=120, y1=2025, n1=130))
    sa, sb = review_sides(a), review_sides(b)
    x = next(u.key for u in a.units if u.kind.value == "paragraph" and sa[u.key] == AHEAD)
    y = next(u.key for u in b.units if u.kind.value == "paragraph" and sb[u.key] == REVIEW)
    pinned = compare(a, b, constraints=Constraints(linked=(((x,), (y,)),)))
    assert any(m.a == (x,) and m.b == (y,) for m in pinned.matches)


def _report(year: int, review: str, plan: str) -> PlanDocument:
    return parse_text(
        f"{year}年政府工作报告\n一、{year - 1}年工作回顾\n{review}\n"
        f"二、{year}年政府工作任务\n{plan}\n",
        year=year,
    )


def test_a_plans_initiative_is_not_revived_by_a_later_review_of_it() -> None:
    """The wall holds for revivals too: a plan item absent for a year and then reported in a
    review is not that thread's return; the same item back in a plan is."""
    item = "建设城市地下综合管廊二百公里，新开工改造城镇老旧小区五千个，完善社区养老托育设施。"
    keep = "推动消费稳定增长，扩大有效投资，稳住外贸外资基本盘，促进区域协调发展。"
    other = "粮食产量保持稳定，脱贫攻坚成果得到巩固，生态环境质量持续改善，人民生活水平提高。"
    docs = [
        _report(2021, other, f"{keep}\n{item}"),
        _report(2022, other, keep),
        _report(2023, f"{other}\n{item}", keep),  # reported as done, in the review
        _report(2024, other, f"{keep}\n{item}"),  # back in the plan
    ]
    timeline = build_timeline(docs)
    thread = next(
        th for th in timeline.threads if th.first_year == 2021 and "地下综合管廊" in th.title
    )
    status = {y.year: y.status for y in thread.years}
    assert status[2022] is ThreadStatus.DROPPED
    assert status[2023] is not ThreadStatus.REVIVED
    assert status[2024] is ThreadStatus.REVIVED


@pytest.mark.parametrize(
    ("headline", "side"),
    [
        ("2022年政府工作任务", AHEAD),
        ("对今年政府工作的建议", AHEAD),
        ("Priorities for 2025", AHEAD),
        ("加强政府自身建设", NEUTRAL),  # names neither
        ("The economy in 2024", NEUTRAL),
        ("2023年工作回顾和2024年工作重点", NEUTRAL),  # names both
        ("过去五年工作回顾", REVIEW),
    ],
)
def test_a_section_takes_a_side_only_when_its_headline_names_one(headline: str, side: int) -> None:
    assert headline_side(headline) == side
