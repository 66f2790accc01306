"""Threads: initiatives followed through the years, with revivals and stable ids."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from comparison import (
    PlanDocument,
    ThreadStatus,
    Timeline,
    Unit,
    UnitKind,
    build_timeline,
    compare,
)
from comparison.result import Thread

ITEMS = {
    "fund": "建立社区基金会试点。引导企业和市民参与社区公益事业，培育社区慈善力量。",
    "order": "推进基层社会治理体制改革。优化街道、社区设置，试行社区行政事务准入制度。",
    "net": "创新网络社会服务管理机制。关注网络社会民情动态，正确引导网络舆论。",
    "net2": "创新网络社会服务管理机制。关注网络社会民情动态，建立网络问政平台，正确引导网络舆论。",
    "smart": "建设智慧城市运行管理中心。整合城市管理数据资源，提升应急指挥能力。",
}
SYNTHETIC_YEARS = {
    2014: ["fund", "order", "net"],
    2015: ["order", "fund", "net2"],
    2016: ["order", "net2", "smart"],
    2017: ["order", "net2", "smart", "fund"],
}


def synthetic_series() -> list[PlanDocument]:
    docs = []
    for year, names in SYNTHETIC_YEARS.items():
        units = tuple(
            Unit(f"i{n}", None, 1, UnitKind.ITEM, str(n), ITEMS[k].split("。")[0], ITEMS[k])
            for n, k in enumerate(names, start=1)
        )
        docs.append(PlanDocument("synthetic plan", year, "zh", units=units))
    return docs


@pytest.fixture(scope="module")
def synthetic_timeline() -> Timeline:
    return build_timeline(list(reversed(synthetic_series())))  # any order in, sorted by year


def _thread_with(tl: Timeline, year: int, key: str) -> Thread:
    (th,) = [t for t in tl.threads for y in t.years if y.year == year and key in y.keys]
    return th


def _statuses(th: Thread) -> str:
    return " ".join(y.status.value for y in th.years)


def test_years_sorted_and_summaries_per_consecutive_pair(synthetic_timeline: Timeline) -> None:
    assert synthetic_timeline.years == (2014, 2015, 2016, 2017)
    assert sorted(synthetic_timeline.summaries) == [2015, 2016, 2017]
    assert synthetic_timeline.summaries[2016]["new"] == 1
    assert synthetic_timeline.summaries[2016]["dropped"] == 1


def test_an_initiative_that_returns_is_revived(synthetic_timeline: Timeline) -> None:
    fund = _thread_with(synthetic_timeline, 2014, "i1")
    assert fund.id == "t-2014-i1"
    assert _statuses(fund) == "new unchanged dropped revived"
    assert [y.keys for y in fund.years] == [("i1",), ("i2",), (), ("i4",)]
    assert (fund.first_year, fund.last_year) == (2014, 2017)


def test_changed_unchanged_and_new_threads(synthetic_timeline: Timeline) -> None:
    net = _thread_with(synthetic_timeline, 2014, "i3")
    assert _statuses(net) == "new changed unchanged unchanged"
    assert net.title == "创新网络社会服务管理机制"
    smart = _thread_with(synthetic_timeline, 2016, "i3")
    assert smart.id == "t-2016-i3"
    assert _statuses(smart) == "absent absent new unchanged"
    assert len(synthetic_timeline.threads) == 4


def test_precomputed_comparisons_give_the_same_timeline(synthetic_timeline: Timeline) -> None:
    docs = synthetic_series()
    comps = [compare(a, b) for a, b in pairwise(docs)]
    again = build_timeline(docs, comparisons=comps)
    assert again.to_dict() == synthetic_timeline.to_dict()
    with pytest.raises(ValueError, match="one Comparison per consecutive pair"):
        build_timeline(docs, comparisons=comps[:1])


def test_timeline_json_round_trips(synthetic_timeline: Timeline) -> None:
    d = json.loads(json.dumps(synthetic_timeline.to_dict()))
    assert Timeline.from_dict(d).to_dict() == synthetic_timeline.to_dict()


@pytest.fixture(scope="module")
def hailar_timeline(hailar_docs: dict[int, PlanDocument]) -> Timeline:
    return build_timeline(list(hailar_docs.values()))


def test_real_series_every_unit_is_in_a_thread(
    hailar_docs: dict[int, PlanDocument], hailar_timeline: Timeline
) -> None:
    in_threads = {(y.year, k) for t in hailar_timeline.threads for y in t.years for k in y.keys}
    every = {(year, u.key) for year, doc in hailar_docs.items() for u in doc.units}
    assert in_threads == every
    ids = [t.id for t in hailar_timeline.threads]
    assert len(ids) == len(set(ids))


def test_real_series_statuses_are_consistent(hailar_timeline: Timeline) -> None:
    present = {ThreadStatus.NEW, ThreadStatus.UNCHANGED, ThreadStatus.CHANGED, ThreadStatus.REVIVED}
    for th in hailar_timeline.threads:
        seen = False
        prev_present = False
        for y in th.years:
            here = y.status in present
            assert here == bool(y.keys), th.id
            if y.status is ThreadStatus.NEW:
                assert not seen
            if y.status is ThreadStatus.REVIVED:
                assert seen and not prev_present
            if y.status is ThreadStatus.DROPPED:
                assert prev_present
            if y.status is ThreadStatus.ABSENT:
                assert not prev_present
            seen = seen or here
            prev_present = here
        assert th.years[0].status in (ThreadStatus.NEW, ThreadStatus.ABSENT)
        first = next(y.year for y in th.years if y.keys)
        last = max(y.year for y in th.years if y.keys)
        assert (th.first_year, th.last_year) == (first, last)


def test_real_series_timeline_is_deterministic(
    hailar_docs: dict[int, PlanDocument], hailar_timeline: Timeline
) -> None:
    years = sorted(hailar_docs)[-3:]
    part = build_timeline([hailar_docs[y] for y in years])
    again = build_timeline([hailar_docs[y] for y in reversed(years)])
    assert json.dumps(part.to_dict()) == json.dumps(again.to_dict())
    assert any(t.years[-1].status is ThreadStatus.UNCHANGED for t in hailar_timeline.threads)


def test_thread_titles_are_distinct_on_a_real_series(hailar_docs) -> None:  # type: ignore[no-untyped-def]
    """Every thread of the Hailar series has its own title; a shared headline is told apart by
    its year span (issue 8.4), a unique one is kept as printed."""
    tl = build_timeline(list(hailar_docs.values()))
    titles = [t.title for t in tl.threads]
    assert len(set(titles)) == len(titles)
    spans = [t for t in tl.threads if t.title.endswith(f"({t.first_year}–{t.last_year})")]
    assert spans, "the series has repeated headlines (各位代表：) to tell apart"
    greeting = [t for t in tl.threads if t.title.startswith(("各位代表：", "各位代表:"))]
    assert greeting and all(t.boilerplate for t in greeting)


def _unit_titled(doc: PlanDocument, prefix: str) -> str:
    (key,) = [u.key for u in doc.units if (u.title or "").startswith(prefix)]
    return key


def test_employment_thread_holds_through_the_2019_reorganisation(
    national_docs: dict[int, PlanDocument],
) -> None:
    """National 2018 → 2019 moved employment from task (九) 民生 to task (一) macro-regulation:
    2018's 着力促进就业创业 continues as 2019's 多管齐下稳定和扩大就业 (a sure link of the gold
    alignment). Its thread must hold there instead of showing "dropped 2019" (issue 8.4)."""
    years = (2017, 2018, 2019, 2021)
    docs = [national_docs[y] for y in years]
    k18 = _unit_titled(national_docs[2018], "着力促进就业创业")
    k19 = _unit_titled(national_docs[2019], "多管齐下稳定和扩大就业")
    pair = compare(national_docs[2018], national_docs[2019])
    assert any(k18 in m.a and k19 in m.b for m in pair.matches)
    assert k18 not in pair.dropped and k19 not in pair.new
    tl = build_timeline(docs)
    th = _thread_with(tl, 2018, k18)
    by_year = {y.year: y for y in th.years}
    assert by_year[2017].keys, "the thread reaches 2018 from 2017"
    assert k19 in by_year[2019].keys
    assert by_year[2019].status is ThreadStatus.CHANGED
    assert by_year[2021].keys, "and goes on into 2021"
    assert th.last_year == 2021
