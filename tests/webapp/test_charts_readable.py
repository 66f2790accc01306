"""Charts a reader can read (issue 14.3): row labels long enough to tell rows apart with the full
headline on hover, Sankey labels whole, one year or one agency drawn as bars, a phone variant.
Synthetic engine results; the real series are looked at in tests/browser/test_charts_browser.py.
"""

from __future__ import annotations

import json
from dataclasses import replace

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
from webapp.charts_base import NARROW_BELOW, text_em, wrap_lines, year_ticks
from webapp.charts_ranks import priority_bump

S, T, IT = UnitKind.SECTION, UnitKind.TASK, UnitKind.ITEM
N, C = ThreadStatus.NEW, ThreadStatus.CHANGED

LONG = "全面贯彻中央经济工作会议精神，加快改造提升优势特色产业，培育壮大新型产业"  # 36 chars
SHORT = "加快金融体制改革"


def _plain(label: str) -> str:
    return label.replace("<br>", "")


def _doc(year: int, units: list[Unit], language: str = "zh") -> PlanDocument:
    return PlanDocument(title=f"synthetic {year}", year=year, language=language, units=tuple(units))


def _unit(key, title, kind=IT, parent=None, label="", leads=()):
    level = {S: 1, T: 2, IT: 3}[kind]
    return Unit(key, parent, level, kind, label, title, title + "。正文。", tuple(leads))


def _timeline(titles: list[str], years=(2020, 2021)) -> tuple[Timeline, dict[int, PlanDocument]]:
    threads = tuple(
        Thread(f"t{i}", "item", t, years[0], years[-1],
               tuple(ThreadYear(y, N if j == 0 else C, (f"u{i}",)) for j, y in enumerate(years)))
        for i, t in enumerate(titles)
    )  # fmt: skip
    docs = {y: _doc(y, [_unit(f"u{i}", t) for i, t in enumerate(titles)]) for y in years}
    return Timeline(years=tuple(years), threads=threads, summaries={}, engine_version="s"), docs


