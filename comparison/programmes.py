"""Named programmes, quoted slogans and cited documents, followed across the years of a series.

Three kinds of names are found in each unit's normalised text (NFKC, spaces collapsed):

* ``document`` — a title in 《…》 (``《政府工作报告》``), kept with its brackets;
* ``slogan`` — a quoted phrase (“…”) followed by a programme noun (``“放管服”改革``,
  ``“互联网+”行动``, ``“一带一路”建设``), or a quoted phrase made of number words
  (``“三去一降一补”``, ``“十四五”``): quoted phrases without either (“硬骨头”, “最后一公里”) are
  figures of speech, not names;
* ``programme`` — a name ending in 工程, 行动, 计划 or 战略 (``乡村振兴战略``, ``健康中国行动``):
  the suffix and the jieba words before it, back to the first verb, function word or punctuation
  (``深入实施乡村振兴战略`` gives ``乡村振兴战略``), at least two characters before the suffix.

Each name gets its years, first and last year, a count per year and the (year, unit key) of every
mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from comparison.document import PlanDocument
from comparison.normalize import normalize
from comparison.tokens import cut

PROGRAMME_SUFFIXES = ("工程", "行动", "计划", "战略")
SLOGAN_NOUNS = (
    "改革", "行动", "工程", "计划", "战略", "建设", "规划", "倡议", "工作", "政策", "试点", "活动",
    "专项行动", "攻坚战", "战役", "体系", "机制", "制度", "模式", "示范区",
)  # fmt: skip
_DOCUMENT = re.compile(r"《([^《》\n]{1,60})》")
_QUOTED = re.compile(r"“([^“”\n]{1,16})”")
_NUMBER_WORDS = re.compile(r"^[一二三四五六七八九十百千两双\d]")
_NUMBER_SLOGAN = re.compile(r"[一二三四五六七八九十百千两双]")
# Words that end a programme name when walking back from its suffix.
_STOP_TEXT = """
实施 推进 推动 深入 开展 启动 加快 落实 坚持 制定 完善 组织 继续 全面 大力 深化 加强 执行
部署 提出 出台 编制 以及 和 与 及 的 等 了 在 是 为 把 将 要 对 按 由 从 这 该 各 各项 一批
一系列 若干 重大 重点 相关 有关 这些 这个 一项 等等 好 新 强化 抓好 做好 扎实 着力 积极 稳步
认真 进一步 统筹 贯彻 规划 编好 通过 制订 发布 印发 为主 作为 或 并 同 跟 向 以 其 此 该项
年度 今年 明年 各类 服务 紧扣 围绕 对接 融入 纳入 服从 上升为 列入
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
# Single-character words that end a name too (在思想上…行动 is no programme).
_STOP_CHARS = frozenset("在上中的了和与及等为是把将要对按由从向以其此并或同")
# Names whose words before the suffix are generic (国家战略, 重要战略, 实际行动) are no names.
_GENERIC_TEXT = """
国家 重要 实际 自觉 提升 建设 发展 总体 长期 基本 这一 重大 各项 共同 统一 具体 专项 工作
中长期 五年 年度 一揽子
"""
_GENERIC_STEMS = frozenset(_GENERIC_TEXT.split())
# A name ends with its suffix: the next word is punctuation, a function character or the end
# (中俄战略协作 is no 战略).
_FOLLOWER_TEXT = "有力 取得 成效 持续 有效 顺利 落地 进展 稳步 深入 全面 加快 扎实 实施 开局"
_FOLLOWERS = frozenset(_FOLLOWER_TEXT.split())
_CLAUSE = re.compile(r"[^，。；：、！？,.;:!?（）()\s]+")
_MAX_WORDS = 5
_MAX_CHARS = 16
_CJK_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z0-9+]+$")


@dataclass
class Programme:
    name: str
    kind: str  # programme | slogan | document
    counts: dict[int, int] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted(self.counts)

    @property
    def first_year(self) -> int:
        return min(self.counts)

    @property
    def last_year(self) -> int:
        return max(self.counts)

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "years": self.years,
            "count": self.count,
            "counts": {str(y): n for y, n in sorted(self.counts.items())},
            "mentions": [{"year": y, "key": k} for y, k in self.mentions],
        }


