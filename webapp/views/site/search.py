"""Full-text search over every series and year: the true total, pages of hits (newest year
first, or most relevant), filters by series, years and kind, and the hits per year as bars."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

import archive
from archive.search import KINDS, ORDERS
from archive.search_index import archive_state
from comparison.document import Unit, UnitKind
from webapp import params
from webapp.db import get_session
from webapp.i18n import current_language
from webapp.views.site import _int_arg, app_lru, bp, printed_label

PER_PAGE = 20
RESULTS_CACHE = 256  # rendered result blocks kept (a few tens of kB each)


@dataclass(frozen=True)
class YearBar:
    year: int
    n: int
    height: int  # percent of the tallest bar
    selected: bool
    url: str


@bp.route("/search")
def search() -> Any:
    q = params.search_text(request.args.get("q"))
    series_filter = request.args.get("series") or None
    year_from, year_to = _int_arg("year_from"), _int_arg("year_to")
    kind = request.args.get("kind") or None
    order = request.args.get("order") or "year"
    if kind is not None and kind not in KINDS:
        abort(400, description=_("Unknown kind of unit: %(kind)s.", kind=kind))
    if order not in ORDERS:
        abort(400, description=_("Unknown order: %(order)s.", order=order))
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    page = max(1, _int_arg("page") or 1)
    ctx: dict[str, Any] = {"q": q, "search_query": q, "series_filter": series_filter,
                           "year_from": year_from, "year_to": year_to, "kind": kind,
                           "order": order, "page": page}  # fmt: skip
    if not q:
        return render_template("site/search.html", **ctx)
    session = get_session()
    key = (
        current_language(),
        tuple(sorted(request.args.items(multi=True))),  # the links in the block keep them all
        archive_state(session),
    )
    ctx["results_html"] = _cached(key, lambda: _results(session, ctx))
    return render_template("site/search.html", **ctx)


def _cached(key: tuple[Any, ...], render: Callable[[], Markup]) -> Markup:
    """The results block of one search, kept per query, filters, page, language and archive
    state (an import or a withdrawal changes the state): paging back and forth, or the same
    word searched again, renders nothing twice. A small LRU of its own, so searches never push
    the compare pages' memoised rows out of the site cache."""
    return app_lru("yearline.search_pages", RESULTS_CACHE, key, render)


