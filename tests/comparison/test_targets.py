"""Quantitative targets and outcomes (comparison.targets) on real national reports and bad input."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from comparison import compare
from comparison.detail import redline
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import RedlineOp
from comparison.structure import parse_text
from comparison.target_series import judge, series_rows, targets_changed
from comparison.targets import Extraction, Quantity, extract, merge_number_tokens

DEMO = Path(__file__).resolve().parents[2] / "archive" / "demo" / "cn-national-gwr"


@lru_cache(maxsize=32)
def report(year: int) -> PlanDocument:
    return parse_text((DEMO / f"{year}.txt").read_text(encoding="utf-8"))


@lru_cache(maxsize=32)
def extracted(year: int) -> Extraction:
    return extract(report(year))


def own(qs: tuple[Quantity, ...], indicator: str) -> Quantity:
    """The first own-year quantity of ``indicator``."""
    return next(q for q in qs if q.indicator == indicator and q.horizon is None)


def doc_of(text: str, year: int | None = 2025, language: str = "zh") -> PlanDocument:
    units = tuple(
        Unit(f"p{n}", None, 1, UnitKind.PARAGRAPH, "", "", para)
        for n, para in enumerate(text.split("\n\n"), 1)
    )
    return PlanDocument("synthetic", year, language, units=units)


@pytest.mark.parametrize(
    ("year", "indicator", "value", "unit", "qualifier"),
    [
        (2025, "gdp_growth", 5.0, "%", "about"),  # 5%左右
        (2025, "urban_new_jobs", 1200.0, "万人", "at_least"),  # 1200万人以上
        (2025, "grain_output", 1.4, "万亿斤", "about"),
        (2025, "deficit_ratio", 4.0, "%", "about"),  # 赤字率拟按4%左右安排
        (2018, "surveyed_unemployment", 5.5, "%", "at_most"),  # 5.5%以内
        (2013, "registered_unemployment", 4.6, "%", "below"),  # 低于4.6%
        (2007, "urban_new_jobs", 900.0, "万人", "at_least"),  # 不低于900万人
        (2006, "cpi", 3.0, "%", "at_most"),  # 控制在3% (no suffix)
        (2012, "gdp_growth", 7.5, "%", "exact"),  # 国内生产总值增长7.5%
        (2017, "local_special_bonds", 8000.0, "亿元", "exact"),
    ],
)
def test_targets_of_real_reports(
    year: int, indicator: str, value: float, unit: str, qualifier: str
) -> None:
    t = own(extracted(year).targets, indicator)
    assert (t.value, t.unit, t.qualifier) == (value, unit, qualifier)
    assert t.kind == "target" and t.horizon is None


@pytest.mark.parametrize(("year", "low", "high"), [(2016, 6.5, 7.0), (2019, 6.0, 6.5)])
def test_range_target(year: int, low: float, high: float) -> None:
    t = own(extracted(year).targets, "gdp_growth")
    assert (t.value, t.low, t.high, t.qualifier) == (None, low, high, "range")
    assert t.name == "国内生产总值增长"


def test_outcomes_carry_the_year_they_report_on() -> None:
    ex = extracted(2025)
    gdp = own(ex.outcomes, "gdp_growth")
    jobs = own(ex.outcomes, "urban_new_jobs")
    assert (gdp.value, gdp.about_year, gdp.key.split(".")[0]) == (5.0, 2024, "s1")
    assert (jobs.value, jobs.unit, jobs.about_year) == (1256.0, "万人", 2024)
    # last year's figures are never this year's targets
    target_values = {(q.indicator, q.value) for q in ex.targets}
    assert ("urban_new_jobs", 1256.0) not in target_values


def test_five_year_goals_carry_a_horizon_and_stay_apart() -> None:
    ex = extracted(2016)
    plan = [q for q in ex.targets if q.indicator == "gdp_growth" and q.horizon == "2016-2020"]
    assert [(q.value, q.qualifier) for q in plan] == [(6.5, "at_least")]  # 年均增长6.5%以上
    assert own(ex.targets, "gdp_growth").low == 6.5  # the year's own: 6.5%-7%
    # the past five years (年均增长7.8%) are an outcome over a period, not last year's
    past = [q for q in ex.outcomes if q.indicator == "gdp_growth" and q.value == 7.8]
    assert past and all(q.horizon == "2011-2015" and q.about_year is None for q in past)


def test_a_year_that_drops_an_indicator() -> None:
    rows = series_rows([extracted(2021), extracted(2022), extracted(2023)])
    by_year = {(r["year"], r["indicator"]) for r in rows}
    assert (2021, "energy_intensity") in by_year
    assert (2022, "energy_intensity") not in by_year  # 2022 states no energy-intensity figure
    assert (2022, "grain_output") in by_year


def test_series_rows_judge_met_from_next_years_report() -> None:
    rows = series_rows([extracted(y) for y in (2021, 2022, 2023)])
    gdp = {r["year"]: r for r in rows if r["indicator"] == "gdp_growth"}
    assert gdp[2021]["outcome"]["value"] == 8.1 and gdp[2021]["met"] is True  # 6%以上 -> 8.1%
    assert gdp[2022]["outcome"]["value"] == 3.0 and gdp[2022]["met"] is False  # 5.5%左右 -> 3%
    assert gdp[2023]["outcome"] is None and gdp[2023]["met"] is None  # 2024 not given
    cpi = {r["year"]: r for r in rows if r["indicator"] == "cpi"}
    assert cpi[2022]["met"] is True  # a ceiling: 3%左右 -> 2%


def test_judge_by_qualifier_and_scale() -> None:
    def q(kind: str, value: float, unit: str, qualifier: str, ind: str) -> Quantity:
        return Quantity("k", kind, "", ind, value, None, None, unit, qualifier, "", 0)

    grain_t = q("target", 1.3, "万亿斤", "at_least", "grain_output")
    assert judge(grain_t, q("outcome", 6.95, "亿吨", "exact", "grain_output")) is True
    assert judge(grain_t, q("outcome", 6.0, "亿吨", "exact", "grain_output")) is False
    jobs = q("target", 1100, "万人", "at_least", "urban_new_jobs")
    assert judge(jobs, q("outcome", 1099, "万人", "exact", "urban_new_jobs")) is False
    assert judge(jobs, q("outcome", 5.0, "%", "exact", "urban_new_jobs")) is None
    unemp = q("target", 4.6, "%", "below", "registered_unemployment")
    assert judge(unemp, q("outcome", 4.6, "%", "exact", "registered_unemployment")) is False


def test_targets_changed_in_a_real_comparison() -> None:
    c = compare(report(2015), report(2016))
    changes = [t for m in c.matches for t in m.targets_changed if t["indicator"] == "gdp_growth"]
    own_year = [t for t in changes if t["a"] and t["b"] and t["a"]["text"] == "7%左右"]
    assert own_year, changes
    assert own_year[0]["b"]["qualifier"] == "range" and own_year[0]["direction"] == "down"
    m = next(m for m in c.matches if any(t in m.targets_changed for t in own_year))
    assert (RedlineOp.DELETE, "7%左右") in m.redline  # the number is one redline token
    assert any(op is RedlineOp.INSERT and "6.5%－7%" in text for op, text in m.redline)


def test_targets_changed_pairs_by_indicator() -> None:
    a = extract(doc_of("今年主要预期目标是：国内生产总值增长5%左右，城镇新增就业1200万人以上。"))
    b = extract(doc_of("今年主要预期目标是：国内生产总值增长4.5%—5%，城镇新增就业1200万人以上。"))
    (change,) = targets_changed(a.targets, b.targets)
    assert change["indicator"] == "gdp_growth" and change["direction"] == "down"
    assert change["a"]["value"] == 5.0 and (change["b"]["low"], change["b"]["high"]) == (4.5, 5.0)


def test_redline_marks_a_number_change_whole() -> None:
    runs = redline("国内生产总值增长5%左右", "国内生产总值增长4.5%—5%")
    assert [(op.value, t) for op, t in runs] == [
        ("=", "国内生产总值增长"),
        ("-", "5%左右"),
        ("+", "4.5%—5%"),
    ]
    assert merge_number_tokens(["1", ".", "4", "万亿斤", "左右"]) == ["1.4万亿斤左右"]


def test_chinese_numerals() -> None:
    ex = extract(doc_of("今年城镇新增就业一千二百万人以上，居民消费价格涨幅百分之三左右。"))
    jobs, cpi = own(ex.targets, "urban_new_jobs"), own(ex.targets, "cpi")
    assert (jobs.value, jobs.unit, jobs.qualifier) == (1200.0, "万人", "at_least")
    assert (cpi.value, cpi.unit, cpi.qualifier) == (3.0, "%", "about")


def test_english_plans() -> None:
    text = (
        "We will reduce emissions by at least 5% by 2030.\n\n"
        "We expect GDP growth of 1 to 3 per cent this year.\n\n"
        "Last year the economy grew 4.4%."
    )
    ex = extract(doc_of(text, 2025, "en"))
    em = next(q for q in ex.targets if q.indicator == "emissions")
    assert (em.value, em.qualifier, em.horizon) == (5.0, "at_least", "by 2030")
    gdp = own(ex.targets, "gdp_growth")
    assert (gdp.low, gdp.high, gdp.qualifier) == (1.0, 3.0, "range")
    (out,) = ex.outcomes
    assert (out.value, out.about_year) == (4.4, 2024)


def test_dates_numbers_ordinals_and_counts_are_not_targets() -> None:
    text = (
        "根据《关于印发2014年工作要点的通知》（深办〔2014〕4号）和国发〔2013〕36号文件，"
        "2014年3月5日起施行，第十二届全国人大第二次会议，第3批试点，"
        "2015年12月31日前完成，十三五规划第2章第5条，庆祝建国65周年。\n\n"
        "今年要建成12个示范区，召开3次会议，选派100名干部，2016年底前完成。"
    )
    ex = extract(doc_of(text, 2014))
    assert ex.targets == () and ex.outcomes == ()


def test_increments_and_baselines_are_not_figures() -> None:
    ex = extract(
        doc_of(
            "赤字率拟按4%左右安排、比上年提高1个百分点，赤字规模5.66万亿元、比上年增加1.6万亿元。"
        )
    )
    assert [(q.indicator, q.value) for q in ex.targets] == [
        ("deficit_ratio", 4.0),
        ("deficit_amount", 5.66),
    ]


def test_empty_and_numberless_text() -> None:
    assert extract(doc_of("")).targets == ()
    assert extract(PlanDocument("空", None, "zh")).to_dict() == {
        "year": None,
        "targets": [],
        "outcomes": [],
    }


def test_a_district_report_names_its_gdp_differently() -> None:
    """Hailar's reports say 地区生产总值 (regional GDP) where the national one says 国内生产总值."""
    path = DEMO.parent / "hailar-district-gwr" / "2019.txt"
    ex = extract(parse_text(path.read_text(encoding="utf-8")))
    gdp = own(ex.targets, "gdp_growth")
    assert (gdp.value, gdp.qualifier, gdp.text) == (3.5, "about", "3.5%左右")
    assert own(ex.outcomes, "gdp_growth").about_year == 2018


