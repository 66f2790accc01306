"""A PDF's visual lines joined back into paragraphs (:mod:`archive.ingest.pdf` and its tables).

A line continues the previous one unless that one ended a sentence, was visibly short of the
text width, or this one starts with a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["cjk_spacing", "full_width", "join_lines"]

_SENTENCE_END = ("。", "！", "？", "；", ";", "!", "?", "。”", "！”", "？”", "。」", "。』")
_STARTS_UNIT = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十\d０-９]{1,3}\s*[）)]|"
    r"[\d０-９]{1,3}\s*[.．、]|#|[IVX]{1,5}\.\s|\d+(?:\.\d+)+\s)"
)
_LEAD_CLAUSE = re.compile(r"^[〔(（\[【]\s*(?:牵头|责任|主责|落实|配合|协办)")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
_GAP_BY_HAN = re.compile(f"(?<=[{_HAN}]) +(?=[0-9%])|(?<=[0-9%]) +(?=[{_HAN}])")
_LATIN = re.compile("[A-Za-z]")
_HAN_CHAR = re.compile(f"[{_HAN}]")


def cjk_spacing(line: str) -> str:
    """``2026 年 12 月`` -> ``2026年12月`` in a line of Chinese (more Chinese characters than
    Latin letters): pdftotext turns the gap a typesetter leaves between Chinese and a number into
    a space the text never had (the same plan as text reads ``2026年``). Latin words keep
    their spaces."""
    if " " not in line or len(_HAN_CHAR.findall(line)) <= len(_LATIN.findall(line)):
        return line
    return _GAP_BY_HAN.sub("", line)


def _width(line: str) -> int:
    return sum(2 if _CJK.match(ch) else 1 for ch in line)


def full_width(lines: Sequence[str]) -> int:
    """The width of a full line of text (wider than nine lines in ten), in half-em columns."""
    widths = sorted(_width(line.strip()) for line in lines if line.strip())
    return widths[int(len(widths) * 0.9)] if widths else 0


def join_lines(raw: str, full: int | None = None) -> str:
    """Visual lines -> paragraphs separated by blank lines (``full``: the width of a full
    line, when the lines are a piece of a longer text; else measured on them)."""
    lines = [cjk_spacing(line.strip()) for line in raw.replace("\f", "\n").splitlines()]
    if full is None:
        full = full_width(lines)
    paragraphs: list[str] = []
    current = ""
    short_before = False
    for line in lines:
        ends = current.endswith(_SENTENCE_END) or short_before
        if not line:  # a gap; a full line cut mid-sentence runs on (page breaks)
            if current and ends:
                paragraphs.append(current)
                current = ""
            continue
        short_before = _width(line) < 0.8 * full
        if current and (ends or _STARTS_UNIT.match(line)) and not _LEAD_CLAUSE.match(line):
            paragraphs.append(current)
            current = line
        elif current:
            cjk_join = _CJK.match(line[0]) or _CJK.match(current[-1])
            current += line if cjk_join else " " + line
        else:
            current = line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
