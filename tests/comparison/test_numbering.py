"""Numbering the line grammar misses: run-on numbers, English keyword headings, 一是 series.

Small synthetic texts pin the rules; tests/comparison/test_parse_oneline.py checks them on the real
corpus (one-line versions of real reports must give back the original structure).
"""

from __future__ import annotations

import pytest

from comparison import UnitKind, parse_text
from comparison.numbering import enumeration_starts, keyword_heading, split_run_on


def _shape(text: str, **kw: object) -> list[tuple[str, str, str]]:
    return [(u.key, u.kind.value, u.label) for u in parse_text(text, **kw).units]  # type: ignore[arg-type]


def test_run_on_items_and_sections_split() -> None:
    text = (
        "一、总体要求。1.推进改革。2.加强建设，增长2.5%。第2条规定。 "
        "二、主要任务 1.扩大就业。2.完善医保。"
    )
    assert _shape(text) == [
        ("s1", "section", "一"),
        ("s1.i1", "item", "1"),
        ("s1.i2", "item", "2"),
        ("s2", "section", "二"),
        ("s2.i1", "item", "1"),  # numbering restarts per section
        ("s2.i2", "item", "2"),
    ]
    doc = parse_text(text)
    assert doc.unit("s1.i2").text == "加强建设，增长2.5%。第2条规定。"  # never cut at 2.5% or 第2条


@pytest.mark.parametrize(
    "text",
    [
        "推进工作，一、二、三项都要做好。（一）不是标题。",  # a lone (一) after 。 is not a heading
        "一、总体要求\n\n全年增长5%。2.5万亿元用于建设。",  # 2.5 is a number
        "一、总体要求\n\n依照第2条。3.推进改革。",  # 3. is not the next item (no 1., 2.)
        "一、总体要求\n\n完成一、二季度目标。",  # 一、 after 、/text is no boundary
    ],
)
def test_run_on_never_cuts_inconsistent_numbers(text: str) -> None:
    doc = parse_text(text, language="zh")
    assert [u.kind for u in doc.units if u.kind is UnitKind.ITEM] == []


def test_run_on_tasks_continue_line_start_numbering() -> None:
    text = "一、任务\n（一）推进改革。加强领导。（二）扩大开放。（三）改善民生。\n二、保障"
    assert _shape(text) == [
        ("s1", "section", "一"),
        ("s1.t1", "task", "一"),
        ("s1.t2", "task", "二"),
        ("s1.t3", "task", "三"),
        ("s2", "section", "二"),
    ]


def test_run_on_first_number_needs_a_second() -> None:
    assert split_run_on(["总的原则是：（1）坚持国情。（2）发挥市场作用。"], "zh") == [
        "总的原则是：",
        "（1）坚持国情。",
        "（2）发挥市场作用。",
    ]
    assert split_run_on(["总的原则是：（1）坚持国情。"], "zh") == ["总的原则是：（1）坚持国情。"]


def test_run_on_english_items() -> None:
    paras = ["We will do three things. 1. Build homes. 2. Cut fees. Growth was 2. 3. Hire staff."]
    assert split_run_on(paras, "en") == [
        "We will do three things. ",
        "1. Build homes. ",
        "2. Cut fees. Growth was 2. ",
        "3. Hire staff.",
    ]
    assert split_run_on(["See section 3. The plan."], "en") == ["See section 3. The plan."]


def test_english_keyword_headings_nest() -> None:
    text = (
        "# Transit Action Plan 2024\n\n## Goal 1: Faster buses\n\n"
        "Action 1: Build bus lanes. We will build 20 km. Action 2: Retime signals.\n\n"
        "1. Survey corridors.\n\n2. Publish designs.\n\n## Goal 2: Safer streets\n\n"
        "Objective 2.1 Fewer injuries.\n\nRecommendation 4 - Lower speed limits.\n\n"
        "PRIORITY 3: Maintenance\n\nPriority 1 is to grow.\n"
    )
    doc = parse_text(text)
    got = [(u.key, u.kind.value, u.label, u.title) for u in doc.units]
    assert got == [
        ("g1", "task", "Goal 1", "Faster buses"),
        ("g1.a1", "item", "Action 1", "Build bus lanes"),
        ("g1.a2", "item", "Action 2", "Retime signals"),
        ("g1.a2.i1", "item", "1", "Survey corridors"),
        ("g1.a2.i2", "item", "2", "Publish designs"),
        ("g2", "task", "Goal 2", "Safer streets"),
        ("g2.o2-1", "item", "Objective 2.1", "Fewer injuries"),
        ("g2.o2-1.r4", "item", "Recommendation 4", "Lower speed limits"),
        ("pr3", "task", "PRIORITY 3", "Maintenance"),
        ("pr3.p1", "paragraph", "", ""),
    ]
    assert doc.unit("pr3.p1").text == "Priority 1 is to grow."


def test_keyword_heading_shapes() -> None:
    h = keyword_heading("Goal 1.2 Improve air quality")
    assert h is not None
    assert (h.label, h.number, h.rest) == ("Goal 1.2", "1.2", "Improve air quality")
    assert keyword_heading("Actionable items 3: no") is None
    assert keyword_heading("Action 3 of the plan") is None
    # numbers with a theme's letter: Action T1 (transport), Action E2.3 (energy)
    t1 = keyword_heading("Action T1: Electrify the bus fleet.")
    assert t1 is not None and (t1.label, t1.number) == ("Action T1", "T1")
    e23 = keyword_heading("Action E2.3 Publish a retrofit guide")
    assert e23 is not None and (e23.label, e23.rest) == ("Action E2.3", "Publish a retrofit guide")
    assert keyword_heading("Section B2 of the act applies") is None
    doc = parse_text(
        "Plan 2026 (synthetic)\n\nGoal 1: Transport\nAction T1: Electrify buses. Lead: Transit\n"
        "Action T2: Build bike lanes.\n"
    )
    assert [(u.key, u.label, u.lead_units) for u in doc.units] == [
        ("g1", "Goal 1", ()),
        ("g1.aT1", "Action T1", ("Transit",)),
        ("g1.aT2", "Action T2", ()),
    ]


