"""Stages of the aligner: tokens, candidates, scoring, assignment, split/merge, classification."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from comparison import (
    CompareOptions,
    Comparison,
    MatchKind,
    PlanDocument,
    Unit,
    UnitKind,
    candidates,
    compare,
    parse_text,
)
from comparison.align import assign
from comparison.candidates import (
    MIN_COSINE,
    NgramIndex,
    Space,
    _kth_largest,
    _top_k_both,
    _top_k_rows,
    block_candidates,
    normalize_rows,
    pair_cosines,
    prune_rows,
    top_k_pairs,
)
from comparison.constraints import Constraints
from comparison.features import Vocabulary, _norm_piece, document_features, unit_text
from comparison.tokens import content_tokens, cut, is_low_weight, weighted_ngrams

S, T, IT, P = UnitKind.SECTION, UnitKind.TASK, UnitKind.ITEM, UnitKind.PARAGRAPH


def synthetic_doc(
    units: list[tuple[str, str | None, UnitKind, str, str]], **kw: object
) -> PlanDocument:
    """Units as (key, parent, kind, text, leads joined by '、'); the title is the first sentence."""
    out = []
    for key, parent, kind, text, leads in units:
        title = text.split("。")[0] if kind is not P else ""
        out.append(
            Unit(
                key=key,
                parent=parent,
                level=1 if parent is None else 2,
                kind=kind,
                label=key.rsplit(".", 1)[-1],
                title=title,
                text=text,
                lead_units=tuple(x for x in leads.split("、") if x),
            )
        )
    return PlanDocument(
        title="synthetic", year=int(kw.get("year", 2014)), language="zh", units=tuple(out)
    )


SYNTHETIC_A = synthetic_doc(
    [
        ("s1", None, S, "完善基本公共服务体系", ""),
        (
            "s1.i1",
            "s1",
            IT,
            "推进基本公共服务均等化。出台行动计划，抓好任务分解落实。",
            "市发展改革委、市财政委",
        ),
        (
            "s1.i2",
            "s1",
            IT,
            "创新基本公共服务供给方式。引导社会资本参与教育、医疗、养老等社会事业建设。",
            "市财政委",
        ),
        ("s2", None, S, "创新城市社会治理体制", ""),
        (
            "s2.i3",
            "s2",
            IT,
            "推进基层社会治理体制改革。优化街道、社区设置，试行社区行政事务准入制度。",
            "市编办、市民政局",
        ),
        (
            "s2.i4",
            "s2",
            IT,
            "创新网络社会服务管理机制。关注网络社会民情动态，正确引导网络舆论。",
            "市委宣传部",
        ),
        (
            "s2.i5",
            "s2",
            IT,
            "健全市民素质教育体系。弘扬优良传统，推进社会诚信体系建设。",
            "市委宣传部、市教育局",
        ),
    ]
)

# renumbered, reordered, one item reworded, one moved to the other section, one new, one gone
SYNTHETIC_B = synthetic_doc(
    [
        ("s1", None, S, "创新城市社会治理体制", ""),
        (
            "s1.i1",
            "s1",
            IT,
            "创新网络社会服务管理机制。关注网络社会民情动态，正确引导网络舆论。",
            "市委宣传部",
        ),
        (
            "s1.i2",
            "s1",
            IT,
            "推进基层社会治理体制改革。优化街道和社区设置，全面试行社区行政事务准入制度。",
            "市民政局、市编办",
        ),
        ("s2", None, S, "完善基本公共服务体系", ""),
        (
            "s2.i3",
            "s2",
            IT,
            "健全市民素质教育体系。弘扬优良传统，推进社会诚信体系建设。",
            "市委宣传部、市教育局",
        ),
        (
            "s2.i4",
            "s2",
            IT,
            "推进基本公共服务均等化。出台行动计划，抓好任务分解落实。",
            "市发展改革委、市财政委",
        ),
        (
            "s2.i5",
            "s2",
            IT,
            "建设智慧城市运行管理中心。整合城市管理数据资源，提升应急指挥能力。",
            "市政务服务数据管理局",
        ),
    ],
    year=2015,
)


@pytest.fixture(scope="module")
def synthetic_result() -> Comparison:
    return compare(SYNTHETIC_A, SYNTHETIC_B)


def test_jieba_tokens_cover_the_text_and_use_the_user_dictionary() -> None:
    text = "推进基本公共服务均等化，市发展改革委牵头。"
    assert "".join(cut(text)) == text
    assert "市发展改革委" in cut(text)
    assert "基本公共服务均等化" in content_tokens(text)  # a policy term of the user dictionary


def test_formulaic_verbs_and_years_are_low_weight() -> None:
    for term in ("加强", "推进", "深化", "完善", "进一步", "2019年", "今年", "明年"):
        assert is_low_weight(term), term
    assert not is_low_weight("养老服务")
    grams = weighted_ngrams("进一步加强养老服务")
    assert grams["加强"] < grams["养老"]


def test_units_sharing_only_formulaic_words_do_not_match() -> None:
    a = synthetic_doc([("1", None, IT, "进一步加强和完善社区养老服务设施建设。", "")])
    b = synthetic_doc([("1", None, IT, "进一步加强和完善城市轨道交通线网规划。", "")])
    result = compare(a, b)
    assert result.matches == ()
    assert (result.new, result.dropped) == (("1",), ("1",))


def test_english_units_align_by_words() -> None:
    def doc(texts: list[str]) -> PlanDocument:
        units = tuple(Unit(str(i), None, 1, P, "", "", t) for i, t in enumerate(texts, start=1))
        return PlanDocument("synthetic budget", 2024, "en", units=units)

    a = doc(
        ["We will raise the GST from 8 to 9 per cent.", "SkillsFuture credits will be topped up."]
    )
    b = doc(
        [
            "SkillsFuture credits for mid-career workers will be topped up.",
            "The GST rises to 9 per cent.",
        ]
    )
    pairs = {(m.a, m.b) for m in compare(a, b).matches}
    assert pairs == {(("1",), ("2",)), (("2",), ("1",))}


def test_candidates_are_top_k_in_both_directions() -> None:
    texts_a = ["社区养老服务。", "城市轨道交通。", "公共法律服务。", "食品药品安全。"]
    texts_b = ["城市轨道交通建设。", "社区养老服务设施。", "食品安全监管。", "法律援助服务。"]
    vocab = Vocabulary()
    fa = document_features(
        synthetic_doc([(f"a{i}", None, IT, t, "") for i, t in enumerate(texts_a)]), vocab
    )
    fb = document_features(
        synthetic_doc([(f"b{i}", None, IT, t, "") for i, t in enumerate(texts_b)]), vocab
    )
    index = NgramIndex(vocab, [*fa, *fb])
    pairs = top_k_pairs(index.vectors(fa), index.vectors(fb), k=1)
    assert (0, 1) in pairs and (1, 0) in pairs and (3, 2) in pairs
    assert len(pairs) <= 2 * (len(texts_a) + len(texts_b))
    assert all(0 < c <= 1 + 1e-9 for c in pairs.values())


def test_candidate_search_prunes_queries_but_scores_exactly() -> None:
    vocab = Vocabulary()
    long_text = "。".join(f"第{n}项社区服务设施建设任务" for n in range(40)) + "。"
    fa = document_features(synthetic_doc([("a", None, IT, long_text, "")]), vocab)
    fb = document_features(synthetic_doc([("b", None, IT, long_text, "")]), vocab)
    index = NgramIndex(vocab, [*fa, *fb])
    va = index.vectors(fa)
    assert prune_rows(va, 10).nnz == 10 < va.nnz
    assert top_k_pairs(va, index.vectors(fb), k=1)[(0, 0)] == pytest.approx(1.0)


@pytest.mark.parametrize("kk", [1, 2, 6, 16, 17, 39])
def test_kth_largest_is_what_partition_gives(kk: int) -> None:
    """The dense top-k reads each row's kk-th largest cosine by taking out maxima: the same
    value as partitioning, duplicates counted (tied cosines are common: repeated texts)."""
    rng = np.random.default_rng(kk)
    block = rng.integers(0, 7, size=(32, 40)).astype(np.float64) / 7  # many ties
    block[0] = 0.5  # a row of one value
    expected = -np.partition(-block, kk - 1, axis=1)[:, kk - 1]
    assert np.array_equal(_kth_largest(block, kk), expected)


def test_assignment_is_optimal_not_greedy() -> None:
    # greedy would take (0, 0) = 0.9 and leave 1 unmatched; the optimum pairs crosswise
    edges = [(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85), (1, 1, 0.1)]
    assert assign(2, 2, edges, cutoff=0.3) == {0: 1, 1: 0}
    assert assign(2, 2, edges, cutoff=0.95) == {}
    assert assign(2, 2, [], cutoff=0.3) == {}


@pytest.mark.parametrize("square", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_assignment_reaches_the_optimum_of_an_independent_solver(
    seed: int, square: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On random graphs with close rivals (scores a tie-break apart, as the engine's are), the
    sparse solver's pairs sum to the optimum that scipy's dense ``linear_sum_assignment`` finds
    for the same problem (a pair that is no edge gains nothing, as leaving both unmatched),
    with the row reduction skipped (plans of real size) or run (``square``: very large ones)."""
    from scipy.optimize import linear_sum_assignment

    import comparison.assignment

    if square:
        monkeypatch.setattr(comparison.assignment, "ROBUST_UNITS", 0)

    rng = np.random.default_rng(seed)
    n_a, n_b = int(rng.integers(2, 40)), int(rng.integers(2, 40))
    base = rng.choice([0.35, 0.5, 0.62], size=90)  # few distinct scores: many near-ties
    score = {
        (int(i), int(j)): float(s) - 1e-4 * abs(int(i) - int(j))
        for i, j, s in zip(rng.integers(0, n_a, 90), rng.integers(0, n_b, 90), base, strict=True)
    }
    got = assign(n_a, n_b, [(i, j, s) for (i, j), s in score.items()], cutoff=0.3)
    assert len(set(got.values())) == len(got) and all((i, j) in score for i, j in got.items())
    cost = np.zeros((n_a, n_b))
    for (i, j), s in score.items():
        cost[i, j] = -(s - 0.3)
    rows, cols = linear_sum_assignment(cost)
    best = -float(cost[rows, cols].sum())
    assert sum(score[p] - 0.3 for p in got.items()) == pytest.approx(best, abs=1e-9)