def _is_stop(word: str) -> bool:
    """A function word or verb, alone or fused by jieba with another word (全面实施, 加快推进)."""
    if word in _STOP_WORDS or word in _STOP_CHARS:
        return True
    return len(word) > 2 and (word[-2:] in _STOP_WORDS or word[:2] in _STOP_WORDS)


def _programme_names(text: str) -> list[str]:
    names: list[str] = []
    for m in _CLAUSE.finditer(text):
        clause = m.group()
        if any(s in clause for s in PROGRAMME_SUFFIXES):
            names.extend(_clause_names(cut(clause)))
    return names


def _clause_names(tokens: list[str]) -> list[str]:
    names: list[str] = []
    for i, tok in enumerate(tokens):
        suffix = next((s for s in PROGRAMME_SUFFIXES if tok.endswith(s)), None)
        if suffix is None:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after and not (_is_stop(after) or after in _FOLLOWERS or after[:2] in _FOLLOWERS):
            continue
        # the suffix may close a longer jieba word (城镇化战略): its head is a name word
        head = tok[: -len(suffix)]
        words: list[str] = [head] if head else []
        j = i - 1
        while j >= 0 and len(words) < _MAX_WORDS:
            w = tokens[j]
            if _is_stop(w) or not _CJK_WORD.match(w):
                break
            words.insert(0, w)
            j -= 1
        stem = "".join(words)
        if len(stem) >= 2 and stem not in _GENERIC_STEMS and len(stem) + len(suffix) <= _MAX_CHARS:
            names.append(stem + suffix)
    return names


def _slogans(text: str) -> list[str]:
    out: list[str] = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        rest = text[m.end() : m.end() + 5]
        noun = next((n for n in sorted(SLOGAN_NOUNS, key=len, reverse=True) if rest.startswith(n)),
                    None)  # fmt: skip
        if noun:
            out.append(f"“{inner}”{noun}")
        elif _NUMBER_WORDS.match(inner) and _NUMBER_SLOGAN.search(inner) and len(inner) >= 2:
            out.append(f"“{inner}”")
    return out


def _normalize_quotes(text: str) -> str:
    # NFKC keeps “” and 《》; straight quotes around Chinese become curly ones
    return re.sub(r'"([^"\n]{1,16})"', r"“\1”", text)


def unit_names(text: str) -> list[tuple[str, str]]:
    """(name, kind) of every mention in one unit's text, in order of kind, then of appearance.

    >>> unit_names("深入实施乡村振兴战略，深化“放管服”改革，落实《政府工作报告》。")
    [('《政府工作报告》', 'document'), ('“放管服”改革', 'slogan'), ('乡村振兴战略', 'programme')]
    """
    t = _normalize_quotes(normalize(text))
    found = [(f"《{m.group(1)}》", "document") for m in _DOCUMENT.finditer(t)]
    found += [(s, "slogan") for s in _slogans(t)]
    # programme names outside quotes and titles (“互联网+”行动 is a slogan, not 行动 again)
    bare = _QUOTED.sub("，", _DOCUMENT.sub("，", t))
    found += [(n, "programme") for n in _programme_names(bare)]
    return found


def find_programmes(docs: Sequence[PlanDocument]) -> list[Programme]:
    """Every name mentioned in ``docs``, ordered by first year, then by total count (descending)."""
    by_name: dict[str, Programme] = {}
    for doc in sorted(docs, key=lambda d: d.year or 0):
        year = doc.year or 0
        for u in doc.units:
            for name, kind in unit_names(u.text):
                p = by_name.get(name)
                if p is None:
                    p = by_name[name] = Programme(name, kind)
                p.counts[year] = p.counts.get(year, 0) + 1
                if (year, u.key) not in p.mentions[-1:]:
                    p.mentions.append((year, u.key))
    return sorted(by_name.values(), key=lambda p: (p.first_year, -p.count, p.name))