def test_actions_of_a_plan_commit_without_saying_will() -> None:
    # an action plan's numbered actions are commitments in the imperative ("Reduce … by 15%"):
    # they stated no target because nothing in them looked ahead; all texts are synthetic
    from comparison import parse_text

    doc = parse_text(
        "Climate Action Plan 2025 (synthetic)\n\n"
        "1. Reduce energy use in municipal buildings by 15%.\n"
        "2. The share of renewables rose 3% last year.\n"  # numbered, but reports the past
        "Action 3: Recycling at 45% of household waste.\n"  # a keyword action, no verb
        "Mesure 4 : Réduire de 7,5 % les émissions du parc automobile.\n"  # decimal comma
    )
    got = [(q.key, q.kind, q.value) for q in extract(doc).targets + extract(doc).outcomes]
    assert got == [("i1", "target", 15.0), ("a3", "target", 45.0), ("m4", "target", 7.5),
                   ("i2", "outcome", 3.0)]  # fmt: skip


def test_a_numbered_paragraph_of_a_speech_is_no_action() -> None:
    speech = Unit("n28", None, 1, UnitKind.ITEM, "28.2", "", "The share of GDP stands at 26.2%.")
    doc = PlanDocument("synthetic", 2025, "en", units=(speech,))
    assert extract(doc).targets == ()


