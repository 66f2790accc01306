"""Targets on the site: the series page's Targets panel, the compare page's Targets block and
the ``/s/<series>/targets.<fmt>`` downloads (csv, xlsx, md, json)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, abort

import archive
from archive.targets import get_series_targets
from comparison.result import Comparison
from webapp import auth, charts_targets
from webapp.db import get_session
from webapp.exports.targets import SERIES_FORMATS
from webapp.i18n import current_language
from webapp.views import series_downloads
from webapp.views.exports import _download
from webapp.views.site import bp

DIRECTION_ARROWS = {"up": "↑", "down": "↓", "new": "+", "dropped": "−", "reworded": "≈"}


def targets_panel(series: str) -> dict[str, Any]:
    """Context for ``site/_targets_panel.html``: one chart per charted indicator and the table."""
    lang = current_language()
    data = get_series_targets(get_session(), series=series)
    indicators = charts_targets.charted_indicators(data)
    charts = [
        (
            f"chart-target-{i}",
            charts_targets.target_chart(data, i, lang=lang),
            charts_targets.indicator_label(i, lang),
        )
        for i in indicators
    ]
    return {
        "targets_charts": charts,
        "targets_table": charts_targets.table_rows(data, indicators),
        "targets_more": sum(len(y["targets"]) for y in data["years"])
        - len(charts_targets.table_rows(data, indicators)),
    }


@bp.app_template_global("targets_summary")
def targets_summary(comp: Comparison) -> list[dict[str, Any]]:
    """The compare page's Targets block: every own-year target of a vocabulary indicator that
    changed between the two years (one row per indicator and side), then the other changes."""
    lang = current_language()
    rows: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for m in comp.matches:
        for t in m.targets_changed:
            if t.get("horizon") or not t.get("indicator"):
                continue
            a, b = t.get("a"), t.get("b")
            key = (t["indicator"], _text(a), _text(b))
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "indicator": t["indicator"],
                    "label": charts_targets.indicator_label(str(t["indicator"]), lang),
                    "name": t.get("name") or "",
                    "a": _text(a),
                    "b": _text(b),
                    "direction": t.get("direction") or "",
                    "arrow": DIRECTION_ARROWS.get(str(t.get("direction")), ""),
                }
            )
    return rows


def _text(q: Mapping[str, Any] | None) -> str:
    from webapp.exports.targets import figure

    return figure(q)


@bp.app_template_global("qualifier_word")
def qualifier_word(qualifier: str) -> str:
    return charts_targets.qualifier_word(qualifier, current_language())


@bp.route("/s/<series>/targets.<fmt>")
def targets_download(series: str, fmt: str) -> Response:
    if fmt not in SERIES_FORMATS:
        abort(404)
    got = series_downloads.fetch("targets", series, fmt, {})  # NotFound -> 404
    if isinstance(got, Response):
        return got  # 202: a job is making it
    session = get_session()
    archive.record_audit(
        session,
        action="export",
        user=auth.current_user(),
        target=f"{series}/targets.{fmt}",
        detail={"format": fmt, "series": series, "bytes": len(got.data)},
    )
    session.commit()
    return _download(got.data, fmt, got.filename)
