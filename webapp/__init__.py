"""Every face of Yearline: the Flask site, the JSON API, the CLI, charts and exports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from webapp import config as config_mod


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults + environment, overlaid by ``config`` (tests pass a mapping)."""
    app = Flask(__name__, instance_path=str(config_mod.instance_path()))
    app.config.from_mapping(config_mod.from_env())
    if config:
        app.config.from_mapping(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 64 * 1024

    from webapp import db

    db.init_app(app)
    for name in ("webapp.security", "webapp.i18n"):
        module = _optional(name)
        if module is not None:
            module.init_app(app)
    _register_blueprints(app)
    return app


def _optional(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:  # pragma: no cover - while faces are being built
        if exc.name != name:
            raise
        return None


def _register_blueprints(app: Flask) -> None:
    """Each face registers its blueprint here (site, api, auth, upload, exports)."""
    for name in (
        "webapp.views.site",
        "webapp.views.api",
        "webapp.views.auth",
        "webapp.views.upload",
        "webapp.views.exports",
    ):
        module = _optional(name)
        if module is not None:
            app.register_blueprint(module.bp)
