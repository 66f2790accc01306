"""PDF -> plain text through poppler's ``pdftotext`` (a system tool; no Python dependency).

PDF has no paragraphs, only lines, so the visual lines are joined back into paragraphs: a line
continues the previous one unless that one ended a sentence, was visibly short of the text width,
or this one starts with a number.
"""

from __future__ import annotations

import re
import shutil
import subprocess

_SENTENCE_END = ("。", "！", "？", "；", ";", "!", "?", "。”", "！”", "？”", "。」", "。』")
_STARTS_UNIT = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十\d０-９]{1,3}\s*[）)]|"
    r"[\d０-９]{1,3}\s*[.．、]|#|[IVX]{1,5}\.\s|\d+(?:\.\d+)+\s)"
)
_LEAD_CLAUSE = re.compile(r"^[〔(（\[【]\s*(?:牵头|责任|主责|落实|配合|协办)")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


class PdfUnavailable(RuntimeError):
    """pdftotext is not installed."""


class PdfUnreadable(ValueError):
    """The PDF is damaged, encrypted, or has no text layer."""


def pdf_to_text(data: bytes, *, timeout: float = 120) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise PdfUnavailable("pdftotext not found")
    try:
        proc = subprocess.run(
            [exe, "-enc", "UTF-8", "-nopgbrk", "-q", "-", "-"],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfUnreadable("timed out") from None
    if proc.returncode != 0:
        raise PdfUnreadable(proc.stderr.decode("utf-8", "replace").strip()[:200])
    return join_lines(proc.stdout.decode("utf-8", errors="replace"))


def _width(line: str) -> int:
    return sum(2 if _CJK.match(ch) else 1 for ch in line)


def join_lines(raw: str) -> str:
    """Visual lines -> paragraphs separated by blank lines."""
    lines = [line.strip() for line in raw.replace("\f", "\n").splitlines()]
    widths = sorted(_width(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 0
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
