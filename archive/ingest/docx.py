"""DOCX -> plain text: paragraphs and tables in body order, with automatic list numbers
rendered (``一、``, ``（一）``, ``1.``) because Chinese plans often number through Word lists.
Tables become pipe tables (``archive.ingest.tables``), merged cells repeated.

A paragraph styled as the document's title or as a heading (Word's ``Title``, ``heading 1``…,
whatever the style's localised display name, or a paragraph outline level) is written as a
Markdown heading (``# ``, ``## ``…) unless a list number labels it: plans written in Word
often give their headings a style and no number, and the text parser reads Markdown headings."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table

from archive.ingest.tables import pipe_table
from comparison.numbering import roman_numeral

_CN_DIGITS = "零一二三四五六七八九"


def docx_to_text(data: bytes) -> tuple[str, str | None]:
    """Return ``(text, core_title)``; raise ValueError if the package is not a Word document."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken packages
        raise ValueError(str(exc)) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    _write(_blocks(document.element.body), document, numbering, lines, 0)
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    title = document.core_properties.title or None
    return text, title


_LAYOUT_DEPTH = 8  # single-column tables read as layout inside one another, at most this deep


def _write(
    blocks: Iterator[Any], document: Any, numbering: Any, lines: list[str], depth: int
) -> None:
    """Paragraphs as lines, tables as pipe tables. A single-column table is layout (a frame
    around the text, often the whole document's: 1×1 with the task table inside): its cells'
    paragraphs and tables are written as if they stood in the body."""
    for block in blocks:
        if block.tag == qn("w:p"):
            text = _para_text(block)
            label = numbering.prefix(block)
            if label:
                lines.append(label + _label_gap(label, text) + text)
                continue
            level = numbering.heading_level(block) if text.strip() else None
            if level is not None and _TYPED_LABEL.match(text):
                level = None  # "1. Introduction": the typed number says more than the style
            lines.append(text if level is None else "#" * (level + 1) + " " + text.strip())
        elif block.tag == qn("w:tbl"):
            rows = block.findall(qn("w:tr"))
            if (
                depth < _LAYOUT_DEPTH
                and rows
                and all(len(tr.findall(qn("w:tc"))) == 1 for tr in rows)
            ):
                for tr in rows:
                    lines.append("")
                    _write(_blocks(tr.find(qn("w:tc"))), document, numbering, lines, depth + 1)
                lines.append("")
                continue
            lines.extend(["", _table_text(block, document), ""])


# a number typed at the start of a heading's text (1., 2.1, IV., A., 一、, （一）, 第一章)
_TYPED_LABEL = re.compile(
    r"\s*(?:\d{1,3}(?:\.\d{1,3})*[.)、．]?\s|[IVXLC]{1,6}[.)]\s|[A-Z][.)]\s"
    r"|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|第[一二三四五六七八九十百\d]{1,4}[章节条部分篇])"
)


def _label_gap(label: str, text: str) -> str:
    """What stands between a rendered list label and its text: nothing in Chinese (``1.推进``,
    ``一、总体要求``), a blank before Latin text (``1. Install``), as Word shows a tab."""
    if not text or text[:1].isspace() or not label[-1:].isascii():
        return ""
    first = text.lstrip()[:1]
    return "" if "\u3000" <= first <= "\u9fff" or "\uff00" <= first <= "\uffef" else " "


def _table_text(tbl: Any, document: Any) -> str:
    """A Word table as a pipe table; python-docx repeats merged cells in every grid cell."""
    table = Table(tbl, document)
    try:
        rows = [[_cell_text(c._tc) for c in row.cells] for row in table.rows]
    except (IndexError, ValueError, AttributeError):  # a malformed grid: cell by cell, no merges
        rows = [[_cell_text(tc) for tc in tr.iter(qn("w:tc"))] for tr in tbl.iter(qn("w:tr"))]
    return pipe_table(rows)


def _cell_text(tc: Any) -> str:
    return "\n".join(_para_text(p) for p in tc.iter(qn("w:p"))).strip()


def _blocks(parent: Any) -> Iterator[Any]:
    """Body-level paragraphs and tables, including those inside content controls (w:sdt)."""
    for block in parent.iterchildren():
        if block.tag == qn("w:sdt"):
            content = block.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        else:
            yield block


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


