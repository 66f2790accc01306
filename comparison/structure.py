"""Text -> PlanDocument: numbering grammar, headline sentences, lead-agency clauses, metadata.

The parser is deterministic and linear in the length of the text. Pipeline:
``clean_text`` (chrome, cover notice, licence footer) -> paragraphs -> numbering grammar ->
hierarchy and keys -> lead-agency clauses -> headline titles -> metadata and warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from comparison.budget import tick
from comparison.clean import clean_text, compact, title_block
from comparison.closing import split_closing
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.grammar import (  # the numbering grammar (and the names the tests read)
    _LETTER_RANK,
    _LOWER_LETTER,
    _LOWER_ROMAN,
    _WS,
    _WS_NL,
    TITLE_HEADINGS_MIN,
    TITLE_RANK,
    _classify_en,
    _classify_zh,
    _label_number,
    _starts_unit,
    _strip_ws,
    _upper_letter,
    printed_label,
    title_case_heading,
)
from comparison.greetings import greeting_tail, opens_with_greeting
from comparison.metadata import extract_metadata, guess_year
from comparison.normalize import ZERO_WIDTH
from comparison.notices import notice
from comparison.numbering import (
    LEAD_OPEN,
    Sequences,
    cn_number,
    cn_numeral,
    enumeration_starts,
    opening_label,
    split_run_on,
)
from comparison.roles import (
    RoleClauses,
    en_trailing_owners,
    field_line,
    split_role_clauses,
    zh_agency_names,
    zh_due,
    zh_due_phrase,
    zh_split_dues,
)
from comparison.tables import (
    CLOSE_BRACKETS,
    OPEN_BRACKETS,
    TableBlock,
    TableRow,
    bare_table_end,
    bracket_marks,
    is_table_line,
    read_table,
    split_agencies,
    split_outside_brackets,
    table_rows,
)
from comparison.variants import alternation

__all__ = [
    "PARSER_VERSION",
    "ParseError",
    "cn_number",
    "cn_numeral",
    "parse_text",
    "printed_label",
    "split_lead_clause",
]

# 26: a single-column DOCX table is layout (ingest); 27: closing blocks in every language and on
# one line, a title over its first heading or under an issuer's line, front-matter headings,
# Markdown emphasis and numbered Markdown headings, a first number glued to its heading
PARSER_VERSION = "27"


class ParseError(ValueError):
    """The text cannot be parsed into a plan (empty, or no structure at all)."""


_EN_YEAR = re.compile(
    r"\b(?:(?:Budget|financial year(?: \d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,?)?|for the year)\s+"
    r"|FY\s?)((?:19|20)\d{2})\b"
)
_TITLE_YEAR = re.compile(r"(?<![\d.,$£€])\b((?:19|20)\d{2})\b(?![.,]\d)")
_BOLD_FIELD = re.compile(r"\*\*([^*]{1,40}?):?\*\*:?\s*(.*)")
_BOLD_LINE = re.compile(r"\*\*[^*]{1,200}\*\*:?")

# a list bullet and the blank after it (Markdown "- ", "* ", "+ "; Word's "•", "▪", "➢"…)
_BULLET = re.compile(r"[-*+•·▪▫●○■□◆◇►▶➢➤✓–][ \t\u00a0\u3000]+")
_Hit = tuple[UnitKind, float, str, str, str] | None


def _read_label(s: str, classify: Callable[[str], _Hit]) -> tuple[_Hit, str]:
    """The grammar's reading of paragraph ``s`` and the text it reads: ``s`` itself, or ``s``
    without a list bullet that stands before a label (``- Action 2.1: …``, ``• 1.2 Publish …``,
    ``● 一、…``). A bullet before a figure (``- 2.5 million people …``), a letter or a Roman
    numeral (``- A. Smith will chair …``) is text, as printed."""
    hit = classify(s)
    bullet = _BULLET.match(s) if hit is None else None
    if bullet is None:
        return hit, s
    rest = s[bullet.end() :]
    got = classify(rest)
    if got is None or not got[2]:
        return None, s
    label, body = got[2], got[4].lstrip()
    if " " in label:  # a keyword's: Action 2.1
        return got, rest
    if not label[0].isdigit() and label[0].isascii():
        return None, s  # A., I., iv.
    first = body[:1]
    if first.isascii() and not (first.isupper() or first in '"“‘(«'):
        return None, s  # "2.5 million people": a figure, not a label
    return got, rest


_SENT_END = "。；;！!？?"
_SALUTATIONS = ("各位代表", "同志们", "Mr Speaker, Sir", "Madam Speaker")
# the words opening a bracketed lead clause, and those of the clause's supporting part; in
# simplified and traditional characters (（主辦機關：資訊局；協辦機關：工務局）)
_LEAD_WORDS = (
    "牵头落实单位", "主要牵头单位", "牵头单位", "牵头部门", "责任单位", "责任部门", "主责单位",
    "落实单位", "责任主体", "主办机关", "主办单位",
)  # fmt: skip
_SUPPORT_WORDS = ("配合单位", "配合部门", "协办单位", "协办机关", "参与单位")
_LEAD_KW = re.compile(rf"\s*({alternation(_LEAD_WORDS + _SUPPORT_WORDS)})\s*[:：]\s*")
_LEAD_SPLIT = frozenset("、,，；;")


@dataclass
class _Raw:
    """A unit under construction."""

    kind: UnitKind
    rank: float  # grammar rank: 1 section, 2 task, 3 item, 4 sub-item, 8 一是; 9 paragraph
    label: str
    seg: str  # key segment stem, e.g. "s1", "t2", "i3", "p"
    text: str
    number: int | None = None
    parent: _Raw | None = None
    key: str = ""
    level: int = 1
    title: str = ""
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    due: str = ""
    container: bool = True
    child_counts: dict[str, int] = field(default_factory=dict)


_CJK_RX = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_RX = re.compile(r"[A-Za-z]+")


def _count(rx: re.Pattern[str], s: str) -> int:
    """How many characters of ``s`` the run pattern ``rx`` covers (runs, not one string each)."""
    return len("".join(rx.findall(s)))


def detect_language(text: str) -> str:
    """``zh`` when CJK characters are a noticeable share of the letters, else ``en``."""
    sample = text[:200_000]
    cjk = _count(_CJK_RX, sample)
    latin = _count(_LATIN_RX, sample)
    return "zh" if cjk and cjk * 4 >= latin * 0.2 else "en"


# ---------------------------------------------------------------- paragraphs
_CONT_AFTER = "《“（(〔[【‘「"
_WRAP_END = '。；;！!？?：:」”’）)〕]】."'
_CONT_BEFORE = "》”）)〕]】’」，,、。；;：:！!？?%"


def _continues(prev_piece: str, cur: str, lang: str) -> bool:
    """Is ``cur`` a broken-off continuation of the previous physical line?

    Web exports split lines around links (``《\n书名\n》``) and sub/superscripts
    (``PM\n2.5\n）``); such pieces are glued back regardless of the paragraph mode.
    """
    if lang != "zh" or not prev_piece or not cur:
        return False
    if _starts_unit(cur, lang):
        return False
    if prev_piece[-1] in _CONT_AFTER or cur[0] in _CONT_BEFORE:
        return True
    short_ascii = len(cur) <= 4 and cur.isascii()
    return short_ascii or (len(prev_piece) <= 4 and prev_piece.isascii())


def paragraphs(body: list[str], lang: str) -> list[str]:
    """Group body lines into paragraphs.

    Documents whose paragraphs are separated by blank lines are read block by block (a line
    inside a block continues the paragraph unless it starts with a numbering marker);
    documents without blank-line separation are read line by line. Broken-off pieces
    (see :func:`_continues`) are always glued back.
    """
    joiner = "" if lang == "zh" else " "
    # 1. logical lines: glue broken-off pieces; None marks a blank line.
    logical: list[list[str] | None] = []
    last: list[str] | None = None  # the last logical line (blank lines skipped)
    prev_piece = ""
    soft_break = False  # a line of only zero-width characters: the wiki export's mid-sentence cut
    for ln in body:
        tick()
        piece = _strip_ws(ln)
        if not piece:
            if ln.strip(" \t\n") and prev_piece and prev_piece[-1] not in _WRAP_END:
                soft_break = True
            else:
                logical.append(None)
            continue
        glue = soft_break and not _starts_unit(piece, lang)
        soft_break = False
        if last is not None and (glue or _continues(prev_piece, piece, lang)):
            last.append(piece)
            # drop the blank lines between the pieces
            while logical and logical[-1] is None:
                logical.pop()
        else:
            last = [ln.rstrip() if lang == "zh" else piece]
            logical.append(last)
        prev_piece = piece
    lines = [None if x is None else joiner.join(x) for x in logical]
    nonblank = [i for i, x in enumerate(lines) if x is not None]
    if not nonblank:
        return []
    adjacent = sum(1 for i in nonblank if i + 1 < len(lines) and lines[i + 1] is not None)
    block_mode = adjacent * 3 < len(nonblank)
    # Hard-wrapped text (e.g. from a PDF): a line as long as the wrap width that does not end
    # a sentence continues on the next line.
    lengths = sorted(len(_strip_ws(lines[i] or "")) for i in nonblank)
    wrap = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 10 else 0
    # 2. paragraphs
    out: list[str] = []
    cur: list[str] = []
    prev = ""  # the previous line, stripped
    for x in lines:
        if x is None:
            if cur:
                out.append(joiner.join(cur))
                cur = []
            prev = ""
            continue
        # a field line stands alone, and so does each entry of a bulleted list
        starts = (
            _starts_unit(x, lang) or field_line(x) is not None or bool(_BULLET.match(x.lstrip()))
        )
        wrapped = wrap >= 20 and len(prev) >= 0.85 * wrap and prev[-1:] not in _WRAP_END
        if cur and (starts or not (block_mode or wrapped)):
            out.append(joiner.join(cur))
            cur = []
        stripped = _strip_ws(x)
        cur.append(x if not cur else stripped)
        prev = stripped
    if cur:
        out.append(joiner.join(cur))
    return out


# ---------------------------------------------------------------- lead clauses
@lru_cache(maxsize=1 << 14)  # a pure function of the text; paragraphs recur across years
def split_lead_clause(text: str) -> tuple[str, tuple[str, ...], str | None]:
    """Split a trailing lead-agency clause off ``text``.

    Returns ``(text_without_clause, lead_units, warning)``.

    Examples
    --------
    >>> split_lead_clause("推进改革。(牵头落实单位:市委政研室(改革办)、市财政委,各区)")
    ('推进改革。', ('市委政研室(改革办)', '市财政委', '各区'), None)
    """
    body, tail, start = _closing_clause(text)
    if start < 0:
        if LEAD_OPEN.search(text[-400:]):
            return text, (), notice("lead_clause_unparsed", excerpt=text[-40:].strip())
        return text, (), None
    inner = body[start + 1 : -1]
    m = _LEAD_KW.match(inner)
    if not m:
        return text, (), None
    names = split_outside_brackets(inner[m.end() :], _LEAD_SPLIT)
    cleaned: list[str] = []
    for n in names:
        km = _LEAD_KW.match(n)  # "…；配合单位：…" inside one clause
        if km:
            n = n[km.end() :]
        n = "".join(n.split()).translate(_BRACKETS).strip(ZERO_WIDTH)
        if n:
            cleaned.append(n)
    if not cleaned:
        return text, (), notice("lead_clause_unparsed", excerpt=inner[:40])
    new_text = body[:start].rstrip(_WS) + tail
    return new_text, tuple(cleaned), None


_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "[", "］": "]"})
_BRACKET_MARKS = bracket_marks()


# （市发改委牵头，市财政局、各区政府配合）, （市商务局负责）, （省财政厅等按职责分工负责）:
# who leads and who helps, said with verbs instead of 牵头单位： (task-division plans print both)
_LEAD_VERBS = ("牵头负责", "牵头", "主责", "按职责分工负责", "分工负责", "共同负责", "负责")
_HELP_VERBS = ("配合", "参与", "协同", "协助", "按职责分工负责", "分工负责", "按职责负责")
_LEAD_VERB = f"(?:{alternation(_LEAD_VERBS)})"
_HELP_VERB = f"(?:{alternation(_HELP_VERBS)})"
_VERB_CLAUSE = re.compile(
    rf"(?:由)?(?P<lead>[^（()）\[\]【】，,；;：:。]{{2,80}}?)等?{_LEAD_VERB}"
    rf"(?:[，,；;]\s*(?P<support>[^（()）\[\]【】；;：:。]{{2,160}}?)等?{_HELP_VERB})?"
)
_VERB_NAME_MAX = 30


def split_verb_clause(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """Split a trailing bracketed clause that names the lead and supporting agencies with verbs
    (``（市发改委牵头，市财政局、各区政府配合）``) off ``text``: (text without it, leads,
    supporting), or None when the text ends otherwise.

    >>> split_verb_clause("推进改革。（市发改委牵头，市财政局、各区配合）")
    ('推进改革。', ('市发改委',), ('市财政局', '各区'))
    >>> split_verb_clause("推进改革（力争年底前完成）") is None
    True
    """
    body, tail, start = _closing_clause(text)
    if start < 0:
        return None
    m = _VERB_CLAUSE.fullmatch(body[start + 1 : -1].strip(_WS))
    if m is None:
        return None
    leads = split_agencies(m.group("lead"))
    supports = split_agencies(m.group("support") or "")
    if not leads or any(len(n) > _VERB_NAME_MAX for n in leads + supports):
        return None
    return body[:start].rstrip(_WS) + tail, leads, supports


def split_due_part(text: str) -> tuple[str, str]:
    """A deadline closing the trailing bracket of ``text`` after a comma or semicolon, taken
    out: (text with the bracket's rest, deadline), or (text, "") when there is none.

    >>> split_due_part("推进改革。（市发改委，2025年6月底前）")
    ('推进改革。（市发改委）', '2025年6月底前')
    >>> split_due_part("推进改革（2025年底前）")
    ('推进改革（2025年底前）', '')
    """
    body, tail, start = _closing_clause(text)
    if start < 0 or body[start] not in "（(":
        return text, ""
    inner = body[start + 1 : -1]
    cut = max(inner.rfind(sep) for sep in "，,；;")
    if cut <= 0 or not zh_due_phrase(inner[cut + 1 :]):
        return text, ""
    return body[: start + 1] + inner[:cut].rstrip(_WS) + body[-1] + tail, inner[cut + 1 :].strip(
        _WS
    )


def split_bare_clause(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a trailing bracket that is nothing but agency names (``（市发改委、市财政局）``,
    :func:`comparison.roles.zh_agency_names`) off ``text``: (text without it, leads), or None.

    >>> split_bare_clause("推进重大项目建设。（市发改委、市财政局）")
    ('推进重大项目建设。', ('市发改委', '市财政局'))
    >>> split_bare_clause("审议通过规划（草案）。") is None
    True
    """
    body, tail, start = _closing_clause(text)
    if start < 0 or body[start] not in "（(":  # not quotes
        return None
    # a bracket that is the whole text is the roles of the unit above it (the builder's call)
    names = zh_agency_names(body[start + 1 : -1].strip(_WS), body[:start] or "。")
    if names is None:
        return None
    return body[:start].rstrip(_WS) + tail, names


def _closing_clause(text: str) -> tuple[str, str, int]:
    """``text`` without its trailing sentence ends (``body``), those ends (``tail``, blanks
    between them dropped), and the offset in ``body`` of the bracket opening the clause that
    closes it (-1 when ``body`` ends otherwise): where a lead clause would be."""
    body = text.rstrip(_WS_NL)
    cut = len(body)
    while cut and body[cut - 1] in "。.；;":  # indices, not slices: linear in the run's length
        cut -= 1
        while cut and body[cut - 1] in _WS:
            cut -= 1
    tail = "".join(ch for ch in body[cut:] if ch in "。.；;") if cut < len(body) else ""
    body = body[:cut]
    if not body or body[-1] not in CLOSE_BRACKETS:
        return body, tail, -1
    return body, tail, _clause_start(body)


def _clause_start(body: str) -> int:
    """Offset of the bracket that opens the one closing ``body`` (which ends with a closing
    bracket), or -1. Read from the end, bracket by bracket."""
    depth = 0
    last = len(body) - 1
    for m in _BRACKET_MARKS.finditer(body[::-1]):
        if m.group() in CLOSE_BRACKETS:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return last - m.start()
    return -1


# ---------------------------------------------------------------- titles
_TITLE_MARKS = bracket_marks(_SENT_END)


def _first_sentence(s: str, limit: int) -> tuple[str, bool]:
    """The text up to the first sentence end at bracket depth 0 (scans at most ``limit``)."""
    depth = 0
    for m in _TITLE_MARKS.finditer(s, 0, limit + 1):  # brackets and sentence ends only
        ch = m.group()
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif depth == 0:
            return s[: m.start()], True
    return s[: limit + 1], len(s) <= limit


def heading_title(rest: str, limit: int = 60) -> str:
    """Headline of a numbered heading: the whole short heading or its first sentence."""
    rest = _strip_ws(rest)
    sent, ended = _first_sentence(rest, limit)
    sent = _strip_ws(sent)
    if ended and len(sent) <= limit:
        return sent
    return ""


_EN_SENTENCE = re.compile(r"(.{1,100}?)[.!?;:](?:\s|$)")


def _en_title(rest: str) -> str:
    """English heading/numbered paragraph: the whole short heading or its first sentence."""
    rest = rest.strip()
    m = _EN_SENTENCE.match(rest)
    if m:
        return m.group(1).strip()
    return rest if len(rest) <= 100 else ""


def paragraph_title(text: str, limit: int = 30) -> str:
    """Headline sentence of a plain paragraph ("实施更大规模的减税。普惠性…")."""
    s = _strip_ws(text).lstrip("—-－ ")
    sent, ended = _first_sentence(s, limit)
    if not ended or not sent or len(sent) > limit or len(sent) >= len(s) - 1:
        return ""
    if s[len(sent)] not in "。；;":  # "各位代表！…" is a salutation, not a headline
        return ""
    if any(ch in sent for ch in "，,：:、"):
        return ""
    return _strip_ws(sent)


# ---------------------------------------------------------------- main
_FIRST_SENTENCE_END = re.compile(r"[。！!]|[.!?](?=\s)")


def _title_before_greeting(blocks: list[Block]) -> tuple[str, list[Block]]:
    """A speech printed on one line runs its title into its greeting: ``2026年施政報告主席先生，
    各位議員：…``, ``Budget Statement 2026. Mr Speaker, Sir, I rise …``. The title, and the
    blocks with it taken out ("" and ``blocks`` when the first block opens otherwise)."""
    first = blocks[0]
    assert isinstance(first, str)
    cut = greeting_tail(first)
    if cut is not None and (t := title_block(first[:cut])) is not None:
        return t, [first[cut:], *blocks[1:]]
    m = _FIRST_SENTENCE_END.search(first)
    if m is not None and opens_with_greeting(rest := first[m.end() :].lstrip()):
        t = title_block(first[: m.end()])
        if t is not None:
            return t, [rest, *blocks[1:]]
    return "", blocks


def _closing_greeting(last: str) -> list[str]:
    """The last block of a text on one line, with a closing greeting after its last sentence
    (``…健康藍圖。多謝各位。``, ``… new grant. Thank you.``) cut off as a paragraph of its own."""
    cut = greeting_tail(last)
    if cut is None or last[:cut].rstrip()[-1:] not in ("。", ".", "！", "!", "？", "?"):
        return [last]
    return [last[:cut].rstrip(), last[cut:]]


def _cut_from_first_line(piece: str, body: list[str], lang: str) -> bool:
    """Whether ``piece`` is a sentence cut from the front of the body's first line, a numbering
    label right after it (``2025年重点工作任务。一、…``, or a space between them: ``2025年重点工作
    任务 一、…``): not a paragraph of its own, nor the first lines of a wrapped paragraph."""
    first = next((ln.strip() for ln in body if ln.strip()), "")
    p = piece.strip()
    if len(first) <= len(p) or not first.startswith(p):
        return False
    if not p.endswith(("。", ".")) and not first[len(p)].isspace():
        return False
    return opening_label(first[len(p) :].lstrip(), lang) is not None


def parse_text(
    text: str, *, title: str | None = None, year: int | None = None, language: str | None = None
) -> PlanDocument:
    """Parse a plan's text into a PlanDocument.

    Raises :class:`ParseError` (one-line message) when the text is empty or has no structure.

    Examples
    --------
    >>> doc = parse_text("一、总体要求\\n\\n1.推进改革。加强领导。(牵头单位:市发改委、市财政局)")
    >>> [(u.key, u.kind.value, u.label, u.title) for u in doc.units]
    [('s1', 'section', '一', '总体要求'), ('s1.i1', 'item', '1', '推进改革')]
    >>> doc.units[1].lead_units
    ('市发改委', '市财政局')
    """
    if not isinstance(text, str):
        raise ParseError(notice("not_text", type=type(text).__name__))
    if not text.strip(_WS + "\n\r\x0b\x0c"):
        raise ParseError(notice("empty_document"))
    lang = language or detect_language(text)
    cleaned = clean_text(text)
    warnings: list[str] = []
    meta: dict[str, str] = {}
    if cleaned.header:
        meta.update(extract_metadata(cleaned.header, cleaned.byline))
        n = sum(1 for ln in cleaned.header if ln.strip())
        if n:
            warnings.append(notice("header_removed", lines=n))
    elif cleaned.byline:
        meta.update(extract_metadata([], cleaned.byline))
    if cleaned.removed:
        fragments = " | ".join(x[:20] for x in cleaned.removed[:5])
        warnings.append(notice("chrome_removed", count=len(cleaned.removed), fragments=fragments))
    if cleaned.footer:
        warnings.append(notice("footer_removed", lines=len(cleaned.footer)))
        meta["footer"] = cleaned.footer[0][:80]

    doc_title = ""
    if cleaned.title_line:
        doc_title = cleaned.title_line.lstrip("#").strip()
        if lang == "zh" and compact(doc_title) != doc_title.replace(" ", ""):
            doc_title = doc_title.strip()
        if lang == "zh" and " " in doc_title and len(compact(doc_title)) <= 12:
            doc_title = compact(doc_title)  # "政 府 工 作 报 告"

    body = list(cleaned.body)
    if lang == "en":
        body = _english_front_matter(body, meta, warnings)
    body = [_without_emphasis(ln) if "*" in ln or "__" in ln else ln for ln in body]
    blocks = _blocks(body, lang)
    if not doc_title and len(blocks) > 1 and isinstance(blocks[0], str):
        doc_title, blocks = _title_before_greeting(blocks)
    one_line = sum(1 for ln in body if ln.strip()) == 1
    if one_line and blocks and isinstance(blocks[-1], str):
        blocks = [*blocks[:-1], *_closing_greeting(blocks[-1])]
    if not doc_title and len(blocks) > 1 and isinstance(blocks[0], str):
        head_title = title_block(blocks[0])  # a text on one line: its title is its first piece
        if head_title is not None and _cut_from_first_line(blocks[0], body, lang):
            doc_title, blocks = head_title, blocks[1:]
    blocks = _without_closing(blocks, lang, meta, warnings, one_line)
    paras = [b for b in blocks if isinstance(b, str)]
    raws = _build_units(blocks, lang, warnings)
    if not _has_letters(raws, 3):
        raise ParseError(notice("no_structure"))

    if not doc_title:
        head = "".join(paras[:3])
        if lang == "zh" and ("政府工作" in head or ("报告" in head and "代表" in head)):
            doc_title = "政府工作报告"
        elif meta.get("notice_title"):
            doc_title = meta["notice_title"]
        else:
            first = raws[0]
            doc_title = (first.title or first.text)[:60]
    if title:
        doc_title = title
    meta["title"] = doc_title
    headings = [r.text for r in raws if r.rank == 1]
    guessed = guess_year(doc_title, headings, "\n".join(paras), meta.get("delivered"))
    if lang == "en":
        counts: dict[int, int] = {}
        for ym in _EN_YEAR.finditer("\n".join(paras)):
            counts[int(ym.group(1))] = counts.get(int(ym.group(1)), 0) + 1
        if counts:
            guessed = max(counts, key=lambda y: (counts[y], y))
        elif guessed is None:  # "Clean Air Action Plan 2025", "… 2024-2027": the title's first
            in_title = _TITLE_YEAR.search(doc_title)
            guessed = int(in_title.group(1)) if in_title else None
    plan_year = year if year is not None else guessed
    if plan_year is not None:
        meta["year"] = str(plan_year)
    units = tuple(
        Unit(
            key=r.key,
            parent=r.parent.key if r.parent else None,
            level=r.level,
            kind=r.kind,
            label=r.label,
            title=r.title,
            text=r.text,
            lead_units=r.lead_units,
            support_units=r.support_units,
            due=r.due,
        )
        for r in raws
    )
    return PlanDocument(
        title=doc_title,
        year=plan_year,
        language=lang,
        metadata=meta,
        units=units,
        warnings=tuple(warnings),
    )


def _has_letters(raws: list[_Raw], n: int) -> bool:
    """At least ``n`` letters/CJK characters in the units (stops early)."""
    count = 0
    for r in raws:
        for ch in r.text:
            if ch.isalpha():
                count += 1
                if count >= n:
                    return True
    return False


def _without_closing(
    blocks: list[Block], lang: str, meta: dict[str, str], warnings: list[str], one_line: bool
) -> list[Block]:
    """``blocks`` without the plan's closing block (issuer and date lines, a signature; see
    :mod:`comparison.closing`), which goes into metadata."""
    k = len(blocks)
    while k > 0 and isinstance(blocks[k - 1], str):
        k -= 1
    tail = [b for b in blocks[k:] if isinstance(b, str)]
    found = split_closing(tail, lang, 2 if k == 0 else 0, one_line)  # a table: content enough
    if found is None:
        return blocks
    kept = found.kept
    meta.setdefault("signed", found.signed)
    if found.issuer:
        meta.setdefault("issuer", found.issuer)
    warnings.append(notice("signature_moved", moved=" ".join(found.moved)))
    return [*blocks[:k], *kept]


# Markdown emphasis around words (**Action 1.1:**, *December 2025*, __Lead__): markup, not text.
# A lone * (5 * 3, a footnote's ``handout*.``) stays, and so do a rule's underscores (____); a
# single * only wraps a few words, never a sentence end (footnote marks pair across sentences).
_EMPHASIS = re.compile(
    r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*|__(?=[^\s_])(.+?)(?<=[^\s_])__"
    r"|(?<![\w*])\*(?=\w)([^*.;!?]{1,40}?)(?<=[\w%)])\*(?![\w*])"
)


def _without_emphasis(line: str) -> str:
    """``line`` with Markdown's emphasis marks taken off the words they wrap."""
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or m.group(3), line)


