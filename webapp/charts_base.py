"""What every chart builder shares: colours, words, the base layout, and text that fits.

Plotly does not wrap text and does not size margins to annotations, so labels are measured and
broken here, in "em" (1 em = the font size): a CJK character is about 1 em wide, a Latin letter
about 0.56 em (Noto Sans). The estimates err a little wide, so a label sized here fits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

from comparison.document import Unit, UnitKind

Figure = dict[str, Any]

COLORS = {
    "new": "#2a9d8f",
    "changed": "#e9a23b",
    "unchanged": "#a9b4be",
    "revived": "#7b4fc9",
    "dropped": "#d1495b",
    "moved": "#3d7dd8",
    "split": "#8c6bb1",
    "merged": "#c26fa6",
    "restructured": "#4a8fa8",
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "new": "new",
        "changed": "changed",
        "unchanged": "unchanged",
        "revived": "revived",
        "dropped": "dropped",
        "moved": "moved",
        "split": "split",
        "merged": "merged",
        "restructured": "restructured",
        "count": "count",
        "year": "year",
        "items_led": "items led (primary lead)",
        "items_supported": "items supported",
        "preamble": "(before the first section)",
        "document": "(whole document)",
        "new_units": "(new)",
        "dropped_units": "(dropped)",
        "units": "units",
        "led": "led",
        "supported": "supported",
        "one_year": "one year only: units per agency in {year}",
        "one_agency": "one agency only: {agency}, units per year",
        "first_seen": "from {year}: ",
    },
    "zh": {
        "new": "新增",
        "changed": "修改",
        "unchanged": "未变",
        "revived": "恢复",
        "dropped": "删除",
        "moved": "移动",
        "split": "拆分",
        "merged": "合并",
        "restructured": "重组",
        "count": "数量",
        "year": "年份",
        "items_led": "牵头事项数(主牵头)",
        "items_supported": "配合事项数",
        "preamble": "(首个章节之前)",
        "document": "(全文)",
        "new_units": "(新增)",
        "dropped_units": "(删除)",
        "units": "条",
        "led": "牵头",
        "supported": "配合",
        "one_year": "仅一年：{year}年各单位牵头的事项数",
        "one_agency": "仅一个单位：{agency}逐年牵头的事项数",
        "first_seen": "{year}年起：",
    },
}

FONT = {
    "family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", '
    "system-ui, -apple-system, sans-serif",
    "size": 13,
    "color": "#24292f",
}

# Below this container width (px) the site draws a figure's "narrow" variant, if it has one.
NARROW_BELOW = 600


def _t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key, key)


def shorten(text: str, limit: int = 14) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (for axis and node labels)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unit_caption(unit: Unit, limit: int = 60) -> str:
    """A unit's printed number and headline (or the start of its text), for hover text."""
    head = unit.title or unit.text
    label = unit.label
    if label and unit.kind is UnitKind.SECTION:
        label = f"{label}、"
    elif label and unit.kind is UnitKind.TASK:
        label = f"（{label}）"
    elif label:
        label = f"{label}."
    sep = "" if label.endswith(("、", "）")) else " "
    return shorten(f"{label}{sep}{head}".strip(), limit)


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
        "hoverlabel": {"font": {"family": FONT["family"], "size": 13}, "align": "left"},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    }
    layout.update(extra)
    return layout


# --------------------------------------------------------------------------- text that fits

# no line starts with these (they stay at the end of the line before)
_CLOSING = set("，。、；：！？）」』》”’,.;:!?)]%")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f'’&.\-/]+|\s+|.", re.S)


