"""Warm a new web process before it listens, so that no reader's first view pays for start-up.

The pages load some code lazily (number readers, the chart and target modules: ~0.5 s on the
demo), their templates are compiled on first use, and a new process has none of its caches
filled. ``warm_up`` views the newest comparison
of the largest series and, for a few seconds, series pages (largest first) -- only what the
queue has warmed -- in-process and anonymously, then freezes
what start-up made out of the garbage collector's sight: those objects live as long as the
process, and without the freeze every full collection under load rescans them (measured on the
demo's compare pages: full collections of 70-109 ms before, 7-37 ms after).
``yearline serve`` and ``wsgi.py`` both call it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from archive.derived import code_fingerprint
from archive.jobs import cache_report

WARM_SECONDS = 5.0  # series pages are viewed until this many seconds have passed (one begun ends)


def _view(client: FlaskClient, path: str) -> None:
    status = client.get(path).status_code
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")


def _load_templates(app: Flask) -> None:
    """Compile the site's templates (~0.1 s for a series page's, paid by its first reader
    otherwise): Jinja keeps them compiled for the life of the process."""
    env = app.jinja_env
    for name in env.list_templates(filter_func=lambda n: n.startswith("site/") or n == "base.html"):
        env.get_template(name)


def warm_up(
    app: Flask, on_error: Callable[[str], None] | None = None, *, budget: float = WARM_SECONDS
) -> list[str]:
    """View the pages that load the lazy code, then series pages for up to ``budget`` seconds;
    returns the paths viewed. Only what the queue has already warmed is viewed (a cached
    comparison; a series whose timeline and newest comparison are cached), so a warm-up computes
    no comparison (unless a decision recorded since made a cached pair stale: the cache report
    does not look at decisions). After an engine upgrade, with nothing cached, it views nothing
    and the server starts at once. GETs only: nothing is written but the in-process caches a
    view fills. A failure is passed to ``on_error`` (default: the app's logger) and the process
    goes on: a warm-up must never keep the site down."""
    report = on_error or app.logger.warning
    viewed: list[str] = []
    try:
        _load_templates(app)
        code_fingerprint()  # reads the engine's source once: the series caches' key
        with app.app_context():
            from webapp.db import get_session

            caches = cache_report(get_session())
        client = app.test_client()
        ready = [
            c
            for c in sorted(caches, key=lambda c: (-len(c.years), c.series))
            if len(c.years) >= 2 and (c.years[-2], c.years[-1]) not in c.missing
        ]
        if ready:  # one comparison page: the compare code and its templates
            c = ready[0]
            path = f"/s/{c.series}/compare/{c.years[-2]}..{c.years[-1]}"
            _view(client, path)
            viewed.append(path)
        # then the series pages, the largest series first, while the budget lasts: a series
        # page's first view reads its targets, term changes and timeline from the database
        # (national: ~0.2 s) and renders its charts; kept rendered, the next view is ~5 ms
        deadline = time.monotonic() + budget
        for c in ready:
            if time.monotonic() >= deadline:
                break
            if c.timeline_cached:
                path = f"/s/{c.series}"
                _view(client, path)
                viewed.append(path)
    except Exception as exc:  # reported, never raised
        report(f"warm-up failed ({exc}); serving anyway")
    gc.freeze()
    return viewed
