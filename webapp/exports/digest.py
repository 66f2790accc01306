"""The executive summary every export opens with (issue 8.6): the counts, the new and dropped
priorities, the priorities reordered, the most substantive rewrites, the lead-agency changes and
the targets that changed, in the report's language (the one asked for, else the documents'). The
compare page's digest reads the same engine fields (grade, boilerplate, ranks, targets_changed)
with the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from comparison import Comparison
from comparison.ranks import priorities, priority_moves
from webapp.exports.rows import (
    ChangeRow,
    Numbering,
    agency_delta,
    label,
    label_language,
    language,
    summary_rows,
)

TOP = 5
_WORDS: dict[str, tuple[str, str]] = {
    "supporting": ("配合单位 {names}", "supporting {names}"),
    "executive_summary": ("要点摘要", "Executive summary"),
    "counts_line": ("本次比对", "In this comparison"),
    "new_priorities": ("新增的重点任务", "New priorities"),
    "dropped_priorities": ("删去的重点任务", "Dropped priorities"),
    "priority_moves": ("重点任务次序调整", "Priorities reordered"),
    "top_rewrites": ("改动最大的内容", "Most substantive rewrites"),
    "agency_changes": ("牵头单位变化", "Lead-agency changes"),
    "targets_changed": ("目标变化", "Targets changed"),
    "more": ("另有 {n} 条,见正文", "and {n} more in the detail"),
    "moved_from": ("由{a}调至{b}", "moved from {a} to {b}"),
    "boilerplate_note": (
        "{n} 条套话(问候、开场、结束语)未计入统计",
        "{n} boilerplate units (greetings, openings, closings) left out of the counts",
    ),
    "grade_identical": ("完全相同", "identical"),
    "grade_dates_only": ("仅日期/年份顺延", "only dates/years rolled over"),
    "grade_minor": ("小幅修改", "minor edits"),
    "grade_substantive": ("实质性修改", "substantive change"),
    "grade_rewritten": ("此处内容已替换", "content replaced in this place"),
}


def word(key: str, lang: str, **kw: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**kw)


@dataclass(frozen=True)
class Line:
    where: str  # 一、第4段 → 一、第3段
    headline: str
    note: str = ""

    def text(self) -> str:
        return " ".join(x for x in (self.where, self.headline, self.note and f"({self.note})") if x)


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    lines: list[Line]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass(frozen=True)
class Executive:
    counts: list[tuple[str, str, int]]  # summary_rows
    boilerplate: int
    blocks: list[Block]

    def counts_text(self, lang: str) -> str:
        sep = "," if lang == "zh" else ", "
        parts = [f"{name} {n}" for k, name, n in self.counts if n or k in ("new", "changed")]
        return f"{word('counts_line', lang)}: {sep.join(parts)}"


def _where(row: ChangeRow) -> str:
    return f"{row.a.number} → {row.b.number}".strip()


def _line(row: ChangeRow, note: str = "") -> Line:
    return Line(_where(row), row.b.headline or row.a.headline, note)


def executive(comparison: Comparison, rows: list[ChangeRow]) -> Executive:
    lang = label_language(comparison)
    bp_a, bp_b = set(comparison.boilerplate_a), set(comparison.boilerplate_b)

    def is_bp(r: ChangeRow) -> bool:
        if r.match_index is not None:
            return comparison.matches[r.match_index].boilerplate
        return any(k in bp_a for k in r.a.keys) or any(k in bp_b for k in r.b.keys)

    prio_a, prio_b = priorities(comparison.doc_a), priorities(comparison.doc_b)

    def priority(r: ChangeRow) -> bool:
        keys = r.b.keys or r.a.keys
        return bool(keys) and keys[0] in (prio_b if r.b.keys else prio_a)

    content = [r for r in rows if not is_bp(r)]
    new = [_line(r) for r in content if r.kind == "new" and priority(r)]
    dropped = [_line(r) for r in content if r.kind == "dropped" and priority(r)]
    by_index = {r.match_index: r for r in content if r.match_index is not None}
    at = {(m.a[0], m.b[0]): i for i, m in enumerate(comparison.matches) if m.a and m.b}
    plans = language(comparison)  # numbers as the plans print them
    num_a, num_b = Numbering(comparison.doc_a, plans), Numbering(comparison.doc_b, plans)
    moves = []
    for p in priority_moves(comparison):
        row = by_index.get(at.get((p.a, p.b)))
        if row is None:
            continue
        note = word("moved_from", lang, a=num_a.number(p.a), b=num_b.number(p.b))
        moves.append(_line(row, note))
    graded = [
        (r, comparison.matches[r.match_index].grade.value)
        for r in content
        if r.match_index is not None
    ]
    rewrites = sorted(
        ((r, g) for r, g in graded if g in ("rewritten", "substantive")),
        key=lambda rg: (rg[1] != "rewritten" and not priority(rg[0]), -(rg[0].change_ratio or 0)),
    )
    leads = [
        _line(r, r.primary_change or _lead_delta(r, lang)) for r in content if r.has_lead_change
    ]
    targets = []
    restated = _restatements(comparison)
    for r in content:
        if r.match_index is None:
            continue
        for t in comparison.matches[r.match_index].targets_changed:
            if restated(t):
                continue
            name = str(t.get("name") or t.get("indicator") or "")
            targets.append(Line(_where(r), name, f"{_figure(t.get('a'))} → {_figure(t.get('b'))}"))
    blocks = [
        Block("new_priorities", word("new_priorities", lang), new[:TOP], len(new)),
        Block("dropped_priorities", word("dropped_priorities", lang), dropped[:TOP], len(dropped)),
        Block("priority_moves", word("priority_moves", lang), moves[:TOP], len(moves)),
        Block(
            "top_rewrites",
            word("top_rewrites", lang),
            [_line(r, word("grade_" + g, lang)) for r, g in rewrites[:TOP]],
            len(rewrites),
        ),
        Block("agency_changes", word("agency_changes", lang), leads[:TOP], len(leads)),
        Block("targets_changed", word("targets_changed", lang), targets[:TOP], len(targets)),
    ]
    n_bp = sum(1 for r in rows if is_bp(r))
    return Executive(summary_rows(comparison, lang), n_bp, [b for b in blocks if b.lines])


def _restatements(comparison: Comparison) -> Callable[[Mapping[str, Any]], bool]:
    """Whether a target entry only restates, on one side, an indicator the other plan states
    elsewhere (2025's explanation of its CPI target beside the real 3% -> 2% change): left out
    here as in the Targets rows (:func:`webapp.exports.targets.plan_target_changes`)."""
    if not any(m.targets_changed for m in comparison.matches):
        return lambda t: False
    from webapp.exports.targets import plan_headlines

    head_a, head_b = plan_headlines(comparison)

    def restated(t: Mapping[str, Any]) -> bool:
        ind = t.get("indicator")
        if not ind or t.get("horizon"):
            return False
        return (t.get("a") is None and ind in head_a) or (t.get("b") is None and ind in head_b)

    return restated


def _figure(value: object) -> str:
    """A target's printed figure (``3%左右``); a dash when the year states none."""
    if isinstance(value, dict):
        return str(value.get("text") or value.get("value") or "—")
    return "—" if value in (None, "") else str(value)


def _lead_delta(row: ChangeRow, lang: str) -> str:
    return agency_delta(
        row.agencies,
        lambda names: word("supporting", lang, names=names),
        lambda kind, names: f"{label(kind, lang)}: {names}",
    )


def text_lines(ex: Executive, lang: str) -> list[str]:
    """Plain lines (Markdown bullets without the marker): the counts, then each block."""
    out = [ex.counts_text(lang)]
    if ex.boilerplate:
        out.append(word("boilerplate_note", lang, n=ex.boilerplate))
    return out


__all__ = ["Block", "Executive", "Line", "executive", "label", "text_lines", "word"]
