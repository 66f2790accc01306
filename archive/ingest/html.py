"""HTML page -> plain text: page chrome removed, paragraph breaks kept."""

from __future__ import annotations

import re

from archive.ingest.tables import pipe_table
from comparison.numbering import roman_numeral
from comparison.structure import printed_label

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "link",
    "meta",
)
_CHROME = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|topbar|sidebar|"
    r"share|print|copyright|banner|toolbar|position|location|skip)([-_\s]|\d|$)",
    re.IGNORECASE,
)
_BLOCK = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "blockquote",
    "pre",
    "center",
    "td",
    "th",
    "hr",
    "address",
    "figure",
    "figcaption",
)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_MAX_CELL = 2000  # a cell longer than this is page layout, not a task table
_CELL_BREAKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6")


def looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    return bool(re.match(r"<(head|body|meta|div|p|h1|table|article)\b", head))


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Return ``(text, page_title)``.

    Two streaming passes over the parser's events (no tree is built), so the work is linear in
    the size of the page whatever its nesting depth. The first measures the text of the body and
    of its first ``<main>``/``<article>``; the second writes the text of whichever is the root
    (the article when it holds more than half of the body's text). Dropped subtrees (scripts,
    navigation, elements whose class/id/role names page chrome, headers and footers outside the
    article) are skipped by depth counting; data tables become pipe tables
    (:func:`archive.ingest.tables.pipe_table`), innermost first, layout tables (one holding a
    table that stays text, or a cell over 2,000 characters) stay text.
    """
    survey = _Survey()
    _run(markup, survey)
    root = None
    if survey.main_ordinal is not None and survey.main_len > 0.5 * survey.body_len:
        root = survey.main_ordinal
    writer = _Writer(root)
    _run(markup, writer)
    title = None
    if survey.title is not None:
        title = " ".join(s.strip() for s in survey.title if s.strip())
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(writer.out).splitlines()]
    return _join_paragraphs(lines), title


def _run(markup: str, target: _Events) -> None:
    from lxml import etree  # imported on the first HTML file, not by every plain-text parse

    parser = etree.HTMLParser(target=target, no_network=True, recover=True, huge_tree=True)
    parser.feed(markup)
    parser.close()


class _Events:
    """lxml parser target: open elements, dropped subtrees and text nodes (flushed whole at each
    tag boundary, so that a text node's stripped length is that of the node itself)."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.ordinal = 0  # start events so far (the same in both passes)
        self.drop_depth = 0  # > 0 inside a dropped subtree: the depth of its root
        self.article = 0  # open (kept) <article>/<main> elements
        self.head = 0
        self.pending: list[str] = []
        self.in_title = 0
        self.title: list[str] | None = None
        self.title_parts: list[str] = []

    def start(self, tag: object, attrib: dict[str, str]) -> None:
        self._flush()
        name = tag.lower() if isinstance(tag, str) else ""
        self.stack.append(name)
        self.ordinal += 1
        depth = len(self.stack)
        if name == "title" and self.title is None:
            self.in_title = depth
            return
        if name == "head":
            self.head += 1
        if self.drop_depth:
            return
        if self._dropped(name, attrib):
            self.drop_depth = depth
            return
        if name in {"article", "main"}:
            self.article += 1
        self.opened(name, attrib, depth)

    def end(self, tag: object) -> None:
        self._flush()
        depth = len(self.stack)
        name = self.stack.pop() if self.stack else ""
        if self.in_title == depth:
            self.in_title = 0
            self.title = self.title_parts
            return
        if name == "head":
            self.head = max(0, self.head - 1)
        if self.drop_depth:
            if self.drop_depth == depth:
                self.drop_depth = 0
            return
        if name in {"article", "main"}:
            self.article -= 1
        self.closed(name, depth)

    def data(self, text: str) -> None:
        self.pending.append(text)

    def comment(self, text: str) -> None:
        self._flush()

    def pi(self, target: str, data: str | None = None) -> None:
        self._flush()

    def close(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        s = "".join(self.pending)
        self.pending = []
        if self.in_title:
            self.title_parts.append(s)  # and, outside <head>, body text as well
        if not self.drop_depth and not self.head:
            self.text(s)

    def _dropped(self, name: str, attrib: dict[str, str]) -> bool:
        if name in _DROP_TAGS:
            return True
        if name in {"header", "footer"} and not self.article:
            return True
        if name in {"html", "body", "main", "article"}:
            return False
        names = " ".join(str(attrib.get(k) or "") for k in ("class", "id", "role"))
        return bool(names.strip()) and bool(_CHROME.search(names))

    # the passes' own handlers
    def opened(self, name: str, attrib: dict[str, str], depth: int) -> None:
        """A kept element starts."""

    def closed(self, name: str, depth: int) -> None:
        """A kept element ends."""

    def text(self, s: str) -> None:
        """A kept text node."""


class _Survey(_Events):
    """Pass 1: stripped text length of the body and of its first main/article."""

    def __init__(self) -> None:
        super().__init__()
        self.main_ordinal: int | None = None
        self.main_depth = 0  # > 0 while inside the first main/article
        self.body_len = 0
        self.main_len = 0

    def opened(self, name: str, attrib: dict[str, str], depth: int) -> None:
        if name in {"article", "main"} and self.main_ordinal is None and not self.head:
            self.main_ordinal, self.main_depth = self.ordinal, depth

    def closed(self, name: str, depth: int) -> None:
        if depth == self.main_depth:
            self.main_depth = 0

    def text(self, s: str) -> None:
        n = len(s.strip())
        self.body_len += n
        if self.main_depth:
            self.main_len += n


# An <ol> item's text is held from its first text up to the next block or <br> (at most this many
# characters) to see whether it prints its own number: the parser's own label test decides
# (comparison.structure.printed_label), so every label form the grammar reads -- 가. Ⅱ. II.
# 第一章, a full-width digit and an ideographic space, (a), Action 1 ... -- and only those count.
_HOLD_MAX = 256


# a nested decimal label has at most this many numbers (1.2.3.4); deeper lists number on at
# the fourth level, so that a label's length stays bounded however deep the nesting
_MAX_PARTS = 4


class _List:
    """An open ``<ol>``/``<ul>``: the numbers of its items as a browser draws them, written
    in the shapes the parser's grammar reads (``3. ``; nested: ``3.1 ``, ``3.1.2 ``, ``(a) ``,
    ``(iv) ``)."""

    def __init__(
        self, depth: int, ordered: bool, attrib: dict[str, str], parent: _List | None
    ) -> None:
        self.depth = depth
        self.ordered = ordered
        self.kind = str(attrib.get("type") or "1")
        start = str(attrib.get("start") or "1").strip()
        self.n = int(start) - 1 if start.lstrip("-").isdigit() and len(start) < 6 else 0
        # the nearest enclosing decimal <ol> (kept by reference: one step per list, not a walk
        # up the stack for every item, which nesting thousands deep would make quadratic)
        self.outer: _List | None = None
        if parent is not None:
            decimal = parent.ordered and parent.kind == "1"
            self.outer = parent if decimal else parent.outer
        # the numbers of the enclosing decimal items, "3.2." (3 → 3.2 → 3.2.1), fixed while this
        # list is open (it lies inside one item of each); at most _MAX_PARTS numbers a label
        self.prefix = ""
        self.parts = 1
        outer = self.outer
        if outer is not None:
            self.parts = min(outer.parts + 1, _MAX_PARTS)
            grow = outer.parts < _MAX_PARTS
            self.prefix = f"{outer.prefix}{outer.n}." if grow else outer.prefix

    def next_label(self, attrib: dict[str, str]) -> str | None:
        if not self.ordered:
            return None
        value = str(attrib.get("value") or "").strip()
        self.n = int(value) if value.isdigit() and len(value) < 6 else self.n + 1
        if self.n < 1:
            return None
        if self.kind in {"a", "A"}:
            return f"({chr(ord('a') + (self.n - 1) % 26)}) "
        if self.kind in {"i", "I"}:
            return f"({roman_numeral(self.n).lower()}) "
        if self.prefix:
            return f"{self.prefix}{self.n} "
        return f"{self.n}. "


class _Table:
    """A table being read: its rows of (text, rowspan, colspan) cells, and the plain text it
    becomes if it is not a data table."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.rows: list[list[tuple[str, str | None, str | None]]] = []
        self.row_depth = 0  # depth of the open <tr>
        self.cell: list[str] | None = None
        self.cell_depth = 0
        self.cell_spans: tuple[str | None, str | None] = (None, None)
        self.cells = 0  # cells started so far
        self.first_long: int | None = None  # index of the first cell over _MAX_CELL
        # the plain text: strings, the index of the cell of each cell break (see _emit_table),
        # and nested tables that stay text (kept by reference: copying them into every
        # enclosing table would be quadratic in the nesting depth)
        self.raw: list[str | int | _Table] = []
        self.last_break: int | None = None  # cell breaks kept up to this cell (None: all)
        self.layout = False  # holds a table that stays text
        self.caption: list[str] = []  # <caption>'s text, written above the table
        self.caption_depth = 0  # depth of the open <caption>


class _Writer(_Events):
    """Pass 2: the text of the root (the body, or the element with ordinal ``root``)."""

    def __init__(self, root: int | None) -> None:
        super().__init__()
        self.root = root
        self.root_depth = 0 if root is None else -1  # -1: the root has not started yet
        self.out: list[str] = []
        self.tables: list[_Table] = []
        self.lists: list[_List] = []
        self.label: str | None = None  # an <ol> item's number, written before its first text
        self.held: list[str] = []  # the item's first text, held until its line is known
        self.held_len = 0

    def _active(self, depth: int) -> bool:
        return self.root_depth == 0 or 0 < self.root_depth < depth

    def _emit(self, s: str, *, cell: bool = True) -> None:
        if not self.tables:
            self.out.append(s)
            return
        table = self.tables[-1]
        table.raw.append(s)
        if cell and table.cell is not None:
            table.cell.append(s)
        elif cell and table.caption_depth:
            table.caption.append(s)

    def opened(self, name: str, attrib: dict[str, str], depth: int) -> None:
        if self.held and (name in _BLOCK or name == "br"):
            self._release()
        if self.root_depth < 0 and self.ordinal == self.root:
            self.root_depth = depth  # the root's own breaks are outside it
            return
        if not self._active(depth):
            return
        if name == "br":
            self._emit("\n")
        elif name in _BLOCK:
            self._emit("\n", cell=False)
        if name in {"ol", "ul"}:
            self.lists.append(
                _List(depth, name == "ol", attrib, self.lists[-1] if self.lists else None)
            )
        elif name == "li" and self.lists and self.lists[-1].depth == depth - 1:
            self.label = self.lists[-1].next_label(attrib)
        table = self.tables[-1] if self.tables else None
        if name == "table":
            self.tables.append(_Table(depth))
        elif table is not None and name == "caption" and depth == table.depth + 1:
            table.caption_depth = depth
        elif table is not None and name == "tr":
            table.rows.append([])
            table.row_depth = depth
        elif (
            table is not None
            and name in {"td", "th"}
            and table.row_depth == depth - 1
            and table.cell is None
        ):
            table.cell, table.cell_depth = [], depth
            table.cell_spans = (attrib.get("rowspan"), attrib.get("colspan"))
            table.cells += 1

    def closed(self, name: str, depth: int) -> None:
        if self.held and name in _BLOCK:
            self._release()
        if depth == self.root_depth:
            self.root_depth = -2  # the root is over: nothing more is written
            return
        if not self._active(depth):
            return
        if self.lists and self.lists[-1].depth == depth:
            self.lists.pop()
        if name == "li":
            self.label = None  # an item without text gets no number
        table = self.tables[-1] if self.tables else None
        if table is not None and depth == table.depth:
            self.tables.pop()
            table.raw.append("\n")  # the table's own break, if it stays text
            self._emit_table(table)
            return
        if table is not None and depth == table.cell_depth and table.cell is not None:
            text = "".join(table.cell).strip()
            if len(text) > _MAX_CELL and table.first_long is None:
                table.first_long = table.cells - 1
            table.rows[-1].append((text, *table.cell_spans))
            table.cell, table.cell_depth = None, 0
        elif table is not None and depth == table.row_depth:
            table.row_depth = 0
        elif table is not None and depth == table.caption_depth:
            table.caption_depth = 0
        if name in _BLOCK:
            self._emit("\n", cell=False)
            if name in _CELL_BREAKS and table is not None and table.cell is not None:
                table.cell.append("\n")
                table.raw.append(table.cells - 1)

    def text(self, s: str) -> None:
        if self._active(len(self.stack) + 1):
            if self.label is not None and (self.held or s.strip()):
                self.held.append(s)
                self.held_len += len(s)
                if self.held_len >= _HOLD_MAX:
                    self._release()
                return
            self._emit(s)

    def close(self) -> None:
        super().close()
        if self.held:
            self._release()

    def _release(self) -> None:
        """Write the held start of an <ol> item, after the number a browser draws before it
        unless the item prints its own."""
        held, self.held, self.held_len = self.held, [], 0
        lines = (_SPACES.sub(" ", ln).strip() for ln in "".join(held).splitlines())
        line = " ".join(ln for ln in lines if ln)
        if self.label is not None and printed_label(line) is None:
            self._emit(self.label)
        self.label = None
        for s in held:
            self._emit(s)

    def _emit_table(self, table: _Table) -> None:
        rows = None if table.layout else _grid(table.rows)
        if rows is None or len(rows) < 2 or max(len(r) for r in rows) < 2:
            if self.tables:
                self.tables[-1].layout = True  # a table holding this one stays text too
            # Reading the cells of a table that stays text leaves a line break after each block
            # in its cells, up to the first over-long cell (none in a layout table): the text
            # extraction this replaces did so, and paragraph breaks depend on it.
            table.last_break = -1 if table.layout else table.first_long
            if self.tables:
                self.tables[-1].raw.append(table)  # (the enclosing table stays text as well)
            else:
                self.out.extend(_flatten(table))
            return
        caption = " ".join("".join(table.caption).split())
        head = f"\n\n{caption}" if caption else ""  # "Priority 1: Housing" heads the table
        self._emit(head + "\n\n" + pipe_table(rows) + "\n\n")


def _flatten(table: _Table) -> list[str]:
    """The plain text of a table that stays text, nested ones included (iteratively)."""
    out: list[str] = []
    stack: list[tuple[_Table, int]] = [(table, 0)]
    while stack:
        current, i = stack.pop()
        while i < len(current.raw):
            piece = current.raw[i]
            i += 1
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, _Table):
                stack.append((current, i))
                stack.append((piece, 0))
                break
            elif current.last_break is None or piece <= current.last_break:
                out.append("\n")
    return out


def _grid(cells: list[list[tuple[str, str | None, str | None]]]) -> list[list[str]] | None:
    """Rows of cells with row/column spans -> the full grid, spans repeated (None: layout)."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(cells):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            if len(text) > _MAX_CELL:
                return None
            rs, cs = _span(rowspan, 1000), _span(colspan, 100)
            for dr in range(rs):
                for dc in range(cs):
                    grid.setdefault((r + dr, c + dc), text)
            c += cs
    if not grid:
        return None
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(cells))]


def _span(value: str | None, cap: int) -> int:
    try:
        return max(1, min(cap, int(str(value))))
    except (TypeError, ValueError):
        return 1


def _join_paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip() + "\n"
