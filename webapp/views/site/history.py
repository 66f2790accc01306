"""How wording travels through a series (issue 13): age shading of plan and thread text, the term
trends panel of the series page, the programmes and promises pages, and their downloads."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from flask import Response, abort, g, render_template, request, send_file, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

import archive
from comparison.blame import UnitBlame
from comparison.document import Unit
from comparison.promises import Promise
from webapp.charts_history import term_trends
from webapp.db import get_session
from webapp.history_render import MAX_TERMS
from webapp.i18n import current_language
from webapp.views import series_downloads
from webapp.views.site import _series_years, bp

AGE_BUCKETS = ((0, "age-0"), (2, "age-1"), (5, "age-2"), (10, "age-3"))  # else age-4
SORTS = ("first", "last", "count", "name", "years")
KINDS = ("programme", "slogan", "document")
SPAN = Markup('<span class="age {cls}" data-since="{since}" title="{title}">{text}</span>')

# --------------------------------------------------------------------------- age shading


def _age_class(year: int, since: int) -> str:
    age = year - since
    for limit, cls in AGE_BUCKETS:
        if age <= limit:
            return cls
    return "age-4"


def _blame(slug: str, year: int) -> dict[str, UnitBlame]:
    memo: dict[tuple[str, int], dict[str, UnitBlame]] = g.setdefault("yearline_blame", {})
    if (slug, year) not in memo:
        memo[(slug, year)] = archive.get_blame(get_session(), series=slug, year=year).by_key()
    return memo[(slug, year)]


def spans_html(blame: UnitBlame | None, year: int, fallback: str) -> Markup:
    """A unit's text as spans shaded by age, each titled "since YEAR"."""
    if blame is None or blame.text != fallback:
        return Markup(escape(fallback))
    parts = []
    for s in blame.spans:
        if s.since == year:
            title = _("new in %(year)s", year=year)
        else:
            title = _("since %(year)s", year=s.since)
        parts.append(
            SPAN.format(cls=_age_class(year, s.since), since=s.since, title=title, text=s.text)
        )
    return Markup("").join(parts)


@bp.app_template_global("age_html")
def age_html(slug: str, year: int, unit: Unit) -> Markup:
    return spans_html(_blame(slug, year).get(unit.key), year, unit.text)


@bp.app_template_global("show_age")
def show_age() -> bool:
    return request.args.get("age") == "1"


@bp.app_template_global("age_toggle_url")
def age_toggle_url(name: str = "age") -> str:
    """The current page's URL with the flag ``name`` (age shading, or ``old`` wording on the
    compare page) switched the other way."""
    args = request.args.to_dict(flat=False)
    if request.args.get(name) == "1":
        args.pop(name, None)
    else:
        args[name] = ["1"]
    assert request.endpoint is not None
    return url_for(request.endpoint, **(request.view_args or {}), **args)


# --------------------------------------------------------------------------- promises


def _promises_by_unit(slug: str) -> dict[tuple[int, str], list[Promise]]:
    memo: dict[str, dict[tuple[int, str], list[Promise]]] = g.setdefault("yearline_promises", {})
    if slug not in memo:
        out: dict[tuple[int, str], list[Promise]] = {}
        session = get_session()
        for p in archive.get_promises(session, series=slug):
            for y, k, _text in p.mentions:
                lst = out.setdefault((y, k), [])
                if p not in lst:
                    lst.append(p)
        session.commit()  # promises computed on the way stay cached in the database
        memo[slug] = out
    return memo[slug]


@bp.app_template_global("promises_of")
def promises_of(slug: str, year: int, keys: Iterable[str]) -> list[Promise]:
    """The carried-over promises in the units ``keys`` of ``year`` that were already made by
    ``year`` in at least three consecutive years (so the flag reads true on that year's page)."""
    found: list[Promise] = []
    by_unit = _promises_by_unit(slug)
    for k in keys:
        for p in by_unit.get((year, k), []):
            upto = [y for y in p.years if y <= year]
            if len(upto) >= 3 and p not in found:
                found.append(p)
    return found


@bp.route("/s/<series>/promises")
def promises(series: str) -> Any:
    session = get_session()
    info = archive.get_series(session, series)
    found = archive.get_promises(session, series=series)
    return render_template(
        "site/promises.html", info=info, promises=found, years=_series_years(info)
    )


# --------------------------------------------------------------------------- terms


def _asked_terms() -> list[str]:
    raw = [t.strip() for t in request.args.getlist("term")]
    terms = [t for t in raw if t]
    return terms[:MAX_TERMS]