def test_synthetic_pair_is_aligned_by_content(synthetic_result: Comparison) -> None:
    links = {m.a: m.b for m in synthetic_result.matches}
    assert links == {
        ("s1",): ("s2",),
        ("s1.i1",): ("s2.i4",),
        ("s2",): ("s1",),
        ("s2.i3",): ("s1.i2",),
        ("s2.i4",): ("s1.i1",),
        ("s2.i5",): ("s2.i3",),
    }
    assert synthetic_result.new == ("s2.i5",)
    assert synthetic_result.dropped == ("s1.i2",)


def test_synthetic_pair_classification(synthetic_result: Comparison) -> None:
    by_a = synthetic_result.match_of_a()
    assert by_a["s1.i1"].kind is MatchKind.UNCHANGED and not by_a["s1.i1"].moved
    assert by_a["s2.i3"].kind is MatchKind.CHANGED
    assert 0 < by_a["s2.i3"].change_ratio < 0.5
    assert by_a["s2.i5"].moved  # went from 创新城市社会治理体制 to 完善基本公共服务体系
    assert not by_a["s2.i4"].moved
    assert by_a["s2.i3"].lead_units.primary_changed
    summary = synthetic_result.summary
    assert summary == {
        "unchanged": 5,
        "changed": 1,
        "moved": 1,
        "split": 0,
        "merged": 0,
        "restructured": 0,
        "new": 1,
        "dropped": 1,
    }


