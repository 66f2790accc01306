"""One year's plan as parsed, and its original file."""

from __future__ import annotations

import io
from typing import Any

from flask import render_template, send_file

import archive
from comparison.document import PlanDocument, Unit
from webapp.db import get_session, get_store
from webapp.views.site import (
    _caption,
    _int_arg,
    _series_years,
    _thread_ids,
    bp,
)


@bp.route("/s/<series>/<int:year>")
def plan(series: str, year: int) -> Any:
    session = get_session()
    version = _int_arg("version")
    try:
        record = archive.get_plan(session, series=series, year=year, version=version)
    except archive.NotFound:
        versions = archive.list_versions(session, series=series, year=year) if not version else []
        if not versions:
            raise
        # every version withdrawn: the newest stays readable, marked withdrawn
        record = archive.get_plan(session, series=series, year=year, version=versions[-1].number)
    info = archive.get_series(session, series)
    doc = record.document
    children: dict[str | None, list[Unit]] = {}
    for u in doc.units:
        children.setdefault(u.parent, []).append(u)
    job = _job(_int_arg("job"))
    # while the queue compares a new year, the page does not build the timeline itself
    timeline_ids = _thread_ids(info) if job is None or job.finished else {}
    return render_template(
        "site/plan.html",
        info=info,
        record=record,
        doc=doc,
        children=children,
        versions=record.versions,
        years=_series_years(info),
        thread_of=lambda key: timeline_ids.get((year, key)),
        agencies=_agency_totals(doc),
        job=job,
        toc=table_of_contents(doc),
    )


def _job(job_id: int | None) -> Any:
    if job_id is None:
        return None
    from archive.jobs import get_job

    try:
        return get_job(get_session(), job_id)
    except archive.NotFound:
        return None


TOC_LIMIT = 80


def table_of_contents(doc: PlanDocument) -> list[tuple[Unit, str]]:
    """(unit, its entry's text) for the plan page's contents: sections and tasks; in a plan
    without them (an English speech), the paragraphs that have a headline."""
    heads = [u for u in doc.units if u.kind.value in ("section", "task")]
    if not heads:
        heads = [u for u in doc.units if u.title][:TOC_LIMIT]
    return [(u, _caption(u, 40)) for u in heads]


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
    return send_file(
        io.BytesIO(data), mimetype=media_type, as_attachment=True, download_name=filename
    )
