"""Timeline exports: JSON, the thread x year matrix in Excel, and the standalone HTML."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from comparison import Timeline
from tests.exports.conftest import FIXED_TIME
from tests.exports.readers import HtmlDoc
from webapp.exports import UnknownFormat, filename_for, render_timeline
from webapp.exports.rows import STATUS_FILLS, label


def test_timeline_json_is_the_contract(synthetic_timeline: Timeline) -> None:
    data = render_timeline(synthetic_timeline, "json")
    assert json.loads(data) == synthetic_timeline.to_dict()


def test_timeline_xlsx_matrix(synthetic_timeline: Timeline) -> None:
    data = render_timeline(
        synthetic_timeline,
        "xlsx",
        info={"versions": {2022: {"version": 1, "sha256": "c" * 64}}},
        generated_at=FIXED_TIME,
    )
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [label("sheet_summary", "zh"), label("sheet_threads", "zh")]
    ws = wb.worksheets[1]
    assert ws.freeze_panes == "E2"
    header = [c.value for c in ws[1]]
    assert header[4:] == ["2022", "2023", "2024", "2025"]
    rows = list(ws.iter_rows(min_row=2))
    assert [r[1].value for r in rows] == [t.id for t in synthetic_timeline.threads]
    for thread, row in zip(synthetic_timeline.threads, rows, strict=True):
        assert row[0].value == thread.title
        for ty, cell in zip(thread.years, row[4:], strict=True):
            status = ty.status.value
            assert cell.fill.fgColor.rgb[-6:] == STATUS_FILLS[status]
            if status == "absent":
                assert not cell.value
            else:
                assert cell.value.startswith(label(status, "zh"))
    summary = [str(v) for r in wb.worksheets[0].iter_rows(values_only=True) for v in r if v]
    assert "c" * 64 in summary and "2026-01-02T03:04:05Z" in summary
    assert "synthetic-1" in summary


def test_timeline_html(synthetic_timeline: Timeline) -> None:
    html = render_timeline(synthetic_timeline, "html", generated_at=FIXED_TIME).decode()
    doc = HtmlDoc(html)
    assert any("Plotly" in body and len(body) > 1_000_000 for _, body in doc.scripts)
    assert not [u for u in doc.urls if u[1] == "src"]
    assert "@media print" in "".join(doc.styles)
    assert "旧的试点<取消>" in "".join(doc.text)  # escaped, shown as text
    assert html.count('data-thread="') == len(synthetic_timeline.threads)
    assert html.count('data-status="revived"') == 1


def test_timeline_formats_and_names(synthetic_timeline: Timeline) -> None:
    assert filename_for(synthetic_timeline, "xlsx") == "sz-social_timeline.xlsx"
    with pytest.raises(UnknownFormat):
        render_timeline(synthetic_timeline, "docx")


def test_long_series_use_compact_marks() -> None:
    """Many years: one mark per cell (details in the tooltip) so the matrix fits a page."""
    from comparison import Thread, ThreadStatus, ThreadYear

    years = tuple(range(2000, 2016))
    statuses = [ThreadStatus.NEW] + [ThreadStatus.CHANGED] * 14 + [ThreadStatus.DROPPED]
    thread = Thread(
        "t",
        "task",
        "一项长期任务",
        2000,
        2014,
        tuple(ThreadYear(y, s, ("k",)) for y, s in zip(years, statuses, strict=True)),
    )
    tl = Timeline(years, (thread,), {}, "t", {"series": "x"})
    html = render_timeline(tl, "html").decode()
    assert 'class="matrix compact"' in html
    assert html.count('data-status="changed"') == 14
    assert 'title="2001 修改' in html
