"""Role fields printed as lines of their own under a task (``责任单位：…``, ``Lead: …``).

Task-division plans that are not tables put the lead, supporting agencies and deadline of each
task on the lines after it. They were read as paragraphs of text: the roles were lost and each
field line became a unit the comparison matched year to year. All texts here are synthetic.
"""

from __future__ import annotations

import pytest

from comparison import compare
from comparison.document import UnitKind
from comparison.roles import field_line
from comparison.structure import parse_text

FIELD_LINES = [
    ("责任单位：市发改委、市财政局", (("市发改委", "市财政局"), (), "")),
    ("牵头单位: 市商务局；配合单位：市文旅局", (("市商务局",), ("市文旅局",), "")),
    ("完成时限：2025年12月底", ((), (), "2025年12月底")),
    ("Lead: Department of Energy", (("Department of Energy",), (), "")),
    ("Lead agency: Treasury; Support: Council; Parks", (("Treasury",), ("Council", "Parks"), "")),
    ("Timeline: Q4 2025", ((), (), "Q4 2025")),
    ("Pilote : Direction du logement", (("Direction du logement",), (), "")),
    ("担当：こども未来局", (("こども未来局",), (), "")),
    # fields separated by a full stop or a comma, or by nothing but a blank (one reader of
    # keyword and colon with the trailing clauses)
    ("Pilote : Direction de l'écologie. Partenaires : Métropole de Lyon.",
     (("Direction de l'écologie",), ("Métropole de Lyon",), "")),
    ("Lead: MOH. Support: MOE. Timeline: Q4 2025.", (("MOH",), ("MOE",), "Q4 2025")),
    ("Lead agency: Ministry of Health, Support: Councils",
     (("Ministry of Health",), ("Councils",), "")),
    ("Lead: Treasury Support: Parks", (("Treasury",), ("Parks",), "")),
    ("Federführung: IT-Amt; Beteiligung: Bürgeramt", (("IT-Amt",), ("Bürgeramt",), "")),
    ("牵头单位：市商务局配合单位：市文旅局", (("市商务局",), ("市文旅局",), "")),
    ("Lead: Treasury; Co-lead: Parks", (("Treasury", "Parks"), (), "")),
    ("Lead: U.S. Department of Energy", (("U.S. Department of Energy",), (), "")),  # initials
    ("Lead: Dept. of Energy; Support: Min. of Finance",  # abbreviations, not sentences
     (("Dept. of Energy",), ("Min. of Finance",), "")),
    ("Lead: we will work with the council. It will report back.", None),  # prose
    ("Note: the council will report", None),  # not a role
    ("目标：全年增长5%", None),
    ("The lead: Treasury", None),  # the line does not open with the field
    ("Lead:", None),  # no value
]  # fmt: skip


@pytest.mark.parametrize(("line", "roles"), FIELD_LINES)
def test_field_line_reads_roles_or_nothing(
    line: str, roles: tuple[tuple[str, ...], tuple[str, ...], str] | None
) -> None:
    got = field_line(line)
    assert (None if got is None else (got.lead_units, got.support_units, got.due)) == roles


ZH_PLAN = (
    "2025年重点工作任务分工方案（合成）\n\n一、扩大有效需求\n\n"
    "1.加快重大项目建设。\n责任单位：{lead1}\n完成时限：2025年12月底\n\n"
    "2.促进消费提质升级。\n牵头单位：市商务局\n配合单位：{support2}\n完成时限：持续推进\n"
)


def test_field_lines_give_the_task_above_them_its_roles_in_blocks() -> None:
    # blank lines separate the tasks, so each block's lines were joined into one paragraph
    doc = parse_text(ZH_PLAN.format(lead1="市发改委、市财政局", support2="市文旅局、市市场监管局"))
    assert [(u.key, u.lead_units, u.support_units, u.due) for u in doc.units] == [
        ("s1", (), (), ""),
        ("s1.i1", ("市发改委", "市财政局"), (), "2025年12月底"),
        ("s1.i2", ("市商务局",), ("市文旅局", "市市场监管局"), "持续推进"),
    ]
    assert doc.unit("s1.i1").text == "加快重大项目建设。"


