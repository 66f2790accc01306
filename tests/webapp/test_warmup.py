"""The warm-up a new web process runs before it listens (``webapp.warmup``, called by
``yearline serve`` and ``wsgi.py``)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from webapp import create_app
from webapp.warmup import warm_up

from .conftest import app_config


def test_warm_up_views_the_home_page_and_the_newest_comparison(app):
    series = json.loads(app.test_client().get("/api/v1/series").data)
    first = next(s for s in series if sum(y["current_version"] is not None for y in s["years"]) > 1)
    years = sorted(y["year"] for y in first["years"] if y["current_version"] is not None)
    errors: list[str] = []
    try:
        viewed = warm_up(app, on_error=errors.append)
        assert gc.get_freeze_count() > 0  # start-up's objects are out of the collector's sight
    finally:
        gc.unfreeze()
    compare = f"/s/{first['slug']}/compare/{years[-2]}..{years[-1]}"
    assert errors == [] and viewed == ["/", compare]
    # the comparison's page is kept: a reader's first view of it is served from memory
    kept = app.extensions["yearline.page_cache"]
    assert any(compare in part for key in kept for part in key if isinstance(part, str))


def test_a_failed_warm_up_is_reported_and_never_raised(tmp_path: Path):
    # an archive that was never initialised: the warm-up cannot read a series
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    app = create_app(app_config(url, tmp_path / "blobs"))
    errors: list[str] = []
    try:
        assert warm_up(app, on_error=errors.append) == []
    finally:
        gc.unfreeze()
        app.extensions["yearline.engine"].dispose()
    assert len(errors) == 1
    assert errors[0].startswith("warm-up failed (") and errors[0].endswith("; serving anyway")
