"""The series page's bump chart (issue 8.3): each top-level task's rank among its sibling tasks
(（一） = 1) year by year, one line per thread, so a priority climbing from （三） to （一）
is seen at a glance. Pure: a Plotly figure as a plain dict (kept out of charts.py, which is
already long)."""

from __future__ import annotations

from collections.abc import Mapping

from comparison.document import PlanDocument, UnitKind
from comparison.ranks import sibling_ranks
from comparison.result import Thread, Timeline
from webapp.charts_base import (
    FONT,
    Figure,
    _layout,
    distinct_labels,
    hover_wrap,
    narrow_variant,
    year_ticks,
)

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939",
)  # fmt: skip
TOP = 12
NAME_EM = 16  # legend entries: one line of this width (em), alike titles kept apart
NAME_EM_NARROW = 18


def task_ranks(
    timeline: Timeline, docs_by_year: Mapping[int, PlanDocument]
) -> list[tuple[Thread, dict[int, int]]]:
    """(thread, {year: rank}) for the task threads whose units sit directly under a top-level
    section, the ``TOP`` present in most years (ties: earlier start), boilerplate left out."""
    ranks = {y: sibling_ranks(d.units) for y, d in docs_by_year.items()}
    top_level = {
        y: {
            u.key
            for u in d.units
            if u.kind is UnitKind.TASK and u.parent and d.by_key().get(u.parent) is not None
            and d.by_key()[u.parent].kind is UnitKind.SECTION
            and d.by_key()[u.parent].parent is None
        }
        for y, d in docs_by_year.items()
    }  # fmt: skip
    out = []
    for t in timeline.threads:
        if t.kind != UnitKind.TASK.value or t.boilerplate:
            continue
        series = {
            ty.year: ranks[ty.year][ty.keys[0]]
            for ty in t.years
            if ty.keys and ty.year in ranks and ty.keys[0] in top_level.get(ty.year, ())
            and ty.keys[0] in ranks[ty.year]
        }  # fmt: skip
        if len(series) >= 2:
            out.append((t, series))
    out.sort(key=lambda ts: (-len(ts[1]), min(ts[1])))
    return out[:TOP]


def priority_bump(
    timeline: Timeline, docs_by_year: Mapping[int, PlanDocument], *, lang: str = "en"
) -> Figure:
    """Lines of rank (1 at the top) against year; each labelled at its last year."""
    rows = task_ranks(timeline, docs_by_year)
    rank_word = "排序" if lang == "zh" else "rank"
    data = []
    names = distinct_labels([t.title for t, _ in rows], NAME_EM, 1)
    for i, (t, series) in enumerate(rows):
        years = sorted(series)
        colour = PALETTE[i % len(PALETTE)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names[i],
                "x": years,
                "y": [series[y] for y in years],
                "line": {"color": colour, "width": 2},
                "marker": {"size": 7, "color": colour},
                "hovertemplate": f"{hover_wrap(t.title, 30)}<br>%{{x}} · {rank_word} %{{y}}"
                "<extra></extra>",
            }
        )
    all_years = sorted({y for _, s in rows for y in s})
    max_rank = max((r for _, s in rows for r in s.values()), default=1)
    ticks = year_ticks(all_years)  # at most ~6 year ticks: readable at phone width
    height = max(360, 28 * max_rank + 160)
    fig = {
        "data": data,
        "layout": _layout(
            height=height,
            font=FONT,
            xaxis={
                "tickmode": "array",
                "tickvals": ticks,
                "ticktext": [str(y) for y in ticks],
                "tickangle": 0,
                "gridcolor": "#eef1f4",
            },
            yaxis={
                "autorange": "reversed",
                "dtick": 1,
                "title": {"text": rank_word},
                "gridcolor": "#eef1f4",
                "zeroline": False,
            },
            legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0, "xanchor": "left"},
            margin={"l": 50, "r": 20, "t": 20, "b": 40},
        ),
    }
    # a phone: the legend one entry a line, below the chart and all of it shown (not a
    # scrolling box that hides most lines)
    narrow_names = distinct_labels([t.title for t, _ in rows], NAME_EM_NARROW, 1)
    return narrow_variant(
        fig,
        {
            "height": height + 22 * len(rows),
            "legend": {"orientation": "v", "y": -0.04, "yanchor": "top", "x": 0,
                       "xanchor": "left", "font": {"size": 12}},
            "margin": {"l": 40, "r": 10, "t": 20, "b": 40},
        },
        [{"name": n} for n in narrow_names],
    )  # fmt: skip
