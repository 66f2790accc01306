"""Home and series pages, and the year picker that leads to a comparison."""

from __future__ import annotations

import dataclasses
import itertools
import re
from itertools import pairwise
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

import archive
from comparison.result import Timeline
from webapp import charts
from webapp.charts_ranks import priority_bump
from webapp.db import get_session
from webapp.i18n import current_language
from webapp.views.site import (
    _comparison,
    _docs_by_year,
    _series_years,
    _timeline,
    _versions_key,
    bp,
    cached_page,
    page_cache_key,
)
from webapp.views.site.targets import targets_panel

TIMELINE_ROWS = 60
YEAR_RE = re.compile(r"^\d{4}$")
_ASCII_YEAR = re.compile(r"[0-9]{4}")  # (str.isdigit() is true for "²", which int() refuses)


@bp.route("/")
def index() -> Any:
    session = get_session()
    rows = []
    for info in archive.list_series(session):
        years = _series_years(info)
        strip = list(range(years[0], years[-1] + 1)) if years else []
        latest = None
        if len(years) >= 2:
            comp = _comparison(info, years[-2], years[-1])
            latest = {"a": years[-2], "b": years[-1], "summary": comp.summary}
        rows.append({"info": info, "years": set(years), "strip": strip, "latest": latest})
    session.commit()  # comparisons computed on the way are cached
    return render_template("site/index.html", rows=rows)


@bp.route("/s/<series>")
def series(series: str) -> Any:
    info = archive.get_series(get_session(), series)
    # kept rendered, as the compare pages are: the page is a function of the series' versions,
    # decisions and description (the key), the language and the query; rendering it (charts,
    # targets, terms) costs ~0.2 s of CPU a view, which ten readers at once queue for
    key = page_cache_key(info, ("series", info.slug, _versions_key(info)))
    return cached_page(key, lambda: _render_series(info, series))


def _render_series(info: archive.SeriesInfo, series: str) -> str:
    session = get_session()
    years = _series_years(info)
    lang = current_language()
    ctx: dict[str, Any] = {"info": info, "years": years}
    if years:
        docs = _docs_by_year(info, years)
        ctx["has_agencies"] = charts.has_agencies(docs.values())
        ctx["heatmap"] = charts.agency_heatmap(docs, top=25, lang=lang)
        ctx.update(targets_panel(series))
    boilerplate = request.args.get("boilerplate") == "1"
    ctx["boilerplate"] = boilerplate
    if len(years) >= 2:
        full = _timeline(info)
        ctx["n_boilerplate"] = sum(1 for t in full.threads if t.boilerplate)
        timeline = full if boilerplate else _without_boilerplate(full)
        if boilerplate:  # the bars then count the boilerplate too
            timeline = dataclasses.replace(
                timeline, summaries=_summaries_with_boilerplate(info, years)
            )
        kinds = charts.thread_kinds(timeline)
        kind = request.args.get("kind") or ""
        if kind not in dict(kinds):  # a kind this series lacks would draw an empty grid
            kind = _default_kind(kinds)
        show_all = request.args.get("all") == "1"
        threads = charts.select_threads(
            timeline, kind=kind, limit=None if show_all else TIMELINE_ROWS
        )
        total = sum(1 for t in timeline.threads if t.kind == kind)
        thread_url = url_for("site.thread", series=series, thread_id="__ID__").replace(
            "__ID__", "{id}"
        )
        sa, sb = _pick_pair(years, request.args.get("sa"), request.args.get("sb"))
        sankey_comp = _comparison(info, sa, sb)
        ctx.update(
            timeline=timeline,
            kinds=kinds,
            kind=kind,
            show_all=show_all,
            shown=len(threads),
            total=total,
            timeline_fig=charts.initiative_timeline(
                timeline, docs, threads=threads, thread_url=thread_url, lang=lang
            ),
            bars_fig=charts.yearly_change_bars(timeline, lang=lang),
            bump_fig=priority_bump(timeline, docs, lang=lang),
            sankey_fig=charts.section_sankey(sankey_comp, lang=lang),
            sa=sa,
            sb=sb,
        )
    session.commit()
    html: str = render_template("site/series.html", **ctx)
    return html


def _without_boilerplate(timeline: Timeline) -> Timeline:
    """The timeline without its boilerplate threads (greetings, openings, closings): the default
    view; its summaries already leave boilerplate out."""
    return dataclasses.replace(
        timeline, threads=tuple(t for t in timeline.threads if not t.boilerplate)
    )


def _summaries_with_boilerplate(
    info: archive.SeriesInfo, years: list[int]
) -> dict[int, dict[str, int]]:
    """Each consecutive pair's counts with the boilerplate counted like any other unit."""
    out: dict[int, dict[str, int]] = {}
    for ya, yb in itertools.pairwise(years):
        comp = _comparison(info, ya, yb)
        counts = dict.fromkeys(comp.summary, 0)
        for m in comp.matches:
            counts[m.kind.value] = counts.get(m.kind.value, 0) + 1
            counts["moved"] += int(m.moved)
        counts["new"], counts["dropped"] = len(comp.new), len(comp.dropped)
        out[yb] = counts
    return out


def _default_kind(kinds: list[tuple[str, int]]) -> str:
    """Items, else tasks (the plans' initiatives), unless there are too few of them to tell a
    story; then the most numerous kind (an English speech is mostly paragraphs)."""
    present = dict(kinds)
    for k in ("item", "task"):
        if present.get(k, 0) >= 10:
            return k
    return max(kinds, key=lambda kv: kv[1])[0] if kinds else "item"


def _pick_pair(years: list[int], a: str | None, b: str | None) -> tuple[int, int]:
    ya = int(a) if a and _ASCII_YEAR.fullmatch(a) and int(a) in years else years[-2]
    yb = int(b) if b and _ASCII_YEAR.fullmatch(b) and int(b) in years else years[-1]
    if ya == yb:
        ya, yb = years[-2], years[-1]
    return ya, yb


@bp.route("/s/<series>/compare")
def compare_pick(series: str) -> Any:
    """The year picker: without years, a page to pick them (the last two preselected); GET with
    ?a=&b= redirects to the shareable compare URL; malformed years show the picker again (400)."""
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if YEAR_RE.match(a) and YEAR_RE.match(b):
        args: dict[str, Any] = {k: v for k in ("va", "vb") if (v := request.args.get(k))}
        return redirect(url_for("site.compare", series=series, a=int(a), b=int(b), **args))
    info = archive.get_series(get_session(), series)
    years = _series_years(info)
    bad = bool(a or b)
    page = render_template(
        "site/compare_pick.html",
        info=info,
        years=years,
        message=_("Pick two years to compare.") if bad else None,
        pairs=list(pairwise(years))[::-1],
    )
    return (page, 400) if bad else page