def test_containers_match_by_what_they_contain() -> None:
    """A section whose heading was rewritten entirely is still found through its items."""
    items = [
        "推进基层社会治理体制改革。优化街道、社区设置，试行社区行政事务准入制度。",
        "创新网络社会服务管理机制。关注网络社会民情动态，正确引导网络舆论。",
        "健全市民素质教育体系。弘扬优良传统，推进社会诚信体系建设。",
    ]
    other = "完善基本公共服务体系。出台行动计划，抓好任务分解落实，提高财政保障水平。"
    a = synthetic_doc(
        [("s1", None, S, "创新城市社会治理体制", "")]
        + [(f"s1.i{n}", "s1", IT, t, "") for n, t in enumerate(items, 1)]
        + [("s2", None, S, "保障和改善民生", ""), ("s2.i4", "s2", IT, other, "")]
    )
    b = synthetic_doc(
        [("s1", None, S, "保障和改善民生", ""), ("s1.i1", "s1", IT, other, "")]
        + [("s2", None, S, "打造共建共治共享格局", "")]
        + [(f"s2.i{n}", "s2", IT, t, "") for n, t in enumerate(items, 2)]
    )
    links = {m.a: m.b for m in compare(a, b).matches}
    assert links[("s1",)] == ("s2",)
    assert links[("s2",)] == ("s1",)


def test_items_align_with_paragraphs_when_numbering_style_changes() -> None:
    texts = [
        "一是推进基层社会治理体制改革，优化街道、社区设置。",
        "二是创新网络社会服务管理机制，正确引导网络舆论。",
    ]
    a = synthetic_doc([(f"i{n}", None, IT, t[2:], "") for n, t in enumerate(texts, 1)])
    b = synthetic_doc([(f"p{n}", None, P, t, "") for n, t in enumerate(texts, 1)])
    links = {m.a: m.b for m in compare(a, b).matches}
    assert links == {("i1",): ("p1",), ("i2",): ("p2",)}


def test_split_and_merge_are_detected() -> None:
    whole = (
        "深化社会建设风景林工程。总结推广社区服务中心建设经验，打造一批社区服务示范点。"
        "推进社区基金会试点，引导企业和市民参与社区公益。"
    )
    part1 = "深化社会建设风景林工程。总结推广社区服务中心建设经验，打造一批社区服务示范点。"
    part2 = "推进社区基金会试点工作。引导企业和市民参与社区公益。"
    a = synthetic_doc(
        [("i1", None, IT, whole, ""), ("i2", None, IT, "健全市民素质教育体系。弘扬优良传统。", "")]
    )
    b = synthetic_doc(
        [
            ("i1", None, IT, part1, ""),
            ("i2", None, IT, part2, ""),
            ("i3", None, IT, "健全市民素质教育体系。弘扬优良传统。", ""),
        ]
    )
    forward = compare(a, b)
    assert {(m.a, m.b, m.kind) for m in forward.matches} == {
        (("i1",), ("i1", "i2"), MatchKind.SPLIT),
        (("i2",), ("i3",), MatchKind.UNCHANGED),
    }
    backward = compare(b, a)
    assert {(m.a, m.b, m.kind) for m in backward.matches} == {
        (("i1", "i2"), ("i1",), MatchKind.MERGED),
        (("i3",), ("i2",), MatchKind.UNCHANGED),
    }
    off = compare(a, b, options=CompareOptions(split_merge=False))
    assert all(len(m.a) == len(m.b) == 1 for m in off.matches)
    assert len(off.new) == 1


