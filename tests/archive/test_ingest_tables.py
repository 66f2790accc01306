"""Task tables in DOCX, XLSX and HTML uploads: built programmatically, all synthetic.

Each builder writes the same synthetic task-division plan (序号 | 工作任务 | 牵头单位 | 配合单位 |
完成时限, with a merged category column and a section row spanning the table); every format must
give the same units, lead and supporting agencies and deadlines.
"""

# ruff: noqa: E501

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

import archive
from archive.ingest import DOCX_TYPE, XLSX_TYPE, extract
from comparison import PlanDocument

HEADER = ["序号", "类别", "工作任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "扩大投资", "推进重大项目建设。年内开工20个。", "市发展改革委、市财政局", "市自然资源局（林业局）\n各区", "2024年12月底前"],
    ["2", "扩大投资", "加快专项债券发行使用。", "市财政局", "市发展改革委", "2024年6月底前"],
    ["3", "促进消费", "开展消费促进活动。\n举办汽车展销会。", "市商务局", "", "持续推进"],
]  # fmt: skip
SECTION = "（二）保障改善民生"
LAST = ["4", "", "新增城镇就业5万人。", "市人力资源社会保障局", "各区", "2024年底"]

EXPECTED = [
    ("t1", "task", "一", "稳定经济增长"),  # the caption row, written above the table
    ("t1.h1", "section", "", "扩大投资"),  # the merged category cell
    ("t1.h1.i1", "item", "1", "推进重大项目建设"),
    ("t1.h1.i2", "item", "2", "加快专项债券发行使用"),
    ("t1.h2", "section", "", "促进消费"),
    ("t1.h2.i3", "item", "3", "开展消费促进活动"),
    ("t2", "task", "二", "保障改善民生"),  # a row spanning the table: the next task
    ("t2.i4", "item", "4", "新增城镇就业5万人"),
]


def _check(doc: PlanDocument, prefix: str) -> None:
    units = [u for u in doc.units if u.key.startswith(prefix + "t") and u.kind.value != "paragraph"]
    got = [(u.key, u.kind.value, u.label, u.title) for u in units]
    assert got == [(prefix + k, *rest) for k, *rest in EXPECTED]
    u = doc.unit(prefix + "t1.h1.i1")
    assert u.lead_units == ("市发展改革委", "市财政局")
    assert u.support_units == ("市自然资源局(林业局)", "各区")
    assert u.due == "2024年12月底前"
    assert doc.unit(prefix + "t1.h2.i3").text == "开展消费促进活动。\n举办汽车展销会。"
    assert doc.unit(prefix + "t1.h2.i3").support_units == ()
    assert doc.unit(prefix + "t2.i4").support_units == ("各区",)


