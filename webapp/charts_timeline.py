"""Whole series -> Plotly figure dicts: the initiative timeline (one row per thread, labelled by
whole, distinct headlines) and the yearly change bars. Pure, like :mod:`webapp.charts`, which
re-exports these."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import Thread, ThreadStatus, Timeline
from webapp.charts_base import (
    COLORS,
    Figure,
    _layout,
    _t,
    distinct_labels,
    hover_wrap,
    lines_em,
    narrow_variant,
    unit_caption,
    year_ticks,
)

TIMELINE_STATUSES = (
    ThreadStatus.NEW,
    ThreadStatus.CHANGED,
    ThreadStatus.UNCHANGED,
    ThreadStatus.REVIVED,
    ThreadStatus.DROPPED,
)


def select_threads(
    timeline: Timeline, *, kind: str | None = None, limit: int | None = 60
) -> list[Thread]:
    """Threads of ``kind`` (all kinds if None), the ``limit`` longest-lived, in order of first year.

    Longest-lived = most years present; ties go to the earlier-starting thread. The result is
    ordered by first year, then by the thread's original order, so rows read top-down in time.
    """
    order = {t.id: i for i, t in enumerate(timeline.threads)}
    pool = [t for t in timeline.threads if kind is None or t.kind == kind]
    if limit is not None and len(pool) > limit:
        pool = sorted(pool, key=lambda t: (-_present(t), t.first_year, order[t.id]))[:limit]
    return sorted(pool, key=lambda t: (t.first_year, order[t.id]))


def _present(thread: Thread) -> int:
    return sum(
        1 for y in thread.years if y.status not in (ThreadStatus.DROPPED, ThreadStatus.ABSENT)
    )


def thread_kinds(timeline: Timeline) -> list[tuple[str, int]]:
    """(kind, number of threads) in the engine's unit order, for a kind selector."""
    counts = Counter(t.kind for t in timeline.threads)
    return [(k.value, counts[k.value]) for k in UnitKind if counts[k.value]]


# row labels: two lines of LABEL_EM em on a wide screen (the margin grows to the longest),
# one line of NARROW_LABEL_EM above the row's marks on a phone
LABEL_EM = 19
LABEL_LINES = 2
NARROW_LABEL_EM = 22
LABEL_SIZE = 12
YEAR_PX = 26  # a year column narrower than this and its tick labels collide


def row_labels(
    rows: Sequence[Thread], units_by_year: Mapping[int, Mapping[str, Unit]], *, lang: str = "en"
) -> list[str]:
    """A distinct, informative text per row: the thread's title; where titles are alike (the
    engine tells them apart by year span and an ordinal, which says nothing of the content),
    the headline the thread started with, after its first year."""
    titles = [t.title or t.id for t in rows]
    base = [_SPAN_SUFFIX.sub("", t) for t in titles]
    alike = Counter(base)
    out = []
    for thread, title, b in zip(rows, titles, base, strict=True):
        if alike[b] > 1:
            first = next((ty for ty in thread.years if ty.keys), None)
            units = units_by_year.get(first.year, {}) if first else {}
            unit = units.get(first.keys[0]) if first else None
            if first and unit is not None:
                title = _t(lang, "first_seen").format(year=first.year) + unit_caption(unit, 200)
        out.append(title)
    # still alike (same first headline): number them
    seen: Counter[str] = Counter()
    again = Counter(out)
    for i, text in enumerate(out):
        if again[text] > 1:
            seen[text] += 1
            out[i] = f"{text} ({seen[text]})"
    return out


_SPAN_SUFFIX = re.compile(r" \(\d{4}–\d{4}\)(?: \d+)?$")