def test_granularity_limits_the_kinds_aligned(synthetic_result: Comparison) -> None:
    only_items = compare(SYNTHETIC_A, SYNTHETIC_B, options=CompareOptions(granularity=(IT,)))
    assert all(SYNTHETIC_A.unit(k).kind is IT for m in only_items.matches for k in m.a)
    assert only_items.dropped == ("s1.i2",)


def test_features_know_context_and_container_profiles() -> None:
    feats = {f.key: f for f in document_features(SYNTHETIC_A)}
    assert feats["s2.i4"].ancestors == ("s2",)
    assert feats["s2"].n_children == 3
    assert [f.key for f in document_features(SYNTHETIC_A)[5:6]] == ["s2.i4"]
    assert feats["s2"].descendants == (4, 5, 6)
    assert "".join(feats["s2.i4"].raw_tokens) == SYNTHETIC_A.unit("s2.i4").text
    assert feats["s1.i1"].leads == ("市发展改革委", "市财政委")


# ------------------------------------------------------------------ real documents

REAL_PAIRS = [("national", 2024, 2025), ("national", 2018, 2019), ("hailar", 2018, 2019)]


@pytest.fixture(scope="module")
def real_results(
    national_docs: dict[int, PlanDocument], hailar_docs: dict[int, PlanDocument]
) -> dict[tuple[str, int, int], tuple[PlanDocument, PlanDocument, Comparison]]:
    docs = {"national": national_docs, "hailar": hailar_docs}
    out = {}
    for series, ya, yb in REAL_PAIRS:
        a, b = docs[series][ya], docs[series][yb]
        out[(series, ya, yb)] = (a, b, compare(a, b))
    return out


@pytest.mark.parametrize("pair", REAL_PAIRS, ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}")
def test_every_unit_is_accounted_for_exactly_once(
    pair: tuple[str, int, int], real_results: dict
) -> None:
    a, b, result = real_results[pair]
    keys_a = [k for m in result.matches for k in m.a] + list(result.dropped)
    keys_b = [k for m in result.matches for k in m.b] + list(result.new)
    assert sorted(keys_a) == sorted(u.key for u in a.units)
    assert sorted(keys_b) == sorted(u.key for u in b.units)
    assert len(result.matches) >= 10  # consecutive years share content


def test_real_pair_matches_are_sorted_by_b_order(real_results: dict) -> None:
    _, b, result = real_results[("national", 2024, 2025)]
    pos_b = {u.key: i for i, u in enumerate(b.units)}
    order = [pos_b[m.b[0]] for m in result.matches]
    assert order == sorted(order)


def test_real_national_tasks_follow_their_themes(real_results: dict) -> None:
    """2025 reorders the 2024 tasks: (三) domestic demand comes first, (一) industry second."""
    _, _, result = real_results[("national", 2024, 2025)]
    links = {m.a: m.b for m in result.matches}
    assert links[("s3.t3",)] == ("s3.t1",)
    assert links[("s3.t1",)] == ("s3.t2",)
    assert links[("s3.t2",)] == ("s3.t3",)


def test_empty_and_duplicate_units_compare_to_themselves() -> None:
    text = "推进基层社会治理体制改革。优化街道、社区设置。"
    doc = synthetic_doc(
        [
            ("s1", None, S, "", ""),
            ("s1.i1", "s1", IT, text, ""),
            ("s1.i2", "s1", IT, text, ""),
            ("s1.p1", "s1", P, "", ""),
        ]
    )
    result = compare(doc, doc)
    assert {(m.a, m.b) for m in result.matches} == {((u.key,), (u.key,)) for u in doc.units}
    assert all(m.kind is MatchKind.UNCHANGED for m in result.matches)


def test_options_accept_kind_names_and_reject_nonsense() -> None:
    assert CompareOptions(granularity=("task", "item")).granularity == (T, IT)
    with pytest.raises(ValueError, match="top_k"):
        CompareOptions(top_k=0)
    with pytest.raises(ValueError, match="score_cutoff"):
        CompareOptions(score_cutoff=1.5)


def test_a_container_split_in_two_is_named_by_its_children() -> None:
    items = [
        "推进基层社会治理体制改革。优化街道、社区设置，试行社区行政事务准入制度。",
        "创新网络社会服务管理机制。关注网络社会民情动态，正确引导网络舆论。",
        "健全市民素质教育体系。弘扬优良传统，推进社会诚信体系建设。",
        "健全公共安全保障体系。推进隐患排查治理体系建设，完善应急预案。",
    ]
    a = synthetic_doc(
        [("s1", None, S, "创新城市社会治理体制", "")]
        + [(f"s1.i{n}", "s1", IT, t, "") for n, t in enumerate(items, 1)]
    )
    b = synthetic_doc(
        [("s1", None, S, "创新城市社会治理体制", "")]
        + [(f"s1.i{n}", "s1", IT, t, "") for n, t in enumerate(items[:2], 1)]
        + [("s2", None, S, "提升市民素质和公共安全水平", "")]
        + [(f"s2.i{n}", "s2", IT, t, "") for n, t in enumerate(items[2:], 3)]
    )
    forward = compare(a, b)
    assert (("s1",), ("s1", "s2"), MatchKind.SPLIT) in {(m.a, m.b, m.kind) for m in forward.matches}
    backward = compare(b, a)
    assert (("s1", "s2"), ("s1",), MatchKind.MERGED) in {
        (m.a, m.b, m.kind) for m in backward.matches
    }
    assert not any(m.moved for m in forward.matches)


