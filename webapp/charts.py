"""Engine results -> Plotly figure dicts (``{"data": [...], "layout": {...}}``).

Pure functions: no request, no database, no Plotly import. The figures are plain JSON-able dicts
that the site embeds in ``<script type="application/json">`` blocks and the HTML export inlines.
Long Chinese headlines go into hover text, never onto axes; axis labels are short.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import Comparison, Thread, ThreadStatus, Timeline

Figure = dict[str, Any]

COLORS = {
    "new": "#2a9d8f",
    "changed": "#e9a23b",
    "unchanged": "#a9b4be",
    "revived": "#7b4fc9",
    "dropped": "#d1495b",
    "moved": "#3d7dd8",
    "split": "#8c6bb1",
    "merged": "#c26fa6",
    "restructured": "#4a8fa8",
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "new": "new",
        "changed": "changed",
        "unchanged": "unchanged",
        "revived": "revived",
        "dropped": "dropped",
        "moved": "moved",
        "split": "split",
        "merged": "merged",
        "restructured": "restructured",
        "count": "count",
        "year": "year",
        "items_led": "items led (primary lead)",
        "items_supported": "items supported",
        "preamble": "(before the first section)",
        "document": "(whole document)",
        "new_units": "(new)",
        "dropped_units": "(dropped)",
        "units": "units",
    },
    "zh": {
        "new": "新增",
        "changed": "修改",
        "unchanged": "未变",
        "revived": "恢复",
        "dropped": "删除",
        "moved": "移动",
        "split": "拆分",
        "merged": "合并",
        "restructured": "重组",
        "count": "数量",
        "year": "年份",
        "items_led": "牵头事项数(主牵头)",
        "items_supported": "配合事项数",
        "preamble": "(首个章节之前)",
        "document": "(全文)",
        "new_units": "(新增)",
        "dropped_units": "(删除)",
        "units": "条",
    },
}

FONT = {
    "family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", '
    "system-ui, -apple-system, sans-serif",
    "size": 13,
    "color": "#24292f",
}

SUMMARY_ORDER = (
    "unchanged",
    "changed",
    "moved",
    "split",
    "merged",
    "restructured",
    "new",
    "dropped",
)


def _t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key, key)


def shorten(text: str, limit: int = 14) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (for axis and node labels)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unit_caption(unit: Unit, limit: int = 60) -> str:
    """A unit's printed number and headline (or the start of its text), for hover text."""
    head = unit.title or unit.text
    label = unit.label
    if label and unit.kind is UnitKind.SECTION:
        label = f"{label}、"
    elif label and unit.kind is UnitKind.TASK:
        label = f"（{label}）"
    elif label:
        label = f"{label}."
    sep = "" if label.endswith(("、", "）")) else " "
    return shorten(f"{label}{sep}{head}".strip(), limit)


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
        "hoverlabel": {"font": {"family": FONT["family"], "size": 13}, "align": "left"},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    }
    layout.update(extra)
    return layout


# --------------------------------------------------------------------------- one comparison


def change_summary_bar(comparison: Comparison, *, lang: str = "en") -> Figure:
    """One horizontal bar per summary count (unchanged … dropped), in the contract's order."""
    summary = comparison.summary
    keys = list(SUMMARY_ORDER)
    labels = [_t(lang, k) for k in keys]
    values = [int(summary.get(k, 0)) for k in keys]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": values,
        "text": [str(v) for v in values],
        "textposition": "auto",
        "marker": {"color": [COLORS[k] for k in keys]},
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    return {
        "data": [trace],
        "layout": _layout(
            height=280,
            margin={"l": 80, "r": 20, "t": 10, "b": 30},
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"rangemode": "tozero", "gridcolor": "#eef1f4"},
            showlegend=False,
        ),
    }


def _section_of(doc: PlanDocument) -> dict[str, str | None]:
    """unit key -> key of its top-level section ancestor (None before the first section)."""
    units = doc.by_key()
    out: dict[str, str | None] = {}
    for u in doc.units:
        cur: Unit | None = u
        found: str | None = None
        while cur is not None:
            if cur.kind is UnitKind.SECTION:
                found = cur.key
            cur = units.get(cur.parent) if cur.parent else None
        out[u.key] = found
    return out