def test_wrap_lines_keeps_every_character_and_fits_the_width():
    for text, width in (
        (LONG, 10),
        ("Registration of intellectual property, including patents", 12),
    ):
        lines = wrap_lines(text, width)
        assert len(lines) > 1
        # (a comma may hang past the end rather than start the next line)
        assert all(text_em(x.rstrip(",，")) <= width for x in lines), lines
        joined = "".join(lines) if text == LONG else " ".join(lines)
        assert joined == text
    # English words are not cut; CJK closing punctuation does not start a line
    assert "intellectual" in wrap_lines("Registration of intellectual property", 8)
    assert not any(x.startswith("，") for x in wrap_lines(LONG, 14))
    # with a line limit the text ends in an ellipsis, still within the width
    cut = wrap_lines(LONG, 10, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…") and text_em(cut[-1]) <= 10


def test_timeline_labels_are_whole_headlines_wrapped_with_the_full_text_on_hover():
    tl, docs = _timeline([LONG, SHORT])
    fig = json.loads(json.dumps(charts.initiative_timeline(tl, docs, thread_url="/t/{id}")))
    notes = fig["layout"]["annotations"]
    assert [_plain(a["text"]) for a in notes] == [LONG, SHORT]  # whole, no ellipsis
    assert "<br>" in notes[0]["text"]  # the long one wraps onto a second line
    assert [_plain(a["hovertext"]) for a in notes] == [LONG, SHORT]
    assert [a["name"] for a in notes] == ["/t/t0", "/t/t1"]  # a click on the label opens it
    assert fig["layout"]["yaxis"]["showticklabels"] is False  # no second, cut copy


def test_timeline_margin_grows_with_the_labels():
    short_tl, short_docs = _timeline([SHORT, "改革"])
    long_tl, long_docs = _timeline([LONG, SHORT])
    short_l = charts.initiative_timeline(short_tl, short_docs)["layout"]["margin"]["l"]
    long_l = charts.initiative_timeline(long_tl, long_docs)["layout"]["margin"]["l"]
    assert short_l >= text_em(SHORT) * charts.LABEL_SIZE
    assert long_l > short_l + 80


def test_timeline_rows_alike_get_distinct_informative_labels():
    # the engine tells alike titles apart by a year span and an ordinal (threads.py)
    tl, docs = _timeline([f"{LONG} (2020–2021)", f"{LONG} (2020–2021) 2"])
    first = {2020: _doc(2020, [_unit("u0", "做大做强物流产业"), _unit("u1", "扶持引导非公经济")])}
    labels = charts.row_labels(tl.threads, {y: d.by_key() for y, d in {**docs, **first}.items()},
                               lang="zh")  # fmt: skip
    assert labels == ["2020年起：做大做强物流产业", "2020年起：扶持引导非公经济"]
    fig = charts.initiative_timeline(tl, {**docs, **first}, lang="zh")
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert len(set(texts)) == 2
    # titles that differ only past the cut still give different labels
    a, b = LONG + "，推动甲方向发展", LONG + "，推动乙方向发展"
    tl2, docs2 = _timeline([a, b])
    texts2 = [x["text"] for x in charts.initiative_timeline(tl2, docs2)["layout"]["annotations"]]
    assert texts2[0] != texts2[1]


def test_timeline_has_a_phone_variant_with_labels_above_the_marks():
    titles = [LONG, SHORT] + [f"改革{i}" for i in range(10)]
    tl, docs = _timeline(titles, years=tuple(range(2000, 2026)))
    fig = charts.initiative_timeline(tl, docs)
    narrow = fig["narrow"]
    # 26 year columns beside a 19 em label margin do not fit a tablet: labels go on top there too
    assert narrow["below"] >= fig["layout"]["margin"]["l"] + 26 * 26
    few, few_docs = _timeline([SHORT, "改革"])
    assert charts.initiative_timeline(few, few_docs)["narrow"]["below"] == NARROW_BELOW
    notes = narrow["layout"]["annotations"]
    assert len(notes) == 12
    assert all(n["yanchor"] == "bottom" and n["xanchor"] == "left" for n in notes)
    assert all("<br>" not in n["text"] for n in notes)  # one line each, above the row
    assert narrow["layout"]["margin"]["l"] < 20
    assert len(narrow["layout"]["xaxis"]["tickvals"]) <= 6  # years readable at 390 px
    assert narrow["layout"]["height"] > fig["layout"]["height"]


def test_year_ticks():
    assert year_ticks([2019, 2020]) == [2019, 2020]
    assert year_ticks(list(range(2000, 2026))) == [2000, 2005, 2010, 2015, 2020, 2025]
    assert year_ticks([2012, 2019]) == [2012, 2014, 2016, 2018]
    assert year_ticks([]) == []


@pytest.fixture
def sankey_comparison() -> Comparison:
    long_a = "二、2024年经济社会发展总体要求和政策取向以及需要把握的若干重大问题"
    a = _doc(2024, [_unit("s1", long_a, S), _unit("i1", "甲", IT, "s1", "1"),
                    _unit("s2", "一、回顾", S), _unit("i2", "乙", IT, "s2", "1")])  # fmt: skip
    b = _doc(2025, [_unit("s1", long_a.replace("2024", "2025"), S),
                    _unit("i1", "甲", IT, "s1", "1"),
                    _unit("i2", "乙", IT, "s1", "2")])  # fmt: skip
    m = [Match(("s1",), ("s1",), MatchKind.CHANGED, False, 0.9, 0.1),
         Match(("i1",), ("i1",), MatchKind.UNCHANGED, False, 1, 0),
         Match(("i2",), ("i2",), MatchKind.UNCHANGED, True, 1, 0)]  # fmt: skip
    return Comparison(a, b, tuple(m), (), (), "synthetic")


def test_sankey_labels_are_whole_and_wrapped(sankey_comparison):
    fig = charts.section_sankey(sankey_comparison, lang="zh")
    (sk,) = fig["data"]
    labels = sk["node"]["label"]
    long_labels = [x for x in labels if "重大问题" in x]
    assert len(long_labels) == 2
    for label in long_labels:
        assert "…" not in label and "<br>" in label
        assert _plain(label).startswith("二、20") and _plain(label).endswith("若干重大问题")
    # the phone variant wraps tighter and is taller; the gaps leave room for the labels
    slim = fig["narrow"]["data"][0]["node"]["label"]
    assert [_plain(x) for x in slim] == [_plain(x) for x in labels]
    assert max(x.count("<br>") for x in slim) > max(x.count("<br>") for x in labels)
    assert fig["narrow"]["layout"]["height"] >= fig["layout"]["height"]
    assert fig["narrow"]["data"][0]["node"]["pad"] > sk["node"]["pad"]
    # an end node's label may spill past the plot: the margins make room for half of it
    assert fig["narrow"]["layout"]["margin"]["b"] > 10


def test_sankey_height_grows_with_the_labels():
    from webapp.charts import _sankey_height, _sankey_pad

    sides = [list(range(8)), list(range(8, 16))]
    one_line = ["一、回顾"] * 16
    four_lines = ["一<br>二<br>三<br>四"] * 16
    assert _sankey_height(one_line[:8], [[0, 1, 2], [3, 4, 5]], 15) == 320  # the floor
    assert _sankey_height(four_lines, sides, 15) > 320 + 8 * 3 * 15
    assert _sankey_pad(four_lines, 15) > _sankey_pad(one_line, 15)


def _agency_docs(years, agencies):
    return {
        y: _doc(y, [_unit(f"i{i}", f"事项{i}", leads=[a]) for i, a in enumerate(agencies)])
        for y in years
    }


def test_one_year_of_agencies_is_a_bar_per_agency_not_a_one_column_heat_map():
    docs = _agency_docs([2014], ["市社工委", "市社工委", "市委宣传部(市互联网信息办公室)"])
    fig = charts.agency_heatmap(docs, lang="zh")
    assert all(tr["type"] == "bar" for tr in fig["data"])
    (led,) = fig["data"]  # no supporting agencies: no empty second series
    assert led["orientation"] == "h"
    assert led["x"] == [2, 1]
    assert led["customdata"] == ["市社工委", "市委宣传部(市互联网信息办公室)"]
    assert _plain(led["y"][1]) == "市委宣传部(市互联网信息办公室)"  # whole, wrapped
    note = fig["layout"]["annotations"][0]["text"]
    assert "2014" in note and "仅一年" in note
    assert "narrow" in fig  # names wrap tighter on a phone


def test_one_agency_over_several_years_is_a_bar_per_year():
    docs = _agency_docs([2019, 2020, 2021], ["市民政局"])
    fig = charts.agency_heatmap(docs, lang="en")
    (led,) = fig["data"]
    assert led["type"] == "bar" and led.get("orientation") != "h"
    assert led["x"] == ["2019", "2020", "2021"] and led["y"] == [1, 1, 1]
    assert "市民政局" in fig["layout"]["annotations"][0]["text"]


def test_several_agencies_and_years_stay_a_heat_map_and_supporting_stacks_in_bars():
    docs = _agency_docs([2019, 2020], ["市民政局", "市财政局"])
    assert charts.agency_heatmap(docs)["data"][0]["type"] == "heatmap"
    one = _agency_docs([2020], ["市民政局"])
    one[2020] = replace(
        one[2020], units=(replace(one[2020].units[0], support_units=("市统计局",)),)
    )
    names = [tr["name"] for tr in charts.agency_heatmap(one)["data"]]
    assert names == ["led", "supported"]


def test_no_agencies_no_data():
    docs = {2020: _doc(2020, [_unit("i1", "甲")])}
    assert charts.agency_heatmap(docs)["data"] == []


def test_bump_legend_names_differ_when_titles_share_their_start():
    years = (2020, 2021, 2022)
    titles = [LONG + "，推动甲方向发展", LONG + "，推动乙方向发展"]
    threads = tuple(
        Thread(f"t{i}", "task", t, 2020, 2022,
               tuple(ThreadYear(y, N if j == 0 else C, (f"k{i}",)) for j, y in enumerate(years)))
        for i, t in enumerate(titles)
    )  # fmt: skip
    docs = {
        y: _doc(y, [_unit("s", "一、总体", S, label="一")]
                + [_unit(f"k{i}", t, T, "s", "一二"[i]) for i, t in enumerate(titles)])
        for y in years
    }  # fmt: skip
    fig = priority_bump(Timeline(years, threads, {}, "s"), docs)
    names = [tr["name"] for tr in fig["data"]]
    assert len(names) == 2 and names[0] != names[1]
    assert all(text_em(n) <= 16 for n in names)
    assert all(t in _plain(tr["hovertemplate"]) for t, tr in zip(titles, fig["data"], strict=True))
    assert fig["narrow"]["layout"]["legend"]["orientation"] == "v"


def test_year_axes_thin_out_on_a_phone():
    from comparison.terms import TermSeries
    from webapp.charts_history import term_trends

    years = tuple(y for y in range(2000, 2026) if y != 2020)
    summaries = {y: {"unchanged": 1, "changed": 1, "new": 1, "dropped": 1} for y in years[1:]}
    bars = charts.yearly_change_bars(Timeline(years, (), summaries, "s"))
    assert len(bars["layout"]["xaxis"]["tickvals"]) == 24  # every year on a wide screen
    narrow = bars["narrow"]["layout"]["xaxis"]
    assert len(narrow["tickvals"]) <= 6 and narrow["tickangle"] == 0
    ts = TermSeries("扩大", dict.fromkeys(years, 1), dict.fromkeys(years, 0.5))
    terms = term_trends([ts], years)
    assert terms["layout"]["xaxis"]["tickangle"] == -45
    ticks = terms["narrow"]["layout"]["xaxis"]["tickvals"]
    assert ticks == ["2000", "2005", "2010", "2015", "2020", "2025"]  # ("2020" has no category)