def test_from_one_figure_to_another_is_a_change_not_a_range() -> None:
    ex = extract(doc_of("We will cut the Services DRC from 50% to 45%.\n\n"
                        "We expect growth of between 1 and 3 per cent.", 2025, "en"))  # fmt: skip
    (drc, growth) = ex.targets
    assert (drc.value, drc.low, drc.high, drc.qualifier) == (45.0, None, None, "exact")
    assert (growth.low, growth.high, growth.qualifier) == (1.0, 3.0, "range")


def test_from_one_figure_to_another_in_other_languages() -> None:
    # synthetic actions in German, French and Spanish: "von … auf", "de … à", "de … a" move the
    # figure (before: the first figure was read as a target of its own, "Radverkehrsanteil von"
    # 15 %); "zwischen … und", "entre … et" are ranges; a lone "de 15 %" keeps its "de"
    from comparison import parse_text

    doc = parse_text(
        "Aktionsplan 2025 (synthetisch)\n\n"
        "Maßnahme 1: Radverkehrsanteil von 15 % auf 25 % steigern.\n"
        "Maßnahme 2: Das Wachstum zwischen 1 und 2 % halten.\n"
        "Mesure 3 : Porter le taux de recyclage de 40 % à 55 %.\n"
        "Mesure 4 : Maintenir la croissance entre 1 et 2 %.\n"
        "Mesure 5 : Atteindre un taux de 15 % de logements sociaux.\n"
        "Medida 6: Bajar el desempleo del 12 % al 9 %.\n"
    )
    got = [(q.key, q.name, q.value, q.low, q.high, q.text) for q in extract(doc).targets]
    assert got == [
        ("m1", "Radverkehrsanteil", 25.0, None, None, "von 15 % auf 25 %"),
        ("m2", "Das Wachstum", None, 1.0, 2.0, "zwischen 1 und 2 %"),
        ("m3", "Porter le taux de recyclage", 55.0, None, None, "de 40 % à 55 %"),
        ("m4", "Maintenir la croissance", None, 1.0, 2.0, "entre 1 et 2 %"),
        ("m5", "Atteindre un taux", 15.0, None, None, "15 %"),
        ("m6", "Bajar el desempleo", 9.0, None, None, "del 12 % al 9 %"),
    ]


