"""XLSX -> text: every sheet's used cells as a pipe table (``archive.ingest.tables``).

Read with openpyxl in read-only mode (streaming, cached values, no formulas evaluated). Merged
ranges are read from the sheet's ``<mergeCells>`` (read-only mode does not load them) and their
value is repeated over the range, as the parser expects. A formula cell with no cached value (a
workbook written by a script, e.g. openpyxl or an export tool, and never recalculated; openpyxl
also writes any string starting with "=" as a formula) would read as empty: such cells show their
formula's text (``=0``), with a note counting them. Only a sheet whose XML shows such a cell (a
byte scan during the merge pass) pays for finding them and for a second load of the workbook with
formulas; a string cell starting with "=" is a string and reads as itself. A workbook with
several sheets gets one ``## sheet name`` heading per sheet. Work is bounded: at most
:data:`MAX_CELLS` cells are read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import openpyxl
from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from archive.ingest.tables import pipe_table
from comparison.budget import WorkBudgetExceeded

__all__ = ["MAX_CELLS", "xlsx_to_text"]

MAX_CELLS = 500_000
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# a formula element's end (or a self-closing one: shared formulas) followed by the cell's end or an
# empty <v>: a formula with no cached value (openpyxl writes <f>0</f><v></v>). Loose on purpose: a
# match only costs the exact scan of that sheet (_valueless_formulas); a miss would lose text.
_VALUELESS = re.compile(
    rb"(?:</" + _PREFIX + rb"f\s*>|<" + _PREFIX + rb"f\b[^<>]*/>)\s*"
    rb"(?:</|<" + _PREFIX + rb"v\b[^<>]*/>|<" + _PREFIX + rb"v\b[^<>]*>\s*</)"
)
_OVERLAP = 1024  # bytes of one read kept for the next, so a match across two reads is found
Cell = tuple[int, int]  # (row, column), 1-based, as openpyxl counts them


@dataclass
class _Sheet:
    index: int  # in the workbook's worksheets
    title: str
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]]
    valueless: set[Cell]  # formula cells with no cached value


def xlsx_to_text(data: bytes) -> tuple[str, str | None, tuple[str, ...]]:
    """Return ``(text, core_title, notes)``; raise ValueError if the workbook cannot be read."""
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for broken packages
        raise ValueError(str(exc)) from exc
    notes: list[str] = []
    sheets: list[_Sheet] = []
    budget = MAX_CELLS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for index, ws in enumerate(wb.worksheets):
                if getattr(ws, "sheet_state", "visible") != "visible":
                    notes.append(f"hidden sheet {ws.title} skipped")
                    continue
                rows, budget = _sheet_rows(ws, budget)
                name = _member(zf, getattr(ws, "_worksheet_path", ""))
                merges, flagged = _merges(zf, name)
                valueless = _valueless_formulas(zf, name) if flagged else set()
                sheets.append(_Sheet(index, str(ws.title), rows, merges, valueless))
                if budget <= 0:
                    notes.append(f"workbook truncated after {MAX_CELLS} cells")
                    break
        title = wb.properties.title or None
        restored = _restore_formulas(data, sheets) if any(s.valueless for s in sheets) else 0
    except WorkBudgetExceeded:
        raise
    except Exception as exc:  # the streaming reader meets a broken sheet only now (ElementTree's
        raise ValueError(str(exc)) from exc  # ParseError, TypeError, ...: found by fuzzing)
    finally:
        wb.close()
    if restored:
        notes.append(f"{restored} formula cells without a computed value: their formulas are shown")
    parts: list[str] = []
    kept: list[_Sheet] = []
    for sheet in sheets:
        while sheet.rows and not any(sheet.rows[-1]):  # before the merges: none reaches past
            sheet.rows.pop()  # the last row with text
        _fill_merges(sheet.rows, sheet.merges)
        if any(any(r) for r in sheet.rows):
            kept.append(sheet)
    for sheet in kept:
        if len(kept) > 1:
            parts.append(f"## {sheet.title}")
        parts.append(pipe_table(sheet.rows))
    return "\n\n".join(p for p in parts if p) + "\n", title, tuple(notes)


def _sheet_rows(ws: Any, budget: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    for row in ws.iter_rows(values_only=True):
        cells = [_value(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        rows.append(cells)
        budget -= max(1, len(row))
        if budget <= 0:
            break
    return rows, budget  # trailing empty rows are kept: a formula may still fill them


def _value(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(" ", "minutes")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _member(zf: zipfile.ZipFile, path: str) -> str:
    """The zip member of a sheet's XML, or "" if the package has none by that name."""
    name = path.lstrip("/")
    return name if name and name in zf.namelist() else ""


