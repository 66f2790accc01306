"""Tables found by ingest (DOCX, HTML, XLSX) -> Markdown pipe-table text for the parser.

The conventions are the parser's (``comparison.tables``): first row, then the ``|---|``
separator, then the other rows; a merged cell is written in every grid cell it covers; a line
break inside a cell is ``<br>`` and a ``|`` is ``\\|``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bs4.element import NavigableString

__all__ = ["html_tables_to_text", "pipe_table"]

_SPACES = re.compile(r"[ \t\u00a0]+")


def _cell(text: str) -> str:
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    return "<br>".join(ln for ln in lines if ln).replace("|", "\\|")


def pipe_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cell texts -> a pipe table ('' when the table has no text at all).

    Leading rows that hold one text across the table (a caption) are written above it as lines.

    >>> print(pipe_table([["序号", "工作任务"], ["1", "推进|改革\\n加强领导"]]))
    | 序号 | 工作任务 |
    |---|---|
    | 1 | 推进\\|改革<br>加强领导 |
    """
    cells = [[_cell(c) for c in row] for row in rows]
    cells = [row for row in cells if any(row)]
    lines = []
    while cells and len({c for c in cells[0] if c}) == 1 and len(cells) > 1:
        lines.append(next(c for c in cells[0] if c).replace("<br>", " "))  # a caption row
        cells = cells[1:]
    if lines:
        lines.append("")
    if not cells:
        return "\n".join(lines)
    width = max(len(row) for row in cells)
    for i, row in enumerate(cells):
        padded = [*row, *[""] * (width - len(row))]
        lines.append("| " + " | ".join(padded) + " |")
        if i == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


# ---------------------------------------------------------------- HTML
_MAX_CELL = 2000  # a cell longer than this is page layout, not a task table
_CELL_BREAKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6")


def html_tables_to_text(root: Any) -> int:
    """Replace each data table under ``root`` (a BeautifulSoup tag) by its pipe-table text.

    Innermost tables first; a table holding another table or a very long cell is page layout
    and is left to the ordinary text extraction. Returns how many tables were converted.
    """
    done = 0
    for table in reversed(root.find_all("table")):
        if table.find("table") is not None:
            continue
        rows = _html_rows(table)
        if rows is None or len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue
        table.replace_with(NavigableString("\n\n" + pipe_table(rows) + "\n\n"))
        done += 1
    return done


def _html_rows(table: Any) -> list[list[str]] | None:
    grid: dict[tuple[int, int], str] = {}
    nrows = 0
    for r, tr in enumerate(table.find_all("tr")):
        nrows = r + 1
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = _html_cell_text(cell)
            if len(text) > _MAX_CELL:
                return None
            rowspan = _span(cell.get("rowspan"), 1000)
            colspan = _span(cell.get("colspan"), 100)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), text)
            c += colspan
    if not grid:
        return None
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(nrows)]


def _span(value: Any, cap: int) -> int:
    try:
        return max(1, min(cap, int(str(value))))
    except (TypeError, ValueError):
        return 1


def _html_cell_text(cell: Any) -> str:
    for br in cell.find_all("br"):
        br.replace_with("\n")
    for block in cell.find_all(_CELL_BREAKS):
        block.insert_after("\n")
    return str(cell.get_text()).strip()
