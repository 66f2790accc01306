"""Text-level page chrome and boilerplate removal, and finding where the body starts.

Input is already-decoded text (bytes -> text is the archive's job). Output separates what
was printed *around* the plan (web-page chrome, cover notice, licence footer) from the
plan's own body, keeping every removed line so nothing is silently lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from comparison.budget import tick
from comparison.normalize import ZERO_WIDTH, fold_spaces

__all__ = ["CHROME_LINE", "CHROME_TAIL", "Cleaned", "clean_text", "compact", "split_lines"]

# Whole lines that are web-page chrome wherever they occur.
CHROME_LINE = re.compile(
    r"^(?:"
    r"您现在的位置|当前位置[:：]|您的位置[:：]|【\s*字体|\[\s*字体|字体[:：]\s*[大中小]|"
    r"触碰右侧展开|i深圳$|打印本页|关闭窗口|【打印】|【关闭】|分享到[:：]?|扫一扫|"
    r"上一篇|下一篇|返回顶部|网站地图|版权所有|主办单位[:：]|ICP备|"
    r"[-=_*]{2,}$"
    r")"
)
# Web-page chrome that may trail a useful line (e.g. "... 信息提供日期:2014-07-02 【字体:").
# The look-behind starts a match only at the first blank of a run: without it every blank of a
# long run would rescan the rest of the run (quadratic: 一 + 100,000 spaces + 、 took 20 s).
CHROME_TAIL = re.compile(r"(?<!\s)\s*【\s*字体[:：].*$")
# Start of a licence footer (Wikisource and similar); everything from here on is dropped.
_FOOTER_OPENINGS = (
    r"本作品是中华人民共和国的",
    r"本作品在全世界都属于公有领域",
    r"本作品(?:来自|采用)",
    r"Public domain$",
    r"This work is in the public domain",
)
_FOOTER_START = re.compile("^(?:" + "|".join(_FOOTER_OPENINGS) + ")")
# the first character of each opening: a line holding none of them opens no footer
_FOOTER_FIRST = frozenset(o[0] for o in _FOOTER_OPENINGS)
_TITLE_WORDS = re.compile(
    r"(要点|计划|报告|方案|规划|意见|安排|纲要|任务|清单|项目|行动|举措|分工|台账|計画|方針|施策"
    # a workbook's title: 任务分解表, 项目一览表, 責任分工表
    r"|(?:分解|分工|任务|任務|项目|項目|计划|計畫|一览|一覽|汇总|彙總|明细|明細|责任|責任|进度|進度)表"
    # traditional Chinese (臺北市政府113年度施政計畫) and Korean (2024년 업무계획)
    r"|要點|計畫|計劃|報告|規劃|綱要|任務|清單|項目|行動|舉措|臺賬"
    r"|계획|보고|방안|방침)"
    r"(?:[（(][^）)]{1,8}[）)])?$"
)
# An English (or other Latin-script) plan's first line is its title when it names a kind of plan
# or a year: "Clean Air Action Plan 2025", "Digital Strategy", never "Mr Speaker, Sir"
_EN_TITLE_WORDS = re.compile(
    r"\b(?:plan|programme|program|strategy|strategies|report|budget|statement|agenda|framework|"
    r"roadmap|road map|policy|address|blueprint|priorities|action|actions|measures|initiatives|"
    r"work programme|compact|declaration|guidelines|white paper|review|(?:19|20)\d{2}|"
    # the other languages' plans: a title-case name is not enough there
    r"plano|piano|programa|programma|programm|arbeitsprogramm|plan d'action|actieplan|"
    r"план|программа|kế hoạch|chương trình|rencana|program kerja|eylem planı)\b"
    r"|แผน|ปีงบประมาณ|พ\.ศ\.|خطة|برنامج",
    re.I,
)
_EN_TITLE_MAX = 100
_LABEL_START = re.compile(r"^\s*(?:[0-9]|\(|[A-Za-z][.)]\s|[IVXLC]+\.\s|#)")
_SECTION_START = re.compile(r"^[一二三四五六七八九十]{1,3}[、．]")
_BYLINE = re.compile(r"^(?:[-—－─]{1,4}\s*)?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


@dataclass
class Cleaned:
    """The result of :func:`clean_text`."""

    header: list[str] = field(default_factory=list)  # lines before the title (metadata lives here)
    title_line: str | None = None
    byline: list[str] = field(default_factory=list)  # date/occasion/speaker lines after the title
    body: list[str] = field(default_factory=list)  # the plan's own lines (blank lines kept as "")
    removed: list[str] = field(default_factory=list)  # chrome lines dropped from the body
    footer: list[str] = field(default_factory=list)  # licence/boilerplate footer dropped


def split_lines(text: str) -> list[str]:
    """CRLF/CR -> LF, then split into lines (right-stripped of whitespace)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [ln.rstrip() for ln in text.split("\n")]