def test_from_to_words_are_whole_words_and_a_verb_of_change_moves_the_figure() -> None:
    # synthetic: "de" ends "trade", "от" ends "оборот": no from-word there, the range stays a
    # range with its whole name; a first figure without "%" moves when a verb of change or a
    # to-word that only names a new value (auf, naar, para) says so, and "bis" is a range
    from comparison import parse_text

    doc = parse_text(
        "Plan (synthetic)\n\n"
        "Action 1: Increase trade 5 to 10%.\n"
        "Action 2: Grow exports to Canada 2 to 3%.\n"
        "Maßnahme 3: Anteil von 15 auf 25 % erhöhen.\n"
        "Maßnahme 4: Anteil von 15 bis 25 % halten.\n"
        "Мера 5: Увеличить долю с 10 до 15 %.\n"
        "Мера 6: Увеличить оборот 10 до 15 %.\n"
        "Medida 7: Aumentar de 10% para 15%.\n"
        "Misura 8: Aumentare dai 10 ai 15 %.\n"
    )
    got = [(q.key, q.name, q.value, q.low, q.high) for q in extract(doc).targets]
    assert got == [
        ("a1", "Increase trade", None, 5.0, 10.0),
        ("a2", "Grow exports to Canada", None, 2.0, 3.0),
        ("m3", "Anteil", 25.0, None, None),
        ("m4", "Anteil", None, 15.0, 25.0),
        ("m5", "Увеличить долю", 15.0, None, None),
        ("m6", "Увеличить оборот", None, 10.0, 15.0),
        ("m7", "Aumentar", 15.0, None, None),
        ("m8", "Aumentare", 15.0, None, None),
    ]


def test_a_changed_figure_in_a_french_action_is_a_changed_target() -> None:
    from comparison import compare, parse_text

    plan = (
        "Plan d'action {y} (synthétique)\n\nAction 1 : Réduire de {v} la consommation d'énergie.\n"
    )
    a, b = parse_text(plan.format(y=2024, v="15 %")), parse_text(plan.format(y=2025, v="20 %"))
    (m,) = compare(a, b).matches
    (t,) = m.targets_changed
    assert (t["a"]["value"], t["b"]["value"], t["direction"]) == (15.0, 20.0, "up")


