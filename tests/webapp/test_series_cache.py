"""What a series page derives from the texts (targets, term changes, promises) is kept in the
database by the warm job (archive.derived, table ``series_cache``), so a new process's first view
of the page reads it instead of computing it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
import archive.history
import archive.targets
from archive import jobs
from archive import models as m
from webapp import create_app

from .conftest import DEMO, app_config, seed_archive

SERIES = "hailar-district-gwr"
YEARS = (2016, 2017, 2018, 2019)


class Spy:
    """Counts the calls of the functions that compute what the cache holds."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: dict[str, int] = {}
        for module, name in ((archive.targets, "compute_series_targets"),
                             (archive.history, "compute_term_history"),
                             (archive.history, "carried_over")):  # fmt: skip
            real = getattr(module, name)

            def spy(*a, _real=real, _name=name, **kw):  # type: ignore[no-untyped-def]
                self.calls[_name] = self.calls.get(_name, 0) + 1
                return _real(*a, **kw)

            monkeypatch.setattr(module, name, spy)


def _new_process() -> None:
    """What a new process starts with: no in-process memo of the archive's derived results (the
    site's own memos belong to each app, and each test below makes a new one)."""
    archive.targets._MEMO.clear()
    archive.history._memo.clear()


def _view(url: str, blobs: Path, *paths: str) -> list[str]:
    _new_process()
    app = create_app(app_config(url, blobs))
    try:
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        out = []
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200, path
            out.append(r.get_data(as_text=True))
        return out
    finally:
        app.extensions["yearline.engine"].dispose()


def _rows(url: str) -> list[tuple[str, str]]:
    engine = archive.make_engine(url)
    try:
        with engine.connect() as conn:
            return sorted((k, v) for k, v in conn.execute(
                sa.select(m.SeriesCache.kind, m.SeriesCache.versions_key)))  # fmt: skip
    finally:
        engine.dispose()


@pytest.fixture
def warmed(sqlite_template, tmp_path: Path) -> tuple[str, Path]:
    url, _ = seed_archive(sqlite_template, tmp_path, plans=[(SERIES, y) for y in YEARS])
    engine = archive.make_engine(url)
    try:
        jobs.warm_series(archive.session_factory(engine), SERIES)
    finally:
        engine.dispose()
    return url, tmp_path / "blobs"


def test_warm_keeps_what_the_series_page_derives(warmed) -> None:
    url, _ = warmed
    assert {k for k, _ in _rows(url)} == {"targets", "terms", "promises"}
    assert len({v for _, v in _rows(url)}) == 1  # one set of versions: every year's current one


def test_a_new_process_serves_the_warmed_pages_computing_nothing(
    warmed, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, blobs = warmed
    pages = (f"/s/{SERIES}", f"/s/{SERIES}/thread/t-2016-p1", f"/s/{SERIES}/terms.json")
    spy = Spy(monkeypatch)
    kept = _view(url, blobs, *pages)
    assert spy.calls == {}, "the first views read the warmed rows"
    assert '"changes"' in kept[2]
    # the same pages computed from the texts, with the rows gone, are the same pages
    engine = archive.make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.delete(m.SeriesCache))
    engine.dispose()
    computed = _view(url, blobs, *pages)
    assert set(spy.calls) == {"compute_series_targets", "compute_term_history", "carried_over"}
    assert computed == kept
    # ... and computing them stored them again
    assert {k for k, _ in _rows(url)} == {"targets", "terms", "promises"}


def test_a_new_version_is_never_served_the_old_rows(
    warmed, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, blobs = warmed
    (old_key,) = {v for _, v in _rows(url)}
    text = (DEMO / SERIES / "2019.txt").read_text(encoding="utf-8")
    engine = archive.make_engine(url)
    with archive.session_factory(engine)() as session:
        archive.import_version(session, archive.BlobStore(blobs), series=SERIES, year=2019,
                               data=(text + "\n新增一项合成测试工作。\n").encode(),
                               filename="2019-synthetic-v2.txt")  # fmt: skip
        session.commit()
    engine.dispose()
    spy = Spy(monkeypatch)
    _view(url, blobs, f"/s/{SERIES}")
    assert spy.calls.get("compute_series_targets") == 1
    assert spy.calls.get("compute_term_history") == 1
    keys = {v for _, v in _rows(url)}
    assert len(keys) == 2 and old_key in keys  # the new set's rows beside the old set's


def test_rows_of_other_code_are_not_read(warmed, monkeypatch: pytest.MonkeyPatch) -> None:
    url, blobs = warmed
    engine = archive.make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.update(m.SeriesCache).values(code="an-older-release"))
    engine.dispose()
    spy = Spy(monkeypatch)
    _view(url, blobs, f"/s/{SERIES}")
    assert spy.calls.get("compute_series_targets") == 1
    assert spy.calls.get("compute_term_history") == 1