def section_sankey(comparison: Comparison, *, lang: str = "en") -> Figure:
    """Flows of units between the sections of A (left) and of B (right).

    Each non-section unit adds one to the link between its section in A and its section in B;
    a section that sends units to several sections shows a split, several into one a merge.
    Links between sections that match each other are grey; moves are blue; new units flow from a
    "(new)" node on the left, dropped units into a "(dropped)" node on the right.
    """
    doc_a, doc_b = comparison.doc_a, comparison.doc_b
    sec_a, sec_b = _section_of(doc_a), _section_of(doc_b)
    units_a, units_b = doc_a.by_key(), doc_b.by_key()
    has_sections = any(u.kind is UnitKind.SECTION for u in (*doc_a.units, *doc_b.units))
    fallback = "preamble" if has_sections else "document"

    # which A section matches which B section (a section matched to a section is "the same")
    paired: set[tuple[str | None, str | None]] = {(None, None)}
    for m in comparison.matches:
        for ka in m.a:
            for kb in m.b:
                ua, ub = units_a.get(ka), units_b.get(kb)
                if ua and ub and ua.kind is UnitKind.SECTION and ub.kind is UnitKind.SECTION:
                    paired.add((ka, kb))

    flows: Counter[tuple[str, str]] = Counter()
    for m in comparison.matches:
        pairs = set()
        for ka in m.a:
            if ka not in units_a or units_a[ka].kind is UnitKind.SECTION:
                continue
            for kb in m.b:
                if kb not in units_b or units_b[kb].kind is UnitKind.SECTION:
                    continue
                pairs.add((f"A:{sec_a.get(ka) or ''}", f"B:{sec_b.get(kb) or ''}"))
        for pair in pairs:
            flows[pair] += 1
    for kb in comparison.new:
        if kb in units_b and units_b[kb].kind is not UnitKind.SECTION:
            flows[("A:#new", f"B:{sec_b.get(kb) or ''}")] += 1
    for ka in comparison.dropped:
        if ka in units_a and units_a[ka].kind is not UnitKind.SECTION:
            flows[(f"A:{sec_a.get(ka) or ''}", "B:#dropped")] += 1

    # nodes: A sections in document order, then B sections, then the two pseudo nodes
    node_ids: list[str] = []
    labels: list[str] = []
    hovers: list[str] = []
    colors: list[str] = []
    used = {n for pair in flows for n in pair}
    ya, yb = doc_a.year or "A", doc_b.year or "B"

    def add(node: str, label: str, hover: str, color: str) -> None:
        if node in used and node not in node_ids:
            node_ids.append(node)
            labels.append(label)
            hovers.append(hover)
            colors.append(color)

    for side, doc, year in (("A", doc_a, ya), ("B", doc_b, yb)):
        add(f"{side}:", _t(lang, fallback), f"{year} · {_t(lang, fallback)}", "#c9d1d9")
        for u in doc.units:
            if u.kind is UnitKind.SECTION:
                cap = unit_caption(u, 80)
                add(f"{side}:{u.key}", shorten(cap, 12), f"{year} · {cap}", "#5b7083")
    add("A:#new", _t(lang, "new_units"), f"{yb} · {_t(lang, 'new')}", COLORS["new"])
    add("B:#dropped", _t(lang, "dropped_units"), f"{ya} · {_t(lang, 'dropped')}", COLORS["dropped"])

    index = {n: i for i, n in enumerate(node_ids)}
    src, tgt, val, lcolor, lhover = [], [], [], [], []
    for (a, b), n in sorted(flows.items(), key=lambda kv: (index[kv[0][0]], index[kv[0][1]])):
        src.append(index[a])
        tgt.append(index[b])
        val.append(n)
        if a == "A:#new":
            color = _rgba(COLORS["new"], 0.45)
        elif b == "B:#dropped":
            color = _rgba(COLORS["dropped"], 0.45)
        elif (a[2:] or None, b[2:] or None) in paired:
            color = "rgba(160,170,180,0.35)"
        else:
            color = _rgba(COLORS["moved"], 0.5)
        lcolor.append(color)
        lhover.append(f"{hovers[index[a]]} → {hovers[index[b]]}: {n} {_t(lang, 'units')}")
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": labels,
            "customdata": hovers,
            "hovertemplate": "%{customdata}<br>%{value}<extra></extra>",
            "color": colors,
            "pad": 12,
            "thickness": 14,
            "line": {"width": 0},
        },
        "link": {
            "source": src,
            "target": tgt,
            "value": val,
            "color": lcolor,
            "customdata": lhover,
            "hovertemplate": "%{customdata}<extra></extra>",
        },
    }
    n_side = max(
        sum(1 for n in node_ids if n.startswith("A:")),
        sum(1 for n in node_ids if n.startswith("B:")),
    )
    return {
        "data": [trace],
        "layout": _layout(
            height=max(320, min(900, 40 * n_side + 80)),
            margin={"l": 10, "r": 10, "t": 30, "b": 10},
            annotations=[
                _corner(str(ya), 0.0, "left"),
                _corner(str(yb), 1.0, "right"),
            ],
        ),
    }


