"""Tables in a PDF's text layer, read back from where its words stand (``pdftotext -bbox-layout``).

A PDF keeps no table, only words at positions; pdftotext's plain text reads a task table
(序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限) cell by cell in an order that mixes the rows.
Here the words of each page are grouped into visual lines (*bands*, by their centres), one to
three bands whose columns name a task and another role (:func:`comparison.tables.header_roles`)
open a table, and the bands below stay in it while its columns hold: the columns are the
vertical strips no word crosses (*rivers*), and a band that bridges two header columns — a
paragraph, a heading between two tables — ends it, unless it is a row across the table with a
row of the table under it (a section row, written in every column as a merged cell is). A table
continues over a page break (a repeated header and a page number are skipped). Rows are the
stretches of the page that cells overlap, parted where no cell runs on; where no space parts
them, a number in the serial column starts a row. Each table becomes a pipe table
(:func:`archive.ingest.tables.pipe_table`), so the parser reads it as it reads a DOCX or HTML
table; the text around it is joined into paragraphs as any PDF's is.

A lead agency printed once in a cell merged over several rows (centred, or at the top as Word
sets it) is written into each row it covers (:func:`_merged_leads`); other merged cells — a
supporting agency, a deadline — stay with the row they stand in, as a blank there is no proof.

Geometry only, no language: the role words are the parser's. Not read: tables without a header
row, and text set in two columns around a table (it is read band by band).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from archive.ingest.pdf_lines import cjk_spacing, full_width, join_lines
from archive.ingest.tables import pipe_table
from comparison.tables import header_roles

__all__ = ["layout_text"]

_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[\s\-—–－·•]*$"
)
RIVER = 0.1  # ems: a strip no word comes this close to parts two columns
BAND_OVERLAP = 0.3  # ems: two words whose centres are this close share a line
LINE_PITCH = 1.15  # two lines of one column this close (times the closest) are one cell's
MAX_TABLE_GAP = 3.0  # a gap of this many closest pitches ends a table on its page
SPACE = 0.5  # ems: words this close are one piece of text (a space is about 0.3)
STRAY_GAP = 1.0  # ems: an unnamed strip this close to a column is part of it
HEADER_BANDS = 3  # a header cell wraps onto at most three lines
HEADER_PITCH = 2.5  # ems between two lines of one header at most


@dataclass(frozen=True)
class _Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def mid_y(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Band:
    words: list[_Word]
    page: int

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @functools.cached_property
    def mid_y(self) -> float:  # read once the band is whole
        return statistics.fmean(w.mid_y for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


def _pages(xhtml: bytes) -> list[list[_Word]]:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(xhtml, parser)
    if root is None:
        return []
    pages: list[list[_Word]] = []
    for page in root.iter("{*}page"):
        words = []
        for w in page.iter("{*}word"):
            text = (w.text or "").strip()
            try:
                box = [float(w.get(k, "")) for k in ("xMin", "yMin", "xMax", "yMax")]
            except ValueError:
                continue
            if text and box[2] > box[0] and box[3] > box[1]:
                words.append(_Word(box[0], box[1], box[2], box[3], text))
        pages.append(words)
    return pages


def _bands(words: Sequence[_Word], page: int, em: float) -> list[_Band]:
    """The page's words grouped into visual lines, top to bottom, each left to right: words
    whose vertical centres lie within ``BAND_OVERLAP`` ems (boxes are too tall to go by: a
    font's ascent and descent, and a cell's line centred between two lines of its neighbour
    is a line of its own)."""
    out: list[_Band] = []
    total = 0.0  # the sum of the last band's centres so far
    for w in sorted(words, key=lambda w: (w.mid_y, w.x0)):
        if out and abs(w.mid_y - total / len(out[-1].words)) <= BAND_OVERLAP * em:
            out[-1].words.append(w)
            total += w.mid_y
            continue
        out.append(_Band([w], page))
        total = w.mid_y
    for b in out:
        b.words.sort(key=lambda w: w.x0)
    return out


def _em(pages: Sequence[Sequence[_Word]]) -> float:
    """The body text's em, from the words' widths per character (a Latin letter is half)."""
    widths = []
    for words in pages:
        for w in words:
            n = sum(1.0 if _CJK.match(ch) else 0.5 for ch in w.text)
            if n:
                widths.append((w.x1 - w.x0) / n)
    return statistics.median(widths) if widths else 10.0


def _join(parts: Sequence[str]) -> str:
    out = ""
    for p in parts:
        if out and not (_CJK.match(out[-1]) or _CJK.match(p[0])):
            out += " "
        out += p
    return out


@dataclass
class _Header:
    cells: list[list[_Word]]  # each header cell's words (a wrapped header has two lines)
    roles: dict[int, str]
    bands: int  # how many bands it takes

    def texts(self) -> list[str]:
        return [_cell_text(c) for c in self.cells]


def _header_at(bands: Sequence[_Band], i: int, em: float) -> _Header | None:
    """The table header that starts at band ``i``: one to three bands close together (序 over
    号, a centred "Target" over "Date") whose columns name a task and another role; of those,
    the one naming most columns."""
    gap = RIVER * em
    best: _Header | None = None
    for size in range(1, HEADER_BANDS + 1):
        block = bands[i : i + size]
        if len(block) < size or block[-1].page != block[0].page:
            break
        if size > 1 and block[-1].y0 - block[-2].y0 > HEADER_PITCH * em:
            break
        words = [w for b in block for w in b.words]
        cols = _columns(words, gap)
        if len(cols) < 2:
            continue
        cells = [[w for w in words if _column_of(w.mid_x, cols) == k] for k in range(len(cols))]
        roles = header_roles([_cell_text(c) for c in cells])
        if roles is not None and (
            best is None or _named(roles, cells) > _named(best.roles, best.cells)
        ):
            best = _Header(cells, roles, size)
    return best


def _named(roles: dict[int, str], cells: Sequence[object]) -> tuple[int, int]:
    """How well a header names its columns: more roles, then fewer columns without one."""
    return len(roles), len(roles) - len(cells)


def _first_header(bands: Sequence[_Band], i: int, em: float) -> tuple[int, _Header] | None:
    """The header found from band ``i`` on, where it starts: of the headers starting at ``i``
    and the next bands it could take, the one naming its columns best (a heading above a
    header is not one of its cells)."""
    first = _header_at(bands, i, em)
    if first is None:
        return None
    best = (i, first)
    for k in range(i + 1, min(i + HEADER_BANDS, len(bands))):
        h = _header_at(bands, k, em)
        if h is not None and _named(h.roles, h.cells) > _named(best[1].roles, best[1].cells):
            best = (k, h)
    return best


def _cell_text(words: Sequence[_Word]) -> str:
    """A cell's words: a space between two words of one line (pdftotext saw one), lines joined
    as wrapped text is (no space between Chinese characters)."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.mid_y, w.x0)):
        if lines and abs(w.mid_y - lines[-1][0].mid_y) <= BAND_OVERLAP * (w.y1 - w.y0):
            lines[-1].append(w)
        else:
            lines.append([w])
    return cjk_spacing(
        _join([" ".join(w.text for w in sorted(ln, key=lambda w: w.x0)) for ln in lines])
    )