# Hansard markdown writes a turn as a definition list: ``**Mr Speaker**`` then ``: Order. …``;
# the colon is markup, not the first character of what was said.
_TURN_MARKER = re.compile(r"\s*[:：][ \t]*")


def _english_front_matter(body: list[str], meta: dict[str, str], warnings: list[str]) -> list[str]:
    """Hansard-style lines: ``**Date:** …`` to metadata, bold speaker lines dropped."""
    out: list[str] = []
    dropped = 0
    turn = False  # the line after a speaker's name opens the speech with Markdown's ": " marker
    for ln in body:
        s = ln.strip()
        if turn and s:
            turn = False
            m = _TURN_MARKER.match(ln)
            if m:
                ln = ln[m.end() :]
                s = ln.strip()
        if s.startswith("**"):
            m = _BOLD_FIELD.fullmatch(s)
            if m and m.group(2) and len(m.group(1)) <= 20 and len(m.group(2)) <= 200:
                key = m.group(1).strip().lower().replace(" ", "_")
                meta.setdefault(key, m.group(2).strip())
                continue
            if _BOLD_LINE.fullmatch(s):
                name = s.strip("*: ")
                if "speaker" not in meta or (
                    "Minister" in name and "Minister" not in meta["speaker"]
                ):
                    meta["speaker"] = name
                dropped += 1
                turn = True
                continue
        out.append(ln)
    if dropped:
        warnings.append(notice("speaker_lines_dropped", count=dropped))
    return out


