"""Chart builders on hand-built (synthetic) engine results: no app, no database."""

from __future__ import annotations

import json

import pytest

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import (
    Comparison,
    Match,
    MatchKind,
    Thread,
    ThreadStatus,
    ThreadYear,
    Timeline,
)
from webapp import charts

S, T, IT = UnitKind.SECTION, UnitKind.TASK, UnitKind.ITEM


def _u(key, parent, kind, label, title, leads=()):
    level = {S: 1, T: 2, IT: 3}[kind]
    return Unit(key, parent, level, kind, label, title, title + "的正文。", tuple(leads))


def _synthetic_doc(year: int, units: list[Unit]) -> PlanDocument:
    return PlanDocument(
        title=f"synthetic plan {year}", year=year, language="zh", units=tuple(units)
    )


@pytest.fixture(scope="module")
def docs() -> dict[int, PlanDocument]:
    a = _synthetic_doc(
        2020,
        [
            _u("s1", None, S, "一", "民生保障"),
            _u("i1", "s1", IT, "1", "推进养老服务体系建设工作", ["市民政局", "市财政局"]),
            _u("i2", "s1", IT, "2", "完善社会救助制度", ["市民政局"]),
            _u("s2", None, S, "二", "社会治理"),
            _u("i3", "s2", IT, "1", "深化社区网格化管理", ["市委政法委"]),
            _u("i4", "s2", IT, "2", "一条后来被删除的事项", ["市公安局"]),
        ],
    )
    b = _synthetic_doc(
        2021,
        [
            _u("s1", None, S, "一", "民生保障"),
            _u("i1", "s1", IT, "1", "推进养老服务体系建设工作", ["市卫健委", "市民政局"]),
            _u("i2", "s1", IT, "2", "完善社会救助制度", ["市民政局"]),
            _u("i3", "s1", IT, "3", "深化社区网格化管理", ["市委政法委"]),
            _u("s2", None, S, "二", "社会治理"),
            _u("i5", "s2", IT, "1", "全新的事项", ["市司法局"]),
        ],
    )
    return {2020: a, 2021: b}


@pytest.fixture(scope="module")
def comparison(docs) -> Comparison:
    a, b = docs[2020], docs[2021]
    return Comparison(
        doc_a=a,
        doc_b=b,
        matches=(
            Match(("s1",), ("s1",), MatchKind.UNCHANGED, False, 1.0, 0.0),
            Match(("s2",), ("s2",), MatchKind.UNCHANGED, False, 1.0, 0.0),
            Match(("i1",), ("i1",), MatchKind.CHANGED, False, 0.8, 0.2),
            Match(("i2",), ("i2",), MatchKind.UNCHANGED, False, 1.0, 0.0),
            Match(("i3",), ("i3",), MatchKind.UNCHANGED, True, 0.95, 0.0),
        ),
        new=("i5",),
        dropped=("i4",),
        engine_version="synthetic",
    )


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    N, C, U, D, A, R = (
        ThreadStatus.NEW,
        ThreadStatus.CHANGED,
        ThreadStatus.UNCHANGED,
        ThreadStatus.DROPPED,
        ThreadStatus.ABSENT,
        ThreadStatus.REVIVED,
    )
    threads = (
        Thread("t-i1", "item", "推进养老服务体系建设工作", 2020, 2021,
               (ThreadYear(2020, N, ("i1",)), ThreadYear(2021, C, ("i1",)))),
        Thread("t-i2", "item", "完善社会救助制度", 2020, 2021,
               (ThreadYear(2020, N, ("i2",)), ThreadYear(2021, U, ("i2",)))),
        Thread("t-i4", "item", "一条后来被删除的事项", 2020, 2020,
               (ThreadYear(2020, N, ("i4",)), ThreadYear(2021, D))),
        Thread("t-i5", "item", "全新的事项", 2021, 2021,
               (ThreadYear(2020, A), ThreadYear(2021, N, ("i5",)))),
        Thread("t-s1", "section", "民生保障", 2020, 2021,
               (ThreadYear(2020, N, ("s1",)), ThreadYear(2021, R, ("s1",)))),
    )  # fmt: skip
    summary = {"unchanged": 3, "changed": 1, "moved": 1, "split": 0, "merged": 0, "new": 1,
               "dropped": 1}  # fmt: skip
    return Timeline(years=(2020, 2021), threads=threads, summaries={2021: summary},
                    engine_version="synthetic")  # fmt: skip