def test_english_needs_a_higher_score_than_chinese(sg_docs: dict[int, PlanDocument]) -> None:
    zh, en = CompareOptions().align_params("zh"), CompareOptions().align_params("en")
    assert en.score_cutoff > zh.score_cutoff
    assert en.weak_floor == en.score_cutoff  # no "clearly each other's best" pairs below it
    assert CompareOptions(score_cutoff=0.4).align_params("zh").score_cutoff == 0.4
    result = compare(sg_docs[2024], sg_docs[2025])
    one_to_one = [m for m in result.matches if len(m.a) == len(m.b) == 1]
    assert one_to_one and all(m.score >= en.score_cutoff for m in one_to_one)


def test_a_matched_container_is_not_pulled_into_another_split() -> None:
    # One item of A's section 1 moved into section 3, which keeps its own two items: section 3
    # is better explained by its own match, so section 1 is not split, and nothing is n:m.
    s1_items = [
        "推进基层社会治理体制改革。优化街道、社区设置，试行社区行政事务准入制度。",
        "创新网络社会服务管理机制。关注网络社会民情动态，正确引导网络舆论。",
    ]
    moved = "健全公共安全保障体系。推进隐患排查治理体系建设，完善应急预案。"
    s3_items = [
        "繁荣发展文化事业。建设公共图书馆和博物馆，扶持文艺精品创作。",
        "开展全民健身运动。建设社区体育设施，举办市民运动会。",
    ]
    a = synthetic_doc(
        [("s1", None, S, "创新城市社会治理体制", "")]
        + [(f"s1.i{n}", "s1", IT, t, "") for n, t in enumerate([*s1_items, moved], 1)]
        + [("s3", None, S, "建设文化强市", "")]
        + [(f"s3.i{n}", "s3", IT, t, "") for n, t in enumerate(s3_items, 4)]
    )
    b = synthetic_doc(
        [("s1", None, S, "创新城市社会治理体制", "")]
        + [(f"s1.i{n}", "s1", IT, t, "") for n, t in enumerate(s1_items, 1)]
        + [("s3", None, S, "建设文化强市", "")]
        + [(f"s3.i{n}", "s3", IT, t, "") for n, t in enumerate([moved, *s3_items], 3)]
    )
    for x, y in ((a, b), (b, a)):
        result = compare(x, y)
        sections = {(m.a, m.b, m.kind) for m in result.matches if m.a[0].count(".") == 0}
        assert sections == {
            (("s1",), ("s1",), MatchKind.UNCHANGED),
            (("s3",), ("s3",), MatchKind.UNCHANGED),
        }
        assert {(m.a, m.b) for m in result.matches if m.moved} in (
            {(("s1.i3",), ("s3.i3",))},
            {(("s3.i3",), ("s1.i3",))},
        )


def _by_prefix(doc: PlanDocument, prefix: str) -> str:
    """The key of the one unit whose headline or text starts with ``prefix``."""
    keys = [u.key for u in doc.units if (u.title or u.text).startswith(prefix)]
    assert len(keys) == 1, (prefix, keys)
    return keys[0]


def test_numbering_level_drift_is_aligned_across_kinds(real_results: dict) -> None:
    """Hailar 2018 task (八) with its paragraphs is 2019's section 三 with its tasks (一)…(五)."""
    a, b, result = real_results[("hailar", 2018, 2019)]
    link = {k: m for m in result.matches for k in m.a}
    kind_a, kind_b = {u.key: u.kind for u in a.units}, {u.key: u.kind for u in b.units}

    def partners(prefix: str) -> set[str]:
        key = _by_prefix(a, prefix)
        assert key in link, f"{prefix} is not matched"
        return set(link[key].b)

    assert partners("在抓好自身建设上聚焦发力") == {_by_prefix(b, "加强政府自身建设")}
    assert kind_a[_by_prefix(a, "在抓好自身建设上聚焦发力")] == T
    assert kind_b[_by_prefix(b, "加强政府自身建设")] == S
    assert partners("始终做到信念坚定、忠诚履职") == {_by_prefix(b, "铸忠诚")}
    assert _by_prefix(b, "重法治") in partners("始终做到依法行政、廉洁从政")
    assert kind_a[_by_prefix(a, "始终做到信念坚定")] == P
    assert kind_b[_by_prefix(b, "铸忠诚")] == T
    # the review of 2017 is not the review of 2018, whatever their kinds
    assert _by_prefix(a, "过去的一年，面对经济下行压力") in result.dropped
    assert _by_prefix(b, "三大攻坚战强力突破") in result.new
    # the contract: no unit is both dropped (new) and matched, none is matched twice
    matched_a = [k for m in result.matches for k in m.a]
    matched_b = [k for m in result.matches for k in m.b]
    assert len(matched_a) == len(set(matched_a)) and len(matched_b) == len(set(matched_b))
    assert not set(matched_a) & set(result.dropped)
    assert not set(matched_b) & set(result.new)
    assert len(result.dropped) < 26 and len(result.new) < 13  # 26 and 13 before this pass