def initiative_timeline(
    timeline: Timeline,
    docs_by_year: Mapping[int, PlanDocument],
    *,
    threads: Sequence[Thread] | None = None,
    thread_url: str | None = None,
    lang: str = "en",
) -> Figure:
    """One row per thread, one mark per year coloured by status; dropped years are hollow.

    ``threads`` picks and orders the rows (default: :func:`select_threads` with its defaults);
    hover shows that year's number and headline; ``customdata`` carries the thread's URL
    (``thread_url`` with ``{id}`` replaced) so a click can open it. Rows are labelled by
    annotations (:func:`row_labels`, wrapped; the full text on hover), left of the marks with a
    margin sized to them, or above each row's marks in the narrow variant.
    """
    rows = list(threads) if threads is not None else select_threads(timeline)
    units_by_year = {y: d.by_key() for y, d in docs_by_year.items()}
    by_status: dict[ThreadStatus, dict[str, list[Any]]] = {
        s: {"x": [], "y": [], "text": [], "customdata": []} for s in TIMELINE_STATUSES
    }
    full = row_labels(rows, units_by_year, lang=lang)
    for row, thread in enumerate(rows):
        url = thread_url.replace("{id}", thread.id) if thread_url else thread.id
        last_caption = ""
        for ty in thread.years:
            if ty.status is ThreadStatus.ABSENT:
                continue
            units = units_by_year.get(ty.year, {})
            captions = [_hover_caption(units[k]) for k in ty.keys if k in units]
            if captions:
                last_caption = captions[0]
            status_label = _t(lang, ty.status.value)
            if ty.status is ThreadStatus.DROPPED:
                text = f"{ty.year} · {status_label}<br>{hover_wrap(last_caption)}"
            else:
                text = f"{ty.year} · {status_label}<br>" + "<br>".join(
                    hover_wrap(c) for c in captions or [thread.title]
                )
            bucket = by_status[ty.status]
            bucket["x"].append(ty.year)
            bucket["y"].append(row)
            bucket["text"].append(text)
            bucket["customdata"].append(url)
    data = []
    for status, bucket in by_status.items():
        if not bucket["x"]:
            continue
        hollow = status is ThreadStatus.DROPPED
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _t(lang, status.value),
                "x": bucket["x"],
                "y": bucket["y"],
                "text": bucket["text"],
                "customdata": bucket["customdata"],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "symbol": "circle-open" if hollow else "square",
                    "size": 9 if hollow else 11,
                    "color": COLORS[status.value],
                    "line": {"width": 1.5 if hollow else 0, "color": COLORS[status.value]},
                },
            }
        )
    years = list(timeline.years)
    labels = distinct_labels(full, LABEL_EM, LABEL_LINES)
    two_lines = any("<br>" in x for x in labels)
    row_px = 38 if two_lines else 24
    label_px = max((lines_em(x) for x in labels), default=0) * LABEL_SIZE
    x_range = [min(years) - 0.6, max(years) + 0.6] if years else None

    def annotations(texts: list[str], *, above: bool) -> list[dict[str, Any]]:
        return [
            {
                "text": text,
                "hovertext": hover_wrap(title, 36),
                "x": 0,
                "xref": "paper",
                "xanchor": "left" if above else "right",
                "xshift": 0 if above else -8,
                "y": i,
                "yref": "y",
                "yanchor": "bottom" if above else "middle",
                "yshift": 7 if above else 0,
                "align": "left" if above else "right",
                "showarrow": False,
                "font": {"size": LABEL_SIZE, "color": "#24292f"},
                "captureevents": True,
                "name": thread_url.replace("{id}", t.id) if thread_url else t.id,
            }
            for i, (text, title, t) in enumerate(zip(texts, full, rows, strict=True))
        ]

    y_axis = {
        "tickmode": "array",
        "tickvals": list(range(len(rows))),
        "ticktext": labels,
        "showticklabels": False,
        "autorange": "reversed",
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "range": [len(rows) - 0.5, -0.5] if rows else None,
    }
    fig = {
        "data": data,
        "layout": _layout(
            height=max(260, row_px * len(rows) + 110),
            margin={"l": int(label_px) + 16, "r": 20, "t": 40, "b": 30},
            xaxis={
                "tickmode": "array",
                "tickvals": years,
                "ticktext": [str(y) if len(years) <= 14 else f"'{y % 100:02d}" for y in years],
                "range": x_range,
                "showgrid": True,
                "gridcolor": "#eef1f4",
                "side": "top",
            },
            yaxis=y_axis,
            annotations=annotations(labels, above=False),
            legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
            hovermode="closest",
        ),
    }
    # a phone: each row's label on a line of its own above its marks, a year tick every few years
    narrow = distinct_labels(full, NARROW_LABEL_EM, 1)
    ticks = year_ticks(years)
    return narrow_variant(
        fig,
        {
            "height": max(260, 40 * len(rows) + 110),
            "margin": {"l": 6, "r": 10, "t": 40, "b": 30},
            "annotations": annotations(narrow, above=True),
            "xaxis": {**fig["layout"]["xaxis"], "tickvals": ticks,
                      "ticktext": [str(y) for y in ticks]},
            "yaxis": {**y_axis, "range": [len(rows) - 0.5, -0.8] if rows else None},
        },
        [{"marker": {"size": 7 if tr["marker"]["symbol"] == "circle-open" else 8}} for tr in data],
        # labels on the left leave too little room for the years: below this, labels go on top
        below=fig["layout"]["margin"]["l"] + YEAR_PX * len(years) + 60,
    )  # fmt: skip


