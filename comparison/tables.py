"""Task tables: pipe-table text -> rows with roles (section, task with leads/support/due, text).

**Representation.** Ingest turns every table it meets — DOCX, HTML, XLSX sheets — into a
Markdown pipe table inside the text it returns, so the text stays the one input of the parser,
``yearline parse`` shows what the parser saw, and a Markdown upload with pipe tables is read the
same way. The conventions ingest follows, and that hand-written Markdown may follow too:

* the first line is a row of the table (the header, or a caption above it), the second the
  ``|---|---|`` separator;
* a cell's line breaks are written ``<br>``; a ``|`` inside a cell is ``\\|``;
* a merged cell is written in every grid cell it covers (a vertically merged category or lead
  cell repeats down its rows; a row spanning the table repeats its text across the row). An empty
  category cell also means "same as above".

**Columns** are recognised by their header, in Chinese, English and the other languages
:data:`ROLE_WORDS` lists: serial
(序号/No.), task (工作任务/重点任务/主要内容/Action/Task/Milestone), lead (牵头单位/责任单位/Lead/
Responsible Party/Owner), supporting (配合单位/协办单位/Supporting), deadline (完成时限/时间节点/
Target Date/Deadline) and category (类别/领域/Area/Goal). When several task-like columns are
present the rightmost is the task and the others are categories (``Action | Milestone``).

**Rows**: a row whose non-empty cells all hold the same text (a spanning row), or whose only
text is outside the task column, is a section row; other rows are tasks. Category values open
nested sections when they change. A table without a recognisable header is read row by row as
plain paragraphs (cells joined with `` | ``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from comparison.variants import alternation, with_traditional

__all__ = [
    "ROLE_WORDS",
    "TableBlock",
    "TableRow",
    "bare_table_end",
    "header_role",
    "header_roles",
    "is_table_line",
    "read_table",
    "split_agencies",
    "table_rows",
]

HEADER_ROWS = 8  # the header is looked for in a table's first rows (filing lines, notes above it)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SEPARATOR = re.compile(r":?-{2,}:?")
OPEN_BRACKETS = "（(〔[【［《“‘「『{"
CLOSE_BRACKETS = "）)〕]】］》”’」』}"
_SPLIT = frozenset("、,，；;\n")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]"})
_ROLE_PREFIX = re.compile(
    r"^\s*(?:"
    + alternation(
        ("牵头落实单位", "牵头单位", "牵头部门", "责任单位", "责任部门", "配合单位", "协办单位",
         "参与单位", "主办机关", "主办单位", "协办机关")
    )
    + r"|Lead(?: agency)?|Support(?:ing)?(?: agencies)?)\s*[:：]\s*",
    re.IGNORECASE,
)  # fmt: skip

# (role, words): a header is that role when its normalised text contains one of the words
# (checked in this order; "serial" must match exactly). Headers are casefolded, so each word is
# written casefolded: "massnahme" matches Maßnahme, MASSNAHME and Massnahme alike.
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("serial", ("序号", "编号", "no", "no.", "#", "number", "item", "s/n", "ref",
                "n°", "nº", "núm.", "nr.", "番号", "번호", "연번", "stt", "lp.", "l.p.", "ลำดับ",
                "م", "الرقم")),
    ("support", ("配合", "协办", "参与", "协助", "support", "partner", "collaborat",
                 "partenaire", "associé", "corresponsab", "colabor", "apoyo", "apoio", "parceir",
                 "beteilig", "mitwirk", "соисполн", "協力", "関係課", "협조", "협업",
                 "betrokken", "współprac", "terkait", "pendukung", "sokongan", "phốihợp",
                 "สนับสนุน", "المساندة", "الداعمة", "الشريكة", "الشركاء")),
    ("lead", ("牵头", "责任单位", "责任部门", "主责", "负责", "责任主体", "实施单位", "承办",
              "主办", "lead", "responsib", "owner", "accountab",
              "pilote", "responsab", "federführ", "zuständ", "verantwort", "capofila",
              "ответствен", "исполнител",
              "担当", "所管", "담당", "주관", "소관",
              "trekker", "verantwoordelijk", "eigenaar", "odpowiedzial", "sorumlu",
              "penanggung", "pelaksana", "peneraju", "chủtrì", "รับผิดชอบ", "المسؤول",
              "المنفذة")),
    ("due", ("时限", "时间", "期限", "节点", "进度", "deadline", "target date", "timeline",
             "timeframe", "time frame", "timescale", "time scale", "due", "completion", "date",
             "by when",
             "échéance", "calendrier", "délai", "plazo", "fecha", "prazo", "frist", "termin",
             "zeitraum", "scadenza", "срок", "時期", "기한", "기간", "일정",
             "termijn", "süre", "waktu", "tenggat", "jadwal", "tempoh",
             "thờigian", "thờihạn", "tiếnđộ", "ระยะเวลา", "กำหนด", "الزمني", "الموعد",
             "تاريخ")),
    ("category", ("类别", "领域", "板块", "方面", "分类", "category", "area", "theme", "pillar",
                  "goal", "priority", "objective", "section", "focus",
                  "axe", "eje", "eixo", "handlungsfeld", "objectif", "objetivo", "ziel",
                  "分野", "分類", "분야")),
    ("task", ("任务", "内容", "措施", "事项", "举措", "项目", "action", "task", "milestone",
              "measure", "initiative", "activit", "deliverable", "step",
              "mesure", "medida", "massnahme", "acción", "ação", "azione", "tâche",
              "tarea", "aufgabe", "мероприят", "задач", "施策", "取組", "과제", "사업",
              "maatregel", "actie", "działani", "zadani", "faaliyet", "eylem", "kegiatan",
              "inisiatif", "nhiệmvụ", "giảipháp", "กิจกรรม", "โครงการ", "مبادرة",
              "المبادرة", "الإجراء", "النشاط", "المشروع")),
)  # fmt: skip
# the Chinese words in traditional characters too (主辦機關, 協辦單位, 完成時限, 工作項目)
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (role, with_traditional(words)) for role, words in _ROLE_WORDS
)


@dataclass(frozen=True)
class TableBlock:
    """A pipe table as read from the text: its rows of cells (header or caption rows included)."""

    rows: tuple[tuple[str, ...], ...]
    lines: int  # how many text lines it took


@dataclass(frozen=True)
class TableRow:
    """One row's meaning: a ``section`` (at table depth ``depth``), a ``task`` or plain ``text``."""

    kind: str
    depth: int
    text: str
    serial: str = ""
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    due: str = ""
    title: str = ""  # a task's own name, from a name column (项目名称), else ""


