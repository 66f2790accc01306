"""Upload sanity: the preview shows the year the document gives and warns when it differs from
the form's; an upload that reads unlike the series' nearest years (another series entirely) is
flagged; confirming says it is working. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

import archive
from tests.webapp.conftest import DEMO, english_client, instance_app, seed_database
from tests.webapp.test_upload import SEED_CONTENT, login, post_upload

HAILAR = DEMO / "hailar-district-gwr"
NATIONAL = DEMO / "cn-national-gwr"


@pytest.fixture
def client(database_url, tmp_path):
    seed_database(database_url, tmp_path / "blobs", **SEED_CONTENT)
    app = instance_app(database_url, tmp_path)
    c = english_client(app)
    login(c)
    yield c
    app.extensions["yearline.engine"].dispose()


def _preview(client, path, year: str, series: str = "hailar-district-gwr") -> str:
    r = post_upload(client, path.read_bytes(), path.name, year=year, series=series)
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


def test_the_right_file_raises_no_warning(client) -> None:
    html = _preview(client, HAILAR / "2019.txt", "2019")
    assert 'id="year-warning"' not in html and 'id="series-warning"' not in html
    assert "Year in the text</dt><dd>2019" in html


def test_a_year_that_differs_from_the_documents_is_flagged(client) -> None:
    html = _preview(client, HAILAR / "2019.txt", "2020")
    assert 'id="year-warning"' in html
    assert "The document itself gives the year 2019, but you are uploading it as 2020" in html
    assert 'id="series-warning"' not in html  # still the Hailar series


def test_the_national_report_in_the_district_series_is_flagged(client) -> None:
    html = _preview(client, NATIONAL / "2019.txt", "2019")
    assert 'id="series-warning"' in html
    assert "looks unlike the other years of hailar-district-gwr" in html
    assert 'id="year-warning"' not in html


def test_confirming_shows_that_it_is_working(client) -> None:
    html = _preview(client, HAILAR / "2019.txt", "2019")
    assert 'class="confirm-form" data-working="Storing' in html
    assert 'id="working" aria-live="polite" hidden' in html
    assert "/static/js/upload.js" in html
    script = client.get("/static/js/upload.js")
    assert "form.dataset.working" in script.get_data(as_text=True)
    script.close()


def test_series_fit_scores_on_the_demo_documents(database_url, tmp_path) -> None:
    """The measured separation the threshold rests on: a neighbour year of the same series is
    well above it, the national report well below."""
    seed_database(
        database_url,
        tmp_path / "blobs",
        plans=[("hailar-district-gwr", 2017), ("hailar-district-gwr", 2018)],
    )
    engine = archive.make_engine(database_url)
    with archive.session_factory(engine)() as session:
        own = archive.preview_upload((HAILAR / "2019.txt").read_bytes(), filename="x.txt")
        other = archive.preview_upload((NATIONAL / "2019.txt").read_bytes(), filename="y.txt")
        fit_own = archive.series_fit(
            session, series="hailar-district-gwr", year=2019, doc=own.document
        )
        fit_other = archive.series_fit(
            session, series="hailar-district-gwr", year=2019, doc=other.document
        )
        fresh = archive.series_fit(session, series="nobody", year=2019, doc=own.document)
    engine.dispose()
    assert [y for y, _ in fit_own.nearest] == [2018, 2017]
    assert fit_own.similarity > 0.36 and not fit_own.looks_foreign
    assert fit_other.similarity < 0.27 and fit_other.looks_foreign
    assert fresh.nearest == () and not fresh.looks_foreign
