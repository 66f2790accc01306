"""Deadlines (完成时限) on the compare page and in the csv: each side's as printed, a real move
reported and never folded away, a deadline restated a year on (2024年12月底 in the 2024 plan,
2025年12月底 in the 2025 plan) no change. The plans are SYNTHETIC task-division plans with role
field lines, written for this test."""

from __future__ import annotations

import csv
import io
import re

from tests.webapp.test_agency_roles_page import _import_pair
from webapp.exports.rows import due_changed

EN = {"Accept-Language": "en"}


def _row(html: str, text: str) -> str:
    rows = re.findall(r'<section class="row.*?</section>', html, re.S)
    (row,) = [r for r in rows if text in r]
    return row


SERIES = "synthetic-deadlines"
HEAD = "{year}年重点工作任务分工方案（合成）\n\n一、扩大有效需求\n\n"
YEAR_A = HEAD.format(year=2024) + (
    "1.加快重大项目建设。\n责任单位：市发改委\n完成时限：2024年12月底\n\n"
    "2.推进老旧小区改造。\n责任单位：市住建局\n完成时限：2024年6月底\n\n"
    "3.建设智慧交通信号系统。\n责任单位：市交通局\n\n"
    "4.促进消费提质升级。\n责任单位：市商务局\n完成时限：持续推进\n"
)
YEAR_B = HEAD.format(year=2025) + (
    "1.加快重大项目建设。\n责任单位：市发改委\n完成时限：2025年12月底\n\n"
    "2.推进老旧小区改造。\n责任单位：市住建局\n完成时限：2025年9月底\n\n"
    "3.建设智慧交通信号系统。\n责任单位：市交通局\n完成时限：2025年底\n\n"
    "4.促进消费提质升级。\n责任单位：市商务局\n完成时限：持续推进\n"
)


def test_deadlines_are_shown_and_a_moved_one_is_reported(app):
    _import_pair(app, SERIES, "任务分工（合成）", (YEAR_A, YEAR_B))
    html = app.test_client().get(f"/s/{SERIES}/compare/2024..2025", headers=EN).data.decode()
    moved = _row(html, "推进老旧小区改造。")
    assert "Deadline:</span> 2024年6月底" in moved and "Deadline:</span> 2025年9月底" in moved
    assert "badge-due" in moved
    assert re.search(
        r"Deadline changed:</strong> <del>2024年6月底</del> → <ins>2025年9月底</ins>", moved
    )
    added = _row(html, "建设智慧交通信号系统。")  # a deadline set where there was none
    assert "<del>—</del> → <ins>2025年底</ins>" in added
    runs = re.findall(r'<details class="run.*?</details>', html, re.S)
    assert not any("老旧小区" in run or "智慧交通" in run for run in runs)
    # restated a year on, or the same words: no change, folded with the unchanged rows
    assert any("加快重大项目建设" in run for run in runs)
    assert any("促进消费提质升级" in run for run in runs)
    assert "badge-due" not in _row(html, "加快重大项目建设。")


def test_csv_carries_each_years_deadline(app):
    _import_pair(app, SERIES, "任务分工（合成）", (YEAR_A, YEAR_B))
    body = app.test_client().get(f"/s/{SERIES}/compare/2024..2025.csv?lang=en").data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    head = rows[0]
    col = {name: head.index(name) for name in head}
    # additive: right after the columns readers already address
    now = head.index("Now supporting")
    assert head[now + 1 : now + 3] == ["A deadline", "B deadline"]
    by_b = {r[col["B key"]]: r for r in rows[1:] if len(r) == len(head)}
    assert (by_b["s1.i2"][col["A deadline"]], by_b["s1.i2"][col["B deadline"]]) == (
        "2024年6月底",
        "2025年9月底",
    )
    assert by_b["s1.i3"][col["A deadline"]] == "" and by_b["s1.i3"][col["B deadline"]] == "2025年底"


def test_a_deadline_restated_a_year_on_is_no_change() -> None:
    assert not due_changed("2024年12月底", "2025年12月底", 2024, 2025)
    assert not due_changed("Q4 2024", "Q4 2025", 2024, 2025)
    assert due_changed("2025年6月底", "2025年6月底前完成", 2024, 2025)  # reworded
    assert due_changed("2025年6月底", "2025年6月底", 2024, 2025) is False  # the same date
    assert due_changed("2024年底", "2025年底", 2024, 2026)  # two years on: moved by one
    assert due_changed("2024年底", "2025年底")  # without the plans' years: as printed


def test_workbook_changes_sheet_carries_each_years_deadline(app):
    from openpyxl import load_workbook

    _import_pair(app, SERIES, "任务分工（合成）", (YEAR_A, YEAR_B))
    body = app.test_client().get(f"/s/{SERIES}/compare/2024..2025.xlsx?lang=en").data
    ws = load_workbook(io.BytesIO(body))["Changes"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    (moved,) = [r for r in rows if r["B key"] == "s1.i2"]
    assert (moved["A deadline"], moved["B deadline"]) == ("2024年6月底", "2025年9月底")