def is_table_line(line: str) -> bool:
    s = line.strip()
    return len(s) >= 3 and s[0] == "|" and s.count("|") >= 2


def bare_table_end(lines: Sequence[str], i: int) -> int:
    """Where a pipe table written without its outer pipes (``序号 | 任务 | 牵头单位`` over
    ``--- | --- | ---``, as GitHub Markdown allows) that starts at ``lines[i]`` ends, or ``i``
    when none starts there: the second line must be the separator, every line holds a ``|``."""
    if i + 1 >= len(lines) or "|" not in lines[i] or "|" not in lines[i + 1]:
        return i
    sep = [c.strip() for c in lines[i + 1].strip().strip("|").split("|")]
    if len(sep) < 2 or not all(_SEPARATOR.fullmatch(c.replace(" ", "")) for c in sep):
        return i
    j = i + 2
    while j < len(lines) and "|" in lines[j] and lines[j].strip():
        j += 1
    return j


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    out: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            buf.append("|")
            i += 2
            continue
        if ch == "|":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [_BR.sub("\n", c).strip() for c in out]


def read_table(lines: Sequence[str]) -> TableBlock | None:
    """A pipe table from consecutive table lines (second line the separator), else None."""
    if len(lines) < 2:
        return None
    sep = _cells(lines[1])
    if not sep or not all(_SEPARATOR.fullmatch(c.replace(" ", "")) for c in sep):
        return None
    width = len(sep)
    rows = []
    for i, ln in enumerate(lines):
        if i == 1:
            continue
        cells = _cells(ln)
        cells = (cells + [""] * width)[: max(width, len(cells))]
        rows.append(tuple(cells))
    return TableBlock(rows=tuple(rows), lines=len(lines))