def test_enumeration_in_a_heading_body_becomes_sub_items() -> None:
    text = (
        "一、任务\n（二）以物流园区建设为重点。全年投资12.7亿元。"
        "一是做大物流产业。二是改造商圈，三是引进企业。"
    )
    doc = parse_text(text)
    assert _shape(text) == [
        ("s1", "section", "一"),
        ("s1.t2", "task", "二"),
        ("s1.t2.e1", "item", "一是"),
        ("s1.t2.e2", "item", "二是"),
        ("s1.t2.e3", "item", "三是"),
    ]
    assert doc.unit("s1.t2").text == "以物流园区建设为重点。全年投资12.7亿元。"
    assert doc.unit("s1.t2.e1").text == "做大物流产业。"
    assert doc.unit("s1.t2.e1").title == "做大物流产业"
    assert doc.unit("s1.t2.e2").text == "改造商圈，"


def test_enumeration_inside_a_paragraph_stays_one_unit() -> None:
    text = "一、任务\n\n突出抓好三个方面。一是提升品质；二是扩大供给。\n\n一是加强领导。"
    doc = parse_text(text)
    assert [u.kind.value for u in doc.units] == ["section", "paragraph", "paragraph"]
    assert enumeration_starts(doc.units[1].text) == [9, 16]  # recognised, not cut


def test_enumeration_lead_clause_stays_with_the_heading() -> None:
    doc = parse_text("一、任务\n\n1.推进改革。一是甲；二是乙。(牵头单位:市发改委、市财政局)")
    item = doc.unit("s1.i1")
    assert item.lead_units == ("市发改委", "市财政局")
    assert doc.unit("s1.i1.e2").text == "乙。" and doc.unit("s1.i1.e2").lead_units == ()


def test_results_framework_outputs_sit_under_outcomes() -> None:
    # synthetic: a logframe-style work programme, outcome > output > activity
    doc = parse_text(
        "Work Programme 2025 (synthetic)\n\nOutcome 1: Cleaner air\n\n"
        "Output 1.1 Monitoring network installed.\n\nActivity 1.1.1 Install 40 monitors.\n\n"
        "Output 1.2 Low-emission zone in force.\n"
    )
    assert [(u.key, u.parent) for u in doc.units] == [
        ("oc1", None),
        ("oc1.op1-1", "oc1"),
        ("oc1.op1-1.ac1-1-1", "oc1.op1-1"),
        ("oc1.op1-2", "oc1"),
    ]


def test_chinese_sections_with_a_full_stop() -> None:
    # synthetic: some issuers print 一． or 一. where most print 一、; 一.5 would be a decimal
    doc = parse_text(
        "2025年工作要点（合成）\n\n一．稳增长\n1.扩大投资。\n二. 促改革\n1.深化改革。\n"
    )
    assert [(u.key, u.kind.value) for u in doc.units] == [
        ("s1", "section"),
        ("s1.i1", "item"),
        ("s2", "section"),
        ("s2.i1", "item"),
    ]
    from comparison.grammar import _classify_zh

    assert _classify_zh("一.5倍") is None


def test_a_one_line_section_holding_one_task() -> None:
    # synthetic: a one-line text whose second section holds a single task. Its （一） restarts
    # the task numbering with no （二） after it; it follows the section's heading directly, so
    # it is the section's first task (before: 新增就业 was glued into the section's headline)
    doc = parse_text(
        "2025年重点工作任务（合成）。一、稳增长。（一）扩大有效投资。（牵头单位：市发展改革委）"
        "（二）促进消费。二、惠民生。（一）新增就业5万人。（牵头单位：市人社局）"
    )
    assert [(u.key, u.text, u.lead_units) for u in doc.units if u.parent == "s2"] == [
        ("s2.t1", "新增就业5万人。", ("市人社局",))
    ]
    assert doc.unit("s2").text == "惠民生。"


def test_a_one_line_goal_holding_one_action() -> None:
    # synthetic: "Goal 2: Transport. Action 2.1: …" on one line, Goal 2 with one action only
    doc = parse_text(
        "City Action Plan 2025 (synthetic). Goal 1: Housing. Action 1.1: Build 2,000 homes. "
        "Lead: Housing Department. Action 1.2: Reform zoning rules. Goal 2: Transport. "
        "Action 2.1: Extend the tram line to the airport. Lead: Transit Agency; "
        "Support: Finance Office. Target date: Q4 2025."
    )
    (action,) = [u for u in doc.units if u.label == "Action 2.1"]
    assert action.parent == "g2" and action.text == "Extend the tram line to the airport."
    assert (action.lead_units, action.support_units, action.due) == (
        ("Transit Agency",),
        ("Finance Office",),
        "Q4 2025",
    )
    assert doc.unit("g2").text == "Transport."


def test_a_restarting_one_far_from_any_heading_still_needs_its_two() -> None:
    # synthetic: a lone （一） deep in a paragraph, far from the heading, is prose, not a task
    text = (
        "2025年工作要点（合成）。一、稳增长。"
        + "坚持稳中求进。" * 12
        + "（一）以下略。二、惠民生。"
    )
    doc = parse_text(text)
    assert [u.kind.value for u in doc.units] == ["section", "section"]
    assert doc.unit("s1").text.endswith("（一）以下略。")