def synthetic_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("2024年重点工作任务分工方案")
    d.add_paragraph("一、重点任务分工")
    t = d.add_table(rows=2 + len(ROWS) + 1, cols=len(HEADER))
    caption = t.cell(0, 0).merge(t.cell(0, len(HEADER) - 1))
    caption.text = "（一）稳定经济增长"
    for c, h in enumerate(HEADER):
        t.cell(1, c).text = h
    for r, row in enumerate(ROWS, start=2):
        for c, v in enumerate(row):
            if c != 1:
                t.cell(r, c).text = v
    t.cell(2, 1).merge(t.cell(3, 1)).text = "扩大投资"  # vertically merged category
    t.cell(4, 1).text = "促进消费"
    t2 = d.add_table(rows=3, cols=len(HEADER))
    for c, h in enumerate(HEADER):
        t2.cell(0, c).text = h
    t2.cell(1, 0).merge(t2.cell(1, len(HEADER) - 1)).text = SECTION
    for c, v in enumerate(LAST):
        t2.cell(2, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_task_table() -> None:
    data = synthetic_docx()
    result = extract(data, filename="synthetic-tasks.docx")
    assert result.media_type == DOCX_TYPE
    assert "| 序号 | 类别 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |" in result.text
    assert "（一）稳定经济增长\n\n| 序号" in result.text  # the caption row is written above
    doc = archive.preview_upload(data, filename="synthetic-tasks.docx").document
    _check(doc, "s1.")


def synthetic_xlsx(two_sheets: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "分工"
    ws.append(["（一）稳定经济增长"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for row in ROWS:
        ws.append([int(row[0]), *row[1:]])
    ws.cell(row=4, column=2).value = None
    ws.merge_cells("B3:B4")  # 扩大投资 covers rows 3-4
    ws.append([None, SECTION])
    ws.merge_cells(start_row=6, start_column=2, end_row=6, end_column=len(HEADER))
    ws.append([4, None, *LAST[2:]])
    if two_sheets:
        other = wb.create_sheet("说明")
        other.append(["本表为合成测试数据。"])
    wb.properties.title = "synthetic 分工表"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_task_table_detected_by_content() -> None:
    data = synthetic_xlsx()
    result = extract(data, filename="upload.bin")  # no extension: detected by content
    assert result.media_type == XLSX_TYPE and result.encoding is None
    assert result.title_hint == "synthetic 分工表"
    doc = archive.preview_upload(data, filename="upload.bin").document
    _check(doc, "")


def test_xlsx_sheets_become_sections() -> None:
    doc = archive.preview_upload(synthetic_xlsx(two_sheets=True), filename="x.xlsx").document
    heads = [u.title for u in doc.units if u.parent is None]
    assert heads == ["分工", "说明"]
    _check(doc, "h1.")
    assert doc.unit("h2.p1").text == "本表为合成测试数据。"


def test_damaged_xlsx_is_one_line() -> None:
    data = synthetic_xlsx()
    broken = data.replace(b"worksheets/sheet1.xml", b"worksheets/sheetX.xml", 1)
    with pytest.raises(archive.RejectedUpload) as info:
        archive.preview_upload(broken, filename="bad.xlsx")
    assert "\n" not in str(info.value) and str(info.value).startswith("bad.xlsx: ")


SYNTHETIC_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>synthetic</title></head>
<body><div class="content"><h1>2024年重点工作任务分工方案</h1><p>一、重点任务分工</p>
<table border="1">
<tr><td colspan="6">（一）稳定经济增长</td></tr>
<tr><th>序号</th><th>类别</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
<tr><td>1</td><td rowspan="2">扩大投资</td><td>推进重大项目建设。年内开工20个。</td>
<td>市<span>发展改革委</span>、市财政局</td><td>市自然资源局（林业局）<br>各区</td><td>2024年12月底前</td></tr>
<tr><td>2</td><td>加快专项债券发行使用。</td><td>市财政局</td><td>市发展改革委</td><td>2024年6月底前</td></tr>
<tr><td>3</td><td>促进消费</td><td><p>开展消费促进活动。</p><p>举办汽车展销会。</p></td><td>市商务局</td><td></td><td>持续推进</td></tr>
<tr><td colspan="6">（二）保障改善民生</td></tr>
<tr><td>4</td><td></td><td>新增城镇就业5万人。</td><td>市人力资源社会保障局</td><td>各区</td><td>2024年底</td></tr>
</table>
<table><tr><td>版式表格：正文很长。</td></tr></table>
</div></body></html>"""  # fmt: skip


def test_html_task_table_with_rowspan_and_colspan() -> None:
    doc = archive.preview_upload(SYNTHETIC_HTML.encode(), filename="synthetic.html").document
    _check(doc, "s1.")
    assert doc.unit("s1.t2.p1").text == "版式表格：正文很长。"  # a one-column table stays text


# A two-row header, the commonest layout of a 重点工作任务分工方案: 责任单位 merged over
# 牵头单位 | 配合单位, the other headers merged down both rows. Before the second row was read,
# both columns under 责任单位 were lead columns, the first won, and every supporting agency was lost.
TWO_ROW_TASKS = [
    ["1", "实施重大项目200个。", "市发展改革委", "市财政局、市自然资源局", "12月底前"],
    ["2", "推进城市更新。", "市住房城乡建设局", "各区政府", "持续推进"],
]  # fmt: skip


def _check_two_row(doc: PlanDocument) -> None:
    items = [u for u in doc.units if u.kind.value == "item"]
    assert [(u.label, u.lead_units, u.support_units, u.due) for u in items] == [
        ("1", ("市发展改革委",), ("市财政局", "市自然资源局"), "12月底前"),
        ("2", ("市住房城乡建设局",), ("各区政府",), "持续推进"),
    ]
    assert [u.title for u in doc.units if u.kind.value == "section"][-1] == "扩大有效投资"
    assert not any("牵头单位" in u.text or "配合单位" in u.text for u in doc.units)


def test_docx_two_row_header() -> None:
    d = docx.Document()
    d.add_paragraph("synthetic 2025年重点工作任务分工")
    t = d.add_table(rows=3 + len(TWO_ROW_TASKS), cols=5)
    for c, h in enumerate(["序号", "重点任务", "责任单位", "", "完成时限"]):
        t.cell(0, c).text = h
    t.cell(0, 2).merge(t.cell(0, 3)).text = "责任单位"
    for c in (0, 1, 4):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(1, 2).text, t.cell(1, 3).text = "牵头单位", "配合单位"
    t.cell(2, 0).merge(t.cell(2, 4)).text = "一、扩大有效投资"
    for r, row in enumerate(TWO_ROW_TASKS, start=3):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    _check_two_row(archive.preview_upload(buf.getvalue(), filename="two-row.docx").document)


def test_xlsx_two_row_header() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["synthetic 2025年重点工作任务分工表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "重点任务", "责任单位", None, "完成时限"])
    ws.append([None, None, "牵头单位", "配合单位", None])
    for rng in ("C2:D2", "A2:A3", "B2:B3", "E2:E3"):
        ws.merge_cells(rng)
    ws.append(["一、扩大有效投资"])
    ws.merge_cells("A4:E4")
    for row in TWO_ROW_TASKS:
        ws.append([int(row[0]), *row[1:]])
    buf = io.BytesIO()
    wb.save(buf)
    _check_two_row(archive.preview_upload(buf.getvalue(), filename="two-row.xlsx").document)


def test_html_two_row_header() -> None:
    body = "".join(
        "<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in TWO_ROW_TASKS
    )
    html = (
        '<html><head><meta charset="utf-8"></head><body><p>synthetic 分工方案</p><table>'
        '<tr><td rowspan="2">序号</td><td rowspan="2">重点任务</td><td colspan="2">责任单位</td>'
        '<td rowspan="2">完成时限</td></tr><tr><td>牵头单位</td><td>配合单位</td></tr>'
        f'<tr><td colspan="5">一、扩大有效投资</td></tr>{body}</table></body></html>'
    )
    _check_two_row(archive.preview_upload(html.encode(), filename="two-row.html").document)


def test_markdown_two_row_header_with_blank_cells() -> None:
    """Hand-written Markdown leaves the cells under a merged header blank."""
    rows = "\n".join("| " + " | ".join(r) + " |" for r in TWO_ROW_TASKS)
    md = (
        "synthetic 分工方案\n\n| 序号 | 重点任务 | 责任单位 | | 完成时限 |\n|---|---|---|---|---|\n"
        "| | | 牵头单位 | 配合单位 | |\n| 一、扩大有效投资 | | | | |\n" + rows + "\n"
    )
    _check_two_row(archive.preview_upload(md.encode(), filename="two-row.md").document)


def test_english_responsibility_over_lead_and_support() -> None:
    md = (
        "synthetic action plan\n\n| No. | Action | Responsibility | Responsibility | Target Date |\n"
        "|---|---|---|---|---|\n| No. | Action | Lead | Supporting | Target Date |\n"
        "| 1 | Plant 10,000 street trees. | Parks Department | Housing Agency; Schools | Q4 2026 |\n"
    )
    doc = archive.preview_upload(md.encode(), filename="plan.md").document
    (item,) = [u for u in doc.units if u.kind.value == "item"]
    assert (item.lead_units, item.support_units, item.due) == (
        ("Parks Department",),
        ("Housing Agency", "Schools"),
        "Q4 2026",
    )


SYNTHETIC_ACTION_PLAN_HTML = """<html><head><meta charset="utf-8"><title>synthetic Climate Action Plan 2026</title></head><body>
<h1>City Climate Action Plan 2026 (synthetic)</h1>
<h2>Goal 1: Clean energy</h2>
<table><thead><tr><th>Action</th><th>Description</th><th>Responsible Party</th><th>Partners</th><th>Target Date</th></tr></thead>
<tbody>
<tr><td>1.1</td><td>Install solar panels on 50 municipal buildings.</td><td>Department of Public Works</td><td>Energy Office; Schools Board</td><td>Q3 2026</td></tr>
<tr><td>1.2</td><td>Launch a home retrofit grant of $5,000 per household.</td><td>Energy Office, Housing Department (lead)</td><td></td><td>December 2026</td></tr>
</tbody></table>
<h2>Goal 2: Transport</h2>
<table><tr><td><b>Action</b></td><td><b>Lead</b></td><td><b>Timeline</b></td></tr>
<tr><td>2.1 Electrify 25% of the city bus fleet.</td><td>Transit Authority</td><td>2026-2027</td></tr>
<tr><td>30 km of protected bike lanes.</td><td>Streets Department</td><td>Ongoing</td></tr>
<tr><td>3.5 billion dollars for the metro.</td><td>Transit Authority</td><td>2030</td></tr>
</table>
</body></html>"""


def test_action_plan_numbers_in_their_own_column_or_opening_the_cell() -> None:
    """``Action | Description`` with only numbers under Action: the numbers are the labels and
    the description the text; a number opening a task cell is its label; ``30 km`` is not."""
    doc = archive.preview_upload(SYNTHETIC_ACTION_PLAN_HTML.encode(), filename="cap.html").document
    items = [u for u in doc.units if u.kind.value == "item"]
    assert [(u.label, u.text.split("\n")[0]) for u in items] == [
        ("1.1", "Install solar panels on 50 municipal buildings."),
        ("1.2", "Launch a home retrofit grant of $5,000 per household."),
        ("2.1", "Electrify 25% of the city bus fleet."),
        ("", "30 km of protected bike lanes."),
        ("", "3.5 billion dollars for the metro."),
    ]
    assert items[0].support_units == ("Energy Office", "Schools Board")
    assert items[1].lead_units == ("Housing Department", "Energy Office")
    assert [u.due for u in items] == ["Q3 2026", "December 2026", "2026-2027", "Ongoing", "2030"]
    assert len({u.key for u in doc.units}) == len(doc.units)


def test_xlsx_project_list_with_a_name_column_under_an_attachment_label() -> None:
    """A district's 民生实事 workbook (synthetic): 附件1 above the title, filing lines, then
    序号 | 项目名称 | 建设内容及目标 | 责任单位 | 完成时限. Each project's name is its row's own
    (never two rows alike), so it titles the task instead of opening a section per row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["附件1"])
    ws.append(["synthetic 某区2025年民生实事项目任务分解表"])
    ws.append(["填报单位：区政府办公室", None, None, "填报日期：2025年2月"])
    ws.append(["序号", "项目名称", "建设内容及目标", "责任单位", "完成时限"])
    ws.append(["一、教育"])
    ws.append([1, "新建幼儿园", "新建公办幼儿园3所，新增学位1080个。", "区教育局", "2025年9月"])
    ws.append([2, "改造学校", "改造薄弱学校5所。", "区教育局、区财政局", "2025年12月"])
    ws.append(["二、医疗"])
    ws.append([3, "社区医院", "建成社区医院2家。", "区卫生健康委", "2025年底"])
    buf = io.BytesIO()
    wb.save(buf)
    doc = archive.preview_upload(buf.getvalue(), filename="minsheng.xlsx").document
    assert doc.title == "synthetic 某区2025年民生实事项目任务分解表"
    assert [(u.key, u.kind.value, u.title) for u in doc.units if u.kind.value != "paragraph"] == [
        ("s1", "section", "教育"),
        ("s1.i1", "item", "新建幼儿园"),
        ("s1.i2", "item", "改造学校"),
        ("s2", "section", "医疗"),
        ("s2.i3", "item", "社区医院"),
    ]
    assert doc.unit("s1.i1").text == "新建幼儿园\n新建公办幼儿园3所，新增学位1080个。"
    assert doc.unit("s1.i2").lead_units == ("区教育局", "区财政局")


def test_html_table_caption_heads_its_table() -> None:
    """<caption>Priority 1: Housing</caption> was dropped with the table's markup: the priority
    and its heading were lost (synthetic page)."""
    html = (
        '<html><head><meta charset="utf-8"></head><body><h1>Action Plan 2026 (synthetic)</h1>'
        "<table><caption>Priority 1: Housing</caption><thead><tr><th>#</th><th>Action</th>"
        "<th>Owner</th><th>Due</th></tr></thead><tbody><tr><th scope='row'>1</th>"
        "<td>Build 300 affordable homes.</td><td>Housing Directorate</td><td>2027</td></tr>"
        "<tr><th scope='row'>2</th><td><ul><li>Review rents.</li><li>Publish findings.</li></ul>"
        "</td><td>Housing Directorate; Finance</td><td>Q2 2026</td></tr></tbody></table>"
        "</body></html>"
    )
    doc = archive.preview_upload(html.encode(), filename="cap.html").document
    assert [(u.key, u.label, u.title) for u in doc.units] == [
        ("pr1", "Priority 1", "Housing"),
        ("pr1.i1", "1", "Build 300 affordable homes"),
        ("pr1.i2", "2", "Review rents"),
    ]
    assert doc.unit("pr1.i2").text == "Review rents.\nPublish findings."
    assert doc.unit("pr1.i2").lead_units == ("Housing Directorate", "Finance")


def test_docx_task_table_inside_a_layout_frame() -> None:
    """A Word document framed in a 1×1 table with the task table inside it (as documents
    pasted from web pages are): the frame is layout, its content reads as the body's would.
    Before, the inner table's cells came out as one paragraph of lines (synthetic)."""
    d = docx.Document()
    d.add_paragraph("synthetic 2025年重点工作任务分工方案")
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "一、扩大有效需求"
    inner = cell.add_table(rows=3, cols=3)
    rows = [
        ["序号", "工作任务", "牵头单位"],
        ["1", "实施重大项目200个。", "市发改委"],
        ["2", "发行专项债。", "市财政局"],
    ]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            inner.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    doc = archive.preview_upload(buf.getvalue(), filename="framed.docx").document
    assert [(u.key, u.title, u.lead_units) for u in doc.units] == [
        ("s1", "扩大有效需求", ()),
        ("s1.i1", "实施重大项目200个", ("市发改委",)),
        ("s1.i2", "发行专项债", ("市财政局",)),
    ]