def char_em(ch: str) -> float:
    """Estimated width of one character in em."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch.isupper() or ch.isdigit():
        return 0.64
    return 0.56


def text_em(text: str) -> float:
    return sum(char_em(c) for c in text)


def _fit(text: str, width: float) -> str:
    """The longest start of ``text`` that with an ellipsis fits ``width`` em."""
    out, used = "", char_em("…")
    for ch in text:
        used += char_em(ch)
        if used > width:
            break
        out += ch
    return out.rstrip() + "…"


def wrap_lines(text: str, width: float, max_lines: int | None = None) -> list[str]:
    """``text`` broken into lines of at most ``width`` em: Latin words kept whole (a word too
    long for a line is cut), CJK broken anywhere but never before closing punctuation. With
    ``max_lines``, the last line ends in an ellipsis when the text goes on."""
    text = " ".join(text.split())
    lines: list[str] = []
    cur, cur_w = "", 0.0
    for tok in _WORD.findall(text):
        w = text_em(tok)
        if tok.isspace():
            if cur:
                cur, cur_w = cur + " ", cur_w + w
            continue
        if cur_w + w <= width or (tok in _CLOSING and cur) or not cur.strip():
            if w > width and not cur.strip():  # a word longer than a line: cut it
                while text_em(tok) > width:
                    head = _fit(tok, width + char_em("…"))[:-1]
                    lines.append(head)
                    tok = tok[len(head) :]
                w = text_em(tok)
            cur, cur_w = cur + tok, cur_w + w
            continue
        lines.append(cur.rstrip())
        cur, cur_w = tok, w
    if cur.strip():
        lines.append(cur.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        joiner = "" if _is_cjk(text) else " "
        rest = joiner.join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], _fit(rest, width)]
    return lines or [""]


def _is_cjk(text: str) -> bool:
    return sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F")) * 2 > len(text)


def wrap(text: str, width: float, max_lines: int | None = None) -> str:
    """:func:`wrap_lines` joined with Plotly's ``<br>``."""
    return "<br>".join(wrap_lines(text, width, max_lines))


def hover_wrap(text: str, width: float = 30) -> str:
    """Hover text broken into lines (Plotly does not wrap hover labels); never cut."""
    return "<br>".join(wrap(part, width) for part in text.split("<br>"))


def lines_em(label: str) -> float:
    """Width in em of the widest line of a ``<br>``-joined label."""
    return max((text_em(x) for x in label.split("<br>")), default=0.0)


def distinct_labels(texts: Sequence[str], width: float, max_lines: int) -> list[str]:
    """Each text wrapped to ``max_lines`` lines of ``width`` em; where two cut texts would read
    the same, their ends are kept instead (start … end), so every label differs when the texts
    do."""
    out = [wrap(t, width, max_lines) for t in texts]
    seen = Counter(out)
    for i, (text, label) in enumerate(zip(texts, out, strict=True)):
        if seen[label] > 1:
            out[i] = _head_tail(text, width * max_lines, width, max_lines)
    return out


def _head_tail(text: str, budget: float, width: float, max_lines: int) -> str:
    text = " ".join(text.split())
    if text_em(text) <= budget - 1:
        return wrap(text, width, max_lines)
    tail, used = "", 0.0
    for ch in reversed(text):
        if used + char_em(ch) > budget * 0.45:
            break
        tail, used = ch + tail, used + char_em(ch)
    head = _fit(text[: len(text) - len(tail)], budget - used - 1)
    return wrap(head + tail.lstrip(), width, max_lines + 1)


def narrow_variant(
    fig: Figure,
    layout: dict[str, Any],
    data: list[dict[str, Any]] | None = None,
    *,
    below: int = NARROW_BELOW,
) -> Figure:
    """``fig`` with a variant for containers narrower than ``below`` (at least
    :data:`NARROW_BELOW`) px: ``layout``
    keys replace the wide layout's, ``data`` entries (one per trace, in order) are merged into
    the traces (nested dicts one level deep). The site's script and the HTML export apply it."""
    variant: dict[str, Any] = {"below": max(below, NARROW_BELOW), "layout": layout}
    if data is not None:
        variant["data"] = data
    fig["narrow"] = variant
    return fig


def year_ticks(years: Sequence[int], most: int = 6) -> list[int]:
    """At most ``most`` evenly spaced year ticks (every 1, 2, 5 or 10 years) across ``years``:
    enough to read the axis at phone width."""
    if not years:
        return []
    lo, hi = min(years), max(years)
    step = next((s for s in (1, 2, 5, 10, 20) if (hi - lo) // s + 1 <= most), 50)
    start = lo if step == 1 else -(-lo // step) * step
    return list(range(start, hi + 1, step)) or [lo]