def _norm_header(s: str) -> str:
    return "".join(s.casefold().split()).strip("：:*")


# a column of people, not agencies: 牵头市领导, 责任领导, 责任人, 联系人, Contact, Focal point
_PEOPLE = re.compile(
    r"领导|領導|责任人|責任人|负责人|負責人|联系人|聯繫人|联络人|聯絡人|contact|focalpoint",
    re.IGNORECASE,
)


_START = re.compile(r"开始|開始|起始|启动|啟動|start|begin|début|inicio|beginn", re.IGNORECASE)


def _role(header: str) -> str | None:
    h = _norm_header(header)
    if not h or len(h) > 24 or _PEOPLE.search(h):
        return None
    for role, words, squeezed in _ROLE_MATCH:
        if role == "serial":
            if h in words:
                return role
            continue
        if any(w in h for w in squeezed):
            if role == "due" and _START.search(h):
                return None  # Start date | End date: the deadline is the end
            return role
    return None


# ROLE_WORDS with each word's spaces taken out once (headers are compared without spaces)
_ROLE_MATCH = tuple(
    (role, words, tuple(w.replace(" ", "") for w in words)) for role, words in ROLE_WORDS
)


def _roles(row: Sequence[str]) -> dict[int, str] | None:
    filled = [c for c in row if c]
    if len(set(filled)) < 2:  # a caption or section row spanning the table
        return None
    roles = {i: r for i, c in enumerate(row) if (r := _role(c)) is not None}
    tasks = [i for i, r in roles.items() if r == "task"]
    if not tasks or len(set(roles.values())) < 2:
        return None
    for i in tasks[:-1]:  # "Action | Milestone": the rightmost task-like column is the task
        roles[i] = "category"
    return roles


def header_role(cell: str) -> str | None:
    """The role a table header cell names (``serial``, ``task``, ``lead``, ``support``, ``due``,
    ``category``) or None: what ingest asks of a PDF's words before it reads them as a table."""
    return _role(cell)


def header_roles(row: Sequence[str]) -> dict[int, str] | None:
    """Column index -> role, when ``row`` is a task table's header (a task column and another
    role), else None."""
    return _roles(row)


def split_outside_brackets(text: str, separators: frozenset[str]) -> list[str]:
    """``text`` cut at every separator that stands outside brackets (pieces kept as written).

    >>> split_outside_brackets("市委政研室(改革办、研究室)、市财政局", frozenset("、"))
    ['市委政研室(改革办、研究室)', '市财政局']
    """
    names: list[str] = []
    start = 0
    depth = 0
    marks = bracket_marks("".join(sorted(separators)))
    for m in marks.finditer(text):  # brackets and separators only
        ch = m.group()
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            names.append(text[start : m.start()])
            start = m.end()
    names.append(text[start:])
    return names


@lru_cache(maxsize=32)
def bracket_marks(extra: str = "") -> re.Pattern[str]:
    """One character a scan outside brackets looks at: a bracket, or one of ``extra``."""
    return re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS + extra)}]")


# the run of blanks is matched from its first blank only (else each blank of a long run would
# start a match that fails at its end: quadratic)
_SPACED_SLASH = re.compile(r"(?<![ \t\u00a0\u3000])[ \t\u00a0\u3000]+/[ \t\u00a0\u3000]+")


