"""Series targets -> Plotly figure dicts: per indicator, the target each year (a point whose
symbol tells the qualifier, or a band for a range) and the outcome the next report gave (a second
line), missed targets marked. Pure functions over the ``archive.targets`` document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from comparison.target_series import base_scale

Figure = dict[str, Any]

INDICATOR_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "gdp_growth": "国内生产总值增长",
        "gdp": "国内生产总值",
        "cpi": "居民消费价格涨幅",
        "urban_new_jobs": "城镇新增就业",
        "surveyed_unemployment": "城镇调查失业率",
        "registered_unemployment": "城镇登记失业率",
        "unemployment": "失业率",
        "energy_intensity": "单位GDP能耗降低",
        "co2_intensity": "单位GDP二氧化碳排放降低",
        "emissions": "污染物排放减少",
        "grain_output": "粮食产量",
        "deficit_ratio": "赤字率",
        "deficit_amount": "财政赤字",
        "special_treasury_bonds": "特别国债",
        "local_special_bonds": "地方政府专项债券",
        "m2_growth": "广义货币M2增长",
        "social_financing": "社会融资规模",
        "foreign_trade": "进出口",
        "fixed_asset_investment": "固定资产投资",
        "retail_sales": "社会消费品零售总额",
        "fiscal_revenue": "财政收入",
        "income_growth": "居民收入增长",
        "rd_intensity": "研发经费投入强度",
        "rural_poverty_reduction": "农村贫困人口减少",
        "relocation": "易地扶贫搬迁",
        "shantytown_renovation": "棚户区改造",
        "pm25": "细颗粒物(PM2.5)浓度",
        "urbanisation": "城镇化率",
        "central_budget_investment": "中央预算内投资",
        "tax_cut": "减税降费",
    },
    "en": {
        "gdp_growth": "GDP growth",
        "gdp": "GDP",
        "cpi": "Consumer prices (CPI)",
        "urban_new_jobs": "New urban jobs",
        "surveyed_unemployment": "Surveyed urban unemployment",
        "registered_unemployment": "Registered urban unemployment",
        "unemployment": "Unemployment",
        "energy_intensity": "Energy intensity cut",
        "co2_intensity": "CO₂ intensity cut",
        "emissions": "Emissions cut",
        "grain_output": "Grain output",
        "deficit_ratio": "Deficit ratio",
        "deficit_amount": "Fiscal deficit",
        "special_treasury_bonds": "Special treasury bonds",
        "local_special_bonds": "Local special bonds",
        "m2_growth": "M2 growth",
        "social_financing": "Total social financing",
        "foreign_trade": "Foreign trade",
        "fixed_asset_investment": "Fixed-asset investment",
        "retail_sales": "Retail sales",
        "fiscal_revenue": "Fiscal revenue",
        "income_growth": "Household income growth",
        "rd_intensity": "R&D intensity",
        "rural_poverty_reduction": "Rural poverty reduction",
        "relocation": "Poverty relocation",
        "shantytown_renovation": "Shantytown renovation",
        "pm25": "PM2.5",
        "urbanisation": "Urbanisation rate",
        "central_budget_investment": "Central budget investment",
        "tax_cut": "Tax and fee cuts",
    },
}
WORDS = {
    "zh": {
        "target": "目标",
        "outcome": "实际（次年报告）",
        "missed": "未完成",
        "met": "完成",
        "about": "左右",
        "at_least": "以上",
        "at_most": "以内",
        "below": "低于",
        "range": "区间",
        "exact": "",
        "year": "年份",
    },
    "en": {
        "target": "target",
        "outcome": "outcome (next report)",
        "missed": "missed",
        "met": "met",
        "about": "about",
        "at_least": "at least",
        "at_most": "at most",
        "below": "below",
        "range": "range",
        "exact": "exactly",
        "year": "year",
    },
}
SYMBOLS = {
    "about": "circle",
    "at_least": "triangle-up",
    "at_most": "triangle-down",
    "below": "triangle-down-open",
    "exact": "diamond",
    "range": "line-ew",
}
TARGET_COLOR = "#3d7dd8"
OUTCOME_COLOR = "#444b53"
MISSED_COLOR = "#d1495b"
MET_COLOR = "#2a9d8f"
MIN_YEARS = 3  # an indicator is charted once targets for it stand in this many years


def indicator_label(indicator: str, lang: str = "zh") -> str:
    return INDICATOR_LABELS.get(lang, INDICATOR_LABELS["zh"]).get(indicator, indicator)


def _scale(q: Mapping[str, Any], unit: str) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of quantity dict ``q`` in ``unit`` (Nones when they don't convert)."""
    a, b = base_scale(str(q.get("unit", ""))), base_scale(unit)
    if a is None or b is None or a[0] != b[0]:
        return None, None, None
    f = a[1] / b[1]

    def s(x: Any) -> float | None:
        return None if x is None else float(x) * f

    return s(q.get("value")), s(q.get("low")), s(q.get("high"))


def indicator_rows(data: Mapping[str, Any], indicator: str) -> list[dict[str, Any]]:
    """The rows of one indicator, with the year, in year order."""
    return [
        {"year": y["year"], **r}
        for y in data.get("years", ())
        for r in y["targets"]
        if r["indicator"] == indicator
    ]


FIRST = (
    "gdp_growth",
    "cpi",
    "urban_new_jobs",
    "surveyed_unemployment",
    "registered_unemployment",
    "energy_intensity",
    "grain_output",
    "deficit_ratio",
    "deficit_amount",
    "local_special_bonds",
    "special_treasury_bonds",
    "m2_growth",
    "foreign_trade",
)


