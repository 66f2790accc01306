"""Properties of the HTML, DOCX and XLSX entry points (issue 15), beside the arbitrary-bytes and
plain-text ones of test_ingest_properties.py: any generated page, Word file or workbook — and any
bytes spliced into the XML inside a real package — becomes a preview or a one-line
RejectedUpload, never another exception; what a page's scripts say never reaches the text, and
the words of a Word file's paragraphs and a workbook's cells do. Examples are few (each builds a
real package): these guard shapes, benchmarks/fuzz_atheris.py is the long fuzz."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import archive
from archive.ingest import extract
from tests.archive.test_ingest_tables import synthetic_docx, synthetic_xlsx

PIECES = ["一、", "（一）", "1.", "2、", "(牵头单位:", "市发改委", "〔", "〕", "推进改革", "。",
          "；", "、", " ", "\u3000", "|", "1.1", "I.", "<", "&amp;", "&#0;", "２０２４年",
          "x" * 30]  # fmt: skip
SAFE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co")), max_size=20)
WORDS = st.lists(st.one_of(st.sampled_from(PIECES), SAFE), max_size=8).map("".join)
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _preview_or_rejection(data: bytes, filename: str) -> archive.Preview | None:
    try:
        preview = archive.preview_upload(data, filename=filename, max_bytes=1 << 21)
    except archive.RejectedUpload as exc:
        message = str(exc)
        assert message.startswith(f"{filename}: ") and "\n" not in message
        return None
    assert preview.units == len(preview.document.units) > 0
    return preview


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------------------------ HTML

TAGS = ["div", "p", "span", "table", "tr", "td", "th", "h1", "ul", "li", "br", "b", "article",
        "nav", "footer", "pre", "blockquote"]  # fmt: skip
ELEMENT = st.recursive(
    WORDS.map(_escape),
    lambda inner: st.tuples(
        st.sampled_from(TAGS),
        st.sampled_from(["", ' class="content"', ' class="breadcrumb"', ' rowspan="3"']),
        st.lists(inner, max_size=4),
    ).map(lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=30,
)
SECRET = "SCRIPTSECRET"


@FEW
@given(st.lists(ELEMENT, min_size=1, max_size=6), st.booleans())
def test_generated_html_pages(body: list[str], close_tags: bool) -> None:
    markup = "".join(body)
    if not close_tags:  # browsers and our extractor both meet unclosed tags
        markup = markup.replace("</p>", "").replace("</td>", "").replace("</li>", "")
    page = (f"<!DOCTYPE html><html><head><title>t</title><script>var s='{SECRET}';</script>"
            f"<style>p{{color:red}}</style></head><body>{markup}"
            f"<script>document.write('{SECRET}')</script></body></html>")  # fmt: skip
    preview = _preview_or_rejection(page.encode(), "page.html")
    if preview is not None:
        assert preview.media_type == "text/html"
        text = extract(page.encode(), filename="page.html").text
        assert SECRET not in text and "color:red" not in text


# ------------------------------------------------------------------------------------ DOCX

BLOCK = st.one_of(
    st.tuples(st.just("p"), WORDS, st.sampled_from([None, "List Number", "Heading 1"])),
    st.tuples(
        st.just("table"),
        st.lists(st.lists(WORDS, min_size=1, max_size=3), min_size=1, max_size=3),
        st.none(),
    ),
)


def _docx(blocks: list[tuple[str, object, str | None]]) -> bytes:
    d = docx.Document()
    for kind, content, style in blocks:
        if kind == "p":
            d.add_paragraph(str(content), style=style)
            continue
        rows = [list(r) for r in content]  # type: ignore[union-attr]
        table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                table.cell(i, j).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@settings(FEW, max_examples=15)  # python-docx takes ~0.1 s to write one
@given(st.lists(BLOCK, min_size=1, max_size=8))
def test_generated_word_files(blocks: list[tuple[str, object, str | None]]) -> None:
    data = _docx(blocks)
    _preview_or_rejection(data, "plan.docx")
    words = [w for kind, c, _ in blocks if kind == "p" for w in str(c).split()]
    try:
        text = extract(data, filename="plan.docx").text
    except archive.RejectedUpload as exc:  # only a file with no text at all is refused
        assert "empty file" in str(exc) and not any(w.strip() for w in words)
        return
    flat = "".join(text.split())
    for word in words:  # every word of every paragraph reaches the text (spaces aside)
        assert word.replace("|", "") in flat.replace("|", "") or "|" in word


# ------------------------------------------------------------------------------------ XLSX

CELL = st.one_of(st.none(), WORDS, st.integers(-(10**6), 10**6), st.floats(allow_nan=False))


def _xlsx(rows: list[list[object]], merge: tuple[int, int] | None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    if merge is not None:
        ws.merge_cells(start_row=merge[0], start_column=1, end_row=merge[0] + merge[1],
                       end_column=2)  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@FEW
@given(
    st.lists(st.lists(CELL, max_size=5), min_size=1, max_size=8),
    st.none() | st.tuples(st.integers(1, 8), st.integers(0, 3)),
)
def test_generated_workbooks(rows: list[list[object]], merge: tuple[int, int] | None) -> None:
    data = _xlsx(rows, merge)
    _preview_or_rejection(data, "plan.xlsx")
    try:
        text = extract(data, filename="plan.xlsx").text
    except archive.RejectedUpload as exc:
        assert "empty file" in str(exc)
        return
    flat = "".join(text.split())
    if merge is None:  # merged ranges keep only their first cell's value, by design
        for row in rows:
            for cell in row:
                if isinstance(cell, str) and cell.strip() and "|" not in cell:
                    assert "".join(cell.split()) in flat


# ----------------------------------------------------------- bytes spliced into a package's XML


def _splice(package: bytes, member: str, at: int, junk: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                cut = at % (len(data) + 1)
                data = data[:cut] + junk + data[cut:]
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


DOCX_SEED = synthetic_docx()  # task tables with merged cells, as the tables tests use
XLSX_SEED = synthetic_xlsx(two_sheets=True)
JUNK = st.one_of(st.binary(max_size=24), st.sampled_from(
    [b"<", b"</w:t>", b"<w:p>", b'<c r="ZZZZZZZZ9">', b"&bogus;", b"\x00", b"\xff\xfe",
     b'<mergeCell ref="A1:XFD1048576"/>', b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>",
     b'<row r="-1">', b'<c t="s"><v>99</v></c>']))  # fmt: skip


@FEW
@given(st.integers(0, 10**6), JUNK)
def test_bytes_spliced_into_word_xml(at: int, junk: bytes) -> None:
    data = _splice(DOCX_SEED, "word/document.xml", at, junk)
    preview = _preview_or_rejection(data, "plan.docx")
    if preview is not None:
        assert "root:" not in "".join(u.text for u in preview.document.units)  # no entities


WORKBOOK_PARTS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"]


@FEW
@given(st.integers(0, 10**6), JUNK, st.sampled_from(WORKBOOK_PARTS))
def test_bytes_spliced_into_workbook_xml(at: int, junk: bytes, member: str) -> None:
    """An XML error in a sheet surfaced from openpyxl's streaming reader only while the rows were
    read (ElementTree's ParseError, a 500 on upload): benchmarks/fuzz_atheris.py found it."""
    data = _splice(XLSX_SEED, member, at, junk)
    preview = _preview_or_rejection(data, "plan.xlsx")
    if preview is not None:
        assert "root:" not in "".join(u.text for u in preview.document.units)


def test_a_broken_sheet_is_a_damaged_workbook() -> None:
    """The fuzzer's find, kept as an example: a stray '<' inside a cell of the first sheet."""
    assert _preview_or_rejection(XLSX_SEED, "plan.xlsx") is not None  # intact, it is a plan
    with zipfile.ZipFile(io.BytesIO(XLSX_SEED)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    at = sheet.index(b"<sheetData>") + len(b"<sheetData><row")
    broken = _splice(XLSX_SEED, "xl/worksheets/sheet1.xml", at, b" <")
    try:
        archive.preview_upload(broken, filename="plan.xlsx")
    except archive.RejectedUpload as exc:
        assert str(exc) == "plan.xlsx: damaged Excel workbook (XLSX)"
    else:
        raise AssertionError("a broken sheet was read as a plan")
