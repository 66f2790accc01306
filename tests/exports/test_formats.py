"""Every comparison export, opened by a real reader and checked against the JSON export."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from comparison import Comparison
from tests.conftest import SUMMARY_ADDITIVE, SUMMARY_KEYS
from tests.exports.conftest import FIXED_TIME
from tests.exports.readers import (
    HtmlDoc,
    W,
    docx_xml,
    entries_from_json,
    read_csv,
)
from webapp.exports import (
    MEDIA_TYPES,
    UnknownFormat,
    filename_for,
    render_comparison,
)
from webapp.exports.rows import COLUMNS, KIND_FILLS, headers, kind_from_label, label, language
from webapp.exports.targets import heading

_cache: dict[tuple[int, str], bytes] = {}


def export(comparison: Comparison, fmt: str) -> bytes:
    key = (id(comparison), fmt)
    if key not in _cache:
        _cache[key] = render_comparison(comparison, fmt, generated_at=FIXED_TIME)
    return _cache[key]


def as_json(comparison: Comparison) -> dict:
    return json.loads(export(comparison, "json"))


def test_json_is_the_contract_exactly(any_comparison: Comparison) -> None:
    data = export(any_comparison, "json")
    assert (
        data.decode("utf-8")
        == json.dumps(any_comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    )
    parsed = json.loads(data)
    assert set(parsed["summary"]) == SUMMARY_KEYS | SUMMARY_ADDITIVE


def test_every_unit_is_in_exactly_one_entry(any_comparison: Comparison) -> None:
    """The register (shared by all formats) covers each unit of A and of B exactly once."""
    entries = entries_from_json(as_json(any_comparison))
    a_keys = [k for _, a, _ in entries for k in a.split("; ") if k]
    b_keys = [k for _, _, b in entries for k in b.split("; ") if k]
    assert sorted(a_keys) == sorted(u.key for u in any_comparison.doc_a.units)
    assert sorted(b_keys) == sorted(u.key for u in any_comparison.doc_b.units)


def test_csv_rows_match_json(any_comparison: Comparison) -> None:
    rows = read_csv(export(any_comparison, "csv"))
    lang = language(any_comparison)
    head, body = rows[0], rows[1:]
    assert head[: len(COLUMNS)] == headers(lang)
    col = {name: head.index(headers(lang)[i]) for i, name in enumerate(COLUMNS)}
    got = [(kind_from_label(r[col["kind"]]), r[col["a_key"]], r[col["b_key"]]) for r in body]
    assert got == entries_from_json(as_json(any_comparison))
    # provenance travels with every row
    sha_a = any_comparison.info_a.get("sha256") or "—"
    assert all(sha_a in r for r in body)
    assert all(r[-1] == "2026-01-02T03:04:05Z" for r in body)
    # moved flags agree with the JSON
    moved = [bool(r[col["moved"]]) for r in body]
    matches = as_json(any_comparison)["matches"]
    assert moved[: len(matches)] == [m["moved"] for m in matches]


def test_xlsx_sheets_rows_and_styles(any_comparison: Comparison) -> None:
    wb = load_workbook(io.BytesIO(export(any_comparison, "xlsx")))
    data = as_json(any_comparison)
    # a Targets sheet follows when a year's own target of a known indicator changed (issue 9)
    targets = any(
        t["indicator"] and not t.get("horizon")
        for m in data["matches"]
        for t in m["targets_changed"]
    )
    lang = language(any_comparison)
    # sheet names in the report's language (a Chinese workbook has Chinese tabs)
    sheets = [label(f"sheet_{k}", lang) for k in ("summary", "changes", "agencies")]
    # issue 9's Targets sheet too (it was English in a Chinese workbook: issue 14)
    assert wb.sheetnames == sheets + ([heading("targets", lang)] if targets else [])

    ws = wb[sheets[1]]
    assert ws.freeze_panes == "A2"
    n = len(entries_from_json(data))
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
    values = list(ws.iter_rows(values_only=True))
    assert list(values[0]) == headers(lang)
    got = [(kind_from_label(r[0]), r[2] or "", r[5] or "") for r in values[1:]]
    assert got == entries_from_json(data)
    for row in ws.iter_rows(min_row=2, max_col=1):
        kind = kind_from_label(row[0].value)
        assert row[0].fill.fgColor.rgb[-6:] == KIND_FILLS[kind]
    assert ws["P1"].value == label("redline", lang)
    assert ws.column_dimensions["P"].width >= 50
    # beside the redline, the full text of both sides
    assert [ws["Q1"].value, ws["R1"].value] == [label("a_text", lang), label("b_text", lang)]
    units_a, units_b = any_comparison.doc_a.by_key(), any_comparison.doc_b.by_key()
    for r in values[1:]:
        for keys, text, units in ((r[2], r[16], units_a), (r[5], r[17], units_b)):
            want = "\n".join(units[k].text for k in (keys or "").split("; ") if k)
            assert (text or "") == want[:32_000] + (" …" if len(want) > 32_000 else "")

    summary = {r[0]: r[1] for r in wb[sheets[0]].iter_rows(values_only=True) if r[0]}
    texts = [str(v) for r in wb[sheets[0]].iter_rows(values_only=True) for v in r if v]
    for key in ("new", "changed", "dropped", "split", "merged", "unchanged", "moved"):
        label_ = next(h for h in texts if h and _is_label(h, key))
        assert summary[label_] == data["summary"][key]
    for side in ("info_a", "info_b"):
        sha = getattr(any_comparison, side).get("sha256")
        if sha:
            assert sha in texts
    assert any_comparison.engine_version in texts

    ws = wb[sheets[2]]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if isinstance(r[1], int)]
    led_a = sum(len(u.lead_units) for u in any_comparison.doc_a.units)
    led_b = sum(len(u.lead_units) for u in any_comparison.doc_b.units)
    assert sum(r[1] for r in rows) == led_a
    assert sum(r[2] for r in rows) == led_b
    assert sum(r[7] for r in rows) == sum(1 for u in any_comparison.doc_a.units if u.lead_units)


def _is_label(text: str, key: str) -> bool:
    try:
        return kind_from_label(text) == key
    except KeyError:
        return False


def test_docx_structure_and_register(any_comparison: Comparison) -> None:
    data = export(any_comparison, "docx")
    doc = Document(io.BytesIO(data))
    entries = entries_from_json(as_json(any_comparison))
    register = doc.tables[-1]
    assert len(register.rows) == len(entries) + 1
    kinds = [kind_from_label(r.cells[1].text.split("\n")[0]) for r in register.rows[1:]]
    assert kinds == [k for k, _, _ in entries]
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    for side in (any_comparison.info_a, any_comparison.info_b):
        if side.get("sha256"):
            assert side["sha256"] in text
    assert any_comparison.engine_version in text
    assert "2026-01-02T03:04:05Z" in text
    # Chinese font on the Normal style, A4 pages, landscape register
    root = docx_xml(data, "word/styles.xml")
    normal = root.find(f".//{W}style[@{W}styleId='Normal']")
    fonts = normal.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia")
    fonts_table = docx_xml(data, "word/fontTable.xml")
    names = {f.get(f"{W}name"): f for f in fonts_table.iter(f"{W}font")}
    assert names[fonts.get(f"{W}eastAsia")].find(f"{W}charset").get(f"{W}val") == "86"
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    expected_lang = "zh-CN" if language(any_comparison) == "zh" else "en-GB"
    assert defaults.get(f"{W}eastAsia") == expected_lang
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if "thumbnail" in n]
    assert doc.core_properties.author == "Yearline"
    first, last = doc.sections[0], doc.sections[-1]
    assert round(first.page_width.cm, 1) == 21.0
    assert last.page_width > last.page_height


def test_markdown_lists_every_entry(any_comparison: Comparison) -> None:
    md = export(any_comparison, "md").decode("utf-8")
    entries = entries_from_json(as_json(any_comparison))
    register = md.split("\n## ")[-1].splitlines()
    rows = [line for line in register if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == len(entries)
    assert [kind_from_label(r.split(" | ")[1].split(" (")[0]) for r in rows] == [
        k for k, _, _ in entries
    ]
    for key, value in as_json(any_comparison)["summary"].items():
        assert re.search(rf"\| [^|]+ \| {value} \|", md), key
    assert "<script>" not in md


def test_html_is_standalone_and_complete(any_comparison: Comparison) -> None:
    html = export(any_comparison, "html").decode("utf-8")
    doc = HtmlDoc(html)
    entries = entries_from_json(as_json(any_comparison))
    assert [(k, a, b) for k, a, b in doc.register_rows] == entries
    # the inline Plotly bundle, no external resources at all
    bodies = [body for attrs, body in doc.scripts if "src" not in attrs]
    assert any("Plotly" in b and len(b) > 1_000_000 for b in bodies)
    assert not [u for u in doc.urls if u[1] == "src" or re.match(r"(?i)(https?:)?//", u[2])]
    assert "link" not in doc.tags
    # charts embedded as JSON figures
    figs = [json.loads(b) for a, b in doc.scripts if a.get("type") == "application/json"]
    assert figs and all("data" in f for f in figs)
    # a print stylesheet that hides the button and breaks pages between sections
    css = "\n".join(doc.styles)
    assert "@media print" in css
    assert re.search(r"@media print \{.*\.toolbar[^}]*display: none", css, re.S)
    assert "break-before: page" in css


def test_html_redline_and_escaping(synthetic_comparison: Comparison) -> None:
    doc = HtmlDoc(export(synthetic_comparison, "html").decode("utf-8"))
    assert "3" in doc.ins and "2" in doc.dels
    # plan text with markup stays text: no extra script element, the text is visible
    scripts = [a for a, _ in doc.scripts]
    assert len(scripts) == 2 + 2  # two figures, plotly.js, the chart loader
    assert "<script>alert('x')</script>" in "".join(doc.text)


def test_text_export(any_comparison: Comparison) -> None:
    text = export(any_comparison, "text").decode("utf-8")
    data = as_json(any_comparison)
    s = data["summary"]
    assert f"{len(entries_from_json(data))}" in text
    for key in ("new", "changed", "dropped"):
        assert re.search(rf"\S+ {s[key]}\b", text)
    if any_comparison.info_a.get("sha256"):
        assert any_comparison.info_a["sha256"] in text
    assert "2026-01-02T03:04:05Z" in text


def test_loose_files_show_dashes(synthetic_loose_comparison: Comparison) -> None:
    text = export(synthetic_loose_comparison, "text").decode("utf-8")
    assert "SHA-256: A —" in text
    md = export(synthetic_loose_comparison, "md").decode("utf-8")
    assert "| SHA-256 | — | — |" in md


def test_filenames_and_media_types(
    synthetic_comparison: Comparison,
    synthetic_loose_comparison: Comparison,
    seed_comparison: Comparison,
) -> None:
    assert filename_for(synthetic_comparison, "docx") == "sz-social_2024-2025_changes.docx"
    assert filename_for(synthetic_comparison, "text") == "sz-social_2024-2025_changes.txt"
    assert filename_for(synthetic_loose_comparison, "md") == "yearline_2024-2025_changes.md"
    assert filename_for(seed_comparison, "csv") == "2014-vs-2014-edited_2014-2015_changes.csv"
    assert filename_for(synthetic_comparison, "xlsx", series="上海 计划", years=[1, 2]) == (
        "上海-计划_1-2_changes.xlsx"
    )
    assert MEDIA_TYPES["docx"].endswith("wordprocessingml.document")
    assert MEDIA_TYPES["csv"].startswith("text/csv")
    with pytest.raises(UnknownFormat):
        render_comparison(synthetic_comparison, "pdf")


def test_render_info_does_not_touch_json(synthetic_comparison: Comparison) -> None:
    plain = render_comparison(synthetic_comparison, "json", info={"series_title": "X"})
    assert json.loads(plain) == synthetic_comparison.to_dict()
    md = render_comparison(
        synthetic_comparison, "md", info={"series_title": "某某计划"}, generated_at=FIXED_TIME
    ).decode()
    assert "深圳市社会建设工作要点" in md  # the comparison's own info wins over the extra info


def test_spreadsheet_formulas_in_plan_text_stay_text() -> None:
    """Text that Excel would run as a formula is quoted in CSV and typed as text in XLSX."""
    from comparison import PlanDocument, Unit, UnitKind

    unit = Unit("p1", None, 1, UnitKind.PARAGRAPH, "", '=HYPERLINK("http://x")', "=1+2")
    a = PlanDocument("A", 2024, "en", {}, ())
    b = PlanDocument("B", 2025, "en", {}, (unit,))
    comp = Comparison(a, b, (), ("p1",), (), "t")
    rows = read_csv(render_comparison(comp, "csv"))
    assert rows[1][COLUMNS.index("b_headline")] == '\'=HYPERLINK("http://x")'
    wb = load_workbook(io.BytesIO(render_comparison(comp, "xlsx")))
    cell = wb.worksheets[1].cell(row=2, column=COLUMNS.index("redline") + 1)
    assert cell.value == "=1+2" and cell.data_type == "s"


def test_xlsx_agencies_sheet_explains_an_empty_table(national_comparison: Comparison) -> None:
    """The national reports name no lead agencies: the sheet says so instead of a bare header."""
    assert not any(u.lead_units for u in national_comparison.doc_b.units)
    wb = load_workbook(io.BytesIO(export(national_comparison, "xlsx")))
    ws = wb[label("sheet_agencies", "zh")]
    assert ws["A2"].value == label("no_agencies", "zh") and "牵头单位" in ws["A2"].value
    last = get_column_letter(ws.max_column)  # the note spans every column of the header
    assert f"A2:{last}2" in {str(r) for r in ws.merged_cells.ranges}
