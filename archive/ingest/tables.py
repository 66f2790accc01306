"""Tables found by ingest (DOCX, HTML, XLSX) -> Markdown pipe-table text for the parser.

The conventions are the parser's (``comparison.tables``): first row, then the ``|---|``
separator, then the other rows; a merged cell is written in every grid cell it covers; a line
break inside a cell is ``<br>`` and a ``|`` is ``\\|``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["pipe_table"]

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
