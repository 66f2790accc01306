"""Web fixtures shared by the site, API and upload tests.

The demo archive is loaded once per test session (``demo_archive``, in tests/conftest.py, shared
with the browser and export tests) into a template SQLite file (plus its blob store), with the
comparisons the pages need already computed and cached. Each test's ``app``
runs on its own copy of that template in ``tmp_path``, so a test may write freely.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import archive
from webapp import create_app

DEMO_SERIES = ("cn-national-gwr", "hailar-district-gwr", "shenzhen-social-construction")
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "archive" / "demo"
SEED = DEMO / "shenzhen-social-construction" / "2014.txt"
PASSWORD = "correct-horse-battery"
SYNTHETIC_SERIES = "synthetic-seed"
HOSTILE = "<script>alert('yearline')</script>"


def synthetic_seed_variant() -> str:
    """The seed plan edited the way a next year's plan is: item 2 dropped, a new item added
    (whose text carries a ``<script>`` tag that must show as text), item 1's primary lead
    changed, item 3 reworded. Synthetic: for tests only."""
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("2.推进基本公共服务均等化"):
            continue
        if stripped.startswith("1.统筹推进社会事业改革创新"):
            line = line.replace(
                "〔牵头落实单位:市委政研室(改革办)、市社工委",
                "〔牵头落实单位:市社工委、市委政研室(改革办)",
            )
        if stripped.startswith("3.创新基本公共服务供给方式"):
            line = line.replace("优化财政支出结构", "持续优化财政支出结构,试点政府购买服务清单")
            line += (
                "\n\n  4.开展合成测试事项。"
                + HOSTILE
                + "用于检查转义的全新工作。(牵头落实单位:市合成测试局)"
            )
        out.append(line)
    return "\n".join(out).replace("2014年全市社会建设工作要点", "2015年全市社会建设工作要点")


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
        # the export tests read the files: every series export is made in the request, however
        # large (tests/ops/test_export_jobs.py tests the large ones' jobs)
        "EXPORT_INLINE_UNITS": 10**9,
        **extra,
    }


def instance_app(url: str, root: Path, **config: Any) -> Flask:
    """``create_app`` on ``url`` with the blobs in ``root/blobs`` and the instance folder (secret
    key, pending uploads) in ``root/instance``, so nothing is written outside the test's dir."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("YEARLINE_INSTANCE_PATH", str(root / "instance"))
        return create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",
                "DATABASE_URL": url,
                "DATA_DIR": str(root / "blobs"),
                **config,
            }
        )


def seed_database(
    url: str,
    blobs: Path,
    *,
    plans: Iterable[tuple[str, int]] = (),
    users: Iterable[tuple[str, str]] = (),
    titles: dict[str, str] | None = None,
    tokens: bool = False,
) -> dict[str, str]:
    """Put the demo ``plans`` (slug, year) and ``users`` (name, role; password ``PASSWORD``) into
    the migrated database at ``url`` (any backend), blobs in ``blobs``. ``titles`` names series
    before their import; ``tokens`` gives every user an API token (a viewer's
    as if minted while an editor: viewers cannot mint). Returns the tokens by name."""
    made: dict[str, str] = {}
    engine = archive.make_engine(url)
    with archive.session_factory(engine)() as session:
        for slug, title in (titles or {}).items():
            archive.ensure_series(session, slug=slug, title=title, language="zh")
        store = archive.BlobStore(blobs)
        for slug, year in plans:
            data = (DEMO / slug / f"{year}.txt").read_bytes()
            archive.import_version(
                session, store, series=slug, year=year, data=data, filename=f"{year}.txt"
            )
        for name, role in users:
            user = archive.create_user(session, name=name, password=PASSWORD, role=role)
            if tokens:  # only editors mint tokens: a viewer's is one minted before a demotion
                user.role = "editor" if role == "viewer" else role
                made[name] = archive.create_api_token(session, user=user)
                user.role = role
        session.commit()
    engine.dispose()
    return made


def seed_archive(template: Path, root: Path, **seed: Any) -> tuple[str, dict[str, str]]:
    """A copy of the migrated SQLite ``template`` in ``root/yearline.sqlite3`` (blobs in
    ``root/blobs``) filled by :func:`seed_database`; returns its URL and the tokens by name."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, root / "yearline.sqlite3")
    url = f"sqlite:///{root / 'yearline.sqlite3'}"
    return url, seed_database(url, root / "blobs", **seed)


def english_client(app: Flask) -> FlaskClient:
    """A test client whose browser asks for English (the interface default is Chinese)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def build_demo_archive(root: Path) -> DemoArchive:
    """Create a SQLite archive under ``root`` with the bundled demo loaded and its caches warmed
    (each series' consecutive comparisons and timeline), as ``yearline demo`` leaves it."""
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
        for info in archive.list_series(session):
            archive.get_timeline(session, series=info.slug)
            session.commit()
    app.extensions["yearline.engine"].dispose()  # closes WAL connections: the file is complete
    return DemoArchive(db_file=db_file, data_dir=data_dir)


def import_synthetic_series(session: Any, store: Any) -> None:
    """Add the series ``synthetic-seed``: the seed as 2014 and :func:`synthetic_seed_variant`
    as 2015 (the demo's own series stay untouched)."""
    archive.ensure_series(session, slug=SYNTHETIC_SERIES, title="合成测试系列 (synthetic)",
                          issuer="合成测试机关", language="zh")  # fmt: skip
    archive.import_version(session, store, series=SYNTHETIC_SERIES, year=2014,
                           data=SEED.read_bytes(), filename="synthetic-2014.txt")  # fmt: skip
    archive.import_version(session, store, series=SYNTHETIC_SERIES, year=2015,
                           data=synthetic_seed_variant().encode("utf-8"),
                           filename="synthetic-2015.txt", note="synthetic variant")  # fmt: skip
    session.commit()


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
    (documents, timelines) is built once. Holds the demo plus the ``synthetic-seed`` series.
    Tests that write use ``app``."""
    url, data_dir = demo_archive.copy_to(tmp_path_factory.mktemp("site-app"))
    application = create_app(app_config(url, data_dir))
    with application.app_context():
        from webapp.db import get_session, get_store

        import_synthetic_series(get_session(), get_store())
    yield application
    application.extensions["yearline.engine"].dispose()


@pytest.fixture
def site_client(site_app: Flask) -> FlaskClient:
    return site_app.test_client()