def _roundtrip(fig: dict) -> dict:
    """Figures must be plain JSON (the site embeds them, the HTML export inlines them)."""
    return json.loads(json.dumps(fig, ensure_ascii=False))


def test_change_summary_bar_counts_match_summary(comparison):
    fig = _roundtrip(charts.change_summary_bar(comparison))
    (bar,) = fig["data"]
    assert bar["type"] == "bar"
    # s1, s2, i2, i3 unchanged (i3 also moved); i1 changed
    assert dict(zip(bar["y"], bar["x"], strict=True)) == {
        "unchanged": 4, "changed": 1, "moved": 1, "split": 0, "merged": 0, "restructured": 0,
        "new": 1, "dropped": 1,
    }  # fmt: skip


def test_change_summary_bar_speaks_chinese(comparison):
    fig = charts.change_summary_bar(comparison, lang="zh")
    assert fig["data"][0]["y"][:2] == ["未变", "修改"]


def test_section_sankey_flows(comparison):
    fig = _roundtrip(charts.section_sankey(comparison))
    (sk,) = fig["data"]
    labels = sk["node"]["label"]
    flows = {
        (labels[s], labels[t]): v
        for s, t, v in zip(
            sk["link"]["source"], sk["link"]["target"], sk["link"]["value"], strict=True
        )
    }
    # i1, i2 stay in 一; i3 moves from 二 to 一; i4 dropped from 二; i5 new in 二
    assert flows == {
        ("一、民生保障", "一、民生保障"): 2,
        ("二、社会治理", "一、民生保障"): 1,
        ("二、社会治理", "(dropped)"): 1,
        ("(new)", "二、社会治理"): 1,
    }
    colors = dict(zip(flows, sk["link"]["color"], strict=True))
    # the move is coloured differently from the stay
    assert colors[("二、社会治理", "一、民生保障")] != colors[("一、民生保障", "一、民生保障")]
    # every node has the full caption with the year in its hover text
    assert any(h.startswith("2020 · 一、") for h in sk["node"]["customdata"])


def test_section_sankey_without_sections_uses_one_node():
    doc = _synthetic_doc(2020, [_u("i1", None, IT, "1", "甲"), _u("i2", None, IT, "2", "乙")])
    doc_b = _synthetic_doc(2021, [_u("i1", None, IT, "1", "甲")])
    comp = Comparison(doc, doc_b, (Match(("i1",), ("i1",), MatchKind.UNCHANGED, False, 1, 0),),
                      (), ("i2",), "synthetic")  # fmt: skip
    sk = charts.section_sankey(comp)["data"][0]
    assert sk["node"]["label"] == ["(whole document)", "(whole document)", "(dropped)"]
    assert sorted(sk["link"]["value"]) == [1, 1]


def test_initiative_timeline_marks_every_present_year(timeline, docs):
    fig = _roundtrip(
        charts.initiative_timeline(timeline, docs, thread_url="/s/x/thread/{id}", lang="en")
    )
    by_name = {tr["name"]: tr for tr in fig["data"]}
    assert set(by_name) == {"new", "changed", "unchanged", "revived", "dropped"}
    # the dropped year is a hollow mark, the others filled
    assert by_name["dropped"]["marker"]["symbol"] == "circle-open"
    assert by_name["new"]["marker"]["symbol"] == "square"
    assert by_name["dropped"]["x"] == [2021]
    # the absent year of t-i5 is not drawn at all
    total = sum(len(tr["x"]) for tr in fig["data"])
    assert total == 2 + 2 + 2 + 1 + 2  # t-i1, t-i2, t-i4 (+dropped), t-i5, t-s1
    # hover has the headline of that year; click target is the thread URL
    changed = by_name["changed"]
    assert "推进养老服务体系建设工作" in changed["text"][0].replace("<br>", "")
    assert changed["customdata"] == ["/s/x/thread/t-i1"]
    # rows are labelled by annotations holding the whole (short) headlines, full text on hover
    notes = fig["layout"]["annotations"]
    assert [a["text"] for a in notes] == [t.title for t in charts.select_threads(timeline)]
    assert [a["hovertext"] for a in notes] == [a["text"] for a in notes]


