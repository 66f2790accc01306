"""Full-text search over every series and year, hits grouped by series and year."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from markupsafe import Markup, escape

import archive
from comparison.document import Unit, UnitKind
from webapp import params
from webapp.db import get_session
from webapp.views.site import (
    bp,
    printed_label,
)


@bp.route("/search")
def search() -> Any:
    q = params.search_text(request.args.get("q"))
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
    return render_template(
        "site/search.html", q=q, groups=groups, n_hits=n_hits, search_query=q, limit=200
    )


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
