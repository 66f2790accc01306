"""Lead agencies x years: a heat map, or bars when there is one year or one agency (a heat map
of one column is a stretched stripe that reads as nothing). Pure, like :mod:`webapp.charts`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from comparison.document import PlanDocument
from webapp.charts_base import Figure, _layout, _t, narrow_variant, wrap

LEAD_COLOR = "#2f6fb0"
SUPPORT_COLOR = "#9ecae1"
NAME_EM = 11  # agency names wrap at this width (em), two lines at most
NAME_EM_NARROW = 7


def agency_counts(docs_by_year: Mapping[int, PlanDocument]) -> dict[str, dict[int, int]]:
    """agency -> {year: number of units it leads as primary (first-listed) lead}."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for year, doc in docs_by_year.items():
        for u in doc.units:
            if u.lead_units:
                primary = u.lead_units[0]
                counts[primary][year] = counts[primary].get(year, 0) + 1
    return dict(counts)


def support_counts(docs_by_year: Mapping[int, PlanDocument]) -> dict[str, dict[int, int]]:
    """agency -> {year: number of units it supports (配合单位, a table's supporting column)}."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for year, doc in docs_by_year.items():
        for u in doc.units:
            for name in dict.fromkeys(u.support_units):
                counts[name][year] = counts[name].get(year, 0) + 1
    return dict(counts)


def has_agencies(docs: Iterable[PlanDocument]) -> bool:
    return any(u.lead_units or u.support_units for d in docs for u in d.units)


def _cell_text(led: int, supported: int) -> str:
    return " ".join(x for x in (str(led) if led else "", f"+{supported}" if supported else "") if x)


def agency_heatmap(
    docs_by_year: Mapping[int, PlanDocument], top: int = 25, *, lang: str = "en"
) -> Figure:
    """Lead agency x year: how many units each agency leads as primary lead (the colour), with
    ``+n`` for the units it supports (配合单位) where plans name supporting agencies.

    The ``top`` agencies by total, busiest first; supporting-only agencies after the leads. With
    no agencies at all the figure has no data (callers show a note instead of an empty chart).
    One year or one agency: bars instead (:func:`agency_bars`).
    """
    counts = agency_counts(docs_by_year)
    support = support_counts(docs_by_year)
    years = sorted(docs_by_year)
    ranked = sorted(counts, key=lambda a: (-sum(counts[a].values()), a))
    # agencies that only ever support come after the leads, busiest first
    ranked += sorted(set(support) - set(counts), key=lambda a: (-sum(support[a].values()), a))
    ranked = ranked[:top]
    if not ranked:
        return {"data": [], "layout": _layout(height=120)}
    if len(years) == 1 or len(ranked) == 1:
        return agency_bars(counts, support, ranked, years, lang=lang)
    z = [[counts.get(a, {}).get(y, 0) for y in years] for a in ranked]
    zs = [[support.get(a, {}).get(y, 0) for y in years] for a in ranked]
    cells = list(zip(z, zs, strict=True))

    def hover(v: int, w: int) -> str:
        return f"{_t(lang, 'items_led')}: {v} · {_t(lang, 'items_supported')}: {w}"

    names = [wrap(a, NAME_EM, 2) for a in ranked]
    trace = {
        "type": "heatmap",
        "x": [str(y) for y in years],
        "y": names,
        "z": z,
        "customdata": [[a] * len(years) for a in ranked],
        # lead counts in the cells, "+n" for units it supports (only when the plans say)
        "text": [[_cell_text(v, w) for v, w in zip(r, sr, strict=True)] for r, sr in cells],
        "hovertext": [[hover(v, w) for v, w in zip(r, sr, strict=True)] for r, sr in cells],
        "texttemplate": "%{text}",
        "textfont": {"size": 11},
        "zmin": 0,  # zero is always the pale "none" colour, even when every cell is >= 1
        "zmax": max(1, max(max(row) for row in z)),
        "colorscale": [[0, "#f4f6f8"], [0.001, "#dbe9f6"], [1, "#08519c"]],
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": "%{customdata}<br>%{x}: %{hovertext}<extra></extra>",
        "colorbar": {"title": {"text": _t(lang, "count")}, "thickness": 12},
    }
    row = 34 if any("<br>" in n for n in names) else 26
    fig = {
        "data": [trace],
        "layout": _layout(
            height=max(240, row * len(ranked) + 90),
            margin={"l": 20, "r": 20, "t": 20, "b": 40},
            xaxis={"type": "category"},
            yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        ),
    }
    narrow_names = [wrap(a, NAME_EM_NARROW, 3) for a in ranked]
    return narrow_variant(
        fig,
        {"height": max(240, 44 * len(ranked) + 90)},
        [{"y": narrow_names, "textfont": {"size": 10}, "colorbar": {"thickness": 8}}],
    )


def agency_bars(
    counts: Mapping[str, Mapping[int, int]],
    support: Mapping[str, Mapping[int, int]],
    ranked: list[str],
    years: list[int],
    *,
    lang: str = "en",
) -> Figure:
    """One year: a horizontal bar per agency (led, then supported, stacked); one agency: a bar
    per year. A note above says which, so the reader knows why this is not a heat map."""
    one_year = len(years) == 1
    if one_year:
        year = years[0]
        cats = ranked
        led = [counts.get(a, {}).get(year, 0) for a in ranked]
        sup = [support.get(a, {}).get(year, 0) for a in ranked]
        note = _t(lang, "one_year").format(year=year)
    else:
        agency = ranked[0]
        cats = [str(y) for y in years]
        led = [counts.get(agency, {}).get(y, 0) for y in years]
        sup = [support.get(agency, {}).get(y, 0) for y in years]
        note = _t(lang, "one_agency").format(agency=agency)
    names = [wrap(c, NAME_EM, 2) for c in cats] if one_year else cats
    data: list[dict[str, Any]] = []
    for key, values, color in (("led", led, LEAD_COLOR), ("supported", sup, SUPPORT_COLOR)):
        if key == "supported" and not any(values):
            continue
        trace: dict[str, Any] = {
            "type": "bar",
            "name": _t(lang, key),
            "x": values if one_year else names,
            "y": names if one_year else values,
            "customdata": cats,
            "marker": {"color": color},
            "text": [str(v) if v else "" for v in values],
            "textposition": "inside" if key == "led" else "auto",
            "textangle": 0,
            "insidetextanchor": "end",
            "textfont": {"size": 11},
            "hovertemplate": f"%{{customdata}}: {_t(lang, key)} "
            + ("%{x}" if one_year else "%{y}")
            + "<extra></extra>",
        }
        if one_year:
            trace["orientation"] = "h"
        data.append(trace)
    n = len(cats)
    row = 30 if any("<br>" in c for c in names) else 24
    cat_axis = {"type": "category", "automargin": True}
    val_axis = {"rangemode": "tozero", "gridcolor": "#eef1f4", "dtick": _dtick(led, sup)}
    annotation = {
        "text": note,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1,
        "xanchor": "left",
        "yanchor": "bottom",
        "yshift": 6,
        "showarrow": False,
        "font": {"size": 12, "color": "#57606a"},
    }
    layout = _layout(
        barmode="stack",
        bargap=0.3,
        height=max(200, row * n + 110) if one_year else 300,
        margin={"l": 20, "r": 20, "t": 50, "b": 40},
        showlegend=len(data) > 1,
        legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0},
        annotations=[annotation],
        xaxis=val_axis if one_year else {**cat_axis, "range": _year_range(n)},
        yaxis={**cat_axis, "autorange": "reversed"} if one_year else val_axis,
    )
    fig: Figure = {"data": data, "layout": layout}
    if not one_year:
        return fig
    narrow_names = [wrap(c, NAME_EM_NARROW, 3) for c in cats]
    lines = max(x.count("<br>") + 1 for x in narrow_names)
    narrow_row = max(24, 14 * lines + 6)
    return narrow_variant(
        fig,
        {
            "height": max(200, narrow_row * n + 120),
            "annotations": [{**annotation, "text": wrap(note, 20), "font": {"size": 11}}],
            "margin": {"l": 8, "r": 12, "t": 56, "b": 40},
        },
        [{"y": narrow_names} for _ in data],
    )


def _dtick(*series: list[int]) -> int | None:
    top = max((sum(v) for v in zip(*series, strict=True)), default=0)
    return 1 if top <= 8 else None


def _year_range(n: int) -> list[float] | None:
    """A few years: keep the bars from spreading across the whole width."""
    return [-2.5, n + 1.5] if n < 5 else None
