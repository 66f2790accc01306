"""The Targets charts (webapp.charts_targets): pure figure dicts from a targets document."""

from __future__ import annotations

from webapp.charts_targets import charted_indicators, target_chart


def q(value=None, low=None, high=None, unit="%", qualifier="about", text=""):
    return {
        "value": value,
        "low": low,
        "high": high,
        "unit": unit,
        "qualifier": qualifier,
        "text": text,
        "key": "k",
        "name": "",
        "indicator": "gdp_growth",
        "horizon": None,
    }


DATA = {
    "series": "s",
    "title": "t",
    "indicators": ["gdp_growth", "cpi"],
    "years": [
        {
            "year": 2019,
            "targets": [
                {
                    "indicator": "gdp_growth",
                    "name": "国内生产总值增长",
                    "target": q(None, 6, 6.5, qualifier="range"),
                    "outcome": q(6.1, qualifier="exact"),
                    "outcome_year": 2020,
                    "met": True,
                }
            ],
        },
        {
            "year": 2021,
            "targets": [
                {
                    "indicator": "gdp_growth",
                    "name": "国内生产总值增长",
                    "target": q(6, qualifier="at_least"),
                    "outcome": q(8.1, qualifier="exact"),
                    "outcome_year": 2022,
                    "met": True,
                },
                {
                    "indicator": "cpi",
                    "name": "居民消费价格涨幅",
                    "target": q(3),
                    "outcome": None,
                    "outcome_year": 2022,
                    "met": None,
                },
            ],
        },
        {
            "year": 2022,
            "targets": [
                {
                    "indicator": "gdp_growth",
                    "name": "国内生产总值增长",
                    "target": q(5.5),
                    "outcome": q(3, qualifier="exact"),
                    "outcome_year": 2023,
                    "met": False,
                }
            ],
        },
    ],
}


def test_only_indicators_with_three_years_are_charted() -> None:
    assert charted_indicators(DATA) == ["gdp_growth"]


def test_targets_points_ranges_and_missed_outcomes() -> None:
    fig = target_chart(DATA, "gdp_growth", lang="en")
    points, band, outcome = fig["data"]
    assert points["x"] == [2021, 2022] and points["y"] == [6.0, 5.5]
    assert points["marker"]["symbol"] == ["triangle-up", "circle"]  # at least, about
    assert band["type"] == "bar" and band["x"] == [2019] and band["base"] == [6.0]
    assert band["y"] == [0.5]  # 6%-6.5%
    assert outcome["y"] == [6.1, 8.1, 3.0]
    assert outcome["marker"]["symbol"][-1] == "x"  # 2022 missed
    assert "GDP growth" in fig["layout"]["title"]["text"]