def _columns(
    words: Sequence[_Word], gap: float, cols: Sequence[tuple[float, float]] = ()
) -> list[tuple[float, float]]:
    """The strips of the page ``words`` cover, with the strips ``cols`` already found, left to
    right (the rivers lie between them): spans within ``gap`` of each other are one strip. One
    sweep over the sorted spans, so a line of thousands of words costs no more than its sort."""
    spans = sorted([*cols, *((w.x0, w.x1) for w in words)])
    out: list[tuple[float, float]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _column_of(x: float, cols: Sequence[tuple[float, float]]) -> int:
    for k, (a, b) in enumerate(cols):
        if a <= x <= b:
            return k
    return min(range(len(cols)), key=lambda k: min(abs(x - cols[k][0]), abs(x - cols[k][1])))


def _home(words: Sequence[_Word], cols: Sequence[tuple[float, float]]) -> int:
    """The column a header cell (its words) stands in."""
    return _column_of(statistics.fmean(w.mid_x for w in words), cols)


def _holds(header: _Header, cols: Sequence[tuple[float, float]]) -> bool:
    """Whether every header cell that names a role still has a column of its own (a header
    of two words, ``Target Date``, may be two cells until the rows below join them)."""
    homes = [_home(header.cells[k], cols) for k in header.roles]
    return len(set(homes)) == len(homes)


@dataclass
class _Table:
    start: int  # first band (the header's)
    end: int  # one past the last band
    rows: list[list[str]]


def _is_page_number(band: _Band) -> bool:
    return bool(_PAGE_NUMBER.match(_join([w.text for w in band.words])))


def _read_table(
    bands: Sequence[_Band], start: int, header: _Header, em: float, at: dict[int, int]
) -> _Table:
    """The table whose header starts at band ``start`` (``at``: each band's index, by id)."""
    gap = RIVER * em
    head_words = [w for c in header.cells for w in c]
    body: list[_Band] = []
    i = start + header.bands
    cols = _columns(head_words, gap)
    header_texts = header.texts()
    opens = bands[start].words[0].text  # the word a repeated header starts with
    closest: float | None = None  # the closest pitch between two body lines so far
    spanning: set[int] = set()  # ids of the bands that are rows across the table
    while i < len(bands):
        band = bands[i]
        prev = body[-1] if body else bands[start + header.bands - 1]
        new_page = band.page != prev.page
        if new_page and body and _is_page_number(prev):
            body.pop()  # the page number under the table
        elif (
            not new_page
            and body
            and band.y0 - bands[i - 1].y0 > MAX_TABLE_GAP * (closest or 2 * em)
        ):
            break  # (measured from the line above, a repeated header included)
        if (new_page or body) and band.words[0].text == opens:
            h = _header_at(bands, i, em)
            if h is not None and h.texts() == header_texts:
                i += h.bands  # the header again: on the next page, or under a section row
                continue
        trial = _columns(band.words, gap, cols)
        if _overflows_serial(band, cols, header, em) or not _holds(header, trial):
            if not _section_row(bands, i, cols, header, em):
                break
            spanning.add(id(band))
            trial = cols
        if body and band.page == prev.page and band.y0 > prev.y0:
            pitch = band.y0 - prev.y0
            closest = pitch if closest is None else min(closest, pitch)
        body.append(band)
        cols = trial
        i += 1
    if body and _is_page_number(body[-1]):
        i = at[id(body.pop())]
    cols = _without_stray_strips(cols, _header_row(cols, header), em)
    while body and id(body[-1]) in spanning:  # a line under the table is no section of it
        i = at[id(body.pop())]
    head = _header_row(cols, header)
    grouped = _rows(body, cols, header, spanning, at)
    cells: list[list[str] | None] = []  # None: a section row
    for r in grouped:
        cells.append(None if id(r[0]) in spanning else _cells(r, cols))
    role = {_home(header.cells[k], cols): r for k, r in header.roles.items()}
    _merged_leads(grouped, cells, role, cols)
    rows = [head]
    for r, c in zip(grouped, cells, strict=True):
        if c is not None:
            rows.append(c)
        elif id(r[0]) in spanning:
            text = cjk_spacing(_join([_line_text(b) for b in r]))
            rows.append([text] * len(cols))  # as a merged cell is written: in every column
    return _Table(start, i, rows)


def _merged_leads(
    grouped: Sequence[Sequence[_Band]],
    cells: list[list[str] | None],
    role: dict[int, str],
    cols: Sequence[tuple[float, float]],
) -> None:
    """Lead agencies printed once in a cell merged over several rows, written into each row
    (as a DOCX's merged cell is), in place; a row that holds nothing but such a cell goes.

    Only the lead column is read so: a task always has a lead, so a run of rows without one
    beside a row with one is a merged cell; a supporting agency or a deadline may be blank.
    A lead centred between two rows (its own row, with no number and no task) leads the rows
    it stands between and, outward, each pair that has none; a lead centred in its row leads
    each pair of rows around it that has none; a lead at the top of its row (every lead of the
    table stands in its row's top third) leads the rows under it that have none."""
    lead = next((k for k, r in role.items() if r == "lead"), None)
    task = next((k for k, r in role.items() if r == "task"), None)
    if lead is None or task is None:
        return
    own = {k for k, r in role.items() if r in ("serial", "task")}

    def spread(n: int, text: str) -> None:
        a, b = n - 1, n + 1
        while a >= 0 and b < len(cells):
            above, below = cells[a], cells[b]
            if above is None or below is None or above[lead] or below[lead]:
                break
            above[lead] = below[lead] = text
            a, b = a - 1, b + 1

    orphans = [
        (n, c[lead])
        for n, c in enumerate(cells)
        if c is not None and c[lead] and not any(c[k] for k in own)
    ]
    for n, text in orphans:
        spread(n, text)
        if 0 < n < len(cells) - 1:
            cells[n] = None  # its lead now stands in the rows it was merged over
    places = []  # where in its row each lead stands, 0 at the top, 1 at the bottom
    for bands, c in zip(grouped, cells, strict=True):
        if c is None or not c[lead] or len(bands) < 3:
            continue
        ys = [w.mid_y for b in bands for w in b.words if _column_of(w.mid_x, cols) == lead]
        top, bottom = bands[0].mid_y, bands[-1].mid_y
        if ys and bottom > top and bands[0].page == bands[-1].page:
            places.append((min(ys) - top) / (bottom - top))
    at_top = bool(places) and not orphans and max(places) < 1 / 3
    carrier: str | None = None
    for n, c in enumerate(cells):
        if c is None:
            carrier = None
        elif c[lead]:
            carrier = c[lead]
            if not at_top:
                spread(n, carrier)
        elif at_top and carrier is not None:
            c[lead] = carrier


def _overflows_serial(
    band: _Band, cols: Sequence[tuple[float, float]], header: _Header, em: float
) -> bool:
    """Whether ``band`` is one piece of text that starts in the serial column and runs on past
    it (``一、着力扩大内需`` under ``序号``): a row across the table, though no row has shown
    yet where the task column begins."""
    if header.roles.get(0) != "serial":
        return False
    k = _home(header.cells[0], cols)
    x1 = cols[k][1]
    words = band.words
    return (
        words[0].x0 <= x1
        and words[-1].x1 > x1 + em
        and all(b.x0 - a.x1 <= SPACE * em for a, b in itertools.pairwise(words))
    )


def _section_row(
    bands: Sequence[_Band],
    i: int,
    cols: Sequence[tuple[float, float]],
    header: _Header,
    em: float,
) -> bool:
    """Whether band ``i``, which crosses the table's columns, is a row across the table (a
    section row, ``一、扩大有效需求``): it stands within the table's width, and the line under
    it, close by on the same page, is a row of the table again or its header repeated."""
    band = bands[i]
    if band.x0 < cols[0][0] - em or band.x1 > cols[-1][1] + em or i + 1 >= len(bands):
        return False
    nxt = bands[i + 1]
    if nxt.page != band.page or nxt.y0 - band.y0 > HEADER_PITCH * 2 * em:
        return False
    h = _header_at(bands, i + 1, em)
    if h is not None:
        return h.texts() == header.texts()
    return _holds(header, _columns(nxt.words, RIVER * em, cols))


def _without_stray_strips(
    cols: Sequence[tuple[float, float]], head: Sequence[str], em: float
) -> list[tuple[float, float]]:
    """``cols`` with each strip no header names and that stands within ``STRAY_GAP`` ems of a
    neighbour joined to the nearer one: the gap a typesetter leaves inside a cell (``12 月``)
    that no row happened to cover. A strip further away is a column of its own."""
    out = [list(c) for c in cols]
    names = list(head)
    k = 0
    while k < len(out):
        if names[k] or len(out) == 1:
            k += 1
            continue
        left = out[k][0] - out[k - 1][1] if k > 0 else float("inf")
        right = out[k + 1][0] - out[k][1] if k + 1 < len(out) else float("inf")
        if min(left, right) > STRAY_GAP * em:
            k += 1
            continue
        into = k - 1 if left <= right else k + 1
        out[into] = [min(out[into][0], out[k][0]), max(out[into][1], out[k][1])]
        del out[k], names[k]
    return [(a, b) for a, b in out]


def _header_row(cols: Sequence[tuple[float, float]], header: _Header) -> list[str]:
    """The header's cell texts, one per column (a column no header names has ``""``)."""
    out = [""] * len(cols)
    for c in header.cells:
        k = _home(c, cols)
        text = _cell_text(c)
        out[k] = _join([out[k], text]) if out[k] else text
    return out


def _rows(
    body: Sequence[_Band],
    cols: Sequence[tuple[float, float]],
    header: _Header,
    spanning: set[int],
    at: dict[int, int],
) -> list[list[_Band]]:
    """The body's bands grouped into rows (``spanning``: ids of section rows, rows of their
    own; ``at``: each band's index in the document, by id).

    In each column, lines closer than the column's line pitch (``LINE_PITCH`` times the
    closest two lines of any column) are one cell's text; a row is a stretch of the page that
    cells overlap, so a cell centred beside a taller one belongs to its row, and rows part where
    no cell runs on. When no space parts the rows (every line evenly spaced), a number in the
    serial column starts a row; a row running over a page break is one row when its second
    part starts no number."""
    if not body:
        return []
    serial = next(
        (_home(header.cells[k], cols) for k, r in sorted(header.roles.items()) if r == "serial"),
        None,
    )

    def numbered(b: _Band) -> bool:
        return serial is not None and any(
            _column_of(w.mid_x, cols) == serial and w.text[:1].isdigit() for w in b.words
        )

    def y(b: _Band) -> float:
        return b.page * 1e6 + b.mid_y  # pages never overlap

    lines: dict[int, list[float]] = {}  # column -> the centres of its lines, top to bottom
    for b in body:
        if id(b) in spanning:
            continue
        for k in {_column_of(w.mid_x, cols) for w in b.words}:
            lines.setdefault(k, []).append(y(b))
    gaps = [q - p for ys in lines.values() for p, q in itertools.pairwise(ys) if 0 < q - p < 1e5]
    pitch = min(gaps) if gaps else 0.0
    spans: list[list[float]] = []  # each cell's text: top and bottom line centres
    for ys in lines.values():
        for p in ys:
            if spans and spans[-1][2] == id(ys) and p - spans[-1][1] <= LINE_PITCH * pitch:
                spans[-1][1] = p
            else:
                spans.append([p, p, id(ys)])
    spans.sort()
    stretches: list[list[float]] = []
    for lo, hi, _ in spans:
        if stretches and lo <= stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], hi)
        else:
            stretches.append([lo, hi])

    tops = [lo for lo, _ in stretches]

    def stretch_of(b: _Band) -> int:
        n = bisect.bisect_right(tops, y(b)) - 1
        return n if n >= 0 and y(b) <= stretches[n][1] else -1

    def filled(b: _Band) -> int:
        return len({_column_of(w.mid_x, cols) for w in b.words})

    groups: list[list[_Band]] = []  # section rows alone; other bands by stretch
    for b in body:
        if id(b) in spanning or not groups or id(groups[-1][0]) in spanning:
            groups.append([b])
        elif stretch_of(b) == stretch_of(groups[-1][-1]):
            groups[-1].append(b)
        else:
            groups.append([b])
    rows: list[list[_Band]] = []
    for g in groups:
        if id(g[0]) in spanning:
            rows.append(g)
            continue
        # a stretch no space parts: rows start at their serial numbers (centred or not), or,
        # without a serial column, a stretch of one-line rows is one row per line
        starts = [n for n, b in enumerate(g) if numbered(b)] if serial is not None else []
        if len(starts) < 2 and serial is None and len(g) > 1 and all(filled(b) > 1 for b in g):
            starts = list(range(len(g)))
        if len(starts) < 2:
            parts = [g]
        else:  # no space parts these rows: their cells start at the top, with their numbers
            cuts = [*([0] if starts[0] else []), *starts, len(g)]
            parts = [g[a:b] for a, b in itertools.pairwise(cuts)]
        for part in parts:
            if (
                rows
                and id(rows[-1][0]) not in spanning
                and part[0].page != rows[-1][-1].page
                and serial is not None
                and not any(numbered(b) for b in part)
            ):
                rows[-1].extend(part)  # the row runs on over the page break
            else:
                rows.append(part)
    return rows