@bp.app_template_global("terms_panel")
def terms_panel(info: archive.SeriesInfo) -> dict[str, Any]:
    """The series page's term trends: the terms in the URL (``?term=…&term=…``), or the latest
    year's emerging terms; the chart; the latest year's emerging and fading terms."""
    session = get_session()
    asked = _asked_terms()
    changes = archive.get_term_changes(session, series=info.slug)
    latest = changes[-1] if changes else None
    terms = asked or ([c.term for c in latest.emerging[:3]] if latest else [])
    measure = "rate" if request.args.get("measure") == "rate" else "count"
    found = archive.get_terms(session, series=info.slug, terms=terms)
    session.commit()  # term changes computed on the way stay cached in the database
    years = _series_years(info)
    fig = term_trends(
        found, years, measure=measure, language=info.language, lang=current_language()
    )
    return {
        "asked": asked,
        "terms": [t.term for t in found],
        "fig": fig,
        "measure": measure,
        "latest": latest,
        "rows": found,
        "years": years,
    }


def _download(data: bytes, name: str, mimetype: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.route("/s/<series>/terms.<fmt>")
def terms_export(series: str, fmt: str) -> Any:
    """The term trends as a download: the terms in the URL, or each year's emerging and fading
    terms when none is given (the shapes of ``yearline terms``)."""
    if fmt not in ("csv", "json", "xlsx"):
        abort(404)
    filters: dict[str, Any] = {"terms": _asked_terms()}
    if fmt == "xlsx":  # the workbook is worded in the reader's language; CSV/JSON keep the keys
        filters["lang"] = current_language()
    got = series_downloads.fetch("terms", series, fmt, filters)
    if isinstance(got, Response):
        return got  # 202: a job is making it
    get_session().commit()  # the kept file's row
    return _download(got.data, got.filename, got.media_type)


# --------------------------------------------------------------------------- programmes


@bp.route("/s/<series>/programmes")
def programmes(series: str) -> Any:
    session = get_session()
    info = archive.get_series(session, series)
    found = archive.get_programmes(session, series=series)
    sort = request.args.get("sort", "first")
    if sort not in SORTS:
        sort = "first"
    kind = request.args.get("kind", "")
    if kind and kind not in KINDS:
        abort(400, description=_("Unknown kind %(kind)s.", kind=kind))
    q = (request.args.get("q") or "").strip()
    rows = [p for p in found if (not kind or p.kind == kind) and (not q or q in p.name)]
    keys = {
        "first": lambda p: (p.first_year, -p.count, p.name),
        "last": lambda p: (-p.last_year, -p.count, p.name),
        "count": lambda p: (-p.count, p.first_year, p.name),
        "years": lambda p: (-len(p.counts), -p.count, p.name),
        "name": lambda p: (p.name,),
    }
    rows.sort(key=keys[sort])
    kinds = {k: sum(1 for p in found if p.kind == k) for k in KINDS}
    return render_template(
        "site/programmes.html",
        info=info,
        rows=rows,
        total=len(found),
        sort=sort,
        kind=kind,
        q=q,
        kinds=kinds,
        years=_series_years(info),
    )


@bp.route("/s/<series>/programmes.<fmt>")
def programmes_export(series: str, fmt: str) -> Any:
    if fmt not in ("csv", "json"):
        abort(404)
    got = series_downloads.fetch("programmes", series, fmt, {})
    if isinstance(got, Response):
        return got  # 202: a job is making it
    get_session().commit()  # the kept file's row
    return _download(got.data, got.filename, got.media_type)


# --------------------------------------------------------------------------- compare page

OLDER = Markup('<mark class="older" title="{title}">{text}</mark>')


@bp.app_template_global("show_older")
def show_older() -> bool:
    return request.args.get("old") == "1"


@bp.app_template_global("older_html")
def older_html(slug: str, year_b: int, year_a: int, units: Iterable[Unit]) -> Markup:
    """Year B's text of ``units`` with the wording older than year A marked ("since 2017")."""
    blame = _blame(slug, year_b)
    out = []
    for u in units:
        ub = blame.get(u.key)
        if ub is None or ub.text != u.text:
            out.append(Markup(escape(u.text)))
            continue
        parts = [
            OLDER.format(title=_("since %(year)s", year=s.since), text=s.text)
            if s.since < year_a
            else Markup(escape(s.text))
            for s in ub.spans
        ]
        out.append(Markup("").join(parts))
    return Markup("<br>").join(out)