def test_cross_kind_links_invert_when_the_years_are_swapped(real_results: dict) -> None:
    a, b, result = real_results[("hailar", 2018, 2019)]
    back = compare(b, a)
    assert sorted((m.b, m.a) for m in back.matches) == sorted((m.a, m.b) for m in result.matches)
    assert sorted(back.new) == sorted(result.dropped)
    assert sorted(back.dropped) == sorted(result.new)


def test_a_task_that_became_a_section_is_matched_with_its_children() -> None:
    """Leftovers align across adjacent kinds: task ↔ section, and the children under them."""
    kids = [
        "坚持依法行政，严格执行重大行政决策程序，自觉接受人大和政协监督。",
        "坚持廉洁从政，落实党风廉政建设责任制，驰而不息整治“四风”。",
    ]
    a = synthetic_doc(
        [
            ("s1", None, S, "推动经济高质量发展", ""),
            ("s1.t1", "s1", T, "培育壮大新兴产业。发展数字经济和现代物流。", ""),
            ("s1.t2", "s1", T, "在抓好政府自身建设上聚焦发力。提高政府执行力和公信力。", ""),
            *[(f"s1.t2.p{n}", "s1.t2", P, t, "") for n, t in enumerate(kids, 1)],
        ]
    )
    b = synthetic_doc(
        [
            ("s1", None, S, "推动经济高质量发展", ""),
            ("s1.t1", "s1", T, "培育壮大新兴产业。发展数字经济和现代物流。", ""),
            ("s2", None, S, "加强政府自身建设，提高政府执行力和公信力", ""),
            *[(f"s2.t{n}", "s2", T, t, "") for n, t in enumerate(kids, 1)],
        ],
        year=2015,
    )
    result = compare(a, b)
    links = {m.a: m.b for m in result.matches}
    assert links[("s1.t2",)] == ("s2",)
    assert links[("s1.t2.p1",)] == ("s2.t1",)
    assert links[("s1.t2.p2",)] == ("s2.t2",)
    assert not result.new and not result.dropped
    back = {m.b: m.a for m in compare(b, a).matches}
    assert back == links
    # the pass only uses kinds being aligned: without sections, the task has no partner
    no_sections = compare(a, b, options=CompareOptions(granularity=(T, P))).dropped
    assert no_sections == ("s1.t2",)


HAILAR_SIX = (
    "打好防范化解重大风险攻坚战",
    "打好精准脱贫攻坚战",
    "打好污染防治攻坚战",
    "坚持不懈保护生态资源",
    "持之以恒抓好生态治理",
    "坚定不移落实保护机制",
)


def test_a_long_paragraph_holding_six_is_their_merge(
    real_results: dict, hailar_docs: dict[int, PlanDocument]
) -> None:
    """Hailar 2019 rewrites six 2018 paragraphs (the three battles and the ecology task) as one
    paragraph with inline headlines. Each 2018 paragraph shares only a small part of the long
    paragraph's words, so symmetric scores are low; containment (the share of the short
    paragraph's character trigrams found in the long one) names all six, in both directions."""
    a, b, result = real_results[("hailar", 2018, 2019)]
    six = {_by_prefix(a, p) for p in HAILAR_SIX}
    whole = _by_prefix(b, "继续把打好三大攻坚战作为政治考验")
    merged = [m for m in result.matches if whole in m.b]
    assert len(merged) == 1 and set(merged[0].a) == six and merged[0].b == (whole,)
    assert merged[0].kind is MatchKind.MERGED
    back = compare(b, a)
    split = [m for m in back.matches if whole in m.a]
    assert len(split) == 1 and set(split[0].b) == six and split[0].kind is MatchKind.SPLIT


def test_a_weak_pair_across_unlinked_sections_is_no_rival() -> None:
    """A weak mutual-best pair (below the cutoff) is kept when it beats its runner-ups by the
    margin; a runner-up that sits across sections not linked to each other (``apart``) can never
    be kept itself and is no rival. Within linked sections the same runner-up still is one."""
    from comparison.assignment import WEAK_MARGIN, mutual_best_leftovers

    pairs = [(0, 0), (0, 1)]
    s, rival = 0.14, 0.11  # the national 2018 -> 2019 employment scores
    assert s < WEAK_MARGIN * rival
    scores = [s, rival]
    kept = mutual_best_leftovers(pairs, scores, {}, 0.15, 0.12, apart={(0, 1)})
    assert kept == {0: 0}
    assert mutual_best_leftovers(pairs, scores, {}, 0.15, 0.12, apart=set()) == {}
    # weak evidence across unlinked sections is never kept, however clear
    assert mutual_best_leftovers([(0, 0)], [0.14], {}, 0.15, 0.12, apart={(0, 0)}) == {}
    # above the cutoff a pair is evidence wherever it sits: it stays a rival
    assert mutual_best_leftovers(pairs, [0.14, 0.16], {}, 0.15, 0.12, apart={(0, 1)}) == {}