def _hover_caption(unit: Unit) -> str:
    """A unit's number and whole headline (only text without a headline is cut)."""
    return unit_caption(unit, 400 if unit.title else 120)


def yearly_change_bars(timeline: Timeline, *, lang: str = "en") -> Figure:
    """Per year (each compared with the previous year of the series): stacked bars.

    New, changed (incl. split, merged and restructured), unchanged stack upwards (together: that
    year's plan); dropped hangs below the axis (what the previous year had and this year lost).
    """
    years = sorted(timeline.summaries)
    parts: dict[str, list[int]] = {k: [] for k in ("unchanged", "changed", "new", "dropped")}
    for y in years:
        s = timeline.summaries[y]
        parts["unchanged"].append(int(s.get("unchanged", 0)))
        parts["changed"].append(
            int(s.get("changed", 0))
            + int(s.get("split", 0))
            + int(s.get("merged", 0))
            + int(s.get("restructured", 0))
        )
        parts["new"].append(int(s.get("new", 0)))
        parts["dropped"].append(int(s.get("dropped", 0)))
    data = []
    for key in ("unchanged", "changed", "new", "dropped"):
        values = parts[key]
        sign = -1 if key == "dropped" else 1
        data.append(
            {
                "type": "bar",
                "name": _t(lang, key),
                "x": years,
                "y": [sign * v for v in values],
                "customdata": values,
                "marker": {"color": COLORS[key]},
                "hovertemplate": f"%{{x}} · {_t(lang, key)}: %{{customdata}}<extra></extra>",
            }
        )
    x_axis = {
        "tickmode": "array",
        "tickvals": years,
        "ticktext": [str(y) for y in years],
        # a lone year would otherwise be one bar as wide as the chart
        "range": [min(years) - 2.5, max(years) + 2.5] if 0 < len(years) < 5 else None,
    }
    fig = {
        "data": data,
        "layout": _layout(
            barmode="relative",
            height=340,
            xaxis=x_axis,
            yaxis={"gridcolor": "#eef1f4", "zerolinecolor": "#57606a", "title": {"text": ""}},
            bargap=0.25,
        ),
    }
    # a phone: a few level year ticks below the chart, not 25 upright ones over the dropped bars
    ticks = year_ticks(years)
    return narrow_variant(
        fig,
        {
            "xaxis": {**x_axis, "tickvals": ticks, "ticktext": [str(y) for y in ticks],
                      "tickangle": 0},
            "margin": {"l": 40, "r": 10, "t": 50, "b": 30},
            "bargap": 0.15,
        },
    )  # fmt: skip
