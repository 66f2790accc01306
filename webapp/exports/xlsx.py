"""Excel workbooks: a comparison (Summary, Changes, Agencies) and a timeline (Summary, Threads)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from comparison import Comparison, PlanDocument, Timeline
from webapp.exports.rows import (
    AGENCY_COLUMNS,
    COLUMNS,
    DASH,
    KIND_FILLS,
    LANG_KEY,
    STATUS_FILLS,
    agency_table,
    cell,
    decisions_line,
    headers,
    heading,
    iso,
    label,
    label_language,
    provenance,
    register,
    summary_rows,
    timeline_heading,
)
from webapp.exports.targets import add_changes_sheet, add_targets_sheet, timeline_rows

FONT = "Microsoft YaHei"
MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell
THIN = Side(style="thin", color="BFC5CD")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
BODY_FONT = Font(name=FONT)
WIDTHS = {
    "kind": 8,
    "moved": 6,
    "a_key": 10,
    "a_number": 11,
    "a_headline": 30,
    "b_key": 10,
    "b_number": 11,
    "b_headline": 30,
    "similarity": 9,
    "change_ratio": 9,
    "leads_a": 22,
    "leads_b": 22,
    "leads_added": 18,
    "leads_removed": 18,
    "primary_change": 24,
    "redline": 70,
    "a_text": 50,
    "b_text": 50,
    "support_a": 22,
    "support_b": 22,
    "support_added": 18,
    "support_removed": 18,
    "promoted": 18,
    "demoted": 18,
    "due_a": 16,
    "due_b": 16,
}
WRAP = {
    "a_headline",
    "b_headline",
    "leads_a",
    "leads_b",
    "leads_added",
    "leads_removed",
    "primary_change",
    "redline",
    "a_text",
    "b_text",
    "support_a",
    "support_b",
    "support_added",
    "support_removed",
    "promoted",
    "demoted",
}


class _Styles:
    """Named cell styles, created once per workbook: assigning a named style is ~20x faster
    than setting font, fill, border and alignment on every cell (openpyxl hashes each)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.names: dict[tuple[Any, ...], str] = {}

    def get(
        self,
        fill: str | None = None,
        *,
        wrap: bool = False,
        fmt: str = "General",
        center: bool = False,
    ) -> str:
        key = (fill, wrap, fmt, center)
        if key not in self.names:
            name = f"Yearline {len(self.names) + 1}"
            self.wb.add_named_style(
                NamedStyle(
                    name=name,
                    font=BODY_FONT,
                    border=BORDER,
                    fill=_fill(fill) if fill else PatternFill(),
                    number_format=fmt,
                    alignment=Alignment(
                        horizontal="center" if center else None, vertical="top", wrap_text=wrap
                    ),
                )
            )
            self.names[key] = name
        return self.names[key]


def _put(ws: Worksheet, row: int, col: int, value: Any, style: str) -> Cell:
    c = _set(ws, row, col, value, font=False)
    c.style = style
    return c


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _set(ws: Worksheet, row: int, col: int, value: Any, *, font: bool = True) -> Cell:
    """Write a value; text is always stored as text (never run as a formula), capped in length."""
    c: Cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            value = value[:MAX_CELL] + " …"
        c.value = value
        c.data_type = "s"
    else:
        c.value = value
    if font:
        c.font = BODY_FONT
    return c


def _header(ws: Worksheet, row: int, values: Iterable[str]) -> None:
    for i, v in enumerate(values, 1):
        c = _set(ws, row, i, v)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(vertical="center", wrap_text=True)