DEMO = Path(__file__).resolve().parents[2] / "archive" / "demo"


@pytest.fixture(scope="module")
def real_pair() -> tuple[PlanDocument, PlanDocument]:
    """Two real years (national reports 2018, 2019; see archive/demo/SOURCES.md)."""
    read = lambda y: parse_text((DEMO / "cn-national-gwr" / f"{y}.txt").read_text("utf-8"))  # noqa: E731
    return read(2018), read(2019)


def test_batched_ngrams_equal_the_merged_bag(real_pair: tuple[PlanDocument, PlanDocument]) -> None:
    """document_features encodes the n-grams of all of a document's texts in one batch; each
    unit must get exactly the n-grams and weights of ``weighted_ngrams`` of its own text (the
    bitwise same float32 sums: a repeated n-gram's weights added in text order)."""
    vocab = Vocabulary()
    feats = [document_features(doc, vocab) for doc in real_pair]
    strings = vocab.strings()
    checked = repeated = 0
    for doc, doc_feats in zip(real_pair, feats, strict=True):
        for u, f in zip(doc.units, doc_feats, strict=True):
            bag = weighted_ngrams("".join(map(_norm_piece, cut(unit_text(u)))))
            got = dict(
                zip([strings[i] for i in f.gram_ids.tolist()], f.gram_w.tolist(), strict=True)
            )
            assert got == {g: float(np.float32(w)) for g, w in bag.items()}, u.key
            checked += 1
            repeated += any(w >= 2 for w in bag.values())
    assert checked > 200 and repeated > 100  # long texts whose n-grams recur across clauses


def test_one_product_gives_both_directions() -> None:
    """Unpruned searches read A·Bᵀ once for both directions; the pairs must be those of the
    two one-directional searches (ties at the k-th value kept, sparse and dense products)."""
    rng = np.random.default_rng(3)
    for density in (0.02, 0.3):
        for shape_a, shape_b in (((40, 300), (55, 300)), ((7, 300), (90, 300))):
            va = normalize_rows(
                sp.random(*shape_a, density=density, format="csr", random_state=rng)
            )
            vb = normalize_rows(
                sp.random(*shape_b, density=density, format="csr", random_state=rng)
            )
            va.data = np.round(va.data, 1)  # ties
            for k in (1, 3, 6):
                want = {(i, j) for i, j, _ in _top_k_rows(va, vb, k, MIN_COSINE, prune=False)}
                want |= {(i, j) for j, i, _ in _top_k_rows(vb, va, k, MIN_COSINE, prune=False)}
                assert set(_top_k_both(va, vb, k, MIN_COSINE)) == want
                assert set(top_k_pairs(va, vb, k=k)) == want


def test_pair_cosines_are_the_products_entries_to_the_bit(
    real_pair: tuple[PlanDocument, PlanDocument],
) -> None:
    """An unpruned search takes its candidates' cosines from the product A·Bᵀ; pair_cosines must
    give the same floats for any pair (both sum the same products in column order), so a pair's
    cosine never depends on which path found it."""
    vocab = Vocabulary()
    fa, fb = (document_features(doc, vocab) for doc in real_pair)
    index = NgramIndex(vocab, [*fa, *fb])
    va, vb = index.vectors(fa), index.vectors(fb)
    whole = (va @ sp.csr_matrix(vb.T)).toarray()
    pairs = [(i, j) for i in range(va.shape[0]) for j in range(0, vb.shape[0], 5)]
    got = pair_cosines(va, vb, pairs)
    assert np.array_equal(got, np.array([whole[i, j] for i, j in pairs]))
    assert (got > 0).sum() > 1000
    found = top_k_pairs(va, vb, k=6)
    assert found == dict(zip(found, pair_cosines(va, vb, list(found)).tolist(), strict=True))


