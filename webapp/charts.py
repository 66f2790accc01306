"""Engine results -> Plotly figure dicts (``{"data": [...], "layout": {...}}``).

Pure functions: no request, no database, no Plotly import. The figures are plain JSON-able dicts
that the site embeds in ``<script type="application/json">`` blocks and the HTML export inlines.
Labels are written whole where a reader needs them to tell things apart (timeline rows,
Sankey nodes), wrapped by :mod:`webapp.charts_base`, with the full text on hover; a figure may
carry a ``narrow`` variant that the site draws below 600 px (a phone).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import Comparison, Thread, ThreadStatus, Timeline
from webapp.charts_agencies import agency_counts, agency_heatmap, has_agencies, support_counts
from webapp.charts_base import (
    COLORS,
    FONT,
    LABELS,
    Figure,
    _layout,
    _t,
    distinct_labels,
    hover_wrap,
    lines_em,
    narrow_variant,
    shorten,
    unit_caption,
    wrap,
    year_ticks,
)

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
                cap = unit_caption(u, 120)
                add(f"{side}:{u.key}", cap, f"{year} · {cap}", "#5b7083")
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
        lhover.append(
            hover_wrap(f"{hovers[index[a]]} → {hovers[index[b]]}: {n} {_t(lang, 'units')}", 36)
        )
    sides = [[i for i, n in enumerate(node_ids) if n.startswith(s)] for s in ("A:", "B:")]
    wide = [wrap(x, SANKEY_EM) for x in labels]
    slim = [wrap(x, SANKEY_EM_NARROW) for x in labels]
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": wide,
            "customdata": [hover_wrap(h, 36) for h in hovers],
            "hovertemplate": "%{customdata}<br>%{value}<extra></extra>",
            "color": colors,
            "pad": _sankey_pad(wide, 17),
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
    fig = {
        "data": [trace],
        "layout": _layout(
            height=_sankey_height(wide, sides, 17),
            margin={
                "l": 10,
                "r": 10,
                "t": _sankey_spill(wide, 17) + 20,
                "b": _sankey_spill(wide, 17),
            },
            annotations=[
                _corner(str(ya), 0.0, "left"),
                _corner(str(yb), 1.0, "right"),
            ],
        ),
    }
    return narrow_variant(
        fig,
        {
            "height": _sankey_height(slim, sides, 15),
            "margin": {
                "l": 6,
                "r": 6,
                "t": _sankey_spill(slim, 15) + 20,
                "b": _sankey_spill(slim, 15),
            },
        },
        [{"node": {"label": slim, "pad": _sankey_pad(slim, 15)}, "textfont": {"size": 11}}],
    )


# Sankey node labels are written whole, wrapped at this width (em); each side's label gets
# about half the chart's width, which is some 140 px at phone width.
SANKEY_EM = 24
SANKEY_EM_NARROW = 10


def _sankey_pad(labels: list[str], line_px: int) -> int:
    """Gap between nodes: room for the tallest label to spill past a thin node."""
    most = max((x.count("<br>") + 1 for x in labels), default=1)
    return max(20, min(60, line_px * most + 4))


def _sankey_spill(labels: list[str], line_px: int) -> int:
    """Room above and below the plot for half the tallest label (an end node's label is
    centred on it and would otherwise be cut off)."""
    most = max((x.count("<br>") + 1 for x in labels), default=1)
    return 10 + (line_px * most) // 2


def _sankey_height(labels: list[str], sides: list[list[int]], line_px: int) -> int:
    """Tall enough that each side's labels, stacked, fit: lines plus the gaps between nodes."""
    pad = _sankey_pad(labels, line_px)
    need = max(
        (sum((labels[i].count("<br>") + 1) * line_px for i in side) + pad * (len(side) - 1)
         for side in sides),
        default=0,
    )  # fmt: skip
    return max(320, min(1600, need + 60 + 2 * _sankey_spill(labels, line_px)))


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


# row labels: two lines of LABEL_EM em on a wide screen (the margin grows to the longest),
# one line of NARROW_LABEL_EM above the row's marks on a phone
LABEL_EM = 19
LABEL_LINES = 2
NARROW_LABEL_EM = 22
LABEL_SIZE = 12


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


__all__ = [
    "COLORS",
    "FONT",
    "LABELS",
    "Figure",
    "agency_counts",
    "agency_heatmap",
    "change_summary_bar",
    "has_agencies",
    "initiative_timeline",
    "row_labels",
    "section_sankey",
    "select_threads",
    "shorten",
    "support_counts",
    "thread_kinds",
    "unit_caption",
    "yearly_change_bars",
]