def compact(line: str) -> str:
    """The line without any whitespace or zero-width characters (for recognising it)."""
    return "".join(fold_spaces(line).split())


# a numbering label opening a line: a heading's, never a title's (Ⅲ. 추진 계획, 1. 工作方案)
_ANY_LABEL = re.compile(
    r"^(?:[0-9０-９]{1,3}(?:[.．、)）]|\s)|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]|[（(][0-9一二三四五六七八九十]"
    r"|第[0-9一二三四五六七八九十]+[章节部分篇]|第[0-9０-９]{1,2}(?![0-9０-９个次届批期年])"
    r"|[가-하][.)])"
)


def _is_title_candidate(c: str) -> bool:
    if not (4 <= len(c) <= 50) or not _TITLE_WORDS.search(c):
        return False
    if any(ch in c for ch in "。；;:：《》，,!！?？") or c.endswith("通知"):
        return False
    return not _SECTION_START.match(c) and not _ANY_LABEL.match(c)


_ATTACHMENT = re.compile(
    r"^\s*(?:附件|附表|附錄|附录|annex|annexe|appendix|attachment|anlage|anexo)\s*"
    r"[0-9０-９一二三四五六七八九十A-Z]{0,3}\s*[:：]?\s*$",
    re.IGNORECASE,
)


