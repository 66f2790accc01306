"""One initiative (thread) across the years: each appearance with its redline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

import archive
from comparison.document import Unit
from comparison.result import Thread, ThreadStatus
from webapp.db import get_session
from webapp.views.site import (
    _caption,
    _comparison,
    _doc_for,
    _timeline,
    bp,
)
from webapp.views.site.compare import redline_html


@dataclass
class Appearance:
    year: int
    status: str
    units: list[Unit]
    prev_year: int | None
    redline_a: Markup | None
    redline_b: Markup | None
    changed: bool
    decided: str | None = None  # "confirmed" / "linked": an analyst's decision made the link


@bp.route("/s/<series>/thread/<thread_id>")
def thread(series: str, thread_id: str) -> Any:
    session = get_session()
    info = archive.get_series(session, series)
    timeline = _timeline(info)
    found = next((t for t in timeline.threads if t.id == thread_id), None)
    if found is None:
        raise archive.NotFound(_("No initiative %(id)s in this series.", id=thread_id))
    appearances = _appearances(info, found)
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


def _appearances(info: archive.SeriesInfo, thread: Thread) -> list[Appearance]:
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
        decided = None
        if prev is not None:
            comp = _comparison(info, prev[0], ty.year)
            m = next((m for m in comp.matches if set(m.b) & set(ty.keys)), None)
            if m is not None and m.redline and changed:
                ra, rb = redline_html(m, "a"), redline_html(m, "b")
            if m is not None and m.decided is not None:
                decided = m.decided.value
        out.append(
            Appearance(
                ty.year, ty.status.value, units, prev[0] if prev else None, ra, rb, changed, decided
            )
        )
        prev = (ty.year, ty.keys)
    return out


def _heading(unit: Unit) -> str:
    """A thread's heading: its latest number and headline (or the start of its text)."""
    return _caption(unit, 60)


@bp.app_template_filter("thread_caption")
def _thread_caption(thread: Thread) -> str:
    return thread.title or thread.id
