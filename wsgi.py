"""WSGI entry point for gunicorn/waitress: ``app = create_app()``, warmed before it serves."""

from __future__ import annotations

from webapp import create_app
from webapp.warmup import warm_up

app = create_app()
warm_up(app)