def _results(session: Any, ctx: dict[str, Any]) -> Markup:
    """The results block: total, filters, per-year bars, hits and pager."""
    q, series_filter, kind = ctx["q"], ctx["series_filter"], ctx["kind"]
    year_from, year_to, order, page = ctx["year_from"], ctx["year_to"], ctx["order"], ctx["page"]
    result = archive.search(
        session,
        q,
        series=series_filter,
        year_from=year_from,
        year_to=year_to,
        kinds=(kind,) if kind else (),
        order=order,  # type: ignore[arg-type]
        offset=(page - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    counts = result.counts
    in_years = [c for c in counts if _in_range(c.year, year_from, year_to)]
    by_series: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for c in in_years:
        if not kind or c.kind == kind:
            by_series[c.series] += c.n
        if series_filter is None or c.series == series_filter:
            by_kind[c.kind] += c.n
    titles = {c.series: c.series_title for c in counts}
    per_year: Counter[int] = Counter()
    for c in counts:
        if (series_filter is None or c.series == series_filter) and (not kind or c.kind == kind):
            per_year[c.year] += c.n
    pages = max(1, -(-result.total // PER_PAGE))
    data = dict(ctx)
    data.update(
        result=result,
        total=result.total,
        groups=_groups(result.hits),
        pages=pages,
        page_url=lambda p: _url(page=p),
        page_links=_page_window(page, pages),
        series_options=[(s, titles[s], n) for s, n in sorted(by_series.items())],
        kind_options=[(k, by_kind[k]) for k in KINDS if by_kind[k]],
        all_years=sorted({c.year for c in counts} | {y for y in (year_from, year_to) if y}),
        year_bars=_year_bars(per_year, year_from, year_to),
        language_note=_language_note(session, q, series_filter),
        clear_url=url_for("site.search", q=q),
    )
    return Markup(render_template("site/_search_results.html", **data))


def _in_range(year: int, lo: int | None, hi: int | None) -> bool:
    return (lo is None or year >= lo) and (hi is None or year <= hi)


def _url(**changes: Any) -> str:
    """This search's URL with some arguments changed (None drops one); page 1 unless given."""
    args = {k: v for k, v in request.args.items() if v}
    args.pop("page", None)
    for k, v in changes.items():
        if v is None or (k == "page" and v == 1):
            args.pop(k, None)
        else:
            args[k] = str(v)
    return url_for("site.search") + ("?" + urlencode(args) if args else "")


def _page_window(page: int, pages: int) -> list[int | None]:
    """Page numbers to link: the first, the last and two either side of ``page`` (None = gap)."""
    wanted = {1, pages, *range(page - 2, page + 3)}
    out: list[int | None] = []
    for p in sorted(x for x in wanted if 1 <= x <= pages):
        if out and out[-1] is not None and p - out[-1] > 1:  # type: ignore[operator]
            out.append(None)
        out.append(p)
    return out


def _year_bars(per_year: Counter[int], lo: int | None, hi: int | None) -> list[YearBar]:
    """One bar per year from the first to the last year with hits (empty years included)."""
    if not per_year:
        return []
    tallest = max(per_year.values())
    # one encoding of the other arguments for every bar (two dozen urlencodes cost a millisecond)
    prefix = _url(year_from=None, year_to=None)
    prefix += "&" if "?" in prefix else "?"
    return [
        YearBar(
            year=y,
            n=per_year.get(y, 0),
            height=round(100 * per_year.get(y, 0) / tallest),
            selected=_in_range(y, lo, hi),
            url=f"{prefix}year_from={y}&year_to={y}",
        )
        for y in range(min(per_year), max(per_year) + 1)
    ]


def _groups(hits: tuple[archive.SearchHit, ...]) -> list[dict[str, Any]]:
    """Consecutive hits of one plan (year and series) under one heading, in result order."""
    groups: list[dict[str, Any]] = []
    for h in hits:
        if not groups or (groups[-1]["year"], groups[-1]["slug"]) != (h.year, h.series):
            groups.append({"year": h.year, "slug": h.series, "title": h.series_title, "items": []})
        groups[-1]["items"].append({"hit": h, "html": highlight(h)})
    return groups


def _language_note(session: Any, q: str, series: str | None) -> str | None:
    """A sentence when the query's language is none of the searched plans' languages."""
    lang = archive.query_language(q)
    have = archive.series_languages(session, series)
    if lang is None or not have or lang in have:
        return None
    if lang == "en":
        return _(
            "Your search is in English, but the plans searched are in Chinese: search with "
            "Chinese words, e.g. 就业."
        )
    return _(
        "Your search is in Chinese, but the plans searched are in English: search with "
        "English words."
    )


@bp.app_template_global("kind_singular")
def kind_singular(kind: str) -> str:
    """One unit kind, singular (``paragraph``), for labels of a single unit or thread."""
    if kind == "section":  # one lookup, not a dict of all four words per call
        return str(_("section"))
    if kind == "task":
        return str(_("task"))
    if kind == "item":
        return str(_("item"))
    return str(_("paragraph"))


@bp.app_template_global("hit_label")
def hit_label(hit: Any) -> str:
    """How a search hit is named: its printed number, else its kind (singular)."""
    if hit.label:
        fake = Unit(hit.key, None, 0, UnitKind(hit.kind), hit.label, "", "")
        return printed_label(fake)
    return kind_singular(hit.kind)


def highlight(hit: Any) -> Markup:
    """The hit's snippet, escaped, with each match wrapped in ``<mark>``."""
    text: str = hit.snippet
    spans = sorted(_spans(hit))
    out: list[Markup] = []
    pos = 0
    for start, end in spans:
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _spans(hit: Any) -> list[tuple[int, int]]:
    return [(int(hit.match_start), int(hit.match_end))]
