"""The analyst-facing pages: home, series, plan, compare, thread, search (URLs are a contract).

Each view reads the request, asks ``archive`` for data (comparisons and timelines are computed and
cached there), turns engine results into rows and ``webapp.charts`` figures, and renders.

One blueprint, ``site``, shared by the modules of this package: this module holds the blueprint,
the error pages, the template helpers and the per-app memo; ``series`` (home, series, year
picker), ``plans``, ``compare``, ``threads`` and ``search`` add their views to it.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    request,
    send_file,
    session,
)
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

import archive
from comparison.document import PlanDocument, Unit
from comparison.numbering import CN_NUM
from comparison.result import Comparison, Timeline
from webapp import auth, params
from webapp.db import get_session
from webapp.errors import error_response
from webapp.i18n import LANGUAGES, remember_language
from webapp.messages import error_text

bp = Blueprint("site", __name__)

# --------------------------------------------------------------------------- plumbing


@bp.app_errorhandler(archive.NotFound)
def _not_found(exc: archive.NotFound) -> Any:
    return error_response(404, error_text(exc), api_message=str(exc),
                          **({"code": exc.code} if exc.code else {}))  # fmt: skip


@bp.app_errorhandler(400)
@bp.app_errorhandler(404)
def _http_error(exc: HTTPException) -> Any:
    """Unknown addresses and bad arguments: one clear line in the site's layout (JSON under
    /api/). More specific handlers (CSRF, the API blueprint's own) take precedence."""
    code = exc.code or 500
    message = exc.description or ""
    if code == 404 and message.startswith("The requested URL was not found"):
        message = _("There is no page at this address.")
    return error_response(code, message)


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
    "restructured": "restructured",
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
    _("restructured"), _("lead change"), _("unchanged"), _("revived"), _("absent")
    _("sections"), _("tasks"), _("items"), _("paragraphs")


@bp.route("/lang/<code>")
def set_language(code: str) -> Any:
    """The header switch: remember the language in a cookie and go back where the user was."""
    if code not in LANGUAGES:
        abort(404)
    target = auth.safe_local_path(request.args.get("next"))
    target = re.sub(r"([?&])lang=[^&]*&?", r"\1", target).rstrip("?&")
    return remember_language(redirect(target or "/"), code)


@bp.route("/static/vendor/plotly.min.js")
def plotly_js() -> Any:
    """Plotly's JavaScript from the installed plotly package: no CDN, works offline."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return send_file(path, mimetype="text/javascript", max_age=7 * 24 * 3600, conditional=True)


# Per-app memo of immutable results: a stored version never changes, so a document keyed by
# (series, year, version) and a timeline keyed by every year's current version stay valid; a new
# upload or a withdrawal changes the key. The archive caches comparisons and timelines in the
# database; this memo saves decoding their JSON on every request.
CACHE_SIZE = 512
_cache_lock = threading.Lock()
T = TypeVar("T")


def app_lru(name: str, size: int, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the value computed before under ``key`` in the app's LRU ``name`` (at
    most ``size`` entries, kept in ``app.extensions`` so each app -- and each test app -- has its
    own). Two requests missing the same key at once both compute; the last one is kept."""
    cache: OrderedDict[tuple[Any, ...], Any] = current_app.extensions.setdefault(
        name, OrderedDict()
    )
    with _cache_lock:
        if key in cache:
            cache.move_to_end(key)
            return cast(T, cache[key])
    value = compute()
    with _cache_lock:
        cache[key] = value
        while len(cache) > size:
            cache.popitem(last=False)
    return value


def _memo(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    return app_lru("yearline.site_cache", CACHE_SIZE, key, compute)


PAGE_CACHE_SIZE = 64  # rendered pages (a national compare page is ~300 KiB)


def page_cache_key(info: archive.SeriesInfo, data_key: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The key of this request's rendered page of the series ``info``, or None when it must be
    rendered afresh.

    A page is kept only for anonymous readers with no message waiting (a signed-in page names
    its user and may carry CSRF tokens; a flashed message is shown once). ``data_key`` must
    change whenever anything shown does (versions, decisions); the series' own description
    (title, issuer, ...: edited in place, with no new version, by ``archive.ensure_series``),
    the language and the full path (query included) complete it. The description is the
    request's ``info``, read anyway: covering it costs no query.
    """
    if auth.current_user() is not None or session.get("_flashes"):
        return None
    from webapp.i18n import current_language

    return ("page", *data_key, _description(info), current_language(), request.full_path)


def _description(info: archive.SeriesInfo) -> tuple[str, ...]:
    """What a series says of itself, as the pages may show it (every field but its years)."""
    return (info.title, info.issuer, info.jurisdiction, info.language, info.source_note)


def cached_page(key: tuple[Any, ...] | None, render: Callable[[], str]) -> str | bytes:
    """``render()``, or the page rendered before under ``key`` (an LRU of PAGE_CACHE_SIZE), kept
    as UTF-8 bytes so that a kept page is not encoded again on every view."""
    if key is None:
        return render()
    return app_lru("yearline.page_cache", PAGE_CACHE_SIZE, key, lambda: render().encode("utf-8"))


def _versions_key(info: archive.SeriesInfo) -> tuple[tuple[int, int | None], ...]:
    """Every year's current version, and the series' decisions revision (analysts' decisions
    change comparisons and threads as much as a new version does)."""
    return (*sorted((y.year, y.current_version) for y in info.years), (0, _decisions_rev(info)))


def _decisions_rev(info: archive.SeriesInfo) -> int:
    """The newest decision id of the series, read once per request."""
    seen: dict[str, int] = g.setdefault("yearline_decisions_rev", {})
    if info.slug not in seen:
        seen[info.slug] = archive.decisions_revision(get_session(), info.slug)
    return seen[info.slug]


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


def _comparison(
    info: archive.SeriesInfo, a: int, b: int, va: int | None = None, vb: int | None = None
) -> Comparison:
    """archive.get_comparison, memoised per pair of resolved (immutable) versions."""
    key = ("comparison", info.slug, a, va or _current_version(info, a), b,
           vb or _current_version(info, b), _decisions_rev(info))  # fmt: skip

    def compute() -> Comparison:
        session = get_session()
        comp = archive.get_comparison(
            session, series=info.slug, year_a=a, year_b=b, version_a=va, version_b=vb
        )
        session.commit()  # a freshly computed comparison stays cached in the database
        return comp

    result: Comparison = _memo(key, compute)
    return result


def _int_arg(name: str) -> int | None:
    return params.whole_number(name, request.args.get(name))


@bp.app_template_global("printed_label")
def printed_label(unit: Unit) -> str:
    """A unit's number as printed: ``一、``, ``（三）``, ``第一章``'s ``第一``, ``2.``, ``Ⅰ.``,
    ``Goal 1``; empty for unnumbered units. Chinese punctuation only around Chinese numerals."""
    label = unit.label
    if not label:
        return ""
    if " " in label:  # a keyword heading ("Goal 1", "Axe 2", "Maßnahme 1.1") prints as itself
        return label
    kind = unit.kind.value
    chinese = all(ch in CN_NUM for ch in label)
    # a chapter (第一章, 第１): the parser keys chapters with the stem "c" (comparison.structure,
    # _classify_zh); the keyword "engagement" shares the stem but its label holds a space
    if kind == "section" and unit.key.rsplit(".", 1)[-1].startswith("c"):
        return f"第{label}"
    if kind == "section" and chinese:
        return f"{label}、"
    if kind == "task" and chinese:
        return f"（{label}）"
    return f"{label}."


def _caption(unit: Unit, width: int) -> str:
    """A unit's printed number and headline (or the start of its text, cut to ``width``)."""
    head = unit.title or unit.text
    if len(head) > width:
        head = head[: width - 1] + "…"
    label = printed_label(unit)
    return f"{label}{'' if label.endswith(('、', '）')) else ' '}{head}".strip()


# The views register themselves on ``bp`` when imported.
from webapp.views.site import compare, plans, search, series, targets, threads  # noqa: E402, F401, I001
from webapp.views.site import history  # noqa: E402, F401  (issue 13)
from webapp.views.site import review  # noqa: E402, F401  (issue 10)