class _Watch:
    """A sheet's XML as lxml reads it, noting whether the bytes match :data:`_VALUELESS`."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh
        self._tail = b""
        self.found = False

    def read(self, size: int = -1) -> bytes:
        chunk: bytes = self._fh.read(size)
        if chunk and not self.found:
            window = self._tail + chunk
            self.found = _VALUELESS.search(window) is not None
            self._tail = window[-_OVERLAP:]
        return chunk


def _merges(zf: zipfile.ZipFile, name: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """Merged ranges of one sheet as (min_col, min_row, max_col, max_row), 1-based, and whether
    its XML may hold a formula with no cached value."""
    if not name:
        return [], False
    out: list[tuple[int, int, int, int]] = []
    with zf.open(name) as fh:
        watch = _Watch(fh)
        parser = etree.iterparse(
            watch, events=("end",), tag=f"{_NS}mergeCell", resolve_entities=False, no_network=True
        )
        for _, el in parser:
            ref = el.get("ref") or ""
            try:
                bounds = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if None not in bounds:
                out.append(bounds)
            el.clear()
    return out, watch.found


def _valueless_formulas(zf: zipfile.ZipFile, name: str) -> set[Cell]:
    """The cells of one sheet that hold a formula and no cached value: no <v>, or an empty one
    where the result is not a string (t="str" with an empty <v> is a formula whose result is "").
    Rows and columns are counted as openpyxl counts them: a row is its ``r`` or the one after the
    last, a cell's column is its reference's or the one after the cell before. Only rows and
    formulas cost a step: a cell is looked at when its row ends (its <v> follows its <f>)."""
    out: set[Cell] = set()
    row_no = 0
    formulas: list[Any] = []  # the cells of the current row that hold a formula
    with zf.open(name) as fh:
        parser = etree.iterparse(
            fh,
            events=("end",),
            tag=(f"{_NS}row", f"{_NS}f"),
            resolve_entities=False,
            no_network=True,
        )
        for _, el in parser:
            if el.tag == f"{_NS}f":
                cell = el.getparent()
                if cell is not None and cell.tag == f"{_NS}c":
                    formulas.append(cell)
                continue
            row_no = _row_number(el.get("r"), row_no + 1)
            for cell in formulas:
                value = cell.find(f"{_NS}v")
                if value is None or not (value.text or cell.get("t") == "str"):
                    out.add((row_no, _column(cell)))
            formulas.clear()
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    return out


def _column(cell: Any) -> int:
    """A cell's column: its reference's, or one more than the cell before it (openpyxl's rule)."""
    steps = 0
    while cell is not None:
        ref = cell.get("r") if cell.tag == f"{_NS}c" else None
        if ref:
            return int(coordinate_to_tuple(ref)[1]) + steps
        if cell.tag == f"{_NS}c":
            steps += 1
        cell = cell.getprevious()
    return steps


def _row_number(r: str | None, default: int) -> int:
    if r is None:
        return default
    try:
        return int(r)
    except ValueError:
        return int(float(r))  # openpyxl reads "3.0"; anything else failed its reading first


def _restore_formulas(data: bytes, sheets: list[_Sheet]) -> int:
    """Put each formula's text in the cells that have no cached value; return how many.

    The workbook is loaded a second time with formulas (openpyxl translates shared formulas);
    only rows the first reading reached are filled."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    restored = 0
    try:
        for sheet in sheets:
            wanted = {cell for cell in sheet.valueless if cell[0] <= len(sheet.rows)}
            if not wanted:
                continue
            last = max(r for r, _ in wanted)
            ws = wb.worksheets[sheet.index]
            for r, values in enumerate(ws.iter_rows(max_row=last, values_only=True), start=1):
                for c, v in enumerate(values, start=1):
                    if (r, c) not in wanted:
                        continue
                    text = _formula_text(v)
                    if text:
                        row = sheet.rows[r - 1]
                        row.extend([""] * (c - len(row)))
                        row[c - 1] = text
                        restored += 1
    finally:
        wb.close()
    return restored


def _formula_text(v: object) -> str:
    """A formula as openpyxl gives it ("=A1+1", or an array formula's text); "" for anything else
    (a data table formula has no text of its own)."""
    if isinstance(v, str):
        return v if v.startswith("=") else ""
    text = getattr(v, "text", None)  # openpyxl.worksheet.formula.ArrayFormula
    return text if isinstance(text, str) else ""


def _fill_merges(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> None:
    """Repeat each merged range's top-left value over the range (within the rows read)."""
    for min_col, min_row, max_col, max_row in merges:
        if min_row - 1 >= len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else ""
        if not value:
            continue
        max_row = min(max_row, len(rows), min_row + 10_000)
        max_col = min(max_col, min_col + 200)
        for r in range(min_row - 1, max_row):
            row = rows[r]
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = value
