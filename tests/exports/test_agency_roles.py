"""The Agencies sheet tells lead from supporting agencies (issue 12), on synthetic task tables."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from comparison import compare, parse_text
from tests.exports.conftest import FIXED_TIME
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
