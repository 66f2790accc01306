"""Task tables in PDFs, read back from where their words stand (archive.ingest.pdf_tables).

The PDFs are made here, by the programs that make real ones: a Word document (python-docx)
printed by LibreOffice, and a web page printed by Chromium (both installed by `make sysdeps`).
Their plans are synthetic. The measure is the same plan in its own format: a PDF must give the
units, lead and supporting agencies and deadlines the DOCX or HTML it was printed from gives.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

import archive
from archive.ingest import PDF_TABLES, extract
from archive.ingest.pdf_lines import cjk_spacing, join_lines
from comparison.document import PlanDocument

HEADER = ("序号", "重点任务", "责任单位", "配合单位", "完成时间")
FIRST = [
    ("1", "实施重点项目80个，完成投资150亿元以上，推动一批产业项目竣工投产。", "区发展改革局",
     "区财政局、区自然资源局", "2026年12月"),
    ("2", "改造老旧小区30个，惠及居民1.2万户。", "区住房城乡建设局", "各街道办事处", "2026年11月"),
    ("3", "新增城镇就业5000人，城镇登记失业率控制在3.5%以内，开展职业技能培训1万人次。",
     "区人力资源社会保障局", "区教育局、区总工会", "全年"),
]  # fmt: skip
SECOND = [
    (str(n), f"推进第{n}项改革任务，形成可复制推广的经验做法，按期完成年度目标。",
     "区营商环境局" if n % 2 else "区市场监管局", "区政务服务中心、各街道办事处",
     f"2026年{n % 12 + 1}月")
    for n in range(4, 40)
]  # fmt: skip


def synthetic_docx() -> bytes:
    """A district's task-division plan (synthetic): two tables under two headings, the second
    long enough to run over two page breaks."""
    d = Document()
    d.add_heading("synthetic 某区2026年重点工作任务分工", 1)
    d.add_paragraph("为确保年度目标任务落实，现将重点工作任务分工如下。")
    for heading, rows in (("一、持续扩大有效投资", FIRST), ("二、深化改革开放", SECOND)):
        d.add_paragraph(heading)
        table = d.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    d.add_paragraph("各责任单位要细化措施，按时报送进展情况。")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _soffice_pdf(src: Path, work: Path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for this test (make sysdeps installs it)"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{work / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(work), str(src)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return src.with_suffix(".pdf").read_bytes()


def _chromium_pdf(src: Path, work: Path) -> bytes:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out = work / (src.stem + ".pdf")
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={work / 'chromium'}", f"--print-to-pdf={out}", src.as_uri()],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out.read_bytes()


ACTIONS = [
    (f"Action {n}: Retrofit {n * 10} public buildings with heat pumps and rooftop solar panels, "
     f"and publish the results on the open data portal.",
     "Department of Energy" if n % 3 else "Housing Agency", "City Council, Parks Service",
     f"Q{n % 4 + 1} 2027")
    for n in range(1, 41)
]  # fmt: skip


def synthetic_html() -> str:
    """An English action plan (synthetic): a 40-row table whose cells are centred vertically,
    a header cell that wraps ("Target / Date") and a header row repeated on every page."""
    rows = "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in r)}</tr>" for r in ACTIONS)
    return (
        '<html><head><meta charset="utf-8"><title>synthetic plan</title><style>'
        "body{font-family:'DejaVu Sans';font-size:11px}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:2px 5px;vertical-align:middle}"
        "th:last-child{width:40px}thead{display:table-header-group}</style></head><body>"
        "<h2>Climate Action Plan 2026 (synthetic)</h2><p>Goal 1: Clean energy</p><table>"
        "<thead><tr><th>Action</th><th>Lead</th><th>Supporting</th><th>Target Date</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        "<p>The plan will be reviewed every year by the steering committee.</p></body></html>"
    )


def sectioned_html() -> str:
    """A task table (synthetic) whose sections are rows across it (``colspan``), with cells
    centred vertically: the serial number stands in the middle of its row, not at its top."""
    body = []
    n = 0
    for section in ("一、着力扩大内需", "二、加快产业升级", "三、保障改善民生"):
        body.append(f'<tr><td colspan="5">{section}</td></tr>')
        for k in range(4):
            n += 1
            task = f"推进第{n}项重点任务" + "，完善工作机制，形成可推广的经验" * (k % 3 + 1) + "。"
            body.append(
                f"<tr><td>{n}</td><td>{task}</td><td>市第{n % 3 + 1}局</td>"
                f"<td>市财政局、各区政府</td><td>2026年{n}月底</td></tr>"
            )
    return (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC";'
        "font-size:13px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;"
        "padding:3px;vertical-align:middle}</style></head><body>"
        "<h2>synthetic 市2026年重点工作任务分工</h2><table><tr><th>序号</th><th>工作任务</th>"
        f"<th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>{''.join(body)}</table>"
        "<p>各地各部门要按照分工抓好落实。</p></body></html>"
    )


LEAD_RUNS = (("市发展改革委", 2), ("市商务局", 1), ("市住房城乡建设局", 3), ("市财政局", 1))


def _lead_rows() -> list[tuple[str, str, str, int, int]]:
    """(serial, task, lead, deadline, rows the lead is merged over, 0 after its first row)."""
    out, n = [], 0
    for lead, count in LEAD_RUNS:
        for k in range(count):
            n += 1
            task = f"推进第{n}项重点任务" + "，完善工作机制" * (n % 3 + 1) + "。"
            out.append((str(n), task, lead, f"2026年{n}月底", 0 if k else count))
    return out


def rowspan_html() -> str:
    """A task table (synthetic) where one lead agency leads two or three tasks in a row and
    is printed once, in a cell merged over them (``rowspan``), centred between them."""
    rows = []
    for serial, task, lead, due, span in _lead_rows():
        merged = f'<td rowspan="{span}">{lead}</td>' if span else ""
        rows.append(f"<tr><td>{serial}</td><td>{task}</td>{merged}<td>{due}</td></tr>")
    return (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC";'
        "font-size:13px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;"
        "padding:4px;vertical-align:middle}</style></head><body><h2>synthetic 任务分工</h2><table>"
        "<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr>"
        f"{''.join(rows)}</table></body></html>"
    )


def merged_docx() -> bytes:
    """The same table as a Word document: the lead cells merged down (Word sets them at the
    top of the merged cell)."""
    d = Document()
    d.add_heading("synthetic 任务分工", 1)
    rows = _lead_rows()
    table = d.add_table(rows=1 + len(rows), cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("序号", "工作任务", "牵头单位", "完成时限"), strict=True
    ):
        cell.text = text
    for n, (serial, task, lead, due, span) in enumerate(rows, 1):
        cells = table.rows[n].cells
        cells[0].text, cells[1].text, cells[3].text = serial, task, due
        if span:
            top = table.cell(n, 2)
            top.merge(table.cell(n + span - 1, 2)).text = lead
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    work = tmp_path_factory.mktemp("pdf-tables")
    (work / "plan.docx").write_bytes(synthetic_docx())
    (work / "actions.html").write_text(synthetic_html(), encoding="utf-8")
    (work / "sections.html").write_text(sectioned_html(), encoding="utf-8")
    (work / "rowspan.html").write_text(rowspan_html(), encoding="utf-8")
    (work / "merged.docx").write_bytes(merged_docx())
    return {
        "rowspan": (work / "rowspan.html").read_bytes(),
        "rowspan.pdf": _chromium_pdf(work / "rowspan.html", work),
        "merged": (work / "merged.docx").read_bytes(),
        "merged.pdf": _soffice_pdf(work / "merged.docx", work),
        "sections": (work / "sections.html").read_bytes(),
        "sections.pdf": _chromium_pdf(work / "sections.html", work),
        "docx": (work / "plan.docx").read_bytes(),
        "docx.pdf": _soffice_pdf(work / "plan.docx", work),
        "html": (work / "actions.html").read_bytes(),
        "html.pdf": _chromium_pdf(work / "actions.html", work),
    }


def _units(doc: PlanDocument) -> list[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str]]:
    """The units as the parser read them, but a unit that is the title: a Word heading style
    makes the title a section of its own, a PDF prints it as a line (both read the same title)."""
    return [
        (u.kind.value, u.label, u.text, u.lead_units, u.support_units, u.due)
        for u in doc.units
        if u.text != doc.title
    ]


def _parse(data: bytes, name: str) -> PlanDocument:
    return archive.preview_upload(data, filename=name, year=2026).document


def test_a_word_tables_pdf_reads_as_the_word_document_does(printed: dict[str, bytes]) -> None:
    from_docx = _parse(printed["docx"], "plan.docx")
    from_pdf = _parse(printed["docx.pdf"], "plan.pdf")
    tasks = [u for u in from_pdf.units if u.lead_units]
    assert len(tasks) == len(FIRST) + len(SECOND)  # every row, none lost at the page breaks
    first = tasks[0]
    assert first.lead_units == ("区发展改革局",)
    assert first.support_units == ("区财政局", "区自然资源局")
    assert first.due == "2026年12月"
    assert tasks[-1].text.startswith("推进第39项改革任务") and tasks[-1].due == "2026年4月"
    assert from_pdf.title == from_docx.title
    assert _units(from_pdf) == _units(from_docx)
    assert PDF_TABLES in extract(printed["docx.pdf"], filename="plan.pdf").notes


def test_an_english_action_tables_pdf_reads_as_its_web_page(printed: dict[str, bytes]) -> None:
    from_html = _parse(printed["html"], "actions.html")
    from_pdf = _parse(printed["html.pdf"], "actions.pdf")
    owned = [u for u in from_pdf.units if u.lead_units]
    assert len(owned) == len(ACTIONS)  # the header repeated on each page is no row
    assert owned[2].lead_units == ("Housing Agency",) and owned[2].due == "Q4 2027"
    assert owned[0].support_units == ("City Council", "Parks Service")
    assert _units(from_pdf) == _units(from_html)


def test_section_rows_across_a_pdf_table_are_its_sections(printed: dict[str, bytes]) -> None:
    from_html = _parse(printed["sections"], "sections.html")
    from_pdf = _parse(printed["sections.pdf"], "sections.pdf")
    sections = [u for u in from_pdf.units if u.kind.value == "section"]
    assert [u.label for u in sections] == ["一", "二", "三"]
    owned = [u for u in from_pdf.units if u.lead_units]
    assert len(owned) == 12 and all(u.parent in {s.key for s in sections} for u in owned)
    assert [u.due for u in owned] == [f"2026年{n}月底" for n in range(1, 13)]
    assert _units(from_pdf) == _units(from_html)


@pytest.mark.parametrize(("source", "suffix"), [("rowspan", "html"), ("merged", "docx")])
def test_a_lead_printed_once_over_several_rows_leads_each(
    printed: dict[str, bytes], source: str, suffix: str
) -> None:
    """Centred in a web page's merged cell (between two rows, or in the middle one of three),
    or at the top of a Word document's: each row the cell covers has that lead."""
    own = _parse(printed[source], f"{source}.{suffix}")
    from_pdf = _parse(printed[f"{source}.pdf"], f"{source}.pdf")
    leads = [u.lead_units for u in from_pdf.units if u.due]
    assert leads == [(lead,) for lead, count in LEAD_RUNS for _ in range(count)]
    assert _units(from_pdf) == _units(own)