def test_field_lines_in_an_english_plan_without_blank_lines() -> None:
    doc = parse_text(
        "Climate Action Plan 2025 (synthetic)\n1. Retrofit public buildings.\n"
        "Lead: Department of Energy\nSupport: City Council; Treasury\nTimeline: Q4 2025\n"
        "2. Plant 10,000 trees. Lead: Parks Agency\nSupport: Schools\n"
    )
    assert [(u.key, u.kind, u.lead_units, u.support_units, u.due) for u in doc.units] == [
        ("i1", UnitKind.ITEM, ("Department of Energy",), ("City Council", "Treasury"), "Q4 2025"),
        ("i2", UnitKind.ITEM, ("Parks Agency",), ("Schools",), ""),  # inline lead, then a field
    ]


def test_a_field_line_with_nothing_above_it_stays_text() -> None:
    doc = parse_text("Plan (synthetic)\n\nLead: Treasury\n\n1. Pay grants.\n")
    assert any(u.kind is UnitKind.PARAGRAPH and u.text == "Lead: Treasury" for u in doc.units)


def test_a_lead_moved_in_a_field_line_is_a_lead_change() -> None:
    # the comparison sees the roles: the primary lead of task 1 changed, task 2 gained a
    # supporting agency, and no field line is matched as a unit of its own
    a = parse_text(ZH_PLAN.format(lead1="市发改委、市财政局", support2="市文旅局"))
    b = parse_text(ZH_PLAN.format(lead1="市财政局、市发改委", support2="市文旅局、市体育局"))
    result = compare(a, b)
    by_key = {m.a[0]: m for m in result.matches}
    assert set(by_key) == {"s1", "s1.i1", "s1.i2"}
    lead = by_key["s1.i1"].lead_units
    assert (lead.primary_changed, lead.primary_a, lead.primary_b) == (True, "市发改委", "市财政局")
    assert by_key["s1.i2"].lead_units.support_added == ("市体育局",)


def test_a_bracketed_clause_on_a_line_of_its_own_belongs_to_the_task_above() -> None:
    # the （责任单位：…） clause printed under its task was a paragraph with no text and the roles;
    # the title ending in 项目 (为民办实事项目) is the document's title, not a paragraph
    doc = parse_text(
        "市政府2025年为民办实事项目（合成）\n\n一、教育\n1．新建改扩建中小学10所。\n"
        "（责任单位：市教育局；配合单位：各区政府）\n2．建设普惠性幼儿园20所。\n"
    )
    assert doc.title == "市政府2025年为民办实事项目（合成）"
    assert [(u.key, u.kind, u.lead_units, u.support_units) for u in doc.units] == [
        ("s1", UnitKind.SECTION, (), ()),
        ("s1.i1", UnitKind.ITEM, ("市教育局",), ("各区政府",)),
        ("s1.i2", UnitKind.ITEM, (), ()),
    ]


VERB_CLAUSES = [
    (
        "推进改革。（市发改委牵头，市财政局、各区政府配合）",
        ("推进改革。", ("市发改委",), ("市财政局", "各区政府")),
    ),
    ("促进消费。（市商务局负责）", ("促进消费。", ("市商务局",), ())),
    ("扩大开放。（市商务局、市外办按职责分工负责）", ("扩大开放。", ("市商务局", "市外办"), ())),
    (
        "完善制度。（省发展改革委牵头，省财政厅等按职责分工负责）",
        ("完善制度。", ("省发展改革委",), ("省财政厅",)),
    ),
    ("加强领导（由市政府负责）", ("加强领导", ("市政府",), ())),
    ("推进改革（力争年底前完成）", None),  # no one named
    ("建设项目（总投资50亿元，由市城投公司负责实施）", None),  # a sentence, not a clause
]


@pytest.mark.parametrize(("text", "split"), VERB_CLAUSES)
def test_verb_clauses_name_the_lead_and_the_helpers(text: str, split: object) -> None:
    # synthetic: task-division plans say who leads with verbs as often as with 牵头单位：
    from comparison.structure import split_verb_clause

    assert split_verb_clause(text) == split


def test_a_verb_clause_gives_the_task_its_roles() -> None:
    doc = parse_text(
        "工作要点（合成）\n\n一、稳增长\n1.加快重大项目建设。（市发改委牵头，市财政局配合）\n"
    )
    unit = doc.unit("s1.i1")
    assert (unit.text, unit.lead_units, unit.support_units) == (
        "加快重大项目建设。",
        ("市发改委",),
        ("市财政局",),
    )