def _find_title(lines: list[str]) -> int | None:
    """Index of the plan's own title line: the last candidate before the first section heading."""
    limit = len(lines)
    for i, ln in enumerate(lines):
        if _SECTION_START.match(compact(ln)):
            limit = i
            break
    limit = min(limit, max(60, len(lines) // 3))
    found: int | None = None
    for i in range(limit):
        stripped = lines[i].strip()
        if stripped.startswith("# "):  # Markdown document title
            return i
        if len(stripped) > 120 or stripped.startswith("##"):
            continue  # a long line, or a heading ("## 重点项目": a workbook's sheet, a section)
        # an attachment's label above the title stands apart like a blank (附件1 / Annex 2)
        blank_before = i == 0 or not lines[i - 1].strip() or bool(_ATTACHMENT.match(lines[i - 1]))
        # on its own: a blank after it, or the first heading right under it (一、… / 1. …)
        blank_after = i + 1 >= len(lines) or not lines[i + 1].strip()
        if not blank_after:
            below = compact(lines[i + 1])
            blank_after = bool(_SECTION_START.match(below) or _ANY_LABEL.match(below))
        if blank_before and blank_after and _is_title_candidate(compact(stripped)):
            found = i
    return found if found is not None else _latin_title(lines)


_LATIN_HEAD_LINES = 3  # an issuer's name, a department's, then the title


def _latin_title(lines: list[str]) -> int | None:
    """The title line of a text without CJK characters: among its first ``_LATIN_HEAD_LINES``
    lines (``Department for Local Growth`` / ``Local Growth Action Plan 2025``), the first that
    is short, on its own (a blank or a numbered line after it), with no closing punctuation and
    no numbering label, and names a kind of plan or a year (see ``_EN_TITLE_WORDS``). The lines
    above it are the header."""
    seen = 0
    for i, ln in enumerate(lines):
        line = ln.strip()
        if not line:
            continue
        if len(line) > _EN_TITLE_MAX or line.endswith((".", ":", ";", ",", "!", "?")):
            return None
        if _LABEL_START.match(line) or seen == _LATIN_HEAD_LINES:
            return None
        seen += 1
        # on its own: a blank line or a numbered line after it
        alone = i + 1 >= len(lines) or not lines[i + 1].strip()
        alone = alone or bool(_LABEL_START.match(lines[i + 1]))
        if alone and _names_a_plan(line):
            return i
    return None


def _names_a_plan(line: str) -> bool:
    """A line without CJK characters or a numbering label that names a kind of plan or a year
    (``_EN_TITLE_WORDS``): what a Latin-script title says."""
    if _LABEL_START.match(line) or any("\u3400" <= ch <= "\u9fff" for ch in line):
        return False
    return _EN_TITLE_WORDS.search(line) is not None


_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|年度|년")
SMALL_WORDS = frozenset((
    "a", "an", "and", "at", "by", "de", "del", "des", "du", "for", "from", "in", "la", "le",
    "les", "of", "on", "or", "the", "to", "und", "von", "y", "zu",
))  # fmt: skip


def title_block(text: str) -> str | None:
    """``text`` as a plan's title, or None: the first piece of a text that runs on one line
    (``2025年重点工作任务。一、…``, ``Policy Address 2024. Chapter 1: …``) has no title line of
    its own, so its first sentence is read as one when it would pass as a title line and names
    a year (a sentence such as ``现提出如下实施意见。`` or ``We will publish a review.`` is the
    text's own) -- or, in Latin script, is written in title case."""
    t = text.strip().rstrip("。.").strip()
    if not t or len(t) > _EN_TITLE_MAX:
        return None
    if _is_title_candidate(compact(t)):
        return t if _A_YEAR.search(t) else None
    if any(ch in t for ch in ".;:!?") or not _names_a_plan(t):
        return None
    words = [w for w in t.split() if w.lower() not in SMALL_WORDS]
    title_case = bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    return t if _A_YEAR.search(t) or title_case else None


def clean_text(text: str) -> Cleaned:
    """Split ``text`` into header, title, byline, body and removed chrome/footer lines."""
    lines = split_lines(text)
    out = Cleaned()
    # 1. Licence footer: cut from its first line to the end.
    for i, ln in enumerate(lines):
        head = ln[:80]
        if not any(c in head for c in _FOOTER_FIRST):
            continue
        if _FOOTER_START.match(compact(head)) or _FOOTER_START.match(head.strip()):
            out.footer = [x for x in lines[i:] if x.strip()]
            lines = lines[:i]
            break
    # 2. Title line; lines before it are header (metadata, cover notice, breadcrumbs).
    t = _find_title(lines)
    start = 0
    if t is not None:
        out.header = lines[:t]
        out.title_line = lines[t].strip().strip(ZERO_WIDTH).strip()
        start = t + 1
    first = next((ln for ln in lines[start:] if ln.strip()), "")
    if t is not None or _BYLINE.match(compact(first)):
        # Byline: date/occasion and speaker lines right after the title.
        j = start
        while j < len(lines) and j < start + 24:
            c = compact(lines[j])
            if not c:
                j += 1
                continue
            if _BYLINE.match(c) or (
                out.byline
                and len(c) <= 30
                and not any(ch in c for ch in "。；，,:：!！")
                and not _SECTION_START.match(c)
            ):
                out.byline.append(lines[j].strip())
                j += 1
                continue
            break
        if out.byline:
            start = j
    # 3. Body: drop chrome lines wherever they are.
    for ln in lines[start:]:
        tick()
        short = len(ln.strip()) <= 120  # chrome lines are short
        c = compact(ln[:200]) if short else ""
        if c and CHROME_LINE.match(c):
            out.removed.append(ln.strip())
            continue
        m = CHROME_TAIL.search(ln) if "【" in ln else None  # the pattern needs a 【
        if m:
            out.removed.append(m.group(0).strip())
            ln = ln[: m.start()]
        out.body.append(ln)
    return out
