"""Formula cells with no cached value (archive/ingest/xlsx.py). openpyxl, pandas and many export
tools write formulas without computing them, and openpyxl writes any string starting with "=" as
a formula: read with cached values only, such a cell was empty and its text vanished silently
(test_generated_workbooks found ['一、', '=0']). Workbooks here are synthetic, built in the test;
the Excel-like ones get their cached values by editing the sheet XML as Excel would write it."""

from __future__ import annotations

import io
import zipfile

import openpyxl

import archive
from archive.ingest import extract

SHEET = "xl/worksheets/sheet1.xml"
NOTE = "{} formula cells without a computed value: their formulas are shown"


def _workbook(rows: list[list[object]], merge: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _edit_sheet(package: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == SHEET:
                assert old in data, (old, data)
                data = data.replace(old, new)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_formula_without_a_cached_value_keeps_its_text() -> None:
    data = _workbook([["一、", "=0"], ["推进改革", "=SUM(B1:B1)"], ["市发改委", 3]])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # as openpyxl writes it: no computed value
        assert b'<c r="B1"><f>0</f><v></v></c>' in zf.read(SHEET)
    result = extract(data, filename="plan.xlsx")
    assert "| 一、 | =0 |" in result.text
    assert "| 推进改革 | =SUM(B1:B1) |" in result.text
    assert "| 市发改委 | 3 |" in result.text  # the normal cells are read as before
    assert result.notes == (NOTE.format(2),)
    preview = archive.preview_upload(data, filename="plan.xlsx")
    assert NOTE.format(2) in preview.warnings
    assert "=SUM(B1:B1)" in "".join(u.text for u in preview.document.units)


def test_cached_values_are_read_and_cost_no_note() -> None:
    data = _workbook([["一、", "=0"], ["推进改革", '=IF(A1="","",A1)']])
    # as Excel writes them: a number, and a string result that is empty
    data = _edit_sheet(data, b"<f>0</f><v></v>", b"<f>0</f><v>42</v>")
    data = _edit_sheet(data, b'<c r="B2"><f>', b'<c r="B2" t="str"><f>')
    result = extract(data, filename="plan.xlsx")
    assert "| 一、 | 42 |" in result.text
    assert "IF(" not in result.text and "推进改革" in result.text  # "" is the cached value
    assert result.notes == ()


def test_a_string_starting_with_equals_is_a_string() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["一、", "x"])
    ws["B1"].value = "=0"
    ws["B1"].data_type = "s"  # stored as text, as Excel stores '=0 typed with a quote
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read(SHEET)
    assert b"<f>" not in sheet and b"<t>=0</t>" in sheet
    result = extract(data, filename="plan.xlsx")
    assert "| 一、 | =0 |" in result.text and result.notes == ()
    shared = _edit_sheet(  # and as a shared string, the way Excel writes text
        data, b'<c r="B1" t="inlineStr"><is><t>=0</t></is></c>', b'<c r="B1" t="s"><v>0</v></c>'
    )
    shared_strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>=0</t></si></sst>'
    )
    shared = _add_shared_strings(shared, shared_strings)
    result = extract(shared, filename="plan.xlsx")
    assert "| 一、 | =0 |" in result.text and result.notes == ()


def _add_shared_strings(package: bytes, sst: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        dst.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def test_shared_formulas_merges_and_a_last_row_of_formulas() -> None:
    data = _workbook([["（一）", "=A1"], ["（二）", "=A2"], [None, "=B9"]], merge="B1:C1")
    # Excel writes a filled-down formula once and refers to it from the other cells
    data = _edit_sheet(data, b"<f>A1</f>", b'<f t="shared" ref="B1:B2" si="0">A1</f>')
    data = _edit_sheet(data, b"<f>A2</f>", b'<f t="shared" si="0"/>')
    result = extract(data, filename="plan.xlsx")
    assert "| （一） | =A1 | =A1 |" in result.text  # the merged range repeats the formula
    assert "| （二） | =A2 |" in result.text  # the shared formula, translated to its row
    assert "=B9" in result.text  # a row holding only a formula is not dropped as empty
    assert result.notes == (NOTE.format(3),)


def test_a_workbook_of_formulas_only_is_read() -> None:
    result = extract(_workbook([["=1+1"]]), filename="plan.xlsx")
    assert result.text.strip().startswith("| =1+1 |")
    assert result.notes == (NOTE.format(1),)


def test_cells_and_rows_without_references_are_placed_as_openpyxl_places_them() -> None:
    data = _workbook([["一、", "x", "=0"], ["二、", "=1"]])
    # references are optional in the XML: a cell follows the one before, a row the row before
    data = _edit_sheet(data, b'<c r="A1" t="inlineStr">', b'<c t="inlineStr">')
    data = _edit_sheet(data, b'<c r="C1">', b"<c>")
    data = _edit_sheet(data, b'<row r="2"><c r="A2" t="inlineStr">', b'<row><c t="inlineStr">')
    result = extract(data, filename="plan.xlsx")
    assert "| 一、 | x | =0 |" in result.text and "| 二、 | =1 |" in result.text
    assert result.notes == (NOTE.format(2),)
