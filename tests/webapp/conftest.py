"""Web fixtures shared by the site, API and upload tests.

The demo archive is loaded once per test session into a template SQLite file (plus its blob
store), with the comparisons the pages need already computed and cached. Each test's ``app``
runs on its own copy of that template in ``tmp_path``, so a test may write freely.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import archive
from webapp import create_app

DEMO_SERIES = ("cn-national-gwr", "hailar-district-gwr", "shenzhen-social-construction")


@dataclass(frozen=True)
class DemoArchive:
    """A demo-loaded database file and blob directory (treat as read-only: copy it)."""

    db_file: Path
    data_dir: Path

    def copy_to(self, target: Path) -> tuple[str, Path]:
        """Copy the archive into ``target``; return (database URL, blob directory)."""
        target.mkdir(parents=True, exist_ok=True)
        db_file = target / "yearline.sqlite3"
        shutil.copyfile(self.db_file, db_file)
        data_dir = target / "blobs"
        shutil.copytree(self.data_dir, data_dir)
        return f"sqlite:///{db_file}", data_dir


def app_config(database_url: str, data_dir: Path, **extra: Any) -> dict[str, Any]:
    """The test configuration mapping for ``create_app``."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": True,
        **extra,
    }


def build_demo_archive(root: Path, *, warm: bool = True) -> DemoArchive:
    """Create a SQLite archive under ``root`` with the bundled demo loaded.

    ``warm`` computes (and caches in the file) each series' consecutive comparisons, so that
    timelines, compare and thread pages are faster in every copy.
    """
    root.mkdir(parents=True, exist_ok=True)
    db_file = root / "template.sqlite3"
    data_dir = root / "blobs"
    url = f"sqlite:///{db_file}"
    archive.upgrade_database(url)
    app = create_app(app_config(url, data_dir))
    with app.app_context():
        from webapp.db import get_session, get_store

        session = get_session()
        archive.load_demo(session, get_store())
        session.commit()
        if warm:
            for info in archive.list_series(session):
                years = sorted(y.year for y in info.years)
                for a, b in itertools.pairwise(years):
                    archive.get_comparison(session, series=info.slug, year_a=a, year_b=b)
            session.commit()
    app.extensions["yearline.engine"].dispose()  # closes WAL connections: the file is complete
    return DemoArchive(db_file=db_file, data_dir=data_dir)


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return build_demo_archive(tmp_path_factory.mktemp("demo-archive"))


@pytest.fixture
def app(demo_archive: DemoArchive, tmp_path: Path) -> Iterator[Flask]:
    """A fresh app on a private copy of the demo archive."""
    url, data_dir = demo_archive.copy_to(tmp_path / "instance")
    application = create_app(app_config(url, data_dir))
    yield application
    application.extensions["yearline.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def site_app(
    demo_archive: DemoArchive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """One app for the whole session, for tests that only read: the site's in-process memo
    (documents, timelines) is built once. Tests that write use ``app``."""
    url, data_dir = demo_archive.copy_to(tmp_path_factory.mktemp("site-app"))
    application = create_app(app_config(url, data_dir))
    yield application
    application.extensions["yearline.engine"].dispose()


@pytest.fixture
def site_client(site_app: Flask) -> FlaskClient:
    return site_app.test_client()
