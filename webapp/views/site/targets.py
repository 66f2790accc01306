"""Targets on the site: the series page's Targets panel, the compare page's Targets block and
the ``/s/<series>/targets.<fmt>`` downloads (csv, xlsx, md, json)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort

from archive.targets import get_series_targets
from comparison.result import Comparison
from webapp import charts_targets
from webapp.db import get_session
from webapp.exports.targets import (
    SERIES_FORMATS,
    Headlines,
    comparison_changes,
    plan_headlines,
)
from webapp.i18n import current_language
from webapp.views import series_downloads
from webapp.views.exports import _download
from webapp.views.site import _memo, bp

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
    changed between the two plans, once (:func:`webapp.exports.targets.plan_target_changes`)."""
    rows = comparison_changes(comp, current_language(), _headlines(comp))
    return [{**r, "arrow": DIRECTION_ARROWS.get(r["direction"], "")} for r in rows]


def _headlines(comp: Comparison) -> Headlines:
    """Both plans' headline targets, memoised by the originals' SHA-256 (a stored version's
    document never changes; extracting them costs more than the rest of the page)."""
    sha_a, sha_b = comp.info_a.get("sha256"), comp.info_b.get("sha256")
    if not sha_a or not sha_b:
        return plan_headlines(comp)
    key = ("plan-headlines", sha_a, comp.doc_a.year, sha_b, comp.doc_b.year, comp.engine_version)
    result: Headlines = _memo(key, lambda: plan_headlines(comp))
    return result


@bp.app_template_global("qualifier_word")
def qualifier_word(qualifier: str) -> str:
    return charts_targets.qualifier_word(qualifier, current_language())


@bp.route("/s/<series>/targets.<fmt>")
def targets_download(series: str, fmt: str) -> Response:
    if fmt not in SERIES_FORMATS:
        abort(404)
    # in the reader's language (a kept file per language)
    got = series_downloads.fetch("targets", series, fmt, {"lang": current_language()})
    if isinstance(got, Response):
        return got  # 202: a job is making it
    series_downloads.record_download(got, series, f"targets.{fmt}", fmt)
    return _download(got.data, fmt, got.filename)
