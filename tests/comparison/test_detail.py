"""Per-match detail: word-level redline, sentence commitments, lead-agency changes."""

from __future__ import annotations

from itertools import pairwise

import pytest

from comparison import LeadChange, PlanDocument, RedlineOp, compare
from comparison.detail import apply_side, commitments, lead_change, redline
from comparison.tokens import sentences

EQ, INS, DEL = RedlineOp.EQUAL, RedlineOp.INSERT, RedlineOp.DELETE


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("推进社区建设。", "加快推进社区建设，试行准入制度。"),
        ("", "新增一项任务。"),
        ("删除的任务。", ""),
        ("完全相同的文本。", "完全相同的文本。"),
        ("We will raise the GST to 9 per cent.", "We will raise the GST to 10 per cent in 2025."),
        ("１．全角数字 与  空格\n换行", "1.半角数字 与 空格 换行"),
    ],
)
def test_redline_reproduces_both_sides(a: str, b: str) -> None:
    runs = redline(a, b)
    assert apply_side(runs, "a") == a
    assert apply_side(runs, "b") == b
    assert all(text for _, text in runs)
    assert all(x[0] is not y[0] for x, y in pairwise(runs))  # merged runs


def test_redline_is_word_level_for_chinese() -> None:
    runs = redline("推进基本公共服务均等化", "加快基本公共服务均等化")
    assert runs == ((DEL, "推进"), (INS, "加快"), (EQ, "基本公共服务均等化"))


def test_redline_is_word_level_for_english() -> None:
    runs = redline("raise the GST to 9 per cent", "raise the GST to 10 per cent")
    assert (DEL, "9") in runs and (INS, "10") in runs
    assert runs[0] == (EQ, "raise the GST to ")


def test_identical_texts_give_one_equal_run() -> None:
    assert redline("同一段话。", "同一段话。") == ((EQ, "同一段话。"),)
    assert redline("", "") == ()


def test_redline_refuses_tokens_that_do_not_spell_the_text() -> None:
    with pytest.raises(ValueError, match="concatenate"):
        redline("甲乙", "甲丙", ["甲"], ["甲", "丙"])


def test_sentences_split_on_chinese_and_english_ends() -> None:
    text = "一是加强。二是推进；三是完善！是否？Then this. And that!"
    assert sentences(text) == [
        "一是加强。",
        "二是推进；",
        "三是完善！",
        "是否？",
        "Then this.",
        "And that!",
    ]


def test_commitments_added_and_removed() -> None:
    a = "出台行动计划。建立社区基金会。试行社区行政事务准入制度。"
    b = "出台行动计划。试行社区行政事务准入制度并全面推广。开展民生实事市民体验活动。"
    added, removed = commitments(a, b)
    assert added == ("开展民生实事市民体验活动。",)
    assert removed == ("建立社区基金会。",)
    assert commitments(a, a) == ((), ())


def test_lead_change_keeps_printed_order_and_flags_primary() -> None:
    lc = lead_change([["市民政局", "市财政委", "市编办"]], [["市财政委", "市民政局", "市社工委"]])
    assert lc == LeadChange(
        added=("市社工委",),
        removed=("市编办",),
        primary_changed=True,
        primary_a="市民政局",
        primary_b="市财政委",
    )
    same_first = lead_change([["市民政局", "市财政委"]], [["市民政局"]])
    assert not same_first.primary_changed and same_first.removed == ("市财政委",)
    assert not lead_change([[]], [["市民政局"]]).primary_changed  # no primary before: not a change


def test_group_leads_are_the_ordered_union() -> None:
    lc = lead_change([["市民政局"], ["市财政委", "市民政局"]], [["市民政局", "市财政委"]])
    assert lc.added == () and lc.removed == () and not lc.primary_changed


def test_split_redline_spells_the_group_joined_by_newlines(seed_doc: PlanDocument) -> None:
    from dataclasses import replace

    item = seed_doc.unit("s3.i10")
    ss = sentences(item.text)
    first, second = "".join(ss[: len(ss) // 2]), "".join(ss[len(ss) // 2 :])
    units = []
    for u in seed_doc.units:
        if u.key == item.key:
            units.append(replace(u, key="x1", text=first, title=sentences(first)[0][:-1]))
            units.append(replace(u, key="x2", text=second, title=""))
        else:
            units.append(u)
    synthetic_split = replace(seed_doc, units=tuple(units))
    result = compare(seed_doc, synthetic_split)
    (m,) = [m for m in result.matches if "s3.i10" in m.a]
    assert m.b == ("x1", "x2")
    assert apply_side(m.redline, "a") == item.text
    assert apply_side(m.redline, "b") == first + "\n" + second


def test_tiny_equal_runs_between_changes_are_folded() -> None:
    a = "加强防止返贫监测和帮扶工作，确保不发生规模性返贫。"
    b = "提高监测帮扶效能，持续巩固提升“三保障”和饮水安全成果，确保不发生规模性返贫致贫。"
    runs = redline(a, b)
    assert (apply_side(runs, "a"), apply_side(runs, "b")) == (a, b)
    assert not any(op is EQ and len(t) <= 2 for op, t in runs[1:-1])
    assert runs[0] == (DEL, "加强防止返贫监测和帮扶工作")


def test_supporting_agency_changes() -> None:
    lc = lead_change(
        [["市民政局", "市编办"]],
        [["市财政委", "市编办"]],
        support_a=[["市财政委", "各区"]],
        support_b=[["市民政局", "市统计局"]],
    )
    assert lc.promoted == ("市财政委",)  # supporting -> lead
    assert lc.demoted == ("市民政局",)  # lead -> supporting
    assert lc.support_added == ("市统计局",)  # not 市民政局: that one was demoted
    assert lc.support_removed == ("各区",)  # not 市财政委: that one was promoted
    assert lc.added == ("市财政委",) and lc.removed == ("市民政局",)
    quiet = lead_change([["甲"]], [["甲"]], support_a=[["乙"]], support_b=[["乙"]])
    assert (quiet.support_added, quiet.support_removed, quiet.promoted, quiet.demoted) == (
        (), (), (), ()
    )  # fmt: skip


def test_compare_reports_supporting_agencies_from_tables() -> None:
    from comparison import compare, parse_text

    head = "| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
    a = parse_text(head + "| 1 | 推进重大项目建设。 | 市发展改革委 | 市财政局、各区 | 2024年底 |\n")
    b = parse_text(head + "| 1 | 推进重大项目建设。 | 市财政局 | 各区、市统计局 | 2025年底 |\n")
    (m,) = compare(a, b).matches
    assert m.lead_units.promoted == ("市财政局",)
    assert m.lead_units.support_added == ("市统计局",)
    assert m.lead_units.support_removed == ()
    assert m.lead_units.primary_changed


def test_a_group_keeps_a_primary_lead_that_led_one_of_its_units() -> None:
    """A merge led by the primary lead of any merged item, or a split whose parts include one
    led by the original primary lead, is no change of primary lead; a group whose B side no A
    unit's primary leads is one, reported from A's first primary."""
    merged = lead_change([["市民政局"], ["市财政委", "市编办"]], [["市财政委", "市民政局"]])
    assert not merged.primary_changed
    assert merged.primary_a == merged.primary_b == "市财政委"
    split = lead_change([["市民政局", "市财政委"]], [["市财政委"], ["市民政局"]])
    assert not split.primary_changed and split.primary_b == "市民政局"
    moved = lead_change([["市民政局"], ["市财政委"]], [["市编办", "市民政局"]])
    assert moved.primary_changed and (moved.primary_a, moved.primary_b) == ("市民政局", "市编办")
