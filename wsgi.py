"""WSGI entry point for gunicorn/waitress: ``app = create_app()``, warmed before it serves.

The warm-up's database connections are closed afterwards, so that a server that forks its
workers after importing this module (``gunicorn --preload``) hands none of them to two processes;
each worker opens its own on first use.
"""

from __future__ import annotations

from webapp import create_app
from webapp.warmup import warm_up

app = create_app()
warm_up(app)
app.extensions["yearline.engine"].dispose()
