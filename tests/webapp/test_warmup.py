"""The warm-up a new web process runs before it listens (``webapp.warmup``, called by
``yearline serve`` and ``wsgi.py``)."""

from __future__ import annotations

import gc
from pathlib import Path

import sqlalchemy as sa

from archive import models as m
from archive.jobs import cache_report
from webapp import create_app
from webapp.db import get_session
from webapp.warmup import warm_up

from .conftest import app_config, seed_archive


def _warm(app, **kw):
    errors: list[str] = []
    try:
        viewed = warm_up(app, on_error=errors.append, **kw)
        assert gc.get_freeze_count() > 0  # start-up's objects are out of the collector's sight
    finally:
        gc.unfreeze()
    return viewed, errors


def test_warm_up_views_what_the_queue_has_warmed(app):
    with app.app_context():
        caches = {c.series: c for c in cache_report(get_session())}
    assert caches["cn-national-gwr"].timeline_cached, "the demo archive warms its series"
    viewed, errors = _warm(app, budget=60.0)  # a budget no slow machine runs out of
    assert errors == []
    # the newest comparison of the largest series, then the series pages, largest first; the
    # one-year Shenzhen series has no comparison to view
    compare = "/s/cn-national-gwr/compare/2024..2025"
    assert viewed == [compare, "/s/cn-national-gwr", "/s/hailar-district-gwr"]
    kept = app.extensions["yearline.page_cache"]
    assert any(compare in part for key in kept for part in key if isinstance(part, str))
    assert any(key[1] == "series" for key in kept)


def test_a_spent_budget_stops_the_series_pages(app):
    viewed, _errors = _warm(app, budget=0.0)
    assert len(viewed) == 1 and "/compare/" in viewed[0]


def test_nothing_cached_nothing_computed(sqlite_template, tmp_path: Path):
    # an archive with two years and no cached comparison (as after an engine upgrade): the
    # warm-up views nothing, so the server starts at once instead of comparing first
    plans = [("hailar-district-gwr", 2018), ("hailar-district-gwr", 2019)]
    url, _tokens = seed_archive(sqlite_template, tmp_path, plans=plans)
    app = create_app(app_config(url, tmp_path / "blobs"))
    try:
        viewed, errors = _warm(app)
        with app.app_context():
            n = get_session().scalar(sa.select(sa.func.count()).select_from(m.ComparisonCache))
    finally:
        app.extensions["yearline.engine"].dispose()
    assert viewed == [] and errors == [] and n == 0


def test_a_failed_warm_up_is_reported_and_never_raised(tmp_path: Path):
    # an archive that was never initialised: the warm-up cannot read a series
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    app = create_app(app_config(url, tmp_path / "blobs"))
    try:
        viewed, errors = _warm(app)
    finally:
        app.extensions["yearline.engine"].dispose()
    assert viewed == [] and len(errors) == 1
    assert errors[0].startswith("warm-up failed (") and errors[0].endswith("; serving anyway")
