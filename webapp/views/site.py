"""The analyst-facing pages: home, series, plan, compare, thread, search (URLs are a contract).

Each view reads the request, asks ``archive`` for data (comparisons and timelines are computed and
cached there), turns engine results into rows and ``webapp.charts`` figures, and renders.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

import archive
from comparison.document import PlanDocument, Unit, UnitKind
from comparison.result import Comparison, Match, RedlineOp, Thread, ThreadStatus, Timeline
from webapp import charts
from webapp.db import get_session, get_store
from webapp.i18n import LANGUAGES, current_language, remember_language

bp = Blueprint("site", __name__)

KINDS = ("new", "changed", "dropped", "moved", "split", "merged", "lead", "unchanged")
DEFAULT_KINDS = frozenset(KINDS) - {"unchanged"}
TIMELINE_ROWS = 60
YEAR_RE = re.compile(r"^\d{4}$")


# --------------------------------------------------------------------------- plumbing


@bp.app_errorhandler(archive.NotFound)
def _not_found(exc: archive.NotFound) -> Any:
    if request.path.startswith("/api/"):
        response = jsonify(error=str(exc))
        response.status_code = 404
        return response
    return render_template("site/error.html", code=404, message=str(exc)), 404


@bp.app_errorhandler(400)
@bp.app_errorhandler(404)
def _http_error(exc: HTTPException) -> Any:
    """Unknown addresses and bad arguments: one clear line in the site's layout (JSON under
    /api/). More specific handlers (CSRF, the API blueprint's own) take precedence."""
    code = exc.code or 500
    message = exc.description or ""
    if code == 404 and message.startswith("The requested URL was not found"):
        message = _("There is no page at this address.")
    if request.path.startswith("/api/"):
        response = jsonify(error=message)
        response.status_code = code
        return response
    return render_template("site/error.html", code=code, message=message), code


@bp.app_template_global("has_endpoint")
def _has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


@bp.app_template_filter("chart_json")
def chart_json(fig: Any) -> Markup:
    """A figure as JSON safe inside ``<script type="application/json">``; CJK kept as UTF-8
    (Flask's ``tojson`` writes every Chinese character as a 6-byte ``\\uXXXX`` escape)."""
    text = json.dumps(fig, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    return Markup(text)


@bp.app_template_global("status_label")
@bp.app_template_global("kind_label")
def kind_label(key: str) -> str:
    """Interface words for change kinds and thread statuses (one lookup per call: hot path)."""
    word = _KIND_WORDS.get(key)
    return _(word) if word else key


_KIND_WORDS = {
    "new": "new",
    "changed": "changed",
    "dropped": "dropped",
    "moved": "moved",
    "split": "split",
    "merged": "merged",
    "lead": "lead change",
    "unchanged": "unchanged",
    "revived": "revived",
    "absent": "absent",
    "section": "sections",
    "task": "tasks",
    "item": "items",
    "paragraph": "paragraphs",
}
if False:  # pragma: no cover - lets pybabel extract the words above
    _("new"), _("changed"), _("dropped"), _("moved"), _("split"), _("merged")
    _("lead change"), _("unchanged"), _("revived"), _("absent")
    _("sections"), _("tasks"), _("items"), _("paragraphs")


@bp.route("/lang/<code>")
def set_language(code: str) -> Any:
    """The header switch: remember the language in a cookie and go back where the user was."""
    if code not in LANGUAGES:
        abort(404)
    target = request.args.get("next") or "/"
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    target = re.sub(r"([?&])lang=[^&]*&?", r"\1", target).rstrip("?&")
    return remember_language(redirect(target or "/"), code)


@bp.route("/static/vendor/plotly.min.js")
def plotly_js() -> Any:
    """Plotly's JavaScript from the installed plotly package: no CDN, works offline."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return send_file(path, mimetype="text/javascript", max_age=7 * 24 * 3600, conditional=True)


def _lang() -> str:
    return current_language()


# Per-app memo of immutable results: a stored version never changes, so a document keyed by
# (series, year, version) and a timeline keyed by every year's current version stay valid; a new
# upload or a withdrawal changes the key. The archive caches comparisons and timelines in the
# database; this memo saves decoding their JSON on every request.
CACHE_SIZE = 512
_cache_lock = threading.Lock()


def _memo(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    cache: OrderedDict[tuple[Any, ...], Any] = current_app.extensions.setdefault(
        "yearline.site_cache", OrderedDict()
    )
    with _cache_lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = compute()
    with _cache_lock:
        cache[key] = value
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return value


def _versions_key(info: archive.SeriesInfo) -> tuple[tuple[int, int | None], ...]:
    return tuple(sorted((y.year, y.current_version) for y in info.years))


def _current_version(info: archive.SeriesInfo, year: int) -> int | None:
    return next((y.current_version for y in info.years if y.year == year), None)


def _doc_for(info: archive.SeriesInfo, year: int) -> PlanDocument:
    """The current version's document of ``year`` (memoised per version)."""
    return _memo(  # type: ignore[no-any-return]
        ("doc", info.slug, year, _current_version(info, year)),
        lambda: archive.get_plan(get_session(), series=info.slug, year=year).document,
    )


def _docs_by_year(info: archive.SeriesInfo, years: list[int]) -> dict[int, PlanDocument]:
    return {y: _doc_for(info, y) for y in years}


def _timeline(info: archive.SeriesInfo) -> Timeline:
    def compute() -> Timeline:
        session = get_session()
        timeline = archive.get_timeline(session, series=info.slug)
        session.commit()  # keep the comparisons cached on the way
        return timeline

    return _memo(("timeline", info.slug, _versions_key(info)), compute)  # type: ignore[no-any-return]


def _thread_ids(info: archive.SeriesInfo) -> Mapping[tuple[int, str], str]:
    """(year, unit key) -> thread id, over the current versions; empty for one-year series."""
    if len(info.years) < 2:
        return {}

    def compute() -> dict[tuple[int, str], str]:
        timeline = _timeline(info)
        return {(ty.year, k): t.id for t in timeline.threads for ty in t.years for k in ty.keys}

    return _memo(("thread_ids", info.slug, _versions_key(info)), compute)  # type: ignore[no-any-return]


def _series_years(info: Any) -> list[int]:
    return sorted(y.year for y in info.years)


# --------------------------------------------------------------------------- home


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


# --------------------------------------------------------------------------- series


@bp.route("/s/<series>")
def series(series: str) -> Any:
    session = get_session()
    info = archive.get_series(session, series)
    years = _series_years(info)
    lang = _lang()
    ctx: dict[str, Any] = {"info": info, "years": years}
    if years:
        docs = _docs_by_year(info, years)
        ctx["has_agencies"] = charts.has_agencies(docs.values())
        ctx["heatmap"] = charts.agency_heatmap(docs, top=25, lang=lang)
    if len(years) >= 2:
        timeline = _timeline(info)
        kinds = charts.thread_kinds(timeline)
        kind = request.args.get("kind") or _default_kind(kinds)
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
            sankey_fig=charts.section_sankey(sankey_comp, lang=lang),
            sa=sa,
            sb=sb,
        )
    session.commit()
    return render_template("site/series.html", **ctx)


def _default_kind(kinds: list[tuple[str, int]]) -> str:
    """Items, else tasks (the plans' initiatives), unless there are too few of them to tell a
    story; then the most numerous kind (an English speech is mostly paragraphs)."""
    present = dict(kinds)
    for k in ("item", "task"):
        if present.get(k, 0) >= 10:
            return k
    return max(kinds, key=lambda kv: kv[1])[0] if kinds else "item"


def _pick_pair(years: list[int], a: str | None, b: str | None) -> tuple[int, int]:
    ya = int(a) if a and a.isdigit() and int(a) in years else years[-2]
    yb = int(b) if b and b.isdigit() and int(b) in years else years[-1]
    if ya == yb:
        ya, yb = years[-2], years[-1]
    return ya, yb


@bp.route("/s/<series>/compare")
def compare_pick(series: str) -> Any:
    """The year-picker form: GET with ?a=&b= redirects to the shareable compare URL."""
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not (YEAR_RE.match(a) and YEAR_RE.match(b)):
        abort(400, description=_("Pick two years to compare."))
    args: dict[str, Any] = {k: v for k in ("va", "vb") if (v := request.args.get(k))}
    url = url_for("site.compare", series=series, a=int(a), b=int(b), **args)
    return redirect(url)


# --------------------------------------------------------------------------- plan


@bp.route("/s/<series>/<int:year>")
def plan(series: str, year: int) -> Any:
    session = get_session()
    version = _int_arg("version")
    record = archive.get_plan(session, series=series, year=year, version=version)
    versions = archive.list_versions(session, series=series, year=year)
    info = archive.get_series(session, series)
    doc = record.document
    children: dict[str | None, list[Unit]] = {}
    for u in doc.units:
        children.setdefault(u.parent, []).append(u)
    timeline_ids = _thread_ids(info)
    return render_template(
        "site/plan.html",
        info=info,
        record=record,
        doc=doc,
        children=children,
        versions=versions,
        years=_series_years(info),
        thread_of=lambda key: timeline_ids.get((year, key)),
        agencies=_agency_totals(doc),
    )


def _agency_totals(doc: PlanDocument) -> list[tuple[str, int, int]]:
    """(agency, units led as primary, units co-led) for the plan page's agency list."""
    primary: dict[str, int] = {}
    other: dict[str, int] = {}
    for u in doc.units:
        for i, name in enumerate(u.lead_units):
            target = primary if i == 0 else other
            target[name] = target.get(name, 0) + 1
    names = sorted(set(primary) | set(other), key=lambda n: (-primary.get(n, 0), -other.get(n, 0)))
    return [(n, primary.get(n, 0), other.get(n, 0)) for n in names]


@bp.route("/s/<series>/<int:year>/original")
def original(series: str, year: int) -> Any:
    data, filename, media_type = archive.read_original(
        get_session(), get_store(), series=series, year=year, version=_int_arg("version")
    )
    import io

    return send_file(
        io.BytesIO(data), mimetype=media_type, as_attachment=True, download_name=filename
    )


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        abort(400, description=_("%(name)s must be a whole number.", name=name))
    return int(raw)


# --------------------------------------------------------------------------- compare


@dataclass
class Side:
    units: list[Unit]
    year: int
    html: Markup

    @property
    def labels(self) -> str:
        """The printed numbers of the side's units (``（三） + （四）`` for a merge)."""
        return " + ".join(x for x in (printed_label(u) for u in self.units) if x)


@bp.app_template_global("printed_label")
def printed_label(unit: Unit) -> str:
    """A unit's number as printed: ``一、``, ``（三）``, ``2.``; empty for unnumbered units."""
    if not unit.label:
        return ""
    kind = unit.kind.value
    if kind == "section":
        return f"{unit.label}、"
    if kind == "task":
        return f"（{unit.label}）"
    return f"{unit.label}."


@dataclass
class Row:
    kind: str  # new / changed / unchanged / split / merged / dropped
    tags: set[str]
    a: Side | None
    b: Side | None
    match: Match | None
    agencies: list[str]
    thread_id: str | None
    index: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def redline_html(match: Match | None, side: str) -> Markup:
    """One side of a match's word-level redline: A shows deletions, B shows insertions."""
    if match is None or not match.redline:
        return Markup("")
    parts = []
    for op, text in match.redline:
        if op is RedlineOp.EQUAL:
            parts.append(escape(text))
        elif op is RedlineOp.DELETE and side == "a":
            parts.append(Markup("<del>%s</del>") % text)
        elif op is RedlineOp.INSERT and side == "b":
            parts.append(Markup("<ins>%s</ins>") % text)
    return Markup("").join(parts)


def _plain(units: list[Unit]) -> Markup:
    return Markup("<br>").join(escape(u.text) for u in units)


def compare_rows(comp: Comparison, threads: Mapping[tuple[int, str], str]) -> list[Row]:
    """Aligned rows in B's document order (dropped A units inserted after their A neighbour)."""
    ua, ub = comp.doc_a.by_key(), comp.doc_b.by_key()
    ya, yb = comp.doc_a.year or 0, comp.doc_b.year or 0
    pos_a = {u.key: i for i, u in enumerate(comp.doc_a.units)}
    pos_b = {u.key: i for i, u in enumerate(comp.doc_b.units)}
    rows: list[tuple[tuple[float, float], Row]] = []
    for m in comp.matches:
        a_units = [ua[k] for k in m.a if k in ua]
        b_units = [ub[k] for k in m.b if k in ub]
        tags = {m.kind.value}
        if m.moved:
            tags.add("moved")
        if m.lead_units.added or m.lead_units.removed or m.lead_units.primary_changed:
            tags.add("lead")
        if m.kind.value in ("split", "merged"):
            tags.add("changed")
        has_redline = bool(m.redline) and m.kind.value != "unchanged"
        row = Row(
            kind=m.kind.value,
            tags=tags,
            a=Side(a_units, ya, redline_html(m, "a") if has_redline else _plain(a_units)),
            b=Side(b_units, yb, redline_html(m, "b") if has_redline else _plain(b_units)),
            match=m,
            agencies=_row_agencies(a_units + b_units),
            thread_id=_first_thread(threads, yb, m.b) or _first_thread(threads, ya, m.a),
        )
        if m.moved and a_units and b_units:
            row.extra["moved"] = (_parent_caption(ua, a_units[0]), _parent_caption(ub, b_units[0]))
        key = min(pos_b.get(k, 0) for k in m.b) if m.b else 0
        rows.append(((key, 0), row))
    for k in comp.new:
        u = ub[k]
        row = Row("new", {"new"}, None, Side([u], yb, _plain([u])), None,
                  _row_agencies([u]), _first_thread(threads, yb, (k,)))  # fmt: skip
        rows.append(((pos_b[k], 0), row))
    # a dropped unit sits just after the B position of its nearest matched predecessor in A
    a_to_b = {ka: min(pos_b.get(kb, 0) for kb in m.b) for m in comp.matches for ka in m.a if m.b}
    for k in comp.dropped:
        u = ua[k]
        anchor = -1.0
        for prev in reversed(comp.doc_a.units[: pos_a[k]]):
            if prev.key in a_to_b:
                anchor = a_to_b[prev.key]
                break
        row = Row("dropped", {"dropped"}, Side([u], ya, _plain([u])), None, None,
                  _row_agencies([u]), _first_thread(threads, ya, (k,)))  # fmt: skip
        rows.append(((anchor + 0.5, pos_a[k] / 1e6), row))
    ordered = [r for _, r in sorted(rows, key=lambda kv: kv[0])]
    for i, r in enumerate(ordered):
        r.index = i
    return ordered


def _parent_caption(units: Mapping[str, Unit], unit: Unit) -> str:
    """Where a unit sits: its parent's number and headline (for "moved from … to …")."""
    parent = units.get(unit.parent) if unit.parent else None
    if parent is None:
        return _("top level")
    head = parent.title or parent.text
    head = head if len(head) <= 24 else head[:23] + "…"
    label = printed_label(parent)
    return f"{label}{'' if label.endswith(('、', '）')) else ' '}{head}".strip()


def _row_agencies(units: list[Unit]) -> list[str]:
    seen: dict[str, None] = {}
    for u in units:
        for name in u.lead_units:
            seen.setdefault(name, None)
    return list(seen)


def _first_thread(threads: Mapping[tuple[int, str], str], year: int, keys: Any) -> str | None:
    for k in keys:
        if (year, k) in threads:
            return threads[(year, k)]
    return None


def _comparison(
    info: archive.SeriesInfo, a: int, b: int, va: int | None = None, vb: int | None = None
) -> Comparison:
    """archive.get_comparison, memoised per pair of resolved (immutable) versions."""
    key = ("comparison", info.slug, a, va or _current_version(info, a), b,
           vb or _current_version(info, b))  # fmt: skip

    def compute() -> Comparison:
        session = get_session()
        comp = archive.get_comparison(
            session, series=info.slug, year_a=a, year_b=b, version_a=va, version_b=vb
        )
        session.commit()  # a freshly computed comparison stays cached in the database
        return comp

    result: Comparison = _memo(key, compute)
    return result


def _comparison_rows(
    info: archive.SeriesInfo, a: int, b: int, va: int | None, vb: int | None
) -> tuple[Comparison, list[Row]]:
    """The comparison of two stored versions and its aligned rows, memoised: both versions are
    immutable, so the key is the pair of resolved version numbers (and the series' current
    versions, which decide the thread links)."""
    key = (
        "compare",
        info.slug,
        a,
        va or _current_version(info, a),
        b,
        vb or _current_version(info, b),
        _versions_key(info),
    )

    def compute() -> tuple[Comparison, list[Row]]:
        comp = _comparison(info, a, b, va, vb)
        return comp, compare_rows(comp, _thread_ids(info))

    result: tuple[Comparison, list[Row]] = _memo(key, compute)
    return result


def _parse_kinds() -> tuple[frozenset[str], bool]:
    """The ``kind`` filter from the query (repeated or comma-separated); (kinds, explicit?)."""
    raw = [p for v in request.args.getlist("kind") for p in v.split(",") if p]
    chosen = frozenset(k for k in raw if k in KINDS)
    return (chosen, True) if chosen else (DEFAULT_KINDS, False)


@bp.route("/s/<series>/compare/<int:a>..<int:b>")
def compare(series: str, a: int, b: int) -> Any:
    session = get_session()
    info = archive.get_series(session, series)
    va, vb = _int_arg("va"), _int_arg("vb")
    comp, rows = _comparison_rows(info, a, b, va, vb)
    kinds, explicit = _parse_kinds()
    agency = request.args.get("agency") or ""
    visible = [r for r in rows if (r.tags & kinds) and (not agency or agency in r.agencies)]
    counts = {k: sum(1 for r in rows if k in r.tags) for k in KINDS}
    all_agencies = sorted({n for r in rows for n in r.agencies})
    base_args = {"va": va, "vb": vb}
    return render_template(
        "site/compare.html",
        info=info,
        comp=comp,
        a=a,
        b=b,
        va=va,
        vb=vb,
        rows=rows,
        visible={r.index for r in visible},
        n_visible=len(visible),
        kinds=kinds,
        explicit=explicit,
        agency=agency,
        all_agencies=all_agencies,
        counts=counts,
        summary=comp.summary,
        chip_url=lambda k: _chip_url(series, a, b, base_args, kinds, explicit, k, agency),
        years=_series_years(info),
        export_url=lambda fmt: _export_url(series, a, b, fmt, base_args),
        kind_order=KINDS,
        kind_words={k: kind_label(k) for k in KINDS},
    )


def _chip_url(
    series: str,
    a: int,
    b: int,
    base: Mapping[str, Any],
    kinds: frozenset[str],
    explicit: bool,
    toggle: str,
    agency: str,
) -> str:
    """The URL a filter chip leads to: its kind toggled in (or out of) the current selection."""
    current = set(kinds) if explicit else set()
    current ^= {toggle}
    args: list[tuple[str, Any]] = [(k, v) for k, v in base.items() if v is not None]
    args += [("kind", k) for k in KINDS if k in current]
    if agency:
        args.append(("agency", agency))
    url = url_for("site.compare", series=series, a=a, b=b)
    return f"{url}?{urlencode(args)}" if args else url


def _export_url(series: str, a: int, b: int, fmt: str, base: Mapping[str, Any]) -> str | None:
    path = url_for("site.compare", series=series, a=a, b=b) + f".{fmt}"
    args = {k: v for k, v in base.items() if v is not None}
    return f"{path}?{urlencode(args)}" if args else path


# --------------------------------------------------------------------------- thread


@dataclass
class Appearance:
    year: int
    status: str
    units: list[Unit]
    prev_year: int | None
    redline_a: Markup | None
    redline_b: Markup | None
    changed: bool


@bp.route("/s/<series>/thread/<thread_id>")
def thread(series: str, thread_id: str) -> Any:
    session = get_session()
    info = archive.get_series(session, series)
    timeline = _timeline(info)
    found = next((t for t in timeline.threads if t.id == thread_id), None)
    if found is None:
        raise archive.NotFound(_("No initiative %(id)s in this series.", id=thread_id))
    appearances = _appearances(session, info, found)
    session.commit()
    latest = next((ap.units[0] for ap in reversed(appearances) if ap.units), None)
    return render_template(
        "site/thread.html",
        info=info,
        thread=found,
        timeline=timeline,
        appearances=appearances,
        heading=_heading(latest) if latest else found.title or found.id,
        statuses={ty.year: ty.status.value for ty in found.years},
    )


def _appearances(session: Any, info: archive.SeriesInfo, thread: Thread) -> list[Appearance]:
    out: list[Appearance] = []
    prev: tuple[int, tuple[str, ...]] | None = None
    for ty in thread.years:
        if not ty.keys or ty.status in (ThreadStatus.ABSENT, ThreadStatus.DROPPED):
            if ty.status is ThreadStatus.DROPPED:
                out.append(Appearance(ty.year, "dropped", [], prev[0] if prev else None,
                                      None, None, False))  # fmt: skip
            continue
        doc = _doc_for(info, ty.year)
        units_by_key = doc.by_key()
        units = [units_by_key[k] for k in ty.keys if k in units_by_key]
        ra = rb = None
        changed = ty.status is not ThreadStatus.UNCHANGED
        if prev is not None and ty.status is not ThreadStatus.UNCHANGED:
            comp = _comparison(info, prev[0], ty.year)
            m = next((m for m in comp.matches if set(m.b) & set(ty.keys)), None)
            if m is not None and m.redline:
                ra, rb = redline_html(m, "a"), redline_html(m, "b")
        out.append(
            Appearance(ty.year, ty.status.value, units, prev[0] if prev else None, ra, rb, changed)
        )
        prev = (ty.year, ty.keys)
    return out


def _heading(unit: Unit) -> str:
    """A thread's heading: its latest number and headline (or the start of its text)."""
    head = unit.title or unit.text
    if len(head) > 60:
        head = head[:59] + "…"
    label = printed_label(unit)
    return f"{label}{'' if label.endswith(('、', '）')) else ' '}{head}".strip()


# --------------------------------------------------------------------------- search


@bp.route("/search")
def search() -> Any:
    q = (request.args.get("q") or "").strip()
    series_filter = request.args.get("series") or None
    groups: list[dict[str, Any]] = []
    n_hits = 0
    if q:
        hits = archive.search_units(get_session(), q, series=series_filter, limit=200)
        n_hits = len(hits)
        by_series: dict[str, dict[str, Any]] = {}
        for h in hits:
            g = by_series.setdefault(
                h.series, {"slug": h.series, "title": h.series_title, "years": {}}
            )
            g["years"].setdefault(h.year, []).append({"hit": h, "html": highlight(h)})
        for g in by_series.values():
            g["count"] = sum(len(items) for items in g["years"].values())
            g["years"] = sorted(g["years"].items(), reverse=True)
            groups.append(g)
    response = make_response(
        render_template(
            "site/search.html", q=q, groups=groups, n_hits=n_hits, search_query=q, limit=200
        )
    )
    return response


@bp.app_template_global("kind_singular")
def kind_singular(kind: str) -> str:
    """One unit kind, singular (``paragraph``), for labels of a single unit or thread."""
    words: dict[str, str] = {"section": _("section"), "task": _("task"), "item": _("item")}
    return words.get(kind) or str(_("paragraph"))


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


@bp.app_template_filter("thread_caption")
def _thread_caption(thread: Thread) -> str:
    return thread.title or thread.id