def charted_indicators(data: Mapping[str, Any], min_years: int = MIN_YEARS) -> list[str]:
    """Indicators with targets in at least ``min_years`` years: the headline ones first
    (:data:`FIRST`), then the others in the order the series states them."""
    found = [i for i in data.get("indicators", ()) if len(indicator_rows(data, i)) >= min_years]
    rank = {i: n for n, i in enumerate(FIRST)}
    return sorted(found, key=lambda i: (rank.get(i, len(FIRST)), found.index(i)))


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def target_chart(data: Mapping[str, Any], indicator: str, *, lang: str = "zh") -> Figure:
    """One indicator across the years: targets (points, ranges as vertical bars), outcomes
    (a line; a red ✕ where the target was missed, green where met)."""
    w = WORDS.get(lang, WORDS["zh"])
    rows = indicator_rows(data, indicator)
    unit = str(rows[-1]["target"]["unit"]) if rows else ""
    tx: list[int] = []
    ty: list[float | None] = []
    bx: list[int] = []
    bbase: list[float | None] = []
    bh: list[float] = []
    bhover: list[str] = []
    symbols: list[str] = []
    thover: list[str] = []
    ox: list[int] = []
    oy: list[float | None] = []
    ocolor: list[str] = []
    osymbol: list[str] = []
    ohover: list[str] = []
    for r in rows:
        t = r["target"]
        value, low, high = _scale(t, unit)
        hover = f"{r['year']} {w['target']}: {t.get('text') or ''}<br>{r['name']}"
        if value is None and low is not None and high is not None:
            bx.append(r["year"])
            bbase.append(_r(low))
            bh.append(_r(high - low) or 0.0)
            bhover.append(hover)
        elif value is not None:
            tx.append(r["year"])
            ty.append(_r(value))
            q = str(t.get("qualifier") or "exact")
            symbols.append(SYMBOLS.get(q, "circle"))
            thover.append(hover)
        else:
            continue
        o = r.get("outcome")
        gap = True
        if o:
            ov, olow, ohigh = _scale(o, unit)
            if ov is None and olow is not None and ohigh is not None:
                ov = (olow + ohigh) / 2
            if ov is not None:
                met = r.get("met")
                ox.append(r["year"])
                oy.append(_r(ov))
                ocolor.append(MISSED_COLOR if met is False else MET_COLOR if met else OUTCOME_COLOR)
                osymbol.append("x" if met is False else "circle")
                gap = False
                verdict = w["missed"] if met is False else w["met"] if met else ""
                ohover.append(
                    f"{r['year']} {w['outcome']}: {o.get('text') or ''}"
                    f" ({r.get('outcome_year')}) {verdict}"
                )
        if gap:  # no outcome this year: break the line rather than bridge the years
            ox.append(r["year"])
            oy.append(None)
            ocolor.append(OUTCOME_COLOR)
            osymbol.append("circle")
            ohover.append("")
    title = indicator_label(indicator, lang) + (f" ({unit})" if unit else "")
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": w["target"],
            "x": tx,
            "y": ty,
            "marker": {"symbol": symbols, "size": 11, "color": TARGET_COLOR},
            "hovertext": thover,
            "hoverinfo": "text",
        },
        {
            "type": "bar",
            "name": f"{w['target']} ({w['range']})",
            "x": bx,
            "base": bbase,
            "y": bh,
            "width": 0.6,
            "marker": {"color": TARGET_COLOR, "opacity": 0.55},
            "hovertext": bhover,
            "hoverinfo": "text",
            "showlegend": bool(bx),
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": w["outcome"],
            "x": ox,
            "y": oy,
            "line": {"color": OUTCOME_COLOR, "width": 1.5, "dash": "dot"},
            "connectgaps": False,
            "showlegend": any(v is not None for v in oy),
            "marker": {"color": ocolor, "symbol": osymbol, "size": 9},
            "hovertext": ohover,
            "hoverinfo": "text",
        },
    ]
    years = [int(r["year"]) for r in rows]
    span = (max(years) - min(years)) if years else 0
    dtick = 1 if span <= 6 else 2 if span <= 14 else 4
    return {
        "data": traces,
        "layout": {
            "title": {"text": title, "font": {"size": 14}, "x": 0, "xanchor": "left"},
            "height": 280,
            "margin": {"l": 48, "r": 12, "t": 36, "b": 36},
            "xaxis": {
                "type": "linear",
                "dtick": dtick,
                "tickformat": "d",
                "range": [min(years) - 0.6, max(years) + 0.6] if years else None,
                "fixedrange": True,
            },
            "yaxis": {"rangemode": "tozero", "fixedrange": True, "automargin": True},
            "legend": {"orientation": "h", "x": 0, "y": -0.18, "font": {"size": 11}},
            "showlegend": True,
            "hovermode": "closest",
            "barmode": "overlay",
        },
    }


def qualifier_word(qualifier: str, lang: str = "zh") -> str:
    return WORDS.get(lang, WORDS["zh"]).get(qualifier, qualifier)


def table_rows(data: Mapping[str, Any], indicators: Sequence[str] | None = None) -> list[dict]:
    """Rows for the Targets table, newest year first."""
    keep = set(indicators) if indicators is not None else None
    out = [
        {"year": y["year"], **r}
        for y in data.get("years", ())
        for r in y["targets"]
        if keep is None or r["indicator"] in keep
    ]
    return sorted(out, key=lambda r: -int(r["year"]))