class _Numbering:
    """Enough of WordprocessingML numbering to print list labels (decimal and Chinese)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str | None, str | None]] = {}
        self.based_on: dict[str, str] = {}
        self.style_outline: dict[str, int] = {}  # style id -> heading level (0: the title)
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        for st in [] if styles is None else styles.findall(qn("w:style")):
            sid = str(st.get(qn("w:styleId")))
            num_pr = st.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                style_lvl = _val(num_pr.find(qn("w:ilvl")))
                self.style_num[sid] = (_val(num_pr.find(qn("w:numId"))), style_lvl)
            base = _val(st.find(qn("w:basedOn")))
            if base:
                self.based_on[sid] = base
            level = _style_level(st)
            if level is not None:
                self.style_outline[sid] = level
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(qn("w:abstractNum")):
            lvls: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(qn("w:lvl")):
                fmt = _val(lvl.find(qn("w:numFmt"))) or "decimal"
                text = _val(lvl.find(qn("w:lvlText"))) or ""
                start = int(_val(lvl.find(qn("w:start"))) or 1)
                lvls[int(lvl.get(qn("w:ilvl")))] = (fmt, text, start)
            abstract[str(an.get(qn("w:abstractNumId")))] = lvls
        for num in root.findall(qn("w:num")):
            ref = _val(num.find(qn("w:abstractNumId")))
            for ilvl, spec in abstract.get(str(ref), {}).items():
                self.levels[(str(num.get(qn("w:numId"))), ilvl)] = spec

    def heading_level(self, p: Any) -> int | None:
        """The paragraph's heading level (0 the title, 1 for ``heading 1``…), or None."""
        ppr = p.find(qn("w:pPr"))
        own = _outline_level(ppr)
        if own is not None:
            return own
        for style in self._style_chain(p):
            if style in self.style_outline:
                return self.style_outline[style]
        return None

    def _style_chain(self, p: Any) -> Iterator[str]:
        """The paragraph's style id, then the styles it is based on, each once."""
        style = _val(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            yield style
            style = self.based_on.get(style)

    def prefix(self, p: Any) -> str:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id, lvl = (None, None)
        if num_pr is not None:
            num_id, lvl = _val(num_pr.find(qn("w:numId"))), _val(num_pr.find(qn("w:ilvl")))
        if num_id is None:  # numbering may come from the paragraph style (e.g. "List Number")
            for style in self._style_chain(p):
                num_id, style_lvl = self.style_num.get(style, (None, None))
                lvl = lvl or style_lvl
                if num_id is not None:
                    break
        ilvl = int(lvl or 0)
        if not num_id or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = self.levels[(num_id, ilvl)]
        if fmt in {"bullet", "none"}:
            return ""
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0

        def render(m: re.Match[str]) -> str:
            lvl = int(m.group(1)) - 1
            spec = self.levels.get((num_id, lvl), (fmt, "", 1))
            value = counters[lvl] or spec[2]
            return _format(value, spec[0])

        return re.sub(r"%(\d)", render, text)


_HEADING_NAME = re.compile(r"heading\s?([1-9])")


def _style_level(st: Any) -> int | None:
    """A paragraph style's heading level: 0 for ``Title``, n for ``heading n`` (the built-in
    names, which Word keeps whatever name it displays) or an outline level of the style."""
    if st.get(qn("w:type")) not in (None, "paragraph"):
        return None
    name = (_val(st.find(qn("w:name"))) or "").strip().casefold()
    if name == "title":
        return 0
    m = _HEADING_NAME.fullmatch(name)
    if m:
        return int(m.group(1))
    return _outline_level(st.find(qn("w:pPr")))


def _outline_level(ppr: Any) -> int | None:
    """The heading level a paragraph properties element's outline level gives (``w:outlineLvl``
    0 is heading 1), or None."""
    own = None if ppr is None else _val(ppr.find(qn("w:outlineLvl")))
    return int(own) + 1 if own is not None and own.isdigit() and int(own) < 9 else None


def _val(el: Any) -> str | None:
    return None if el is None else el.get(qn("w:val"))


def _format(n: int, fmt: str) -> str:
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "japaneseCounting",
    }:
        return _chinese(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in {"upperRoman", "lowerRoman"}:
        r = roman_numeral(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in {"upperLetter", "lowerLetter"}:
        c = chr(ord("A") + (n - 1) % 26)
        return c if fmt == "upperLetter" else c.lower()
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)