BARE_CLAUSES = [
    ("推进重大项目建设。（市发改委、市财政局）", ("推进重大项目建设。", ("市发改委", "市财政局"))),
    ("扩大有效投资（市发改委）。", ("扩大有效投资。", ("市发改委",))),
    ("深化群团改革。（市总工会、团市委、市妇联、市科协等）", (
        "深化群团改革。", ("市总工会", "团市委", "市妇联", "市科协"))),
    ("推进城市更新。（福田区、南山区）", ("推进城市更新。", ("福田区", "南山区"))),
    ("完善制度（市发改委、市财政局等部门）", ("完善制度", ("市发改委", "市财政局"))),
    ("落实政策（国务院）", ("落实政策", ("国务院",))),
    ("（市发改委、市财政局）", ("", ("市发改委", "市财政局"))),  # the unit above's roles
    ("完善机构设置（市委编办（市委改革办））", ("完善机构设置", ("市委编办(市委改革办)",))),
    ("审议通过总体规划（草案）。", None),  # a draft
    ("加大基础设施投资（含新基建）", None),  # a scope
    ("办好第二十六届高交会（高交会）", None),  # one name of three characters, no level
    ("推动区域协调发展（东部、中部）", None),  # regions
    ("支持中部地区、西部地区（中部地区、西部地区）", None),
    ("建成项目10个（2025年）", None),  # a year
    ("实现“跨省通办”", None),  # quotes are no clause
    # glued to the words before it, a bracket is an example or an alias more often:
    ("推进城市更新（福田区、南山区）", None),
    ("改造一批医院（市人民医院、市中医院）", None),
    ("每季度将进展情况报市发展和改革委员会（市发改委）。", None),
    ("建设数据中心（贵安数据中心）", None),
    ("推动国家级新区建设（两江新区、天府新区）", None),
    ("完善公共文化设施（图书馆、文化馆、博物馆）", None),
    ("改革国有银行（中国银行、建设银行）", None),
    ("加强基层医疗建设（乡镇卫生院、村卫生室）", None),
    ("联系市委政研室（改革办）", None),  # an office's alias, three characters and no level
    ("设立工作领导小组（办公室）", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "split"), BARE_CLAUSES)
def test_bare_agency_brackets_are_leads_only_when_every_name_is_an_agency(
    text: str, split: object
) -> None:
    # synthetic: task-division plans often print the leads in a bracket with no keyword or verb
    from comparison.structure import split_bare_clause

    assert split_bare_clause(text) == split


def test_bare_agency_brackets_give_leads_and_their_changes() -> None:
    plan = (
        "{year}年重点工作任务分工（合成）\n\n一、稳增长\n"
        "1.加快重大项目建设。（{leads}）\n2.审议规划（草案）。\n"
    )
    a = parse_text(plan.format(year=2024, leads="市发改委、市财政局"))
    b = parse_text(plan.format(year=2025, leads="市财政局、市发改委、各区政府"))
    assert a.unit("s1.i1").lead_units == ("市发改委", "市财政局")
    assert a.unit("s1.i2").text == "审议规划（草案）。"
    lead = {m.a[0]: m for m in compare(a, b).matches}["s1.i1"].lead_units
    assert (lead.primary_a, lead.primary_b, lead.added) == ("市发改委", "市财政局", ("各区政府",))


EN_OWNERS = [
    ("Publish a skills strategy by 2026 (DfE, DWP).", (
        "Publish a skills strategy by 2026.", ("DfE", "DWP"))),
    ("Switch the fleet to electric cars (Fleet Unit, Finance Department)", (
        "Switch the fleet to electric cars", ("Fleet Unit", "Finance Department"))),
    ("Plan the estate (Planning Department and Finance Office)", (
        "Plan the estate", ("Planning Department", "Finance Office"))),
    ("Audit the accounts (Finance and Audit Committee)", (
        "Audit the accounts", ("Finance and Audit Committee",))),  # one committee
    ("Collect the duty (Cabinet Office, HMRC)", ("Collect the duty", ("Cabinet Office", "HMRC"))),
    ("Support exporters (Department for Business and Trade; HMRC)", (
        "Support exporters", ("Department for Business and Trade", "HMRC"))),
    ("Improve maternity care (Ministry of Health)", (
        "Improve maternity care", ("Ministry of Health",))),
    ("Grow the gross domestic product (GDP).", None),  # acronyms alone are terms as often
    ("Adopt the standards (ISO, IEC)", None),
    ("Report on sustainability (ESG, CSR)", None),
    ("Invest in start-ups (Innovation Fund, Growth Fund)", None),
    ("Regulate the sector (Financial Services)", None),
    ("Reform planning (MHCLG)", None),
    ("Support small firms (SMEs, NGOs)", None),  # plurals are groups, not owners
    ("Build 500 homes (Phase 2)", None),
    ("Improve schools (see Annex B)", None),
    ("Freeze the levy (Council Tax)", None),  # an organisation's word inside a term
    ("Hire nurses (New York, London)", None),  # places
    ("Launch the plan (Spring 2025)", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "split"), EN_OWNERS)
