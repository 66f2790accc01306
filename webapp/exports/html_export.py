"""Standalone HTML: one file with Plotly's JavaScript inline (no network), the summary, the
charts, the redlined changes and the register, and a print stylesheet for a clean PDF.

Rendered with a plain Jinja environment (autoescaped), so it works without a Flask app.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from comparison import Comparison, PlanDocument, RedlineOp, Timeline
from webapp.exports import targets
from webapp.exports.digest import executive, text_lines, word
from webapp.exports.rows import (
    DASH,
    KIND_FILLS,
    KIND_INKS,
    LANG_KEY,
    REPORT_LANGUAGES,
    STATUS_FILLS,
    Numbering,
    decisions_line,
    entry_meta,
    entry_title,
    heading,
    iso,
    label,
    label_language,
    lead_summary,
    provenance,
    register,
    sections,
    summary_rows,
    timeline_heading,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "exports"


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["redline"] = redline_html
    env.filters["multiline"] = multiline
    return env


@cache
def plotly_js() -> str:
    """The installed plotly package's bundle, safe to inline in a ``<script>`` element."""
    path = resources.files("plotly") / "package_data" / "plotly.min.js"
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def figure_json(figure: Mapping[str, Any]) -> Markup:
    """A figure as JSON for a ``<script type="application/json">`` block (no ``</`` inside).

    Axes get ``automargin`` so long Chinese tick labels are never cut off in the narrower
    report column (the site's page is wider)."""
    layout = dict(figure.get("layout") or {})
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis] = {**layout[axis], "automargin": True}
    figure = {**figure, "layout": layout}
    text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def multiline(text: str) -> Markup:
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def redline_html(redline: Iterable[tuple[RedlineOp, str]]) -> Markup:
    parts = []
    for op, text in redline:
        body = multiline(text)
        if op is RedlineOp.DELETE:
            parts.append(Markup("<del>") + body + Markup("</del>"))
        elif op is RedlineOp.INSERT:
            parts.append(Markup("<ins>") + body + Markup("</ins>"))
        else:
            parts.append(body)
    return Markup("").join(parts)


def _charts(comparison: Comparison, lang: str) -> list[tuple[str, str, Markup]]:
    from webapp import charts

    bar_title = "各类变更数量" if lang == "zh" else "Entries by kind"
    out = [("summary", bar_title, charts.change_summary_bar(comparison, lang=lang))]
    sankey = charts.section_sankey(comparison, lang=lang)
    if sankey.get("data"):
        title = "章节流向" if lang == "zh" else "Section flows"
        out.append(("sankey", title, sankey))
    return [(cid, title, figure_json(fig)) for cid, title, fig in out]


def render_comparison(comparison: Comparison, generated_at: datetime) -> bytes:
    lang = label_language(comparison)
    rows = register(comparison)
    ex = executive(comparison, rows)
    html = (
        _env()
        .get_template("comparison.html")
        .render(
            lang=lang,
            t=lambda key: label(key, lang),
            title=label("title", lang),
            subject=heading(comparison, lang),
            prov=provenance(comparison, generated_at, lang),
            summary=summary_rows(comparison, lang),
            ex=ex,
            ex_title=word("executive_summary", lang),
            ex_lines=text_lines(ex, lang),
            ex_more=lambda n: word("more", lang, n=n),
            rows=rows,
            sections=[(k, g) for k, g in sections(rows) if g],
            entry_title=entry_title,
            entry_meta=lambda r: entry_meta(r, lang),
            lead_summary=lambda r: lead_summary(r, lang),
            fills=KIND_FILLS,
            inks=KIND_INKS,
            charts=_charts(comparison, lang),
            plotly_js=Markup(plotly_js()),
            dash=DASH,
            **targets.html_context(comparison=comparison, lang=lang),
        )
    )
    return html.encode("utf-8")


def render_timeline(
    timeline: Timeline,
    generated_at: datetime,
    docs_by_year: Mapping[int, PlanDocument],
    info: Mapping[str, Any],
) -> bytes:
    from webapp import charts

    if info.get(LANG_KEY) in REPORT_LANGUAGES:
        lang = str(info[LANG_KEY])
    elif docs_by_year:
        lang = "zh" if any(d.language == "zh" for d in docs_by_year.values()) else "en"
    else:
        lang = str(info.get("language") or "")
        if lang not in ("zh", "en"):
            titles = "".join(t.title for t in timeline.threads[:20])
            lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in titles) else "en"
    numbers = {y: Numbering(d, d.language) for y, d in docs_by_year.items()}
    years = list(timeline.years)
    matrix = []
    for thread in timeline.threads:
        by_year = {ty.year: ty for ty in thread.years}
        cells = []
        for y in years:
            ty = by_year.get(y)
            status = ty.status.value if ty else "absent"
            text = "" if status == "absent" else label(status, lang)
            number = ""
            if ty and ty.keys and y in numbers:
                number = "; ".join(numbers[y].number(k) for k in ty.keys)
            cells.append((status, text, number))
        matrix.append((thread, cells))
    figs = [
        (
            "yearly",
            "逐年变化" if lang == "zh" else "Changes per year",
            charts.yearly_change_bars(timeline, lang=lang),
        )
    ]
    if docs_by_year:
        figs.append(
            (
                "threads",
                label("timeline_title", lang),
                charts.initiative_timeline(timeline, docs_by_year, lang=lang),
            )
        )
    series, subject = timeline_heading(timeline, info)
    html = (
        _env()
        .get_template("timeline.html")
        .render(
            lang=lang,
            t=lambda key: label(key, lang),
            title=label("timeline_title", lang),
            subject=subject,
            series=series,
            years=years,
            engine_version=timeline.engine_version,
            decisions=decisions_line(info.get("decisions"), lang),
            generated_at=iso(generated_at),
            versions=info.get("versions") or {},
            summaries=timeline.summaries,
            summary_keys=(
                "new",
                "changed",
                "dropped",
                "split",
                "merged",
                "restructured",
                "moved",
                "unchanged",
            ),
            matrix=matrix,
            compact=len(years) > 10,  # many years: one mark per cell, details in the tooltip
            marks={"new": "+", "changed": "~", "unchanged": "=", "revived": "↺", "dropped": "×"},
            fills=STATUS_FILLS,
            charts=[(cid, title, figure_json(fig)) for cid, title, fig in figs if fig.get("data")],
            plotly_js=Markup(plotly_js()),
            dash=DASH,
            **targets.html_context(docs_by_year=docs_by_year, lang=lang),
        )
    )
    return html.encode("utf-8")
