"""The real seed plan against a synthetic reworded, reordered, renumbered version of itself.

The synthetic year is built here from the parsed seed: sections 一 and 二 swap places, items are
renumbered in their new order (section 二's items reversed), a few phrases are reworded, item 9
moves to another section, item 10 is split into two items, items 20 and 21 are merged into one,
and item 13's primary lead changes. Every synthetic unit records which seed unit(s) it came from,
so each match can be checked against the truth.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from comparison import Comparison, MatchKind, PlanDocument, UnitKind, compare, parse_text
from comparison.tokens import sentences

SEED = Path(__file__).resolve().parents[2] / "archive/demo/shenzhen-social-construction/2014.txt"
CN = "一二三四五六七八九十"

REWORDS = {
    "s1.i2": [("抓好任务分解落实", "细化任务分工并逐项落实")],
    "s2.i5": [("扎实开展“平安细胞”创建活动", "深入开展“平安细胞”创建工作")],
    "s4.i12": [("大力培育发展社会组织", "积极培育扶持社会组织")],
}
MOVED = "s2.i9"  # goes to the start of section 五
SPLIT = "s3.i10"  # becomes two items
MERGED = ("s5.i20", "s5.i21")  # become one item
LEAD_SWAP = "s4.i13"  # primary lead becomes the second-listed one


def _leads(leads: tuple[str, ...]) -> str:
    return f"(牵头落实单位:{'、'.join(leads)})" if leads else ""


def _synthetic_perturbed_seed(seed: PlanDocument) -> tuple[str, list[tuple[str, ...]]]:
    """Text of the synthetic year and, per unit in document order, the seed keys it came from."""
    units = seed.by_key()
    sections = [u for u in seed.units if u.kind is UnitKind.SECTION]
    order = [sections[1], sections[0], *sections[2:]]
    lines: list[str] = ["2015年全市社会建设工作要点", ""]
    origin: list[tuple[str, ...]] = []
    pre = seed.units[0]
    lines.append(pre.text)
    origin.append((pre.key,))
    n = 0

    def item(text: str, leads: tuple[str, ...], keys: tuple[str, ...]) -> None:
        nonlocal n
        n += 1
        lines.append(f"{n}.{text}{_leads(leads)}")
        origin.append(keys)

    for si, sec in enumerate(order):
        lines.append(f"{CN[si]}、{sec.title}")
        origin.append((sec.key,))
        kids = [u for u in seed.children(sec.key) if u.kind is UnitKind.ITEM and u.key != MOVED]
        tail = [u for u in seed.children(sec.key) if u.kind is UnitKind.PARAGRAPH]
        if sec.key == "s2":
            kids.reverse()
        if sec.key == "s5":
            kids.insert(0, units[MOVED])
        for u in kids:
            text = u.text
            for old, new in REWORDS.get(u.key, []):
                assert old in text
                text = text.replace(old, new)
            leads = u.lead_units
            if u.key == LEAD_SWAP:
                leads = (leads[1], leads[0], *leads[2:])
            if u.key == SPLIT:
                ss = sentences(text)
                half = len(ss) // 2
                first = "".join(ss[:half])
                second = "深化社会建设“风景林工程”后续工作。" + "".join(ss[half:])
                item(first, leads, (u.key,))
                item(second, leads, (u.key,))
            elif u.key == MERGED[0]:
                other = units[MERGED[1]]
                item(text + other.text, (*leads, *other.lead_units[:1]), MERGED)
            elif u.key == MERGED[1]:
                continue
            else:
                item(text, leads, (u.key,))
        for p in tail:
            lines.append(p.text)
            origin.append((p.key,))
    return "\n\n".join(lines) + "\n", origin


@pytest.fixture(scope="module")
def seed() -> PlanDocument:
    return parse_text(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def perturbed(seed: PlanDocument) -> tuple[PlanDocument, dict[str, tuple[str, ...]]]:
    text, origin = _synthetic_perturbed_seed(seed)
    doc = parse_text(text)
    assert len(doc.units) == len(origin), "the parser must see every synthetic unit"
    truth = {u.key: keys for u, keys in zip(doc.units, origin, strict=True)}
    return doc, truth


@pytest.fixture(scope="module")
def result(
    seed: PlanDocument, perturbed: tuple[PlanDocument, dict[str, tuple[str, ...]]]
) -> Comparison:
    return compare(seed, perturbed[0])


def _match_of_a(result: Comparison, key: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    for m in result.matches:
        if key in m.a:
            return m.a, m.b, m.kind.value
    raise AssertionError(f"{key} is not matched (dropped: {key in result.dropped})")


def test_split_is_named_with_the_right_keys(result: Comparison, perturbed: tuple) -> None:
    _, truth = perturbed
    parts = tuple(k for k, orig in truth.items() if orig == (SPLIT,))
    assert len(parts) == 2
    a, b, kind = _match_of_a(result, SPLIT)
    assert (a, b, kind) == ((SPLIT,), parts, MatchKind.SPLIT.value)


def test_merge_is_named_with_the_right_keys(result: Comparison, perturbed: tuple) -> None:
    _, truth = perturbed
    (merged,) = (k for k, orig in truth.items() if orig == MERGED)
    a, b, kind = _match_of_a(result, MERGED[0])
    assert (a, b, kind) == (MERGED, (merged,), MatchKind.MERGED.value)


def test_primary_lead_change_is_flagged(result: Comparison, seed: PlanDocument) -> None:
    flagged = {m.a: m.lead_units for m in result.matches if m.lead_units.primary_changed}
    assert (LEAD_SWAP,) in flagged
    lc = flagged[(LEAD_SWAP,)]
    leads = seed.unit(LEAD_SWAP).lead_units
    assert (lc.primary_a, lc.primary_b) == (leads[0], leads[1])
    assert lc.added == () and lc.removed == ()
    # nothing else changed its primary lead except the merge (whose leads are a union)
    assert set(flagged) <= {(LEAD_SWAP,), MERGED}


def test_moved_item_is_marked_moved_and_reordered_ones_are_not(result: Comparison) -> None:
    moved = {m.a[0] for m in result.matches if m.moved}
    assert MOVED in moved
    assert not moved & {"s2.i4", "s2.i5", "s2.i6", "s1.i1", "s4.i12", "s2", "s1"}


def test_everything_else_matches_its_true_counterpart(result: Comparison, perturbed: tuple) -> None:
    _, truth = perturbed
    wrong = []
    for m in result.matches:
        expected = {truth[k] for k in m.b}
        if m.kind in (MatchKind.SPLIT, MatchKind.MERGED):
            continue
        if expected != {m.a}:
            wrong.append((m.a, m.b, expected))
    assert wrong == []
    assert result.new == () and result.dropped == ()


def test_reworded_items_are_changed_and_untouched_ones_unchanged(result: Comparison) -> None:
    kinds = {m.a: m.kind for m in result.matches}
    for key in REWORDS:
        assert kinds[(key,)] is MatchKind.CHANGED
    assert kinds[("s1.i1",)] is MatchKind.UNCHANGED
    assert kinds[("s1",)] is MatchKind.UNCHANGED
