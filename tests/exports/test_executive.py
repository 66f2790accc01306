"""Every export opens with the same executive summary (issue 8.6): the counts of
Comparison.summary, then new/dropped priorities, priorities reordered, top rewrites, lead-agency
and target changes; the Word report gives it page 1, before the provenance and the detail."""

from __future__ import annotations

import io

from docx import Document

from comparison import Comparison
from tests.exports.conftest import FIXED_TIME
from webapp.exports import render_comparison
from webapp.exports.digest import executive, word
from webapp.exports.rows import register, summary_rows


def _text(comparison: Comparison, fmt: str) -> str:
    return render_comparison(comparison, fmt, generated_at=FIXED_TIME).decode("utf-8")


def test_executive_summary_of_a_real_pair(national_comparison: Comparison) -> None:
    ex = executive(national_comparison, register(national_comparison))
    assert ex.counts == summary_rows(national_comparison, "zh")
    keys = [b.key for b in ex.blocks]
    # 2025 moved 三（三） 大力提振消费 to 三（一）; 14 quantitative targets changed
    assert "priority_moves" in keys and "top_rewrites" in keys and "targets_changed" in keys
    moves = next(b for b in ex.blocks if b.key == "priority_moves")
    assert any("三（三） → 三（一）" in line.where for line in moves.lines)
    rewrites = next(b for b in ex.blocks if b.key == "top_rewrites")
    assert rewrites.lines[0].note == "此处内容已替换"
    targets = next(b for b in ex.blocks if b.key == "targets_changed")
    assert all("{" not in line.note for line in targets.lines)
    assert any(line.note == "3%左右 → 2%左右" for line in targets.lines)
    assert ex.boilerplate == sum(1 for m in national_comparison.matches if m.boilerplate) + len(
        national_comparison.boilerplate_a
    ) + len(national_comparison.boilerplate_b)


def test_every_export_opens_with_it(national_comparison: Comparison) -> None:
    s = national_comparison.summary
    counts = f"修改 {s['changed']}"
    for fmt in ("md", "html", "text"):
        text = _text(national_comparison, fmt)
        head = word("executive_summary", "zh")
        assert head in text, fmt
        start = text.index(head)
        assert start < text.index("来源与核验"), fmt  # before the provenance and the detail
        assert counts in text[start : text.index("来源与核验")], fmt
        assert "三（三） → 三（一）" in text[start : text.index("来源与核验")], fmt


def test_word_report_page_one_is_the_executive_summary(national_comparison: Comparison) -> None:
    doc = Document(
        io.BytesIO(render_comparison(national_comparison, "docx", generated_at=FIXED_TIME))
    )
    paras = doc.paragraphs
    heads = [p.text for p in paras if p.style.name == "Heading 1"]
    assert heads[0] == "要点摘要" and heads[1] == "来源与核验"
    first = next(i for i, p in enumerate(paras) if p.text == "来源与核验")
    assert paras[first].paragraph_format.page_break_before
    page_one = [p.text for p in paras[:first]]
    assert any(f"修改 {national_comparison.summary['changed']}" in t for t in page_one)
    # one page: at most 6 blocks of at most 5 lines (+ a 'more' line) and the counts
    assert len(page_one) <= 3 + 6 * 7


def test_a_reviews_tasks_are_not_the_plans_priorities() -> None:
    """National 2023 reviews five years as ten tasks; 2024's review has none. Those ten come out
    dropped (engine 21 keeps review and plan apart), but they are no priorities of a plan."""
    from comparison import compare, parse_text
    from comparison.retrospect import REVIEW, review_sides
    from tests.exports.conftest import NATIONAL

    a, b = (parse_text((NATIONAL / f"{y}.txt").read_text(encoding="utf-8")) for y in (2023, 2024))
    comparison = compare(a, b)
    sides = review_sides(a)
    review_tasks = [k for k in comparison.dropped if sides[k] == REVIEW and k.count(".") == 1]
    assert len(review_tasks) >= 5  # dropped, and in the review
    ex = executive(comparison, register(comparison))
    dropped = next(b for b in ex.blocks if b.key == "dropped_priorities")
    listed = " ".join(line.headline for line in dropped.lines)
    assert "创新宏观调控" not in listed  # 2023 review task （一）
    assert dropped.total < len(review_tasks)