def test_select_threads_kind_and_cap(timeline):
    items = charts.select_threads(timeline, kind="item", limit=None)
    assert [t.id for t in items] == ["t-i1", "t-i2", "t-i4", "t-i5"]
    capped = charts.select_threads(timeline, kind="item", limit=2)
    # the two longest-lived, still in order of first appearance
    assert [t.id for t in capped] == ["t-i1", "t-i2"]
    assert charts.thread_kinds(timeline) == [("section", 1), ("item", 4)]


def test_yearly_change_bars_dropped_below_axis(timeline):
    fig = _roundtrip(charts.yearly_change_bars(timeline))
    by_name = {tr["name"]: tr for tr in fig["data"]}
    assert fig["layout"]["barmode"] == "relative"
    assert by_name["unchanged"]["y"] == [3]
    assert by_name["changed"]["y"] == [1]
    assert by_name["new"]["y"] == [1]
    assert by_name["dropped"]["y"] == [-1]
    assert by_name["dropped"]["customdata"] == [1]  # hover shows the positive count


def test_agency_heatmap_counts_primary_leads_only(docs):
    fig = _roundtrip(charts.agency_heatmap(docs, top=25))
    (hm,) = fig["data"]
    rows = {k[0]: v for k, v in zip(hm["customdata"], hm["z"], strict=True)}
    assert hm["x"] == ["2020", "2021"]
    # 市民政局 is primary for i1 and i2 in 2020, only i2 in 2021 (市卫健委 took over i1)
    assert rows["市民政局"] == [2, 1]
    assert rows["市卫健委"] == [0, 1]
    assert "市财政局" not in rows  # secondary lead only
    assert hm["y"][0] == "市民政局"  # busiest first
    assert len(charts.agency_heatmap(docs, top=2)["data"][0]["y"]) == 2
    # zero is the pale "none" colour, whatever the smallest count
    assert hm["zmin"] == 0 and hm["zmax"] == 2
    # one year only: bars per agency, not a heat map of one column (test_charts_readable.py)
    single = charts.agency_heatmap({2020: docs[2020]})["data"][0]
    assert single["type"] == "bar" and single["x"][:1] == [2]


def test_agency_heatmap_without_agencies_is_empty():
    doc = _synthetic_doc(2020, [_u("i1", None, IT, "1", "甲")])
    assert charts.agency_heatmap({2020: doc})["data"] == []
    assert not charts.has_agencies([doc])


def test_shorten_and_caption():
    assert charts.shorten("一二三四五六七八九十", 5) == "一二三四…"
    assert charts.shorten("短", 5) == "短"
    assert charts.unit_caption(_u("t", None, T, "三", "加强基层建设")) == "（三）加强基层建设"


def test_agency_heatmap_shows_supporting_agencies_apart_from_leads():
    from dataclasses import replace

    a = replace(_u("i1", None, IT, "1", "甲", ["市民政局"]), support_units=("市统计局", "市民政局"))
    b = replace(_u("i2", None, IT, "2", "乙", ["市民政局"]), support_units=("市统计局",))
    docs = {2020: _synthetic_doc(2020, [a]), 2021: _synthetic_doc(2021, [a, b])}
    (hm,) = _roundtrip(charts.agency_heatmap(docs))["data"]
    rows = {c[0]: (z, t) for c, z, t in zip(hm["customdata"], hm["z"], hm["text"], strict=True)}
    assert rows["市民政局"] == ([1, 2], ["1 +1", "2 +1"])  # colour = primary leads only
    assert rows["市统计局"] == ([0, 0], ["+1", "+2"])  # supporting only: listed after leads
    assert hm["y"] == ["市民政局", "市统计局"]
    assert "items supported: 2" in hm["hovertext"][1][1]
    assert charts.has_agencies([_synthetic_doc(2020, [replace(a, lead_units=())])])
