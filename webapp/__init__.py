"""Every face of Yearline: the Flask site, the JSON API, the CLI, charts and exports."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The engine's numeric work is sparse products and elementwise array operations: no dense BLAS
# call large enough for OpenBLAS's thread pool to pay. The pool costs every process start-up CPU
# (measured: `yearline diff` of the 1,000-item benchmark plans 1.63-1.79 -> 1.42-1.58 s CPU, wall
# unchanged) and its threads compete with the web and queue workers for the cores. It must be set
# before numpy loads; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from webapp import config as config_mod

if TYPE_CHECKING:  # Flask is imported by create_app, not by every `yearline` command
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults + environment, overlaid by ``config`` (a test mapping)."""
    from flask import Flask

    app = Flask(__name__, instance_path=str(config_mod.instance_path()))
    app.config.from_mapping(config_mod.from_env())
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):  # only the site signs cookies: the CLI never needs one
        app.config["SECRET_KEY"] = config_mod.instance_secret(Path(app.instance_path))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 64 * 1024

    from webapp import db, i18n, messages, params, security
    from webapp.views import api, auth, exports, site, upload

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    params.init_app(app)
    messages.init_app(app)
    for module in (site, api, auth, upload, exports):
        app.register_blueprint(module.bp)
    return app