def test_a_baseline_column_is_where_a_plan_starts_not_what_it_commits_to() -> None:
    from comparison import parse_text

    doc = parse_text(
        "# Plan 2025 (synthetic)\n\n| No. | Action | Lead | Baseline (2022) | Target (2026) |\n"
        "|---|---|---|---|---|\n| 1 | Cut energy use | Energy Office | 30% | 42% |\n"
    )
    assert [(q.text, q.kind) for q in extract(doc).targets + extract(doc).outcomes] == [
        ("42%", "target")
    ]


@pytest.mark.parametrize(
    "text",
    ["2. Support for seniors amounts to 5% of spending.", "5. Set against this, inflation is 3%.",
     "6. Cap on rents is now 10%.", "7. Phase 1 covers 30% of homes.",
     "8. Support schemes reached 40% of firms.", "9. Keep in mind that 15% of firms export."],
)  # fmt: skip
def test_a_noun_that_is_also_a_verb_makes_no_action(text: str) -> None:
    label, body = text.split(". ", 1)
    unit = Unit("n" + label, None, 1, UnitKind.ITEM, label, "", body)
    assert extract(PlanDocument("synthetic", 2025, "en", units=(unit,))).targets == ()


def test_numbers_read_as_printed() -> None:
    ex = extract(doc_of("We will cut the DRC from 50 to 45 per cent.\n\n"
                        "In 2023,5% of households will pay more.\n\n"
                        "Three tiers of 0%,4%,6% will apply.", 2025, "en"))  # fmt: skip
    assert [(q.key, q.value) for q in ex.targets] == [
        ("p1", 45.0), ("p3", 0.0), ("p3", 4.0), ("p3", 6.0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [("1. Réduire de 15 % la consommation d'énergie des bâtiments.", 15.0),
     ("1. Reducir un 10 % las emisiones del transporte.", 10.0),
     ("1. Ridurre del 20 % i consumi energetici.", 20.0),
     ("1. Senkung der CO2-Emissionen um 5 % gegenüber 2023.", 5.0),
     ("1. Under the scheme, 20% of households benefit.", None),  # English, no imperative
     ("1. Other measures cover 5% of the budget.", None)],
)  # fmt: skip
def test_actions_written_as_infinitives_or_nouns_of_action_commit(
    text: str, value: float | None
) -> None:
    from comparison import parse_text

    doc = parse_text(f"Plan 2025 (synthetic)\n\n{text}\n")
    assert [q.value for q in extract(doc).targets] == ([] if value is None else [value])


def test_a_plan_in_traditional_characters_states_the_same_targets() -> None:
    # synthetic: the same targets printed in simplified and in traditional characters (Hong
    # Kong, Macao and Taiwan print the latter) give the same indicators and figures; names and
    # quoted figures stay as printed
    from comparison import parse_text

    text = (
        "2025年政府工作报告（合成）\n\n一、经济发展\n"
        "今年主要预期目标是：国内生产总值增长5%左右，城镇调查失业率5.5%左右。\n"
        "财政赤字率拟按4%安排，赤字规模5.66万亿元。\n"
    )
    trad = (
        "2025年政府工作報告（合成）\n\n一、經濟發展\n"
        "今年主要預期目標是：國內生產總值增長5%左右，城鎮調查失業率5.5%左右。\n"
        "財政赤字率擬按4%安排，赤字規模5.66萬億元。\n"
    )

    def read(t: str) -> list[tuple[str | None, float | None, str]]:
        return [(q.indicator, q.value, q.unit) for q in extract(parse_text(t)).targets]

    assert read(trad) == read(text)
    assert {"gdp_growth", "surveyed_unemployment", "deficit_ratio"} <= {i for i, _, _ in read(trad)}
    names = [(q.name, q.text) for q in extract(parse_text(trad)).targets]
    assert ("國內生產總值增長", "5%左右") in names
    assert any(t == "5.66萬億元" for _, t in names)


def test_a_korean_plan_states_targets_and_reports_outcomes() -> None:
    # synthetic: a Korean plan's numbered items state intents (높인다, 감축) and report results
    # (였다, 끌어올렸다, 실적); before, its percentages were read as neither
    from comparison import compare, parse_text

    plan = (
        "{y}년 업무계획 (합성)\n\n1. 고용률을 {v}%까지 높인다.\n2. 온실가스 배출량을 40% 감축\n"
        "3. 지난해 경제성장률은 2.1%였다.\n4. 청년 고용률을 45%로 끌어올렸다.\n"
    )
    ex = extract(parse_text(plan.format(y=2024, v=70)))
    assert [(q.key, q.value) for q in ex.targets] == [("i1", 70.0), ("i2", 40.0)]
    assert [(q.key, q.value) for q in ex.outcomes] == [("i3", 2.1), ("i4", 45.0)]
    a, b = parse_text(plan.format(y=2024, v=70)), parse_text(plan.format(y=2025, v=72))
    (m,) = [m for m in compare(a, b).matches if m.a == ("i1",)]
    (t,) = m.targets_changed
    assert (t["a"]["value"], t["b"]["value"], t["direction"]) == (70.0, 72.0, "up")


def test_a_japanese_plan_commits_with_the_verb_after_the_figure() -> None:
    # synthetic: Japanese puts the verb of intent after the figure (70%に引き上げる); a figure in
    # a sentence ending in the past (だった) is no target; before, none of them was read
    from comparison import parse_text

    doc = parse_text(
        "令和6年度 市政運営方針（合成）\n\n第１ 重点施策\n１ 就業率を70%に引き上げる。\n"
        "２ 温室効果ガスを2030年までに46%削減する。\n３ 昨年度の就業率は68%だった。\n"
    )
    assert [q.value for q in extract(doc).targets] == [70.0, 46.0]


def test_a_year_before_the_figure_is_no_range() -> None:
    # "from 64.3 per cent in 1970 to 60.4 per cent" (Singapore 1972) was read as the range
    # 1970-60.4; a year is no figure of a range ("by 2030 to 25%", "bis 2030 auf 25 %"), and
    # "by 2030", "d'ici 2030", "bis 2030", "2030년까지" give the horizon
    from comparison import parse_text
    from comparison.targets import document_quantities

    doc = doc_of(
        "Consumption fell from 64.3 per cent in 1970 to 60.4 per cent last year.\n\n"
        "We will raise the cycling share by 2030 to 25%.",
        2025,
        "en",
    )
    got = {
        k: [(q.kind, q.value, q.low, q.high) for q in qs]
        for k, qs in document_quantities(doc).items()
    }
    assert got == {
        "p1": [("outcome", 64.3, None, None), ("outcome", 60.4, None, None)],
        "p2": [("target", 25.0, None, None)],
    }
    assert extract(doc).targets[0].horizon == "by 2030"
    plan = parse_text(
        "Plan (synthétique) 2025\n\nMesure 1 : Réduire de 40 % les émissions d'ici 2030.\n"
        "Maßnahme 2: Anteil bis 2030 auf 25 % erhöhen.\n"
    )
    assert [(q.value, q.horizon) for q in extract(plan).targets] == [
        (40.0, "by 2030"),
        (25.0, "by 2030"),
    ]


def _owned_plan(*items: str) -> PlanDocument:
    body = "\n\n".join(f"{n}. {t}" for n, t in enumerate(items, 1))
    return parse_text(f"synthetic 2025年工作要点\n\n一、重点任务\n\n{body}\n")


def test_counts_in_owned_units_are_commitments() -> None:
    """A unit with an owner (lead agencies, a deadline: a task table's row) commits to its bare
    figures and counts (synthetic items); the same figures without an owner state nothing."""
    lead = "（牵头单位：市发改委）"
    doc = _owned_plan(
        "新开工重点项目100个以上。" + lead,
        "新建2000个5G基站，覆盖全市。" + lead,
        "推进老旧小区改造120个。" + lead,
        "新增城镇就业5万人。" + lead,
        "一个中心、两个基本点。" + lead,
        "去年建成20个公园。" + lead,
        "推进老旧小区改造120个。",
    )
    got = [(q.key, q.name, q.text, q.qualifier) for q in extract(doc).targets]
    assert got == [
        ("s1.i1", "新开工重点项目", "100个以上", "at_least"),
        ("s1.i2", "新建5G基站", "2000个", "exact"),
        ("s1.i3", "推进老旧小区改造", "120个", "exact"),
        ("s1.i4", "新增城镇就业", "5万人", "exact"),
    ]
    assert extract(doc).targets[3].indicator == "urban_new_jobs"
    assert [(q.key, q.text) for q in extract(doc).outcomes] == [("s1.i6", "20个")]


def test_a_table_plans_counts_change_between_years() -> None:
    def year(y: int, projects: int, homes: int) -> PlanDocument:
        return parse_text(
            f"synthetic {y}年重点工作任务分工\n\n| 序号 | 重点任务 | 牵头单位 | 完成时限 |\n"
            f"|---|---|---|---|\n| 1 | 新开工重点项目{projects}个以上。 | 市发改委 | {y}年底 |\n"
            f"| 2 | 推进老旧小区改造{homes}个。 | 市住建局 | {y}年10月 |\n"
        )

    result = compare(year(2024, 100, 120), year(2025, 120, 150))
    changed = [(c["name"], c["a"]["text"], c["b"]["text"]) for m in result.matches
               for c in m.targets_changed]  # fmt: skip
    assert changed == [
        ("新开工重点项目", "100个以上", "120个以上"),
        ("推进老旧小区改造", "120个", "150个"),
    ]


def test_an_actions_counts_are_targets() -> None:
    """A numbered action commits to its counts (synthetic plan): the name is what comes before
    the figure and the thing counted; years, money, percentages and ranges' figures are not
    counts, and a paragraph of prose states none."""
    doc = parse_text(
        "Action Plan 2026 (synthetic)\n\nAction 1: Retrofit 40 schools by 2028.\n"
        "Action 2: Plant at least 5,000 trees. Lead: Parks\nAction 3: Build 30 km of bike lanes.\n"
        "Action 4: Launch a grant of $5,000 per household.\n"
        "Action 5: Cut emissions by 40% by 2030.\n"
        "Action 6: Raise the cycling share from 15 to 25 per cent.\n"
        "Action 7: Rénover 500 logements sociaux.\n\nWe planted 300 trees last spring.\n"
    )
    got = [(q.key, q.name, q.value, q.unit, q.qualifier) for q in extract(doc).targets]
    assert got == [
        ("a1", "Retrofit schools", 40.0, "schools", "exact"),
        ("a2", "Plant trees", 5000.0, "trees", "at_least"),
        ("a3", "Build bike lanes", 30.0, "km", "exact"),
        ("a5", "Cut emissions", 40.0, "%", "exact"),
        ("a6", "Raise the cycling share", 25.0, "%", "exact"),
        ("a7", "Rénover logements sociaux", 500.0, "logements sociaux", "exact"),
    ]


def test_a_target_restated_in_other_words_is_one_changed_target() -> None:
    """Within one matched action (synthetic plans), a count restated with more words
    (``1,000 new social homes`` → ``1,200 new social and affordable homes``) is one target moved
    up, not one dropped and one new; a figure of another measure or of unlike things stays
    apart, and a restated figure left as it was is no change."""

    def plan(y: int, action: str) -> PlanDocument:
        return parse_text(f"Housing Action Plan {y} (synthetic)\n\nAction 1: {action}\n")

    def changes(a: str, b: str) -> list[tuple[object, object, str]]:
        (m,) = compare(plan(2024, a), plan(2025, b)).matches
        return [
            (t["a"] and t["a"]["value"], t["b"] and t["b"]["value"], t["direction"])
            for t in m.targets_changed
        ]

    homes = "Build {} new social{} homes by 2026."
    assert changes(homes.format("1,000", ""), homes.format("1,200", " and affordable")) == [
        (1000.0, 1200.0, "up")
    ]
    assert changes(homes.format("1,000", ""), homes.format("1,000", " and affordable")) == []
    km = changes(
        "Retrofit 40 schools and build 30 km of bike lanes.",
        "Retrofit 40 schools and install 200 public chargers.",
    )
    assert sorted(km, key=str) == sorted([(None, 200.0, "new"), (30.0, None, "dropped")], key=str)
    trees = changes("Plant 500 trees in city parks.", "Plant 500 trees and 300 benches in parks.")
    assert (None, 300.0, "new") in trees and all(d != "up" for _, _, d in trees)