def split_agencies(cell: str) -> tuple[str, ...]:
    """Agency names in a cell: split on 、，,；; and line breaks outside brackets, and on a
    slash between blanks (``Health Service Executive / Ministry of Health``; ``Housing/Urban
    Development``, without blanks, may be one body's name).

    >>> split_agencies("市委政研室（改革办）、市财政局；各区")
    ('市委政研室(改革办)', '市财政局', '各区')
    >>> split_agencies("Health Service Executive / Ministry of Health")
    ('Health Service Executive', 'Ministry of Health')
    """
    cell = _SPACED_SLASH.sub(";", cell) if " /" in cell or "/ " in cell else cell
    names = split_outside_brackets(_ROLE_PREFIX.sub("", cell), _SPLIT)
    out = []
    for n in names:
        n = _ROLE_PREFIX.sub("", n)
        # Chinese and Japanese names have no spaces between words (a space is layout); Latin
        # and Hangul names keep theirs ("Secretaría de Economía", "경제 정책과")
        n = "".join(n.split()) if _HAS_CJK.search(n) else " ".join(n.split())
        n = n.translate(_BRACKETS).strip("。. ")
        if n:
            out.append(n)
    return tuple(out)


# Who leads and who helps, said inside one 责任单位 cell: ``市发改委牵头，市财政局、各区配合``,
# ``牵头单位：市人社局；配合单位：市教育局``, ``市住建局（牵头）、各区政府``, ``Lead: Parks;
# Support: Schools``, ``Parks Department (lead), Housing Agency``. Verbs close a clause, labels
# open one, a bracketed marker follows a name.
_HELP_WORDS = ("配合", "参与", "协同", "协助", "协办")
_LEAD_WORDS = ("牵头负责", "牵头", "主责", "主办")
_DUTY = ("按职责分工负责", "按职责分工落实", "按职责负责", "分工负责", "共同负责", "负责")
_CLAUSE_CUT = frozenset("；;，,\n")
_VERB_END = re.compile(
    "(?P<names>.+?)等?(?:(?P<help>"
    + alternation(with_traditional(_HELP_WORDS))
    + ")|(?P<lead>"
    + alternation(with_traditional(_LEAD_WORDS))
    + "))(?:"
    + alternation(with_traditional(_DUTY))
    + ")?$"
)
_DUTY_END = re.compile("(?P<names>.+?)等?(?:" + alternation(with_traditional(_DUTY)) + ")$")
_LABEL = re.compile(
    r"^\s*(?:(?P<help>"
    + alternation(with_traditional(("配合单位", "配合部门", "协办单位", "参与单位", "协办机关")))
    + r"|support(?:ing)?(?: agenc(?:y|ies)| part(?:y|ies))?|partners?)"
    r"|(?P<lead>"
    + alternation(
        with_traditional(("牵头单位", "牵头部门", "牵头落实单位", "主办单位", "主办机关"))
    )
    + r"|lead(?: agenc(?:y|ies)| part(?:y|ies))?|co-leads?))\s*[:：]\s*",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?P<name>.+?)\s*[（(]\s*(?:(?P<lead>"
    + alternation(with_traditional(("牵头", "主责", "主办")))
    + r"|lead|co-lead)|(?P<help>"
    + alternation(with_traditional(_HELP_WORDS))
    + r"|support(?:ing)?|partner))\s*[）)]$",
    re.IGNORECASE,
)


def read_role_cell(cell: str, role: str = "lead") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lead and the supporting agencies one cell names (``role``: what its column holds,
    for names the cell gives no role). A name marked as leading comes first.

    >>> read_role_cell("市发改委牵头，市财政局、各区配合")
    (('市发改委',), ('市财政局', '各区'))
    >>> read_role_cell("牵头单位：市人社局；配合单位：市教育局")
    (('市人社局',), ('市教育局',))
    >>> read_role_cell("市财政局、市住建局（牵头）")
    (('市住建局', '市财政局'), ())
    >>> read_role_cell("Lead: Parks Department; Support: Schools, Housing Agency")
    (('Parks Department',), ('Schools', 'Housing Agency'))
    >>> read_role_cell("市城管局、市园林局按职责分工负责")
    (('市城管局', '市园林局'), ())
    >>> read_role_cell("市发改委", "support")
    ((), ('市发改委',))
    """
    if not cell.strip():
        return (), ()
    first: list[str] = []
    leads: list[str] = []
    helps: list[str] = []
    sticky = role  # a label's role holds until the next label: "Support: Schools, Housing"
    for clause in split_outside_brackets(cell, _CLAUSE_CUT):
        clause = clause.strip()
        if not clause:
            continue
        if m := _LABEL.match(clause):
            sticky = "support" if m.group("help") else "lead"
            clause = clause[m.end() :]
        who = sticky
        if (v := _VERB_END.match(clause)) and len(v.group("names")) >= 2:
            who = "support" if v.group("help") else "lead"
            clause = v.group("names")
        elif (d := _DUTY_END.match(clause)) and len(d.group("names")) >= 2:
            clause = d.group("names")
        for name in split_agencies(clause):
            mk = _MARKER.match(name)
            if mk:
                name = mk.group("name").strip()
                if mk.group("lead"):
                    first.append(name)
                    continue
                helps.append(name)
                continue
            (helps if who == "support" else leads).append(name)
    out_leads = tuple(dict.fromkeys([*first, *leads]))
    return out_leads, tuple(n for n in dict.fromkeys(helps) if n not in out_leads)


def _labelled(header: str, value: str) -> str:
    """A cell of a column without a role, as a line of its unit's text under its header:
    ``Baseline (2023): 30``, ``备注：持续推进`` (a bare ``30`` would say nothing)."""
    if not header or header == value:
        return value
    return f"{header}：{value}" if _HAS_CJK.search(header) else f"{header}: {value}"


def _sub_header(header: Sequence[str], row: Sequence[str]) -> dict[int, str] | None:
    """The roles a second header row gives the columns under a merged header, or None when
    ``row`` is no such row: ``责任单位`` spanning ``牵头单位 | 配合单位``, ``Responsibility``
    spanning ``Lead | Support``. Every cell of ``row`` is empty, repeats the cell above (a merged
    cell written in each row it covers) or names a role, and one names a role the cell above does
    not give.

    >>> _sub_header(["任务", "责任单位", "责任单位"], ["任务", "牵头单位", "配合单位"])
    {2: 'support'}
    >>> _sub_header(["No.", "Action", "Lead"], ["1", "Plant trees", "Parks"]) is None
    True
    """
    out: dict[int, str] = {}
    for i, cell in enumerate(row):
        above = header[i] if i < len(header) else ""
        if not cell or cell == above:
            continue
        role = _role(cell)
        if role is None:
            return None
        if role != _role(above):
            if "task" in (role, _role(above)):
                return None  # the task column stays where the first header row put it
            out[i] = role
    return out or None


def _head(rows: Sequence[Sequence[str]], i: int) -> str:
    """Column ``i``'s header over the header rows (``责任单位 牵头单位`` is ``牵头单位``): the
    lowest cell that says anything."""
    for row in reversed(rows):
        if i < len(row) and row[i].strip():
            return " ".join(row[i].split()).strip("：:*")
    return ""


# a serial number as a column prints it: 1, 1.1, 2-3, A1, Action 7, (一), 三、
_SERIAL_VALUE = re.compile(
    r"[（(]?(?:[A-Za-z]{1,3}|\w{3,14}\s)?\d{1,3}(?:[.．\-]\d{1,3})*[.．、)）]?"
    r"|[（(]?[一二三四五六七八九十]{1,3}[）)、]?"
)
# ... and as it opens a task cell without a serial column: "2.1 Electrify …", "3. Build …",
# "（二）推进…" (a bare "30 km" or "3.5 billion" is no number: a dotted number must be followed by
# a capital or a CJK character, a plain one by its punctuation)
_LEADING_NUMBER = re.compile(
    rf"^((?:\d{{1,3}}(?:\.\d{{1,3}})+(?=\s+[A-Z{_CJK}])|\d{{1,3}}[.．、)](?=\s*[A-Z{_CJK}])"
    r"|[（(]\d{1,3}[）)]|[（(][一二三四五六七八九十]{1,3}[）)]))\s*"
)


def _name_columns(
    roles: dict[int, str], header: Sequence[Sequence[str]], body: Sequence[Sequence[str]]
) -> list[int]:
    """Task-like columns left of the task (``项目名称 | 建设内容及目标``, ``Initiative |
    Description``) whose value differs on every task row: each row's own name, not a category
    shared by several rows (a merged category cell repeats down its rows)."""
    task = next(i for i, r in roles.items() if r == "task")
    rows = [r for r in body if task < len(r) and r[task] and len({c for c in r if c}) >= 2]
    out = []
    for i, r in sorted(roles.items()):
        if (
            r != "category"
            or i > task
            or not any(_role(h[i]) == "task" for h in header if i < len(h))
        ):
            continue
        values = [_cell_at(row, i) for row in rows]
        if len(values) >= 2 and all(values) and len(set(values)) == len(values):
            out.append(i)
    return out


_HEADING_SERIAL = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}|[（(][一二三四五六七八九十]{1,3}[）)]|[IVX]{1,4})[、.．]?"
)


def _numbered_heading(row: Sequence[str], col: dict[str, int], task: int) -> str | None:
    """A row numbered 一, （一） or I in the serial column of a table whose tasks count 1, 2,
    with a headline and no agencies or deadline: a section row (``一、扩大有效需求``), else None."""
    serial = _cell_at(row, col.get("serial")).strip()
    text = _cell_at(row, task).strip()
    if not serial or not text or not _HEADING_SERIAL.fullmatch(serial):
        return None
    if any(_cell_at(row, col.get(r)) for r in ("lead", "support", "due")):
        return None
    if serial[-1] in "、.．)）":
        return serial + text
    return f"{serial}. {text}" if serial.isascii() else f"{serial}、{text}"


def _cell_at(row: Sequence[str], i: int | None) -> str:
    """Cell ``i`` of ``row`` ("" when the row is short or there is no such column)."""
    return row[i] if i is not None and i < len(row) else ""


def _numbers_column(roles: dict[int, str], body: Sequence[Sequence[str]]) -> None:
    """A task column that holds only serial numbers (``Action | Description`` with ``1.1``,
    ``1.2`` under Action) is the serial column, and the task the column beside it with the most
    text (one without a role, or a category). Changes ``roles`` in place."""
    if "serial" in roles.values():
        return
    task = next(i for i, r in roles.items() if r == "task")
    values = [row[task] for row in body if task < len(row) and row[task]]
    if len(values) < 2 or not all(_SERIAL_VALUE.fullmatch(v.strip()) for v in values):
        return
    width = max((len(r) for r in body), default=0)
    candidates = [i for i in range(width) if i != task and roles.get(i) in (None, "category")]

    def mass(i: int) -> int:
        return sum(len(row[i]) for row in body if i < len(row))

    best = max(candidates, key=mass, default=None)
    if best is None or mass(best) <= sum(map(len, values)):
        return
    roles[task] = "serial"
    roles[best] = "task"


def _roles_of(lead: str, support: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Leads and supporting agencies of a row from its lead and supporting cells."""
    lead_l, lead_s = read_role_cell(lead, "lead")
    sup_l, sup_s = read_role_cell(support, "support")
    leads = tuple(dict.fromkeys([*lead_l, *sup_l]))
    return leads, tuple(n for n in dict.fromkeys([*lead_s, *sup_s]) if n not in leads)


def table_rows(table: TableBlock) -> list[TableRow]:
    """What each row of ``table`` is (header rows consumed, captions kept as text)."""
    header_at = -1
    roles: dict[int, str] | None = None
    for i, row in enumerate(table.rows[:HEADER_ROWS]):
        roles = _roles(row)
        if roles is not None:
            header_at = i
            break
    if roles is None:
        return [
            TableRow("text", 0, " | ".join(c for c in row if c)) for row in table.rows if any(row)
        ]
    out = [TableRow("text", 0, " | ".join(dict.fromkeys(c for c in row if c))) for row in
           table.rows[:header_at] if any(row)]  # fmt: skip
    top = header_at
    while header_at + 1 < len(table.rows) and (
        sub := _sub_header(table.rows[header_at], table.rows[header_at + 1])
    ):
        if any(roles.get(i) == "task" for i in sub):
            break  # the task column stays where the first header row put it, over every row
        roles.update(sub)
        header_at += 1
    _numbers_column(roles, table.rows[header_at + 1 :])
    task = next(i for i, r in roles.items() if r == "task")
    names = _name_columns(roles, table.rows[top : header_at + 1], table.rows[header_at + 1 :])
    cats = sorted(i for i, r in roles.items() if r == "category" and i not in names)
    col = {r: i for i, r in sorted(roles.items(), reverse=True) if r != "category"}
    extra = [i for i in range(len(table.rows[header_at])) if i not in roles]
    heads = [_head(table.rows[top : header_at + 1], i) for i in range(len(table.rows[top]))]
    # the serial column counts the tasks 1, 2, 3: a row numbered otherwise may be a heading
    counted = any(
        _cell_at(r, col.get("serial")).strip(" .．、").isdigit()
        for r in table.rows[header_at + 1 :]
    )
    open_cats: list[str] = []  # current value per category column
    spanning = 0  # 1 while a section row is open
    for row in table.rows[header_at + 1 :]:
        filled = [c for c in row if c]
        if not filled:
            continue
        cell = _cell_at(row, task)
        if len(set(filled)) == 1 and (len(filled) >= 2 or not cell):
            out.append(TableRow("section", 0, filled[0]))
            open_cats = []
            spanning = 1
            continue
        if _role(cell) == "task" and all(_role(c) for c in filled):
            continue  # a repeated header row (a table broken across pages)
        heading = _numbered_heading(row, col, task) if counted else None
        if (
            heading is not None
        ):  # | 一 | 扩大有效需求 | | |: a section numbered in the serial column
            out.append(TableRow("section", 0, heading))
            open_cats = []
            spanning = 1
            continue
        for depth, ci in enumerate(cats):
            value = _cell_at(row, ci)
            if not value:  # "same as above", or no category at all
                break
            if depth < len(open_cats) and open_cats[depth] == value:
                continue
            del open_cats[depth:]
            open_cats.append(value)
            out.append(TableRow("section", spanning + depth, value))
        text = cell
        title = ""
        for i in names:  # 项目名称 | 建设内容: the project's name heads its text, and titles it
            name = _cell_at(row, i)
            if name and name != text:
                text = f"{name}\n{text}" if text else name
                title = title or " ".join(name.split())
        serial = _cell_at(row, col.get("serial"))
        if not serial and (m := _LEADING_NUMBER.match(text)):
            serial, text = m.group(1), text[m.end() :]
        for i in extra:
            if i < len(row) and row[i] and row[i] != text:
                line = _labelled(heads[i] if i < len(heads) else "", row[i])
                text = f"{text}\n{line}" if text else line
        leads, supports = _roles_of(
            _cell_at(row, col.get("lead")), _cell_at(row, col.get("support"))
        )
        out.append(
            TableRow(
                "task",
                spanning + len(open_cats),
                text,
                serial=serial,
                title=title,
                lead_units=leads,
                support_units=supports,
                due=" ".join(_cell_at(row, col.get("due")).split()),
            )
        )
    return out
