"""One SQLAlchemy session per request: opened lazily, closed at teardown; views commit once."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

import archive


def init_app(app: Flask) -> None:
    engine = archive.make_engine(app.config["DATABASE_URL"])
    app.extensions["yearline.engine"] = engine
    app.extensions["yearline.sessions"] = archive.session_factory(engine)
    app.extensions["yearline.store"] = archive.BlobStore(app.config["DATA_DIR"])
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["yearline.sessions"]()
    session: Session = g.db_session
    return session


def get_store() -> archive.BlobStore:
    store: archive.BlobStore = current_app.extensions["yearline.store"]
    return store


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()
