"""Reports survive any stored text: versions archived before ingest removed control characters
may still hold them, and XML formats (xlsx, docx) cannot carry them."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest

import comparison
from webapp.exports import COMPARISON_FORMATS, render_comparison, render_timeline

CONTROLS = "".join(chr(c) for c in (0, 1, 2, 8, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F))

PLAN_A = "一、总体要求\n\n1.推进改革\x01。加强领导。(牵头单位:市发改委)\n\n2.完善服务\x1b[31m。\n"
PLAN_B = (
    "一、总体要求\n\n1.推进改革\x00创新。加强领导\x0b。(牵头单位:市财政局\x02)\n\n3.新增工作"
    + CONTROLS
    + "。\n"
)


@pytest.fixture(scope="module")
def docs() -> tuple[comparison.PlanDocument, comparison.PlanDocument]:
    a = comparison.parse_text(PLAN_A, year=2024)
    b = comparison.parse_text(PLAN_B, year=2025)
    assert any("\x00" in u.text or "\x00" in u.title for u in b.units)  # stored as is
    return a, b


@pytest.mark.parametrize("fmt", COMPARISON_FORMATS)
def test_every_comparison_format_renders(docs, fmt: str) -> None:
    result = comparison.compare(*docs)
    data = render_comparison(result, fmt, info={"series": "synthetic\x01series"})
    assert data
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(data))
        text = "".join(str(c.value or "") for ws in wb for row in ws.iter_rows() for c in row)
        assert "推进改革" in text and "\x01" not in text
    elif fmt == "docx":
        body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        assert "\x00" not in body and "\x1b" not in body
    elif fmt != "json":  # (the html report embeds plotly.js, which has control bytes of its own)
        assert not any(s.encode() in data for s in ("改革\x01", "改革\x00", "服务\x1b"))


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_the_timeline_renders(docs, fmt: str) -> None:
    a, b = docs
    timeline = comparison.build_timeline([a, b])
    data = render_timeline(timeline, fmt, docs_by_year={2024: a, 2025: b})
    if fmt == "xlsx":
        assert zipfile.is_zipfile(io.BytesIO(data))
        wb = openpyxl.load_workbook(io.BytesIO(data))
        text = "".join(str(c.value or "") for ws in wb for row in ws.iter_rows() for c in row)
        assert "推进改革" in text and "\x01" not in text
    else:
        assert not any(s.encode() in data for s in ("改革\x01", "改革\x00", "服务\x1b"))


def test_clean_comparisons_are_rendered_from_the_object_itself(docs) -> None:
    from webapp.exports import printable_comparison

    a = comparison.parse_text("一、总体\n\n1.推进改革。\n\n2.完善服务。\n")
    b = comparison.parse_text("一、总体\n\n1.推进改革。\n\n2.完善。\n")
    clean = comparison.compare(a, b)
    assert printable_comparison(clean) is clean