def _print_setup(ws: Worksheet, *, landscape: bool = True) -> None:
    """A4, fit to the page width, header row repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    if ws.max_row > 1:
        ws.print_title_rows = "1:1"


@cache
def _fill(hex_rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=hex_rgb)


def _title(ws: Worksheet, title: str, subtitle: str) -> None:
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT, bold=True, size=16, color="1F3A5F")
    ws.cell(row=2, column=1, value=subtitle).font = Font(name=FONT, size=12)
    ws.row_dimensions[1].height = 26


def _pairs(ws: Worksheet, start: int, rows: Iterable[tuple[Any, ...]]) -> int:
    r = start
    for values in rows:
        for i, v in enumerate(values, 1):
            c = _set(ws, r, i, v)
            c.border = BORDER
            c.alignment = Alignment(vertical="top", wrap_text=True)
            if i == 1:
                c.font = Font(name=FONT, bold=True)
        r += 1
    return r


def render_comparison(comparison: Comparison, generated_at: datetime) -> bytes:
    lang = label_language(comparison)
    prov = provenance(comparison, generated_at, lang)
    rows = register(comparison)
    wb = Workbook()

    ws = wb.active
    ws.title = label("sheet_summary", lang)
    _title(ws, label("title", lang), heading(comparison, lang))
    r = 4
    _header(ws, r, [label("provenance", lang), "A", "B"])
    r = _pairs(
        ws,
        r + 1,
        [
            (label("series", lang), prov.series_title, ""),
            *prov.rows,
            (label("engine_version", lang), prov.engine_version, ""),
            *([(label("decisions", lang), prov.decisions, "")] if prov.decisions else []),
            (label("generated_at", lang), prov.generated_at, ""),
        ],
    )
    r += 1
    _header(ws, r, [label("summary", lang), label("count", lang)])
    for key, name, n in summary_rows(comparison, lang):
        r += 1
        _pairs(ws, r, [(name, n)])
        ws.cell(row=r, column=1).fill = _fill(KIND_FILLS.get(key, "FFFFFF"))
    r += 1
    _pairs(ws, r, [(label("entries", lang), len(rows))])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 68
    ws.column_dimensions["C"].width = 68

    styles = _Styles(wb)
    ws = wb.create_sheet(label("sheet_changes", lang))
    _header(ws, 1, headers(lang))
    formats = {"similarity": "0.00", "change_ratio": "0%"}
    for i, row in enumerate(rows, 2):
        for j, col in enumerate(COLUMNS, 1):
            fill = KIND_FILLS[row.kind] if j <= 2 or row.kind != "unchanged" else None
            style = styles.get(fill, wrap=col in WRAP, fmt=formats.get(col, "General"))
            _put(ws, i, j, cell(row, col, lang), style)
    for j, col in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS[col]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    ws.row_dimensions[1].height = 30
    _print_setup(ws)

    ws = wb.create_sheet(label("sheet_agencies", lang))
    agency_cols = [label("agency", lang)] + [label(c, lang) for c in AGENCY_COLUMNS]
    _header(ws, 1, agency_cols)
    table = agency_table(comparison, rows)
    for i, (name, counts) in enumerate(table, 2):
        _put(ws, i, 1, name, styles.get())
        for j, col in enumerate(AGENCY_COLUMNS, 2):
            fill = None
            if col == "gained" and counts[col]:
                fill = KIND_FILLS["new"]
            elif col == "lost" and counts[col]:
                fill = KIND_FILLS["dropped"]
            _put(ws, i, j, counts[col], styles.get(fill))
    if not table:  # say why the sheet is empty rather than leave a bare header row
        _set(ws, 2, 1, label("no_agencies", lang)).alignment = Alignment(wrap_text=True)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(agency_cols))
        ws.row_dimensions[2].height = 36
    ws.column_dimensions["A"].width = 32
    for j in range(2, len(agency_cols) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 14
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(agency_cols))}{max(len(table), 1) + 1}"
    ws.row_dimensions[1].height = 32
    _print_setup(ws, landscape=False)
    add_changes_sheet(wb, comparison, lang)
    return _save(wb)


def render_timeline(
    timeline: Timeline,
    generated_at: datetime,
    docs_by_year: Mapping[int, PlanDocument],
    info: Mapping[str, Any],
) -> bytes:
    lang = str(info.get(LANG_KEY) or "") or (
        "zh"
        if any(doc.language == "zh" for doc in docs_by_year.values())
        else str(info.get("language") or ("zh" if _has_cjk(timeline) else "en"))
    )
    wb = Workbook()
    ws = wb.active
    ws.title = label("sheet_summary", lang)
    series, subject = timeline_heading(timeline, info)
    years = list(timeline.years)
    _title(ws, label("timeline_title", lang), subject)
    r = _pairs(
        ws,
        4,
        [
            (label("series", lang), f"{series}"),
            (label("year", lang), ", ".join(str(y) for y in years) or DASH),
            (label("engine_version", lang), str(timeline.engine_version)),
            *([(label("decisions", lang), d)] if (d := _decisions(info, lang)) else []),
            (label("generated_at", lang), iso(generated_at)),
        ],
    )
    versions = info.get("versions") or {}
    if versions:  # {year: {"version", "sha256"}} when the caller knows them
        r += 1
        _header(ws, r, [label("year", lang), label("version", lang), "SHA-256"])
        for y in years:
            v = versions.get(y) or versions.get(str(y)) or {}
            r = (
                _pairs(
                    ws, r + 1, [(str(y), str(v.get("version", DASH)), str(v.get("sha256", DASH)))]
                )
                - 1
            )
        r += 1
    r += 1
    keys = ("new", "changed", "dropped", "split", "merged", "restructured", "moved", "unchanged")
    _header(ws, r, [label("year", lang)] + [label(k, lang) for k in keys])
    for y in years[1:]:
        s = timeline.summaries.get(y, {})
        r += 1
        _set(ws, r, 1, str(y)).border = BORDER
        for j, k in enumerate(keys, 2):
            _set(ws, r, j, int(s.get(k, 0))).border = BORDER
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 68

    ws = wb.create_sheet(label("sheet_threads", lang))
    fixed = [label("thread", lang), "ID", label("first_year", lang), label("last_year", lang)]
    _header(ws, 1, fixed + [str(y) for y in years])
    numbering = {y: _numbers(doc) for y, doc in docs_by_year.items()}
    styles = _Styles(wb)
    for i, t in enumerate(timeline.threads, 2):
        for j, v in enumerate([t.title, t.id, t.first_year, t.last_year], 1):
            _put(ws, i, j, v, styles.get(wrap=j == 1))
        by_year = {ty.year: ty for ty in t.years}
        for j, y in enumerate(years, len(fixed) + 1):
            ty = by_year.get(y)
            status = ty.status.value if ty else "absent"
            text = "" if status == "absent" else label(status, lang)
            if ty and ty.keys and y in numbering:
                nums = [numbering[y].get(k, k) for k in ty.keys]
                text = f"{text} {'; '.join(nums)}".strip()
            fill = STATUS_FILLS.get(status, "FFFFFF")
            _put(ws, i, j, text, styles.get(fill, wrap=True, center=True))
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 9
    ws.column_dimensions["D"].width = 9
    for j in range(len(fixed) + 1, len(fixed) + len(years) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 11
    ws.freeze_panes = "E2"
    _print_setup(ws)
    last = get_column_letter(len(fixed) + len(years))
    ws.auto_filter.ref = f"A1:{last}{max(len(timeline.threads), 1) + 1}"
    if docs_by_year and (target_rows := timeline_rows(docs_by_year)):
        add_targets_sheet(wb, target_rows, lang)
    return _save(wb)


def _numbers(doc: PlanDocument) -> dict[str, str]:
    from webapp.exports.rows import Numbering

    numbering = Numbering(doc, doc.language)
    return {u.key: numbering.number(u.key) for u in doc.units}


def _has_cjk(timeline: Timeline) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for t in timeline.threads[:20] for ch in t.title)


def _decisions(info: Mapping[str, Any], lang: str) -> str:
    return decisions_line(info.get("decisions"), lang)
