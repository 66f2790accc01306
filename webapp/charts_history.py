"""Term trends -> a Plotly line chart (pure; same conventions as :mod:`webapp.charts`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from comparison.terms import TermSeries
from webapp.charts_base import FONT, Figure, _layout, narrow_variant, year_ticks

PALETTE = ("#1f5f99", "#d1495b", "#2a9d8f", "#e9a23b", "#7b4fc9", "#3d7dd8", "#c26fa6", "#5c6b7a")

LABELS = {
    "en": {
        "count": "occurrences",
        "rate_zh": "per 10,000 characters",
        "rate_en": "per 10,000 words",
    },
    "zh": {"count": "出现次数", "rate_zh": "每万字出现次数", "rate_en": "每万词出现次数"},
}


def term_trends(
    series: Sequence[TermSeries],
    years: Sequence[int],
    *,
    measure: str = "count",
    language: str = "zh",
    lang: str = "en",
) -> Figure:
    """One line per term over the years; ``measure`` is ``count`` or ``rate`` (per 10,000)."""
    words = LABELS.get(lang, LABELS["en"])
    rate_word = words["rate_en" if language == "en" else "rate_zh"]
    ytitle = words["count"] if measure == "count" else rate_word
    traces: list[dict[str, Any]] = []
    for i, ts in enumerate(series):
        counts = [ts.counts.get(y, 0) for y in years]
        rates = [ts.per_10k.get(y, 0.0) for y in years]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": ts.term,
                "x": [str(y) for y in years],
                "y": counts if measure == "count" else rates,
                "customdata": [[c, r] for c, r in zip(counts, rates, strict=True)],
                "hovertemplate": (
                    f"{ts.term} · %{{x}}<br>{words['count']}: %{{customdata[0]}}"
                    f"<br>{rate_word}: "
                    "%{customdata[1]}<extra></extra>"
                ),
                "line": {"color": PALETTE[i % len(PALETTE)], "width": 2},
                "marker": {"size": 6},
            }
        )
    fig: Figure = {
        "data": traces,
        "layout": _layout(
            height=340,
            font=FONT,
            xaxis={"type": "category", "tickangle": -45, "gridcolor": "#eef1f4"},
            yaxis={"title": {"text": ytitle}, "rangemode": "tozero", "gridcolor": "#eef1f4"},
            margin={"l": 70, "r": 20, "t": 40, "b": 60},
            hovermode="closest",
            showlegend=True,
        ),
    }
    # a phone: a level year tick every few years (the axis is of categories: the years' text)
    ticks = [str(y) for y in year_ticks(list(years))]
    return narrow_variant(
        fig,
        {
            "xaxis": {"type": "category", "tickangle": 0, "gridcolor": "#eef1f4",
                      "tickmode": "array", "tickvals": ticks, "ticktext": ticks},
            "margin": {"l": 56, "r": 10, "t": 40, "b": 40},
        },
    )  # fmt: skip