def _cells(bands: Sequence[_Band], cols: Sequence[tuple[float, float]]) -> list[str]:
    parts: list[list[str]] = [[] for _ in cols]
    for b in bands:
        line: list[list[str]] = [[] for _ in cols]
        for w in b.words:
            line[_column_of(w.mid_x, cols)].append(w.text)
        for k, ws in enumerate(line):
            if ws:
                parts[k].append(" ".join(ws))
    return [cjk_spacing(_join(p)) for p in parts]


def _line_text(band: _Band) -> str:
    return " ".join(w.text for w in band.words)


def layout_text(xhtml: bytes) -> str | None:
    """The text of a PDF whose word boxes are ``xhtml`` (``pdftotext -bbox-layout``), its task
    tables as pipe tables and the lines around them joined into paragraphs; None when no
    table is found (the plain text reads better then)."""
    pages = _pages(xhtml)
    em = _em(pages)
    bands = [b for n, words in enumerate(pages) for b in _bands(words, n, em)]
    index_of = {id(b): k for k, b in enumerate(bands)}
    tables: list[_Table] = []
    i = 0
    while i < len(bands):
        found = _first_header(bands, i, em)
        if found is None:
            i += 1
            continue
        start, header = found
        table = _read_table(bands, start, header, em, index_of)
        if len(table.rows) < 2:  # a header with nothing under it is text
            i = start + 1
            continue
        tables.append(table)
        i = table.end
    if not tables:
        return None
    pieces: list[list[str] | list[list[str]]] = []
    at = 0
    for t in tables:
        pieces.append([_line_text(b) for b in bands[at : t.start]])
        pieces.append(t.rows)
        at = t.end
    pieces.append([_line_text(b) for b in bands[at:]])
    full = full_width([line for p in pieces[::2] for line in p if isinstance(line, str)])
    parts = []
    for n, p in enumerate(pieces):
        if n % 2:
            parts.append(pipe_table(p))
        elif p:
            parts.append(join_lines("\n".join(p), full).strip())  # type: ignore[arg-type]
    return "\n\n".join(q for q in parts if q) + "\n"
