"""Warm a new web process before it listens, so that no reader's first view pays for start-up.

The pages load some code lazily (number readers, the chart and target modules: ~0.5 s on the
demo), and a new process has none of its caches filled. ``warm_up`` views the home page and the
newest comparison of the first series with two years, in-process and anonymously, then freezes
what start-up made out of the garbage collector's sight: those objects live as long as the
process, and without the freeze every full collection under load rescans them (measured on the
demo's compare pages: ~100 ms pauses before, ~10 ms after). ``yearline serve`` and ``wsgi.py``
both call it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from flask import Flask

import archive


def warm_up(app: Flask, on_error: Callable[[str], None] | None = None) -> list[str]:
    """View the pages that load the lazy code; returns the paths viewed. GETs only: nothing is
    written but the caches a view fills anyway. A failure is passed to ``on_error`` (default: the
    app's logger) and the process goes on: a warm-up must never keep the site down."""
    report = on_error or app.logger.warning
    viewed: list[str] = []
    try:
        with app.app_context():
            from webapp.db import get_session

            series = archive.list_series(get_session())
        client = app.test_client()
        paths = ["/"]
        for info in series:
            years = [y.year for y in info.years if y.current_version is not None]
            if len(years) >= 2:
                paths.append(f"/s/{info.slug}/compare/{years[-2]}..{years[-1]}")
                break
        for path in paths:
            status = client.get(path).status_code
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            viewed.append(path)
    except Exception as exc:  # reported, never raised
        report(f"warm-up failed ({exc}); serving anyway")
    gc.freeze()
    return viewed
