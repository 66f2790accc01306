"""The Agencies sheet tells lead from supporting agencies (issue 12), on synthetic task tables."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from comparison import compare, parse_text
from tests.exports.conftest import FIXED_TIME
from tests.exports.readers import W, docx_xml, read_csv
from webapp.exports import render_comparison
from webapp.exports.labels import label

HEAD = "一、任务\n\n| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
A = HEAD + "| 1 | 推进重大项目建设。 | 市发改委 | 市财政局、各区 | 2024年底 |\n"  # synthetic
B = HEAD + "| 1 | 推进重大项目建设。 | 市财政局 | 各区、市统计局 | 2025年底 |\n"  # synthetic


def test_agencies_sheet_counts_supporting_apart_from_leading() -> None:
    comparison = compare(parse_text(A), parse_text(B))
    wb = load_workbook(io.BytesIO(render_comparison(comparison, "xlsx", generated_at=FIXED_TIME)))
    ws = wb[label("sheet_agencies", "zh")]  # sheet names follow the report's language
    header = [c.value for c in ws[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    lang = "zh"
    led_a, led_b = label("led_a", lang), label("led_b", lang)
    sup_a, sup_b = label("supported_a", lang), label("supported_b", lang)
    assert (rows["市财政局"][led_a], rows["市财政局"][led_b]) == (0, 1)
    assert (rows["市财政局"][sup_a], rows["市财政局"][sup_b]) == (1, 0)  # promoted
    assert (rows["各区"][led_b], rows["各区"][sup_a], rows["各区"][sup_b]) == (0, 1, 1)
    assert (rows["市统计局"][sup_a], rows["市统计局"][sup_b]) == (0, 1)
    assert rows["市发改委"][led_a] == 1 and rows["市发改委"][sup_b] == 0


# a new item in B and a dropped one of A, each with supporting agencies (synthetic)
A2 = A + "| 2 | 开展老旧厂房改造试点。 | 市规划局 | 市住建局、各区 | 2024年底 |\n"
B2 = B + "| 2 | 建设智慧交通信号系统。 | 市交通局 | 市公安局、市城管局 | 2025年底 |\n"


def test_new_and_dropped_rows_fill_the_supporting_columns_as_the_lead_columns() -> None:
    """A new unit's supporting agencies are all added, a dropped unit's all removed, as its
    leads are (Changes sheet of the workbook and the csv: one register)."""
    comparison = compare(parse_text(A2), parse_text(B2))
    assert comparison.new == ("s1.i2",) and comparison.dropped == ("s1.i2",)
    wb = load_workbook(io.BytesIO(render_comparison(comparison, "xlsx", generated_at=FIXED_TIME)))
    lang = "zh"
    ws = wb[label("sheet_changes", lang)]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    by_kind = {r[label("kind", lang)]: r for r in rows}
    new, dropped = by_kind[label("new", lang)], by_kind[label("dropped", lang)]
    col = {k: label(k, lang) for k in ("leads_added", "leads_removed", "support_added",
                                       "support_removed", "support_a", "support_b")}  # fmt: skip
    assert new[col["leads_added"]] == "市交通局" and new[col["leads_removed"]] is None
    assert new[col["support_added"]] == "市公安局、市城管局" == new[col["support_b"]]
    assert new[col["support_removed"]] is None
    assert dropped[col["leads_removed"]] == "市规划局" and dropped[col["leads_added"]] is None
    assert dropped[col["support_removed"]] == "市住建局、各区" == dropped[col["support_a"]]
    assert dropped[col["support_added"]] is None
    # the matched row keeps its own delta (各区 supports both years: neither added nor removed)
    matched = next(r for r in rows if r[label("a_key", lang)] == "s1.i1")
    assert matched[col["support_added"]] == "市统计局" and matched[col["support_removed"]] is None
    csv_rows = read_csv(render_comparison(comparison, "csv", generated_at=FIXED_TIME))
    head = csv_rows[0]
    new_csv = next(
        r for r in csv_rows[1:] if r[head.index(label("kind", lang))] == label("new", lang)
    )
    assert new_csv[head.index(col["support_added"])] == "市公安局、市城管局"


# Sports Council moves from supporting to lead, Statistics Office from lead to supporting; the
# primary lead stays (synthetic)
ROLES_A = (
    "Roles Plan 2024 (synthetic)\n\nGoal 1: Shared roles\n"
    "Action 1: Open a youth sports league in every district. Lead: Health Promotion Board; "
    "Support: Sports Council\n"
    "Action 2: Publish a yearly report on air quality. Lead: Environment Agency, "
    "Statistics Office\n"
)
ROLES_B = (
    "Roles Plan 2025 (synthetic)\n\nGoal 1: Shared roles\n"
    "Action 1: Open a youth sports league in every district. Lead: Health Promotion Board, "
    "Sports Council\n"
    "Action 2: Publish a yearly report on air quality. Lead: Environment Agency; "
    "Support: Statistics Office\n"
)


def test_reports_say_a_change_of_role_as_the_compare_page_does() -> None:
    """Each entry's agency line (Markdown, Word, HTML, text) names a promoted or demoted agency
    once, under its role change, as the page's row details do; the flat table keeps the
    engine's columns (a promotion is a lead added there, as in the JSON) and names the change
    of role in two columns of its own."""
    comparison = compare(parse_text(ROLES_A), parse_text(ROLES_B))
    md = render_comparison(comparison, "md", generated_at=FIXED_TIME).decode()
    assert "- Lead agencies: Promoted to lead: Sports Council\n" in md
    assert "- Lead agencies: Now supporting: Statistics Office\n" in md
    assert "+ Sports Council" not in md and "− Statistics Office" not in md
    text = render_comparison(comparison, "text", generated_at=FIXED_TIME).decode()
    assert "Lead agencies: Promoted to lead: Sports Council" in text
    docx = render_comparison(comparison, "docx", generated_at=FIXED_TIME)
    body = "".join(t.text or "" for t in docx_xml(docx).iter(f"{W}t"))
    assert "Promoted to lead: Sports Council" in body and "+ Sports Council" not in body
    html = render_comparison(comparison, "html", generated_at=FIXED_TIME).decode()
    assert "Now supporting: Statistics Office" in html and "− Statistics Office" not in html
    csv_rows = read_csv(render_comparison(comparison, "csv", generated_at=FIXED_TIME))
    head = csv_rows[0]
    row = next(r for r in csv_rows[1:] if r[head.index(label("a_key", "en"))] == "g1.a1")
    assert row[head.index(label("leads_added", "en"))] == "Sports Council"
    # ... and the change of role has its own columns, right after them (additive), csv and xlsx
    pro, dem = head.index(label("promoted", "en")), head.index(label("demoted", "en"))
    assert pro - 1 == head.index(label("support_removed", "en")) and dem == pro + 1
    assert (row[pro], row[dem]) == ("Sports Council", "")
    demoted = next(r for r in csv_rows[1:] if r[head.index(label("a_key", "en"))] == "g1.a2")
    assert (demoted[pro], demoted[dem]) == ("", "Statistics Office")
    book = load_workbook(io.BytesIO(render_comparison(comparison, "xlsx", generated_at=FIXED_TIME)))
    sheet = [[c.value for c in r] for r in book.worksheets[1].iter_rows()]
    xp, xd = sheet[0].index(label("promoted", "en")), sheet[0].index(label("demoted", "en"))
    pairs = {(r[xp], r[xd]) for r in sheet[1:]}
    assert ("Sports Council", None) in pairs and (None, "Statistics Office") in pairs