def test_owners_closing_an_english_action(text: str, split: object) -> None:
    # synthetic: English action plans close an action with its owners in brackets, no keyword
    from comparison.roles import en_trailing_owners

    assert en_trailing_owners(text) == split


def test_owners_are_read_on_numbered_actions_of_a_plan_that_keeps_the_convention() -> None:
    plan = (
        "Skills Action Plan 2025 (synthetic)\n\nPriority 1: Skills\n\n"
        "Action 1.1 Publish a skills strategy by 2026 (DfE, DWP).\n\n"
        "Action 1.2 Fund 500 apprenticeships (DfE).\n\n"
        "We will report on progress to Parliament (DfE, DWP).\n"
    )
    doc = parse_text(plan)
    action = doc.unit("pr1.a1-1")
    assert (action.text, action.lead_units) == (
        "Publish a skills strategy by 2026.",
        ("DfE", "DWP"),
    )
    assert doc.unit("pr1.a1-2").lead_units == ("DfE",)
    prose = [u for u in doc.units if u.kind is UnitKind.PARAGRAPH]  # unnumbered: no owners
    assert len(prose) == 1 and prose[0].lead_units == () and prose[0].text.endswith("DWP).")
    # one action closing so is no convention: the bracket stays text
    once = parse_text(plan.replace(" (DfE).", "."))
    assert once.unit("pr1.a1-1").lead_units == ()
    assert once.unit("pr1.a1-1").text.endswith("(DfE, DWP).")


def test_a_bare_agency_bracket_on_a_line_of_its_own_belongs_to_the_task_above() -> None:
    doc = parse_text(
        "工作要点（合成）\n\n一、稳增长\n1．加快重大项目建设。\n（市发改委、市财政局）\n"
    )
    assert [(u.key, u.lead_units) for u in doc.units] == [
        ("s1", ()),
        ("s1.i1", ("市发改委", "市财政局")),
    ]


DUE_IN_BRACKETS = [
    ("推进改革。（市发改委，2025年6月底前）",
     ("推进改革。", ("市发改委",), (), "2025年6月底前")),
    ("推进改革。（市发改委牵头，2025年底前完成）",
     ("推进改革。", ("市发改委",), (), "2025年底前完成")),
    ("推进改革。（市发改委牵头，市财政局配合，年底前完成）",
     ("推进改革。", ("市发改委",), ("市财政局",), "年底前完成")),
    ("推进改革。（牵头单位：市发改委；完成时限：2025年底）",
     ("推进改革。", ("市发改委",), (), "2025年底")),
    ("推进改革。（牵头单位：市发改委；配合单位：市财政局；完成时限：2025年底）",
     ("推进改革。", ("市发改委",), ("市财政局",), "2025年底")),
    ("推进改革。（市发改委、市财政局，长期坚持）",
     ("推进改革。", ("市发改委", "市财政局"), (), "长期坚持")),
    # a deadline alone, or beside a scope, stays text
    ("推进改革（2025年底前）", ("推进改革（2025年底前）", (), (), "")),
    ("推进改革（含国企，2025年底前）", ("推进改革（含国企，2025年底前）", (), (), "")),
]  # fmt: skip


@pytest.mark.parametrize(("line", "want"), DUE_IN_BRACKETS)
def test_a_deadline_in_the_lead_bracket_is_the_units_due(line: str, want: object) -> None:
    # synthetic: task-division plans print the deadline in the same bracket as the leads; it
    # was read as a lead (完成时限：…) or kept the whole bracket in the text
    unit = parse_text(f"工作要点（合成）\n\n一、改革\n1.{line}\n").unit("s1.i1")
    assert (unit.text, unit.lead_units, unit.support_units, unit.due) == want