def test_twins_are_found_by_the_others_searches_only(
    real_pair: tuple[PlanDocument, PlanDocument],
) -> None:
    """A leaf whose text appears once on each side ("twins") does not search for neighbours;
    every other unit searches as before. So: each non-twin's own top-k are candidates, and a
    twin is paired with anything but its twin only when that unit's search found it."""
    a, _ = real_pair
    # a synthetic later year: the real 2018 report with every third leaf reworded
    units = list(a.units)
    leaves = [n for n, u in enumerate(units) if u.kind is not UnitKind.SECTION and u.text]
    for n in leaves[::3]:
        units[n] = dataclasses.replace(units[n], text=units[n].text + "加快推进。")
    b = dataclasses.replace(a, units=tuple(units))
    vocab = Vocabulary()
    fa, fb = document_features(a, vocab), document_features(b, vocab)
    space = Space(fa, fb, vocab, profiles=True)
    k = 2
    found = block_candidates(fa, fb, space, k, None)
    leaf = [
        i
        for i, f in enumerate(fa)
        if f.kind is not UnitKind.SECTION and f.kind is not UnitKind.TASK
    ]
    twins = {
        i for i in leaf if fa[i].norm == fb[i].norm and [f.norm for f in fa].count(fa[i].norm) == 1
    }
    assert len(twins) > 40 and len(leaf) - len(twins) > 20
    # the whole product of the leaf family, and each row's and column's top k
    rows_a = [i for i in range(len(fa)) if i in set(leaf)]
    rows_b = [j for j in range(len(fb)) if j in set(leaf)]
    whole = (space.own_a[rows_a] @ sp.csr_matrix(space.own_b[rows_b].T)).toarray()

    def top(values: np.ndarray) -> set[int]:
        kth = np.sort(values)[-k]
        return {int(x) for x in np.nonzero((values >= kth) & (values > MIN_COSINE))[0]}

    for y, j in enumerate(rows_b):  # B's searches are kept as well (B's twins are A's)
        if j not in twins:
            assert {(rows_a[x], j) for x in top(whole[:, y])} <= found.keys()
    for x, i in enumerate(rows_a):
        mine = {rows_b[y] for y in top(whole[x])}
        if i in twins:
            extra = {j for (p, j) in found if p == i and j != i and j in set(rows_b)}
            assert all(x in top(whole[:, rows_b.index(j)]) for j in extra)
            assert (i, i) in found
        else:
            assert {(i, j) for j in mine} <= found.keys()
    skipped = sum(
        1
        for x, i in enumerate(rows_a)
        if i in twins
        for y in top(whole[x])
        if (i, rows_b[y]) not in found
    )
    assert skipped > 0  # the twins' own searches were really left out


def test_dense_pair_cosines_are_the_sparse_sums_to_the_bit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pairs of mostly nonzero rows are multiplied as dense arrays; the floats must be those of
    the sparse path (both add the products column after column from 0.0)."""
    rng = np.random.default_rng(11)
    va = normalize_rows(sp.random(30, 200, density=0.8, format="csr", random_state=rng))
    vb = normalize_rows(sp.random(40, 200, density=0.7, format="csr", random_state=rng))
    pairs = [(i, j) for i in range(30) for j in range(0, 40, 3)]
    assert candidates._dense_rows(va, vb, pairs) is not None
    got = pair_cosines(va, vb, pairs)
    monkeypatch.setattr(candidates, "DENSE_CELLS", 0)  # the sparse path
    assert candidates._dense_rows(va, vb, pairs) is None
    assert got.tolist() == pair_cosines(va, vb, pairs).tolist()
    assert np.allclose(got, [(va[i] @ vb[j].T).toarray()[0, 0] for i, j in pairs])
    monkeypatch.undo()
    thin = normalize_rows(sp.random(30, 200, density=0.05, format="csr", random_state=rng))
    assert candidates._dense_rows(thin, thin, pairs[:10]) is None


def test_a_twin_whose_pair_an_analyst_rejected_searches_for_another_partner() -> None:
    """Synthetic: item 1 reappears verbatim, and also inside a summary item 11 that is closer
    to the ten others than to it. With the twin pair rejected, item 1 must find the summary by
    its own search: the summary's top-k alone does not reach it."""
    texts = [
        "推进农村公路提档升级。",
        "加快城乡供水一体化建设，提升供水保障能力和水质安全水平。",
        "实施老旧小区改造工程，完善小区配套设施和公共服务功能。",
        "完善基层医疗卫生服务体系，提升基层医疗机构服务能力。",
        "扩大普惠托育服务供给，支持社会力量发展普惠托育服务。",
        "推进垃圾分类处理设施建设，提高生活垃圾资源化利用水平。",
        "加强公共文化设施建设，提升公共文化服务效能和覆盖面。",
        "提升养老服务能力水平，加快发展居家社区养老服务网络。",
        "加快推进城市更新行动，改善人居环境和城市面貌。",
        "深化教育综合改革，促进义务教育优质均衡发展。",
    ]

    def plan(year: int, items: list[str]) -> PlanDocument:
        units = tuple(
            Unit(str(n), None, 1, IT, str(n), "", t) for n, t in enumerate(items, start=1)
        )
        return PlanDocument("计划（合成）", year, "zh", units=units)

    a, b = plan(2024, texts), plan(2025, [*texts, "".join(texts)])
    assert {m.a: m.b for m in compare(a, b).matches}[("1",)] == ("1",)
    rejected = compare(a, b, constraints=Constraints(rejected=(("1", "1"),)))
    assert {m.a: m.b for m in rejected.matches}[("1",)] == ("11",)
    assert "1" not in rejected.dropped


@pytest.mark.parametrize(
    ("texts_a", "texts_b"), [(["（略）"], ["（略）"]), (["", ""], ["……"]), (["。"], ["，"])]
)
def test_plans_without_any_ngram_compare(texts_a: list[str], texts_b: list[str]) -> None:
    # placeholder years (a scanned page, "（略）"): no n-gram at all on either side
    def plan(year: int, texts: list[str]) -> PlanDocument:
        units = tuple(Unit(str(n), None, 1, IT, str(n), "", t) for n, t in enumerate(texts, 1))
        return PlanDocument("计划（合成）", year, "zh", units=units)

    result = compare(plan(2024, texts_a), plan(2025, texts_b))
    assert sum(len(m.a) for m in result.matches) + len(result.dropped) == len(texts_a)
