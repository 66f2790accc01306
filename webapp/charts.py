"""Engine results -> Plotly figure dicts (``{"data": [...], "layout": {...}}``).

Pure functions: no request, no database, no Plotly import. The figures are plain JSON-able dicts
that the site embeds in ``<script type="application/json">`` blocks and the HTML export inlines.
Labels are written whole where a reader needs them to tell things apart (timeline rows,
Sankey nodes), wrapped by :mod:`webapp.charts_base`, with the full text on hover; a figure may
carry a ``narrow`` variant that the site draws below 600 px (a phone).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import Comparison
from webapp.charts_agencies import agency_counts, agency_heatmap, has_agencies, support_counts
from webapp.charts_base import (
    COLORS,
    FONT,
    LABELS,
    Figure,
    _layout,
    _t,
    hover_wrap,
    narrow_variant,
    shorten,
    unit_caption,
    wrap,
)
from webapp.charts_timeline import (
    LABEL_SIZE,
    initiative_timeline,
    row_labels,
    select_threads,
    thread_kinds,
    yearly_change_bars,
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


__all__ = [
    "COLORS",
    "FONT",
    "LABELS",
    "LABEL_SIZE",
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