def _corner(text: str, x: float, anchor: str) -> dict[str, Any]:
    return {
        "text": f"<b>{text}</b>",
        "x": x,
        "y": 1.0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": anchor,
        "yanchor": "bottom",
        "showarrow": False,
    }


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


# --------------------------------------------------------------------------- whole series

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
    (``thread_url`` with ``{id}`` replaced) so a click can open it.
    """
    rows = list(threads) if threads is not None else select_threads(timeline)
    units_by_year = {y: d.by_key() for y, d in docs_by_year.items()}
    by_status: dict[ThreadStatus, dict[str, list[Any]]] = {
        s: {"x": [], "y": [], "text": [], "customdata": []} for s in TIMELINE_STATUSES
    }
    ticktext: list[str] = []
    for row, thread in enumerate(rows):
        ticktext.append(shorten(thread.title or thread.id, 12))
        url = thread_url.replace("{id}", thread.id) if thread_url else thread.id
        last_caption = ""
        for ty in thread.years:
            if ty.status is ThreadStatus.ABSENT:
                continue
            units = units_by_year.get(ty.year, {})
            captions = [unit_caption(units[k], 70) for k in ty.keys if k in units]
            if captions:
                last_caption = captions[0]
            status_label = _t(lang, ty.status.value)
            if ty.status is ThreadStatus.DROPPED:
                text = f"{ty.year} · {status_label}<br>{_wrap(last_caption)}"
            else:
                text = f"{ty.year} · {status_label}<br>" + "<br>".join(
                    _wrap(c) for c in captions or [thread.title]
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
    return {
        "data": data,
        "layout": _layout(
            height=max(260, 22 * len(rows) + 110),
            margin={"l": 20, "r": 20, "t": 40, "b": 30},
            xaxis={
                "tickmode": "array",
                "tickvals": years,
                "ticktext": [str(y) if len(years) <= 14 else f"'{y % 100:02d}" for y in years],
                "range": [min(years) - 0.6, max(years) + 0.6] if years else None,
                "showgrid": True,
                "gridcolor": "#eef1f4",
                "side": "top",
            },
            yaxis={
                "tickmode": "array",
                "tickvals": list(range(len(rows))),
                "ticktext": ticktext,
                "autorange": "reversed",
                "automargin": True,
                "showgrid": False,
                "zeroline": False,
                "range": [len(rows) - 0.5, -0.5] if rows else None,
            },
            legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
            hovermode="closest",
        ),
    }


def _wrap(text: str, width: int = 28) -> str:
    """Break long hover text into lines (Plotly does not wrap hover labels)."""
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width)) or text


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
    return {
        "data": data,
        "layout": _layout(
            barmode="relative",
            height=340,
            xaxis={
                "tickmode": "array",
                "tickvals": years,
                "ticktext": [str(y) for y in years],
                # a lone year would otherwise be one bar as wide as the chart
                "range": [min(years) - 2.5, max(years) + 2.5] if 0 < len(years) < 5 else None,
            },
            yaxis={"gridcolor": "#eef1f4", "zerolinecolor": "#57606a", "title": {"text": ""}},
            bargap=0.25,
        ),
    }


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
    z = [[counts.get(a, {}).get(y, 0) for y in years] for a in ranked]
    zs = [[support.get(a, {}).get(y, 0) for y in years] for a in ranked]
    cells = list(zip(z, zs, strict=True))

    def hover(v: int, w: int) -> str:
        return f"{_t(lang, 'items_led')}: {v} · {_t(lang, 'items_supported')}: {w}"

    trace = {
        "type": "heatmap",
        "x": [str(y) for y in years],
        "y": [shorten(a, 16) for a in ranked],
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
    return {
        "data": [trace],
        "layout": _layout(
            height=max(240, 26 * len(ranked) + 90),
            margin={"l": 20, "r": 20, "t": 20, "b": 40},
            xaxis={"type": "category"},
            yaxis={"autorange": "reversed", "type": "category", "automargin": True},
        ),
    }


__all__ = [
    "COLORS",
    "agency_counts",
    "agency_heatmap",
    "change_summary_bar",
    "has_agencies",
    "initiative_timeline",
    "section_sankey",
    "select_threads",
    "shorten",
    "support_counts",
    "thread_kinds",
    "unit_caption",
    "yearly_change_bars",
]
