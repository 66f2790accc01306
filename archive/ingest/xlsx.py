"""XLSX -> text: every sheet's used cells as a pipe table (``archive.ingest.tables``).

Read with openpyxl in read-only mode (streaming, cached values, no formulas evaluated). Merged
ranges are read from the sheet's ``<mergeCells>`` (read-only mode does not load them) and their
value is repeated over the range, as the parser expects. A workbook with several sheets gets one
``## sheet name`` heading per sheet. Work is bounded: at most :data:`MAX_CELLS` cells are read.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
from lxml import etree
from openpyxl.utils.cell import range_boundaries

from archive.ingest.tables import pipe_table
from comparison.budget import WorkBudgetExceeded

__all__ = ["MAX_CELLS", "xlsx_to_text"]

MAX_CELLS = 500_000
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_to_text(data: bytes) -> tuple[str, str | None, tuple[str, ...]]:
    """Return ``(text, core_title, notes)``; raise ValueError if the workbook cannot be read."""
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for broken packages
        raise ValueError(str(exc)) from exc
    notes: list[str] = []
    sheets: list[tuple[str, list[list[str]]]] = []
    budget = MAX_CELLS
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for ws in wb.worksheets:
                if getattr(ws, "sheet_state", "visible") != "visible":
                    notes.append(f"hidden sheet {ws.title} skipped")
                    continue
                rows, budget = _sheet_rows(ws, budget)
                merges = _merges(zf, getattr(ws, "_worksheet_path", ""))
                _fill_merges(rows, merges)
                if any(any(r) for r in rows):
                    sheets.append((str(ws.title), rows))
                if budget <= 0:
                    notes.append(f"workbook truncated after {MAX_CELLS} cells")
                    break
        title = wb.properties.title or None
    except WorkBudgetExceeded:
        raise
    except Exception as exc:  # the streaming reader meets a broken sheet only now (ElementTree's
        raise ValueError(str(exc)) from exc  # ParseError, TypeError, ...: found by fuzzing)
    finally:
        wb.close()
    parts: list[str] = []
    for name, rows in sheets:
        if len(sheets) > 1:
            parts.append(f"## {name}")
        parts.append(pipe_table(rows))
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
    while rows and not any(rows[-1]):
        rows.pop()
    return rows, budget


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


def _merges(zf: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of one sheet as (min_col, min_row, max_col, max_row), 1-based."""
    if not path:
        return []
    name = path.lstrip("/")
    if name not in zf.namelist():
        return []
    out: list[tuple[int, int, int, int]] = []
    with zf.open(name) as fh:
        parser = etree.iterparse(
            fh, events=("end",), tag=f"{_NS}mergeCell", resolve_entities=False, no_network=True
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
    return out


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