Block = str | TableBlock
_SUPPORT_KW = re.compile(rf"(?:{alternation(_SUPPORT_WORDS)})\s*[:：]")


def _support_tail(clause: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a lead clause's names into (leads, supporting): the names after a
    ``配合单位：`` inside the clause (``（牵头单位：市发改委；配合单位：市财政局）``) support."""
    tail = clause[-600:]
    last = None
    for m in _SUPPORT_KW.finditer(tail):
        last = m
    if last is None:
        return names, ()
    after = split_agencies(tail[last.end() :].rstrip(_WS + "\n。；;")[:-1])
    n = sum(1 for name in after if zh_due(name) is None)  # a 完成时限： after them is no name
    if n <= 0:
        return names, ()
    n = min(n, len(names))
    return names[: len(names) - n], names[len(names) - n :]


def _blocks(body: list[str], lang: str) -> list[Block]:
    """Body lines -> paragraphs and pipe tables, in order (see :mod:`comparison.tables`)."""
    out: list[Block] = []
    seg: list[str] = []
    i, n = 0, len(body)
    while i < n:
        j = i
        if is_table_line(body[i]):
            while j < n and is_table_line(body[j]):
                j += 1
        else:
            j = bare_table_end(body, i)  # 序号 | 任务 over --- | ---, no outer pipes
        if j == i:
            seg.append(body[i])
            i += 1
            continue
        table = read_table(body[i:j])
        if table is None:
            seg.extend(body[i:j])
        else:
            if seg:
                out.extend(paragraphs(seg, lang))
                seg = []
            out.append(table)
        i = j
    if seg:
        out.extend(paragraphs(seg, lang))
    seqs = Sequences()
    split: list[Block] = []
    for b in out:
        if isinstance(b, str):
            split.extend(split_run_on([b], lang, seqs))
        else:
            split.append(b)
    return split


class _Builder:
    """Paragraphs and tables -> _Raw units with parents, titles, lead clauses and keys."""

    def __init__(self, lang: str, warnings: list[str]) -> None:
        self.lang = lang
        self.warnings = warnings
        self.classify = _classify_zh if lang == "zh" else _classify_en
        self.root = _Raw(UnitKind.SECTION, 0, "", "", "")
        self.stack: list[_Raw] = []
        self.out: list[_Raw] = []
        self.last_number: dict[tuple[int, float], tuple[int, str]] = {}
        self.seen_labels: dict[tuple[int, str, str], int] = {}
        self.entry_run: _Raw | None = None  # the last entry of an in-sentence list (list_entry)
        self.last_letter: dict[tuple[int, float], str] = {}  # (owner, rank) -> its last letter
        self.title_headings = False  # unnumbered title-case lines are headings (_build_units)
        self.title_rank = TITLE_RANK  # their rank (lowered to head keyword actions: hold_title)
        self.owner_brackets = False  # numbered actions close with their owners (_build_units)
        self.front_titles = False  # the title-case headings are front matter (_front_titles)

    def container(self) -> _Raw | None:
        return next((u for u in reversed(self.stack) if u.container), None)

    def paragraph(
        self, para: str, *, heading: bool = False, read: tuple[_Hit, str] | None = None
    ) -> None:
        """Add paragraph ``para``; ``heading``: it heads a list restarting at 1
        (:func:`_restart_heads`); ``read``: its :func:`_read_label`, when already known."""
        tick()
        s = _strip_ws(para)
        if not s:
            return
        hit, s = read if read is not None else _read_label(s, self.classify)
        if hit is not None and self.lang != "zh":
            hit = self.letters(s, hit)
        if hit is None and (heading or (self.title_headings and title_case_heading(s))):
            hit = (UnitKind.SECTION, self.title_rank, "", "h", s)
        if hit is None:
            fields = field_line(s) if self.stack else None
            if fields is not None:
                self.add_fields(self.stack[-1], fields)
                return
            if s.startswith(_SALUTATIONS):  # speech-level transition, not part of a task
                parent = next((u for u in self.stack if u.rank == 1), None)
            else:
                parent = self.container()
            raw = _Raw(UnitKind.PARAGRAPH, 9, "", "p", s, parent=parent)
            self.leads(raw)
            roles = raw.lead_units or raw.support_units or raw.due
            if roles and self.stack and not _strip_ws(raw.text).strip("。.；;"):
                # a bracketed clause on a line of its own: the roles of the unit above it
                self.add_fields(
                    self.stack[-1], RoleClauses("", raw.lead_units, raw.support_units, raw.due)
                )
                return
            self.finish(raw)
            return
        kind, rank, label, stem, rest = hit
        if self.front_titles and label:  # the outline begins: the front matter ends
            self.stack = [u for u in self.stack if u.seg != "h"]
            self.front_titles = False
        self.hold_title(kind, rank)
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        number = _label_number(label, stem) if label else None
        raw = _Raw(kind, rank, label, stem, _strip_ws(rest), number=number, parent=parent)
        self.check_number(raw)
        self.stack.append(raw)
        self.leads(raw)
        members = enumeration_starts(raw.text) if self.lang == "zh" and stem != "h" else []
        body = raw.text
        if members:
            raw.text = _strip_ws(body[: members[0]])
        self.finish(raw)
        for k, start in enumerate(members):
            end = members[k + 1] if k + 1 < len(members) else len(body)
            piece = body[start:end]
            cut = piece.index("是") + 1
            member = _Raw(UnitKind.ITEM, 8, piece[:cut], "e", _strip_ws(piece[cut:]), parent=raw)
            member.number = cn_number(piece[: cut - 1]) or k + 1
            member.container = False
            self.finish(member)

    def letters(
        self, s: str, hit: tuple[UnitKind, float, str, str, str]
    ) -> tuple[UnitKind, float, str, str, str] | None:
        """A letter label read in its sequence: ``A``/``a`` opens one, any other letter must
        follow its predecessor under the same owner (else the line is text: ``J. Smith …``),
        and a Roman-looking ``C.``/``i.`` right after ``B.``/``h.`` is that letter."""
        _, rank, label, stem, _ = hit
        upper = stem == "l"
        lower = (
            stem == "n"
            and len(label) == 1
            and _LOWER_ROMAN.match(s) is None
            and _LOWER_LETTER.match(s) is not None
        )
        if not (upper or lower):
            roman = len(label) == 1 and label in ("IVXLC" if stem == "s" else "ivx")
            if not roman or stem not in "sn":
                return hit
            letter = _upper_letter(s) if stem == "s" else _LOWER_LETTER.match(s)
            rank_l = _LETTER_RANK if stem == "s" else 4
            if letter is None or not self.follows(label, rank_l):
                return hit
            kind_l = UnitKind.SECTION if stem == "s" else UnitKind.ITEM  # a Roman line is short
            self.last_letter[(id(self.owner(rank_l)), rank_l)] = label
            return kind_l, rank_l, label, "l" if stem == "s" else "n", s[letter.end() :]
        if label not in "Aa" and not self.follows(label, rank):
            return None
        self.last_letter[(id(self.owner(rank)), rank)] = label
        return hit

    def hold_title(self, kind: UnitKind, rank: float) -> None:
        """A title-case heading directly followed by a numbered action or task that ranks above
        it (``Clean Energy`` over ``Action 1``: keyword ranks sit between 1 and 3) heads it: the
        heading, and every later title-case heading, takes a rank just above the action's."""
        top = self.stack[-1] if self.stack else None
        if (
            top is None
            or top.seg != "h"
            or top.rank != self.title_rank
            or kind not in (UnitKind.ITEM, UnitKind.TASK)
            or rank > top.rank
            or not self.out
            or self.out[-1] is not top  # only for its first child
        ):
            return
        held = rank - 0.01
        if top.parent is not None and top.parent.rank >= held:
            return
        top.rank = self.title_rank = held

    def owner(self, rank: float) -> _Raw | None:
        """The numbered unit a letter of ``rank`` would count under: its would-be ancestor,
        past unnumbered headings (``## A. …`` over each ``A. …`` line does not restart the
        letters; the stack is not changed)."""
        return next((u for u in reversed(self.stack) if u.rank < rank and u.seg != "h"), None)

    def follows(self, label: str, rank: float) -> bool:
        """``label`` is the letter after the last one of its rank under the same owner."""
        last = self.last_letter.get((id(self.owner(rank)), rank))
        return last is not None and ord(label) == ord(last) + 1

    @staticmethod
    def add_fields(raw: _Raw, fields: RoleClauses) -> None:
        """A field line's roles (``责任单位：…``, ``Timeline: …``) join the unit it stands under:
        names not yet listed are added after those of its own clause, a deadline after its."""
        leads = dict.fromkeys((*raw.lead_units, *fields.lead_units))  # once each, in order
        raw.lead_units = tuple(leads)
        raw.support_units = tuple(
            n for n in dict.fromkeys((*raw.support_units, *fields.support_units)) if n not in leads
        )
        if fields.due:
            raw.due = f"{raw.due}; {fields.due}" if raw.due else fields.due

    def check_number(self, raw: _Raw) -> None:
        parent, number, label = raw.parent, raw.number, raw.label
        if number is None:
            return
        pid = id(parent) if parent else id(self.root)
        prev = self.last_number.get((pid, raw.rank))
        if prev is not None and number != prev[0] + 1:
            where = f" under {parent.label or parent.key}" if parent else ""
            if number == prev[0]:
                self.warnings.append(notice("duplicate_label", label=label, where=where))
            else:
                self.warnings.append(
                    notice("numbering_gap", previous=prev[1], label=label, where=where)
                )
        self.last_number[(pid, raw.rank)] = (number, label)

    def leads(self, raw: _Raw) -> None:
        if self.lang == "zh":
            new_text, leads, warn = split_lead_clause(raw.text)
            if leads:
                start = len(new_text.rstrip("。.；;"))  # where the clause began
                # （牵头单位：市发改委；完成时限：2025年底）: the deadline is no lead
                leads, due = zh_split_dues(leads)
                raw.lead_units, raw.support_units = _support_tail(raw.text[start:], leads)
                raw.text = new_text
                raw.due = raw.due or due
            if warn:
                self.warnings.append(warn)
            if leads or warn:
                return
            # a deadline closing the bracket: （市发改委，6月底前）, （市发改委牵头，年底前完成）
            text, due = split_due_part(raw.text)
            verbs = split_verb_clause(text)
            if verbs is not None:
                raw.text, raw.lead_units, raw.support_units = verbs
                raw.due = raw.due or due
                return
            bare = split_bare_clause(text)
            if bare is not None:
                raw.text, raw.lead_units = bare
                raw.due = raw.due or due
                return
        # "… Lead: Ministry of Health; Support: …", "(Pilote : …)", "（担当：…）"
        roles = split_role_clauses(raw.text)
        if roles.lead_units:
            raw.text = roles.text
            raw.lead_units, raw.support_units = roles.lead_units, roles.support_units
            raw.due = raw.due or roles.due
        elif self.owner_brackets and raw.label and raw.kind is not UnitKind.SECTION:
            # "Action 4. Publish a skills strategy (DfE, DWP)": owners closing a numbered action
            owners = en_trailing_owners(raw.text)
            if owners is not None:
                raw.text, raw.lead_units = owners

    def title(self, raw: _Raw) -> None:
        if raw.kind is UnitKind.PARAGRAPH:
            raw.title = paragraph_title(raw.text) if self.lang == "zh" else ""
        elif raw.seg == "h":
            raw.title = raw.text.strip("# ")
        else:
            raw.title = heading_title(raw.text) if self.lang == "zh" else _en_title(raw.text)
        if raw.kind is UnitKind.ITEM and 3 <= raw.rank < 8:
            raw.container = len(raw.text) <= len(raw.title) + 1 and not self.list_entry(raw)

    def list_entry(self, raw: _Raw) -> bool:
        """``raw`` is an entry of a list that runs inside a sentence -- ``we will: (a) tackle …;
        (b) …; (e) and ultimately, forge …`` -- not a heading: it ends with a list separator, or
        opens in lower case, or follows a sibling that did. What comes after such a list belongs
        to the list's parent, not to its last entry."""
        text = raw.text.rstrip()
        entry = text.endswith((";", "；")) or (self.lang != "zh" and text[:1].islower())
        sibling = self.entry_run
        entry = entry or (
            sibling is not None and sibling.parent is raw.parent and sibling.rank == raw.rank
        )
        self.entry_run = raw if entry else None
        return entry

    def finish(self, raw: _Raw, *, titled: bool = False) -> None:
        if not titled:
            self.title(raw)
        holder = raw.parent or self.root
        if raw.kind is UnitKind.PARAGRAPH or raw.seg == "h":
            n = holder.child_counts.get(raw.seg, 0) + 1
            holder.child_counts[raw.seg] = n
            seg = f"{raw.seg}{n}"
        else:
            if raw.number is not None:
                ident = str(raw.number)
            else:
                ident = _safe(raw.label.rsplit(" ", 1)[-1]) if raw.label else ""
            if not ident:  # a table row without a serial number
                ident = str(holder.child_counts.get(raw.seg, 0) + 1)
            holder.child_counts[raw.seg] = holder.child_counts.get(raw.seg, 0) + 1
            seg = f"{raw.seg}{ident}"
            dup_key = (id(holder), raw.seg, ident)
            k = self.seen_labels.get(dup_key, 0) + 1
            self.seen_labels[dup_key] = k
            if k > 1:
                seg = f"{seg}~{k}"
        raw.key = f"{raw.parent.key}.{seg}" if raw.parent else seg
        raw.level = raw.parent.level + 1 if raw.parent else 1
        self.out.append(raw)

    def table(self, block: TableBlock) -> None:
        """A task table's rows as units under the current section (see comparison.tables)."""
        opened: list[_Raw] = []  # the table's open sections, outermost first
        rows = table_rows(block)
        tasks = sum(1 for r in rows if r.kind == "task")
        if tasks:
            self.warnings.append(notice("task_table", rows=tasks))
        for row in rows:
            if row.kind == "section":
                del opened[row.depth :]
                opened.append(self.table_section(row, opened[-1] if opened else None))
                continue
            parent = opened[row.depth - 1] if 0 < row.depth <= len(opened) else self.container()
            if row.kind == "text":
                self.finish(_Raw(UnitKind.PARAGRAPH, 9, "", "p", row.text, parent=parent))
            else:
                self.table_task(row, parent)

    def table_section(self, row: TableRow, parent: _Raw | None) -> _Raw:
        """A section row or category value. A numbered one at the table's top level
        (``（二）保障改善民生``) takes its place in the document's numbering like a heading line."""
        hit = self.classify(row.text)
        if hit is not None and hit[3] != "h" and hit[0] is not UnitKind.ITEM:
            kind, rank, label, stem, rest = hit  # "一、…" a section, "（一）…" a task
            if parent is None:
                while self.stack and self.stack[-1].rank >= rank:
                    self.stack.pop()
                parent = self.stack[-1] if self.stack else None
            raw = _Raw(kind, rank, label, stem, _strip_ws(rest), parent=parent)
            raw.number = _label_number(label, stem)
            if parent is None or any(p is parent for p in self.stack):
                self.check_number(raw)
                self.stack.append(raw)
        else:
            parent = parent or self.container()
            raw = _Raw(UnitKind.SECTION, 9, "", "h", row.text, parent=parent)
        raw.title = raw.text if len(raw.text) <= 60 else heading_title(raw.text)
        self.finish(raw, titled=True)
        return raw

    def table_task(self, row: TableRow, parent: _Raw | None) -> _Raw:
        label = row.serial.strip(" .．、（）()")
        number = cn_number(label) if label else None
        raw = _Raw(UnitKind.ITEM, 3, label, "i", row.text, number=number, parent=parent)
        raw.lead_units, raw.support_units, raw.due = row.lead_units, row.support_units, row.due
        if not (row.lead_units or row.support_units):
            self.leads(
                raw
            )  # no agency column: 实施重大项目。（牵头单位：市发改委） in the task's cell
        if row.title:
            raw.title = row.title
        raw.container = False
        self.finish(raw, titled=bool(row.title))
        return raw


OWNED_ACTIONS_MIN = 2


def _en_conventions(paras: list[Block], reads: list[tuple[_Hit, str]]) -> tuple[bool, bool]:
    """Whether an English document heads sections with unnumbered title-case lines (at least
    ``TITLE_HEADINGS_MIN`` of them), and closes numbered actions with their owners, "(DfE, DWP)"
    (a convention a plan keeps: at least ``OWNED_ACTIONS_MIN`` actions, so a one-off
    "(Microsoft Office)" stays text). ``reads`` are the paragraphs' :func:`_read_label`."""
    titles = owned = 0
    for p, (hit, text) in zip(paras, reads, strict=True):
        if not isinstance(p, str):
            continue
        if hit is None:
            titles += title_case_heading(p)
        elif hit[0] is not UnitKind.SECTION and en_trailing_owners(text):
            owned += 1
    return titles >= TITLE_HEADINGS_MIN, owned >= OWNED_ACTIONS_MIN


def _front_titles(paras: list[Block], reads: list[tuple[_Hit, str]]) -> bool:
    """Whether the title-case headings are front matter (``Foreword``, a minister's name and
    post) above a numbered outline with headings of its own (``1. Skills`` / ``1.1 …``): every
    one comes before the first numbered paragraph, and that paragraph is heading-shaped. The
    outline then stands at the top, not under the last line of the front matter."""
    before = False  # a title-case heading before the first numbered paragraph
    first: str | None = None  # that paragraph's text
    for p, (hit, _) in zip(paras, reads, strict=True):
        if not isinstance(p, str):
            continue
        if hit is None:
            if title_case_heading(p):
                if first is not None:
                    return False  # a heading inside the outline: the headings group it
                before = True
        elif hit[2] and first is None:
            first = hit[4]
    return before and first is not None and _heading_shape(first)


_HEAD_END = ".;,!?:。；，！？：…"
_HAS_CJK_OR_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


# a lead-in ("We will also", "In addition to"), not a heading: opening with a pronoun or a
# conjunction, or ending in a word that wants more after it
_LEAD_IN_FIRST = frozenset((
    "i", "we", "you", "he", "she", "it", "they", "this", "these", "those", "our", "my",
    "there", "here", "and", "but", "or", "so", "also", "then", "nous", "il", "elle", "ils",
    "on", "wir", "er", "sie", "es",
))  # fmt: skip
_LEAD_IN_LAST = frozenset((
    "a", "an", "the", "and", "or", "but", "of", "to", "for", "with", "in", "on", "at", "by",
    "from", "as", "also", "that", "which", "will", "would", "shall", "can", "should", "must",
    "is", "are", "was", "were", "be", "our", "their", "its",
))  # fmt: skip


def _heading_shape(p: str) -> bool:
    """A line a heading could be: 1 to 12 words, at most 80 characters (30 in a script that
    writes no blanks between words, such as Thai), no label, no closing punctuation, opening
    with a capital or a letter of a script without case, and no lead-in (``We will also``)."""
    s = p.strip()
    if not s or len(s) > 80 or s[-1] in _HEAD_END or len(s.split()) > 12:
        return False
    first = s[0]
    if not (first.isupper() or (first.isalpha() and not first.islower() and not first.isascii())):
        return False
    words = s.casefold().split()
    if words[0] in _LEAD_IN_FIRST or words[-1] in _LEAD_IN_LAST:
        return False
    return first.isascii() or " " in s or len(s) <= 30 or _HAS_CJK_OR_KANA.search(s) is not None


def _restart_heads(paras: list[Block], reads: list[tuple[_Hit, str]]) -> set[int]:
    """Indices of the unnumbered lines that head a list restarting at 1.

    ``Clean energy`` / ``1. … 2. …`` / ``Transport`` / ``1. …``: a list that starts again at 1
    after an unnumbered short line shows that line to be a heading, whatever its case. Read as a
    convention: when at least one such line follows a list that had got past 1, every
    heading-shaped line directly before an item 1 is a heading (the first one too); a lone
    short line before the document's only list is left as it was.
    """
    heads: list[int] = []
    restarted = False
    seen_past_one = False
    for k, p in enumerate(paras):
        if not isinstance(p, str):
            continue
        hit = reads[k][0]
        if hit is not None:
            kind, _, label, stem, _ = hit
            n = _label_number(label, stem) if label else None
            if kind is not UnitKind.SECTION and n is not None and n > 1:
                seen_past_one = True
            continue
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if not isinstance(nxt, str) or not _heading_shape(p) or field_line(p) is not None:
            continue
        after = reads[k + 1][0]
        if after is None or after[0] is UnitKind.SECTION or not after[2]:
            continue
        if _label_number(after[2], after[3]) != 1:
            continue
        heads.append(k)
        restarted = restarted or seen_past_one
        seen_past_one = False
    return set(heads) if restarted else set()


def _build_units(paras: list[Block], lang: str, warnings: list[str]) -> list[_Raw]:
    b = _Builder(lang, warnings)
    heads: set[int] = set()
    reads: list[tuple[_Hit, str]] = []
    if lang != "zh":  # each paragraph read once, for the conventions and for the builder
        reads = [_read_label(p, _classify_en) if isinstance(p, str) else (None, "") for p in paras]
        b.title_headings, b.owner_brackets = _en_conventions(paras, reads)
        heads = _restart_heads(paras, reads)
        b.front_titles = b.title_headings and not heads and _front_titles(paras, reads)
    for k, para in enumerate(paras):
        if isinstance(para, TableBlock):
            b.table(para)
        else:
            # the builder reads the stripped text: a reading of the same text is reused
            read = reads[k] if reads and para == _strip_ws(para) else None
            b.paragraph(para, heading=k in heads, read=read)
    return b.out


def _safe(label: str) -> str:
    return re.sub(r"[^0-9A-Za-z\-]", "-", label.replace(".", "-")) or "x"
