"""Traditional-character forms of the Chinese words the parser recognises.

Plans from Taiwan, Hong Kong and Macao print the same role words in traditional characters:
``（主辦機關：資訊局；協辦機關：工務局）``, ``牽頭單位``, ``責任單位``, ``完成時限``. The readers
keep their simplified word lists and take :func:`with_traditional` of them, so one list serves
both scripts; the text is never converted (what was printed is what is shown).

The table maps one character to one character, only for characters of these words, where the
simplified form has exactly one traditional form in them (头 → 頭, 单 → 單, 责 → 責, 协 → 協…).

Readers with a large vocabulary (the targets reader: 國內生產總值, 預期目標, 萬億元) read the text
the other way round, through :func:`simplified`: OpenCC's traditional-to-simplified conversion,
character for character, so every offset still points at what was printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

__all__ = ["alternation", "simplified", "traditional", "with_traditional"]

_PAIRS = (
    "牵牽 头頭 单單 责責 协協 办辦 机機 关關 负負 参參 与與 门門 时時 间間 节節 点點 "
    "进進 实實 体體 务務 组組 织織 编編 号號 项項 类類 领領 内內 举舉 职職 处處 厅廳 "
    "员員 会會 区區 县縣 镇鎮 乡鄉 财財 发發 计計 划劃 报報 规規 纲綱 业業 续續 长長 "
    "坚堅 标標 围圍 战戰 线線 级級 阶階 数數 据據 质質 础礎 设設 达達 产產 议議 审審 "
    "执執 顾顧 总總 结結 绩績 况況 过過"
)
_TABLE = str.maketrans({p[0]: p[1] for p in _PAIRS.split()})


def traditional(word: str) -> str:
    """``word`` in traditional characters (character for character).

    >>> traditional("牵头单位"), traditional("完成时限"), traditional("协办单位")
    ('牽頭單位', '完成時限', '協辦單位')
    """
    return word.translate(_TABLE)


def with_traditional(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` followed by the traditional forms that differ, in the same order (so an
    alternation that tries longer words first keeps doing so in both scripts)."""
    out = list(words)
    seen = set(out)
    for w in list(out):
        t = traditional(w)
        if t not in seen:
            seen.add(t)
            out.append(t)
    return tuple(out)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` in both scripts, longest first."""
    return "|".join(sorted(with_traditional(words), key=len, reverse=True))


@cache
def _t2s() -> Any:
    import opencc  # loaded on the first traditional text

    return opencc.OpenCC("t2s")


class _Simplified(dict[int, int]):
    """A ``str.translate`` table filled as characters come: each CJK character to its
    simplified form where that is one character, everything else to itself."""

    def __missing__(self, code: int) -> int:
        out = str(_t2s().convert(chr(code))) if 0x3400 <= code <= 0x9FFF else chr(code)
        self[code] = value = ord(out) if len(out) == 1 else code
        return value


_SIMPLIFIED = _Simplified()


def simplified(text: str) -> str:
    """``text`` with each traditional character in its simplified form (OpenCC ``t2s``, one
    character for one: offsets hold). Simplified and other text comes back unchanged.

    >>> simplified("國內生產總值增長5%左右，赤字規模1.2萬億元")
    '国内生产总值增长5%左右，赤字规模1.2万亿元'
    """
    return text if text.isascii() else text.translate(_SIMPLIFIED)
