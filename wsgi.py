"""WSGI entry point for gunicorn/waitress: ``app = create_app()``."""

from __future__ import annotations

from webapp import create_app

app = create_app()
