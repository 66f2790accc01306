"""The indicator vocabulary: stable ids for the quantities plans state year after year.

Each entry is ``(id, pattern over the printed name, unit family)``; the first that matches wins,
so specific names come before general ones (城镇调查失业率 before 失业率, 单位国内生产总值能耗
before 国内生产总值). Unit families keep a level apart from a rate: 国内生产总值134.9万亿元 is
``gdp``, 国内生产总值增长5% is ``gdp_growth``. Names outside the vocabulary get ``None``.

=============================  ================================================================
id                             printed as (examples)
=============================  ================================================================
gdp_growth                     国内生产总值增长, 地区生产总值增长, 经济增长, GDP growth
gdp                            国内生产总值 (an amount), 经济总量
cpi                            居民消费价格涨幅, 消费价格总水平, inflation, CPI
urban_new_jobs                 城镇新增就业
surveyed_unemployment          城镇调查失业率
registered_unemployment        城镇登记失业率
unemployment                   unemployment rate (English plans)
energy_intensity               单位国内生产总值能耗
co2_intensity                  单位国内生产总值二氧化碳排放
emissions                      主要污染物排放, 化学需氧量, 二氧化硫, emissions
grain_output                   粮食产量, 粮食总产量
deficit_ratio                  赤字率
deficit_amount                 财政赤字, 赤字规模 (an amount)
special_treasury_bonds         特别国债, 超长期特别国债
local_special_bonds            地方政府专项债券
m2_growth                      广义货币(M2)增长
social_financing               社会融资规模
foreign_trade                  进出口, 对外贸易, 外贸
fixed_asset_investment         固定资产投资
retail_sales                   社会消费品零售总额
fiscal_revenue                 财政收入, 全国财政收入
income_growth                  居民收入, 人均可支配收入
rd_intensity                   研究与试验发展经费, 研发投入强度
rural_poverty_reduction        农村贫困人口减少, 脱贫
relocation                     易地扶贫搬迁
shantytown_renovation          棚户区改造
pm25                           细颗粒物(PM2.5)浓度
urbanisation                   城镇化率
central_budget_investment      中央预算内投资
tax_cut                        减税, 减税降费
=============================  ================================================================
"""

from __future__ import annotations

import re

_PCT = frozenset({"%", "‰"})  # 个百分点 is a change in a rate, never the rate
_MONEY_RE = re.compile(r"元|美元")
_PEOPLE_RE = re.compile(r"人")
_GRAIN_RE = re.compile(r"斤|吨")

# (id, name pattern, unit family: pct | money | people | grain | any)
VOCABULARY: tuple[tuple[str, str, str], ...] = (
    ("surveyed_unemployment", r"调查失业率", "pct"),
    ("registered_unemployment", r"登记失业率", "pct"),
    ("unemployment", r"(?i)unemployment", "pct"),
    ("urban_new_jobs", r"城镇新增就业|新增城镇就业|新增就业", "people"),
    ("energy_intensity", r"能耗|(?i:energy intensity)", "pct"),
    ("co2_intensity", r"二氧化碳|(?i:carbon intensity)", "pct"),
    ("emissions", r"污染物|化学需氧量|二氧化硫|氨氮|氮氧化物|(?i:emissions)", "pct"),
    ("pm25", r"细颗粒物|PM2\.5", "any"),
    ("grain_output", r"粮食", "grain"),
    ("deficit_ratio", r"赤字率|赤字占国内生产总值", "pct"),
    ("deficit_amount", r"^(?!.*(?:中央|地方)).*赤字", "money"),  # the total, not its parts
    ("special_treasury_bonds", r"特别国债", "money"),
    ("local_special_bonds", r"专项债", "money"),
    ("m2_growth", r"广义货币|M2", "pct"),
    ("social_financing", r"社会融资规模", "any"),
    ("cpi", r"消费价格|物价|(?i:inflation|CPI|consumer price)", "pct"),
    ("foreign_trade", r"进出口|对外贸易|外贸|(?i:external trade)", "any"),
    ("fixed_asset_investment", r"固定资产投资", "any"),
    ("retail_sales", r"社会消费品零售总额", "any"),
    ("fiscal_revenue", r"财政收入", "any"),
    ("income_growth", r"居民收入|可支配收入", "pct"),
    ("rd_intensity", r"研究与试验发展|研发经费|研发投入|(?i:R&D)", "any"),
    ("relocation", r"易地扶贫搬迁|易地搬迁", "people"),
    ("rural_poverty_reduction", r"贫困人口|脱贫", "people"),
    ("shantytown_renovation", r"棚户区", "any"),
    ("urbanisation", r"城镇化率", "pct"),
    ("central_budget_investment", r"中央预算内投资", "money"),
    ("tax_cut", r"减税", "money"),
    (
        "gdp_growth",
        r"(?:国内生产总值|地区生产总值|经济|GDP|economy).*(?:增长|增速|grow)|(?i:economic growth)",
        "pct",
    ),
    ("gdp", r"国内生产总值|地区生产总值|经济总量|(?i:\bGDP\b)", "money"),
)

_NO_INDICATOR = re.compile(r"贡献率|比重|占比|(?i:contribution|share of)")
# Indicators whose target is a ceiling (an outcome below it meets it); all others are floors.
CEILINGS = frozenset(
    {"cpi", "registered_unemployment", "surveyed_unemployment", "unemployment", "deficit_ratio"}
)
INDICATORS: tuple[str, ...] = tuple(dict.fromkeys(i for i, _, _ in VOCABULARY))
_COMPILED = tuple((i, re.compile(p), fam) for i, p, fam in VOCABULARY)


def _unit_family_ok(unit: str, family: str) -> bool:
    if family == "pct":
        return unit in _PCT or unit.lower() in ("per cent", "percent")
    if family == "money":
        return bool(_MONEY_RE.search(unit)) or unit.startswith("$")
    if family == "people":
        return bool(_PEOPLE_RE.search(unit))
    if family == "grain":
        return bool(_GRAIN_RE.search(unit))
    return True


def indicator_for(name: str, unit: str) -> str | None:
    """The vocabulary id of an indicator printed as ``name`` with ``unit`` (``None`` if none).

    >>> indicator_for("国内生产总值增长", "%"), indicator_for("国内生产总值", "万亿元")
    ('gdp_growth', 'gdp')
    >>> indicator_for("城镇调查失业率", "%"), indicator_for("中央财政科技支出", "亿元") is None
    ('surveyed_unemployment', True)
    """
    if _NO_INDICATOR.search(name):
        return None
    for ident, pattern, family in _COMPILED:
        if pattern.search(name) and _unit_family_ok(unit, family):
            return ident
    return None