def test_a_pdf_without_a_table_reads_as_before(tmp_path: Path) -> None:
    """Prose that names a lead agency is read a second time as word boxes, finds no header
    row, and keeps the plain text's paragraphs."""
    html = tmp_path / "prose.html"
    html.write_text(
        "<html><body><h2>Work Report 2026 (synthetic)</h2><p>1. The lead agency will publish a "
        "timeline for the programme, and its deadline is the end of the year.</p><p>2. The "
        "supporting agencies will report every quarter.</p></body></html>",
        encoding="utf-8",
    )
    pdf = _chromium_pdf(html, tmp_path)
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-nopgbrk", "-q", "-", "-"],
        input=pdf, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    got = extract(pdf, filename="prose.pdf")
    text = got.text
    assert "|" not in text and PDF_TABLES not in got.notes
    assert text == join_lines(raw)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("实施重点项目80 个，完成投资 150 亿元以上", "实施重点项目80个，完成投资150亿元以上"),
        ("2026 年 12 月底前完成", "2026年12月底前完成"),
        ("Build 30 km of bike lanes by 2026", "Build 30 km of bike lanes by 2026"),
        ("推进 APEC 会议筹备", "推进 APEC 会议筹备"),  # Latin words keep their spaces
    ],
)
def test_a_gap_between_chinese_and_a_number_is_no_space(line: str, expected: str) -> None:
    assert cjk_spacing(line) == expected
