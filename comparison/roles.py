"""Inline role clauses: who leads, who supports, and by when.

Action plans that are not tables still say who is responsible, in a clause at the end of the
action: ``Expand clinics to every district. Lead: Ministry of Health; Support: Local Councils``,
``Launch a screening programme (Lead agency: Health Promotion Board)``, ``Rénover 500 logements.
Pilote : Direction du logement``, ``… (担当：こども未来局)``. :func:`split_role_clauses` cuts such a
run of clauses off the end of a unit's text and returns the lead agencies (primary first), the
supporting agencies and the deadline as printed -- the same three fields a task table's columns
give (:mod:`comparison.tables`).

What counts, so that prose is never read as a clause:

* a clause is a role keyword (below, by language; case-insensitive) followed by a colon, standing
  at a boundary: after a sentence end, a semicolon or an opening bracket;
* the clauses run to the end of the text (a closing bracket and a full stop may follow), and at
  least one of them names a lead: ``Support:`` or ``Timeline:`` alone is left in the text, since a
  paragraph may well end with ``Support: …`` meaning something else;
* each value is short and a single phrase (no sentence break inside it), each name at most 120
  characters.

Chinese role names outside brackets (``…。责任单位：市发改委；完成时限：2025年底。``) are read here
too (``ZH_FIELD_KEYWORDS``); the bracketed Chinese lead clause (``（牵头单位：…）``) has its own
reader in :mod:`comparison.structure`. :func:`field_line` reads a line that is nothing but
clauses, the roles of the unit above it.
Linear: the clause pattern is tried only just before the colons of the last 800 characters
(:func:`_clauses`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from comparison.tables import CLOSE_BRACKETS, OPEN_BRACKETS, split_agencies
from comparison.variants import with_traditional

__all__ = ["ROLE_KEYWORDS", "ZH_FIELD_KEYWORDS", "RoleClauses", "field_line", "split_role_clauses"]

_BLANKS = " \t\u00a0\u3000"  # blanks around clauses and values

ROLE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "lead": (
        # English
        "lead", "leads", "co-lead", "co-leads", "joint lead", "joint leads", "lead agency",
        "lead agencies", "lead department", "lead departments",
        "lead ministry", "lead ministries", "lead organisation", "lead organization",
        "lead body", "lead office", "lead unit", "lead responsibility", "lead party",
        "responsible", "responsible party", "responsible parties", "responsible agency",
        "responsible agencies", "responsible department", "responsible body",
        "responsible unit", "responsibility", "owner", "owners", "action owner",
        "accountable", "accountable agency", "implementing agency", "implementing agencies",
        # French
        "pilote", "pilotes", "pilotage", "service pilote", "direction pilote", "porteur",
        "porteurs", "responsable", "responsables",
        # Spanish, Portuguese, Italian
        "dependencia responsable", "unidad responsable", "entidad responsable",
        "responsável", "responsáveis", "órgão responsável", "responsabile", "capofila",
        # German
        "federführung", "federführend", "verantwortlich", "zuständig", "zuständigkeit",
        # Russian
        "ответственный", "ответственные", "ответственный исполнитель", "исполнитель",
        "исполнители",
        # Japanese, Korean
        "担当", "担当課", "担当部署", "担当部局", "所管", "所管課", "담당", "담당부서", "주관",
        "주관부서", "소관",
        # Dutch, Polish, Turkish, Indonesian and Malay, Vietnamese, Thai, Arabic
        "trekker", "verantwoordelijke", "eigenaar", "odpowiedzialny", "podmiot odpowiedzialny",
        "sorumlu", "sorumlu kuruluş", "penanggung jawab", "instansi pelaksana", "pelaksana",
        "agensi peneraju", "peneraju", "cơ quan chủ trì", "đơn vị chủ trì", "chủ trì",
        "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบ", "หน่วยงานหลัก",
        "الجهة المسؤولة", "الجهات المسؤولة", "الجهة المنفذة", "الجهة المختصة", "المسؤول",
    ),
    "support": (
        "support", "supporting", "supporting agency", "supporting agencies", "support agencies",
        "supported by", "partner", "partners", "partner agencies", "key partners",
        "contributing agencies", "contributors", "collaborating agencies", "collaborators",
        "partenaire", "partenaires", "contributeurs", "services associés",
        "corresponsable", "corresponsables", "colaboradores", "apoyo", "participantes",
        "colabora", "colaboran", "participan", "entidades colaboradoras", "en colaboración con",
        "en lien avec", "associés", "en partenariat avec", "colaboração", "in zusammenarbeit mit",
        "in collaborazione con", "partner coinvolti",
        "parceiros", "apoio", "beteiligt", "beteiligte", "beteiligung", "mitwirkung", "mitwirkende",
        "unterstützung", "collaborazione",
        "соисполнители", "соисполнитель", "участники",
        "協力", "関係課", "関係部署", "협조", "협조부서", "협업부서",
        "betrokken partijen", "współpraca", "podmioty współpracujące", "instansi terkait",
        "pendukung", "agensi sokongan", "cơ quan phối hợp", "đơn vị phối hợp", "phối hợp",
        "หน่วยงานสนับสนุน", "หน่วยงานร่วม", "الجهات المساندة", "الجهات الداعمة",
        "الجهات الشريكة", "الشركاء",
    ),
    "due": (
        "target date", "deadline", "timeline", "timeframe", "time frame", "due", "due date",
        "by when", "completion date", "completion", "timing", "milestone date", "timescale",
        "timescales", "end date",
        "échéance", "échéancier", "calendrier", "délai", "plazo", "fecha límite",
        "calendario", "prazo", "frist", "termin", "zeitraum", "zeitrahmen", "scadenza",
        "tempistica", "срок", "сроки", "срок исполнения",
        "期限", "実施時期", "完了時期", "기한", "추진기간", "추진시기",
        "termijn", "termin realizacji", "süre", "tenggat", "target waktu",
        "jadwal", "tempoh", "thời gian hoàn thành", "thời hạn", "tiến độ", "ระยะเวลา",
        "กำหนดเสร็จ", "الإطار الزمني", "المدة الزمنية", "الموعد النهائي", "تاريخ الإنجاز",
    ),
}  # fmt: skip

# Chinese role names (the task-table columns' words, comparison.tables) outside brackets:
# ``1.加快重大项目建设。责任单位：市发改委、市财政局；完成时限：2025年底。`` and field lines. The
# bracketed ``（牵头单位：…）`` clause has its own reader in comparison.structure.
# In simplified and traditional characters (主辦機關, 協辦單位, 完成時限: plans from Taiwan,
# Hong Kong and Macao).
ZH_FIELD_KEYWORDS: dict[str, tuple[str, ...]] = {
    role: with_traditional(words)
    for role, words in {
        "lead": (
            "牵头落实单位", "主要牵头单位", "牵头单位", "牵头部门", "责任单位", "责任部门",
            "主责单位", "落实单位", "责任主体", "实施主体", "承办单位", "主办机关", "主办单位",
        ),
        "support": (
            "配合单位", "配合部门", "协办单位", "协办机关", "参与单位", "协同单位", "协助单位",
        ),
        "due": ("完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "时限", "进度安排"),
    }.items()
}  # fmt: skip

_ROLE_OF = {
    w.casefold(): role
    for table in (ROLE_KEYWORDS, ZH_FIELD_KEYWORDS)
    for role, words in table.items()
    for w in words
}
_ALTERNATION = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_ROLE_OF, key=len, reverse=True)
)


def _role_of(m: re.Match[str]) -> str:
    """The role (lead, support, due) of a keyword ``m`` of :data:`_CLAUSE` matched."""
    return _ROLE_OF[" ".join(m.group(1).casefold().split())]


# a keyword and its colon, not glued to a word before it (checked in code: no look-behind needed)
_CLAUSE = re.compile(rf"({_ALTERNATION})\s{{0,2}}[:：]\s*", re.IGNORECASE)
_BOUNDARY = ".;!?。；！？|"
# a new sentence, not an abbreviation's point ("Dept. of Energy") nor an initial's ("U.S. Army")
_SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z])[.!?。！？]\s+(?![a-z])\S")
TAIL = 800
MAX_VALUE = 250
MAX_NAME = 120


@dataclass(frozen=True)
class RoleClauses:
    """``text`` without its trailing role clauses, and what they said."""

    text: str
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    due: str = ""


def _opening(text: str, start: int) -> tuple[bool, int] | None:
    """Whether the clause starting at ``start`` may open a run of clauses: (bracketed, where the
    text before the run ends), or None. After an opening bracket, or after a boundary."""
    i = start
    while i > 0 and text[i - 1] in _BLANKS:
        i -= 1
    if i == 0:
        return None  # the whole text would be a clause: nothing left to be the action
    before = text[i - 1]
    if before in OPEN_BRACKETS:
        return True, i - 1
    if before in _BOUNDARY:
        return False, i
    if i < start and "\u0e00" <= text[start] <= "\u0e7f":
        return False, i  # Thai ends no sentence with a point: a blank parts the clause
    return None


def _closing(value: str, bracketed: bool) -> str | None:
    """The last clause's value without what closes the run (bracket, full stop), or None when
    a bracketed run does not end with its bracket."""
    v = value.rstrip(_BLANKS + ".;。；")
    if bracketed:
        if not v or v[-1] not in CLOSE_BRACKETS:
            return None
        v = v[:-1]
    return v


def split_role_clauses(text: str) -> RoleClauses:
    """Cut the trailing run of role clauses off ``text`` (see the module's rules).

    >>> r = split_role_clauses("Expand clinics. Lead: Ministry of Health; Support: Councils")
    >>> (r.text, r.lead_units, r.support_units)
    ('Expand clinics.', ('Ministry of Health',), ('Councils',))
    >>> split_role_clauses("Launch screening (Lead agency: HPB; Target date: 2025).").due
    '2025'
    """
    offset = max(0, len(text) - TAIL)
    hits = [
        m
        for m in _clauses(text, offset)
        if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-_")
    ]
    for k, first in enumerate(hits):
        opening = _opening(text, first.start())
        if opening is None:
            continue
        found = _read_run(text, hits[k:], *opening)
        if found is not None:
            return found
    return RoleClauses(text)


# Where a keyword ending just before a colon can start: at most _KW_CHARS non-blank characters
# (the longest keyword's), blanks among them; matched on the text read backwards from the colon.
_KW_CHARS = max(len("".join(w.split())) for w in _ROLE_OF)
_REACH = re.compile(rf"\s*(?:\S\s*){{0,{_KW_CHARS}}}")
_COLON = re.compile("[:：]")


def _clauses(text: str, offset: int) -> list[re.Match[str]]:
    """``list(_CLAUSE.finditer(text, offset))``, found from the colons.

    The keyword alternation is tried at every position it is searched from (some 200 keywords,
    case-insensitive): costly over 800 characters. Every clause holds exactly one colon, right
    after its keyword, so only the characters just before each colon (and after the colon
    before it) are searched: each character at most once, and a text without a colon (most
    paragraphs) not at all.
    """
    hits: list[re.Match[str]] = []
    pos = offset  # where finditer would resume
    prev = offset - 1  # the colon before: no keyword holds one, so no clause starts before it
    for colon in _COLON.finditer(text, offset):
        c = colon.start()
        floor = max(pos, prev + 1)
        prev = c
        if c < floor:
            continue
        start = floor
        if c - floor > _KW_CHARS:  # far from the colon before: start where a keyword could
            lo = max(floor, c - 4 * _KW_CHARS)
            reach = _REACH.match(text[lo:c][::-1])
            assert reach is not None  # the pattern matches the empty string
            if reach.end() < c - lo:  # else blanks all the way back: no closer bound
                start = c - reach.end()
        found = _CLAUSE.search(text, start, c + 1)  # a clause through this colon, if any
        if found is None:
            continue
        m = _CLAUSE.match(text, found.start())  # the same clause, with the blanks after it
        assert m is not None
        hits.append(m)
        pos = m.end()
    return hits


def _read_run(
    text: str, hits: list[re.Match[str]], bracketed: bool, cut: int
) -> RoleClauses | None:
    values: dict[str, list[str]] = {"lead": [], "support": [], "due": []}
    for j, m in enumerate(hits):
        end = hits[j + 1].start() if j + 1 < len(hits) else len(text)
        raw = text[m.end() : end]
        if j + 1 < len(hits):
            value: str | None = raw.rstrip(_BLANKS + ";；,.。|")
        else:
            value = _closing(raw, bracketed)
        if not value or len(value) > MAX_VALUE or _SENTENCE_BREAK.search(value):
            return None
        if j + 1 < len(hits) and raw.rstrip(_BLANKS)[-1:] not in ";；,.。|":
            return None  # "Lead: A Support: B" with nothing between: not a run of clauses
        role = _role_of(m)
        values[role].append(value)
    if not values["lead"]:
        return None
    leads = tuple(n for v in values["lead"] for n in split_agencies(v))
    supports = tuple(n for v in values["support"] for n in split_agencies(v))
    if not leads or any(len(n) > MAX_NAME for n in leads + supports):
        return None
    body = text[:cut].rstrip(_BLANKS)
    tail = text.rstrip(_BLANKS)[-1:]
    if bracketed and tail in ".。" and body[-1:] not in ".。":
        body += tail  # "Launch X (Lead: Y)." -> "Launch X."
    return RoleClauses(body, leads, supports, "; ".join(values["due"]))


# ---------------------------------------------------------------- field lines
# Task-division plans that are not tables print the roles as lines of their own under each task:
#   1.加快重大项目建设。          1. Retrofit public buildings.
#   责任单位：市发改委、市财政局    Lead: Department of Energy
#   完成时限：2025年12月底         Timeline: Q4 2025
# what may stand between two fields of one line: "Lead: A; Support: B", "Pilote : A. Partenaires
# : B", "Lead agency: A, Support: B", "A | B"
_FIELD_GAP = ";；|,，.。、"
_FIELD_REACH = max(map(len, _ROLE_OF)) + 4  # a field line's first colon comes this early


def _opens_field(s: str, m: re.Match[str]) -> bool:
    """Does the keyword ``m`` open a field of the line ``s``: at its start, after a gap or a
    blank (``Lead: A Support: B``), or a CJK keyword glued to CJK text (``…市商务局配合单位：…``)?
    A Latin keyword glued to a word (``Co-Lead:``, ``subLead:``) is part of a value."""
    if m.start() == 0:
        return True
    before = s[m.start() - 1]
    if before in _BLANKS or before in _FIELD_GAP:
        return True
    return not before.isascii() and not m.group(1)[0].isascii()


def field_line(line: str) -> RoleClauses | None:
    """A line that is nothing but role fields -- ``责任单位：市发改委、市财政局``, ``Lead: Energy
    Department; Support: Treasury``, ``Timeline: Q4 2025`` -- read as the roles of the unit
    above it, else None.

    Every clause is a role keyword and a colon, found as the inline reader finds them
    (:func:`split_role_clauses`): the first at the line's start, each other one after a
    ``;``/``,``/``.``/``|`` (so ``Pilote : A. Partenaires : B`` is two fields). A keyword with a
    colon glued to the text before it belongs to the value it stands in. Each value is short and
    one phrase, and may list names (``Support: Council; Parks``). Unlike a trailing clause, a
    field line needs no lead: a line of its own that says ``Timeline: …`` is a field wherever
    it stands.

    >>> r = field_line("责任单位：市发改委、市财政局")
    >>> (r.lead_units, r.support_units, r.due)
    (('市发改委', '市财政局'), (), '')
    >>> field_line("Support: City Council; Treasury").support_units
    ('City Council', 'Treasury')
    >>> field_line("Lead: MOH. Support: MOE.").support_units
    ('MOE',)
    >>> field_line("Lead: we will work with the council. It will report.") is None
    True
    """
    s = line.strip(_BLANKS)
    if not any(ch in ":：" for ch in s[:_FIELD_REACH]):
        return None
    hits = [m for m in _clauses(s, 0) if _opens_field(s, m)]
    if not hits or hits[0].start() != 0:
        return None  # the line does not open with a field
    values: dict[str, list[str]] = {"lead": [], "support": [], "due": []}
    for j, m in enumerate(hits):
        end = hits[j + 1].start() if j + 1 < len(hits) else len(s)
        value = s[m.end() : end].strip(_BLANKS)
        if j + 1 < len(hits):
            value = value.rstrip(_FIELD_GAP + _BLANKS)
        if not value or len(value) > MAX_VALUE or _SENTENCE_BREAK.search(value):
            return None
        values[_role_of(m)].append(value)
    leads = tuple(n for v in values["lead"] for n in split_agencies(v))
    supports = tuple(n for v in values["support"] for n in split_agencies(v))
    if any(len(n) > MAX_NAME for n in leads + supports):
        return None
    due = "; ".join(v.rstrip("。.") for v in values["due"])
    if not (leads or supports or due):
        return None
    return RoleClauses("", leads, supports, due)


# ---------------------------------------------------------------- bare Chinese agency lists
# ``1.推进重大项目建设。（市发改委、市财政局）``: a task-division plan may name the leads in a
# bracket with no keyword and no verb. Such a bracket is read as leads only when every name in it
# has an agency's shape -- brackets also hold drafts (草案), scopes (含基础设施), events (高交会),
# regions (东部、中部), examples (改造一批医院（市人民医院、市中医院）) and aliases
# (报市发展和改革委员会（市发改委）).
_ADMIN_END = (
    "委员会", "办公室", "管委会", "国务院", "委", "局", "厅", "部", "办", "署", "政府", "法院",
    "检察院",
)  # fmt: skip
_STRONG_END = (*_ADMIN_END, "中心", "集团", "银行", "支行", "分行")
_WEAK_END = (
    "会", "联", "院", "所", "站", "队", "馆", "社", "台", "大学", "学校",
    "公司", "处", "室", "组", "团", "区", "县", "街道", "镇", "乡", "海关", "协",
)  # fmt: skip
# endings of regions and events, not of agencies (东部, 中部地区, 博览会)
_PLACE_END = re.compile(
    r"(?:[东南西北中内外]部|地区|城区|片区|市区|郊区|景区|社区|矿区|林区|牧区|库区|灾区"
    r"|大会|博览会|展览会|交易会|洽谈会|运动会|座谈会|研讨会|发布会|年会)$"
)
_LEVEL_START = (
    "市", "区", "县", "省", "州", "盟", "旗", "镇", "乡", "街道", "各", "国家", "中央", "自治区",
    "团",
)  # fmt: skip
_NOT_A_NAME = re.compile(r"[0-9０-９:：。.!?！？%％]|简称|以下|包括|草案|试行|暂行|负责|牵头|配合")
_AND_OTHERS = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
_SENTENCE_END = "。；;！？!?"
_HAN_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff()]+")  # ideographs (and an inner bracket)
BARE_NAMES_MAX = 15
BARE_NAME_CHARS = 30


def zh_agency_names(inner: str, before: str = "。") -> tuple[str, ...] | None:
    """The names of a bracket's content when it is nothing but a list of Chinese agency names
    (``市发改委、市财政局、各区政府``), primary first; None otherwise. ``before`` is the text the
    bracket follows.

    Every name must end as an agency does: with a strong ending (委, 局, 厅, 部, 办, 政府, 中心…),
    or with a weaker one (会, 院, 区, 街道…) when the name opens with a level (市, 区, 各, 国家…)
    or the list has several names. A two-character name must open with a level (市委, 各区), and
    so must a lone name of three (``（改革办）`` after 市委政研室 is its alias). A bracket glued to
    the words before it, with no sentence end between, is more often an example or an alias of
    them: there, only administrative bodies (委, 局, 厅, 办, 政府…) count, and never after an
    agency's own name.

    >>> zh_agency_names("市发改委、市财政局、各区政府")
    ('市发改委', '市财政局', '各区政府')
    >>> zh_agency_names("市总工会、团市委、市妇联等部门")
    ('市总工会', '团市委', '市妇联')
    >>> [zh_agency_names(s) for s in ("草案", "含基础设施", "高交会", "东部、中部", "2025年")]
    [None, None, None, None, None]
    >>> zh_agency_names("市人民医院、市中医院", before="改造一批医院") is None
    True
    >>> zh_agency_names("市发改委", before="报市发展和改革委员会") is None
    True
    """
    if _NOT_A_NAME.search(inner):
        return None
    glued = bool(before) and before.rstrip()[-1:] not in _SENTENCE_END
    if glued and before.rstrip().endswith(_STRONG_END):
        return None  # 市发展和改革委员会（市发改委）: the bracket names the agency just named
    names = split_agencies(inner)
    if not names or len(names) > BARE_NAMES_MAX:
        return None
    last = _AND_OTHERS.sub("", names[-1])
    names = (*names[:-1], last) if len(last) >= 2 else names
    for name in names:
        if not 2 <= len(name) <= BARE_NAME_CHARS or not _HAN_NAME.fullmatch(name):
            return None
        core = name.split("(", 1)[0] if name.endswith(")") else name
        level = core.startswith(_LEVEL_START)
        # 改革办, 办公室 alone: an office's short name or alias, not a lead (国务院 is the one
        # three-character body that names itself)
        too_short = len(core) <= (3 if len(names) == 1 else 2) and not level and core != "国务院"
        if too_short or _PLACE_END.search(core):
            return None
        if core.endswith(_ADMIN_END if glued else _STRONG_END):
            continue
        if not glued and core.endswith(_WEAK_END) and (level or len(names) > 1):
            continue
        return None
    return names


# ---------------------------------------------------------------- trailing English agency lists
# ``Action 4. Publish a skills strategy by 2026 (DfE, DWP)``, ``… (Fleet Unit, Finance Office)``: an
# English action plan may close a numbered action with its owners in brackets, no keyword.
# DfE, DWP, HMRC, MoJ: two capitals at least, ending with one (not SMEs, NGOs), no digits
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]{1,7}[A-Z]$")
_ORG_WORDS = frozenset((
    "department", "ministry", "office", "agency", "council", "board", "authority", "service",
    "commission", "division", "bureau", "unit", "directorate", "trust", "corporation", "police",
    "treasury", "cabinet", "secretariat", "committee", "institute", "centre", "center",
    "administration", "government", "executive",
))  # fmt: skip
_MIXED_CASE = re.compile(r"^[A-Z]+[a-z]+[A-Z]")  # DfE, MoJ, DfT, OfS
_MINOR_WORDS = frozenset({"of", "and", "for", "the", "&", "on", "in", "to"})
_EN_SPLIT = re.compile(r"[,;/]")
EN_NAMES_MAX = 8
EN_NAME_WORDS = 7


def _en_name(part: str) -> str | None:
    """What ``part`` is as an owner: "acronym", "org" (a title-case name with an organisation's
    word), or None."""
    if _ACRONYM.match(part):
        return "acronym"
    words = part.split()
    if not 1 <= len(words) <= EN_NAME_WORDS:
        return None
    for k, w in enumerate(words):
        if w.lower() in _MINOR_WORDS and k:
            continue
        if not (w[:1].isupper() and w.replace("-", "").replace("'", "").replace("’", "").isalpha()):
            return None
    # the organisation's word ends the name (Planning Department, Cabinet Office) or opens it
    # before "of"/"for" (Ministry of Health, Department for Education): not "Council Tax"
    org = words[-1].lower() in _ORG_WORDS or (
        len(words) > 2 and words[0].lower() in _ORG_WORDS and words[1] in ("of", "for", "on")
    )
    return "org" if org else None


def en_trailing_owners(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a closing bracket of owners off an English action: (text without it, owners), or
    None. Every name must be an acronym (DfE, DWP, HMRC) or a title-case name that an
    organisation's word ends or opens (Planning Department, City Council, Ministry of Health);
    acronyms alone are no owners unless one mixes the cases as a government's do (DfE, MoJ):
    ``(GDP)``, ``(ISO, IEC)`` are terms as often. The builder reads these brackets only in a
    plan where at least two numbered actions close with one.

    >>> en_trailing_owners("Publish a skills strategy by 2026 (DfE, DWP).")
    ('Publish a skills strategy by 2026.', ('DfE', 'DWP'))
    >>> en_trailing_owners("Switch the fleet to electric cars (Fleet Unit, Finance Department)")
    ('Switch the fleet to electric cars', ('Fleet Unit', 'Finance Department'))
    >>> en_trailing_owners("Grow the gross domestic product (GDP).") is None
    True
    >>> en_trailing_owners("Reform planning (MHCLG)") is None
    True
    >>> en_trailing_owners("Build 500 homes (Phase 2)") is None
    True
    """
    body = text.rstrip()
    end = body[-1:] if body[-1:] in ".;" else ""
    body = body[: len(body) - len(end)].rstrip()
    if not body.endswith(")"):
        return None
    start = body.rfind("(")
    if start <= 0 or ")" in body[start + 1 : -1]:
        return None
    inner = body[start + 1 : -1].strip()
    parts: list[str] = []
    shapes: list[str] = []
    for part in _EN_SPLIT.split(inner):
        # "DfE and DWP", "Planning Department and Finance Office" are two owners; "Department
        # for Business and Trade", "Finance and Audit Committee" one
        pieces = [q.strip() for q in part.split(" and ")]
        found = [_en_name(q) for q in pieces] if len(pieces) == 2 else [None]
        if None in found or (found[0] != "acronym" and len(pieces[0].split()) < 2):
            pieces = [part.strip()]
            found = [_en_name(pieces[0])]
        if None in found:
            return None
        parts.extend(pieces)
        shapes.extend(str(f) for f in found)
    if not parts or len(parts) > EN_NAMES_MAX:
        return None
    if "org" not in shapes and not any(_MIXED_CASE.search(p) for p in parts):
        # acronyms alone -- (GDP), (ISO, IEC), (ESG, CSR) -- are terms as often as owners; a
        # government's own (DfE, MoJ) mix the cases, or an organisation is named beside them
        return None
    return body[:start].rstrip() + end, tuple(parts)


# ---------------------------------------------------------------- deadlines inside a lead bracket
# ``（市发改委，2025年6月底前）``, ``（市发改委牵头，年底前完成）``,
# ``（牵头单位：市发改委；完成时限：2025年底）``: task-division plans print the deadline in the same
# bracket as the leads.
_ZH_DUE_PHRASE = re.compile(
    r"(?:(?:[0-9]{4}|[〇一二三四五六七八九]{4}|今|明)年)?(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})?"
    r"(?:月份?)?(?:底|末|初|中旬|上旬|下旬|年底|年末|年内|上半年|下半年|季度|前|起|以前)*"
    r"(?:前后|前|内)?(?:完成|见效|建成|落实|实施|启动|到位|出台)?"
    r"|长期坚持|长期|持续推进|持续|每年|每季度|每月|按年度推进|常态化推进"
)
_DUE_WORD = re.compile(r"年|月|季度|长期|持续|每")


def zh_due_phrase(part: str) -> bool:
    """Whether ``part`` is nothing but a deadline (``2025年6月底前``, ``年底前完成``, ``长期坚持``).

    >>> [zh_due_phrase(s) for s in ("2025年6月底前", "年底前完成", "长期坚持", "市发改委")]
    [True, True, True, False]
    """
    part = part.strip(" \u3000")
    return (
        0 < len(part) <= 20
        and _ZH_DUE_PHRASE.fullmatch(part) is not None
        and _DUE_WORD.search(part) is not None
    )


def zh_due(name: str) -> str | None:
    """The deadline one piece of a lead clause gives -- a ``完成时限：…`` field's value (the
    clause reader's keywords, :data:`ZH_FIELD_KEYWORDS`) or a bare deadline phrase -- else None.

    >>> [zh_due(s) for s in ("完成时限：2025年底", "2025年底前完成", "市财政局")]
    ['2025年底', '2025年底前完成', None]
    """
    m = _CLAUSE.match(name)
    if m is not None and _role_of(m) == "due":
        return name[m.end() :].strip(_BLANKS)
    return name.strip(_BLANKS) if zh_due_phrase(name) else None


def zh_split_dues(names: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """A lead clause's pieces without the deadlines among them, and the first deadline."""
    kept: list[str] = []
    dues: list[str] = []
    for n in names:
        due = zh_due(n)
        if due is None:
            kept.append(n)
        else:
            dues.append(due)
    return tuple(kept), dues[0] if dues else ""
