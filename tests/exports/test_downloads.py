"""Site downloads: /s/<series>/compare/<a>..<b>.<fmt> and /s/<series>/timeline.<fmt>."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

import archive
from tests.exports.readers import HtmlDoc, entries_from_json, read_csv
from tests.webapp.conftest import DemoArchive, app_config
from webapp import create_app
from webapp.db import get_session
from webapp.exports.labels import label
from webapp.views.exports import content_disposition

SERIES = "hailar-district-gwr"


@pytest.fixture(scope="module")
def app(demo_archive: DemoArchive, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url, data_dir = demo_archive.copy_to(tmp_path_factory.mktemp("exports-instance"))
    application = create_app(app_config(url, data_dir))
    yield application
    application.extensions["yearline.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _filename(response) -> str:
    value = response.headers["Content-Disposition"]
    assert value.startswith("attachment;")
    if "filename*=UTF-8''" in value:
        return unquote(value.split("filename*=UTF-8''", 1)[1])
    return value.split('filename="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("md", "text/markdown"),
        ("html", "text/html"),
    ],
)
def test_compare_download(client: FlaskClient, fmt: str, content_type: str) -> None:
    r = client.get(f"/s/{SERIES}/compare/2018..2019.{fmt}")
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert r.mimetype == content_type
    assert _filename(r) == f"{SERIES}_2018-2019_changes.{fmt}"
    assert r.data


def test_downloads_carry_the_same_entries(client: FlaskClient, app: Flask) -> None:
    data = client.get(f"/s/{SERIES}/compare/2018..2019.json").get_json()
    entries = entries_from_json(data)
    assert entries  # else every count below compares 0 with 0
    assert data["a"]["series"] == SERIES and len(data["a"]["sha256"]) == 64
    rows = read_csv(client.get(f"/s/{SERIES}/compare/2018..2019.csv").data)
    assert len(rows) - 1 == len(entries)
    assert data["b"]["sha256"] in rows[1]
    wb = load_workbook(io.BytesIO(client.get(f"/s/{SERIES}/compare/2018..2019.xlsx").data))
    assert wb[label("sheet_changes", "zh")].max_row - 1 == len(entries)
    summary = wb[label("sheet_summary", "zh")]
    summary_text = [str(v) for row in summary.iter_rows(values_only=True) for v in row]
    with app.app_context():
        title = archive.get_series(get_session(), SERIES).title
    assert any(title in v for v in summary_text)
    html = HtmlDoc(client.get(f"/s/{SERIES}/compare/2018..2019.html").get_data(as_text=True))
    assert html.register_rows == entries


def test_downloads_are_audited(client: FlaskClient, app: Flask) -> None:
    client.get(f"/s/{SERIES}/compare/2017..2019.md")
    with app.app_context():
        events = archive.list_audit(get_session(), limit=5)
        latest = events[0]
        assert latest.action == "export"
        assert latest.target == f"{SERIES}/2017..2019.md"
        assert latest.detail["format"] == "md"


def test_version_query_args(client: FlaskClient) -> None:
    r = client.get(f"/s/{SERIES}/compare/2018..2019.json?va=1&vb=1")
    assert r.status_code == 200
    assert r.get_json()["a"]["version"] == 1
    assert _filename(r) == f"{SERIES}_2018v1-2019v1_changes.json"
    assert client.get(f"/s/{SERIES}/compare/2018..2019.json?va=99").status_code == 404
    assert client.get(f"/s/{SERIES}/compare/2018..2019.json?va=x").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/s/no-such-series/compare/2018..2019.docx",
        f"/s/{SERIES}/compare/1990..2019.docx",
        f"/s/{SERIES}/compare/2018..2019.pdf",
        "/s/no-such-series/timeline.xlsx",
        f"/s/{SERIES}/timeline.docx",
    ],
)
def test_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xlsx", "html"])
def test_timeline_download(client: FlaskClient, fmt: str) -> None:
    r = client.get(f"/s/{SERIES}/timeline.{fmt}")
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert _filename(r) == f"{SERIES}_timeline.{fmt}"
    if fmt == "json":
        data = json.loads(r.data)
        assert data["years"] == list(range(2012, 2020)) and data["threads"]
    elif fmt == "xlsx":
        wb = load_workbook(io.BytesIO(r.data))
        ws = wb[label("sheet_threads", "zh")]
        header = [c.value for c in ws[1]]
        assert header[-8:] == [str(y) for y in range(2012, 2020)]
        assert ws.max_row > 1
        summary = wb[label("sheet_summary", "zh")]
        texts = [str(v) for row in summary.iter_rows(values_only=True) for v in row if v]
        assert any(len(t) == 64 and all(c in "0123456789abcdef" for c in t) for t in texts)
    else:
        doc = HtmlDoc(r.get_data(as_text=True))
        assert any("Plotly" in body for _, body in doc.scripts)


def test_content_disposition_non_ascii() -> None:
    value = content_disposition("深圳_2014-2015_changes.docx")
    assert value.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E6%B7%B1%E5%9C%B3_2014-2015_changes.docx" in value
    assert content_disposition("a_1-2_changes.csv") == 'attachment; filename="a_1-2_changes.csv"'


def test_download_urls_written_by_the_site_resolve(app: Flask) -> None:
    with app.test_request_context():
        from flask import url_for

        url = url_for("exports.comparison", series=SERIES, a=2018, b=2019, fmt="docx")
        assert url == f"/s/{SERIES}/compare/2018..2019.docx"
        assert url_for("exports.timeline", series=SERIES, fmt="xlsx") == (
            f"/s/{SERIES}/timeline.xlsx"
        )


def test_anonymous_read_off_requires_sign_in(tmp_path: Path, app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    private = create_app(app_config(url, Path(app.config["DATA_DIR"]), ANONYMOUS_READ=False))
    try:
        r = private.test_client().get(f"/s/{SERIES}/compare/2018..2019.csv")
        assert r.status_code in (302, 401)
    finally:
        private.extensions["yearline.engine"].dispose()


def test_filtered_downloads_hold_only_the_filtered_rows_and_say_so(client: FlaskClient) -> None:
    """``.csv?kind=new`` (the compare page's own filter words) holds only the new rows, says so in
    its provenance, and every other format filters the same way (issue 8)."""
    base = f"/s/{SERIES}/compare/2018..2019"
    full = client.get(f"{base}.json").get_json()
    n_new, n_dropped = len(full["new"]), len(full["dropped"])
    assert n_new and n_dropped and full["matches"]  # else the filter could not be seen to act
    data = client.get(f"{base}.json?kind=new").get_json()
    assert data["matches"] == [] and data["dropped"] == [] and data["new"] == full["new"]
    assert data["filter"]["kind"] == ["new"] and data["filter"]["entries"] == n_new
    assert data["summary"] == full["summary"]  # the summary still counts the whole comparison
    rows = read_csv(client.get(f"{base}.csv?kind=new").data)
    header, body = rows[0], rows[1:]
    assert len(body) == n_new
    col = header.index("筛选")  # the Hailar report is Chinese, so is its CSV
    assert all("新增" in r[col] for r in body)
    both = client.get(f"{base}.json?kind=new&kind=dropped").get_json()
    assert both["new"] == full["new"] and both["dropped"] == full["dropped"]
    wb = load_workbook(io.BytesIO(client.get(f"{base}.xlsx?kind=dropped").data))
    changes = wb.worksheets[1]
    assert changes.max_row - 1 == n_dropped
    summary_text = " ".join(
        str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v
    )
    assert "筛选" in summary_text and "删除" in summary_text
    md = client.get(f"{base}.md?kind=new").get_data(as_text=True)
    assert "筛选" in md
    html = HtmlDoc(client.get(f"{base}.html?kind=new").get_data(as_text=True))
    assert [k for k, _, _ in html.register_rows] == ["new"] * n_new


def test_filtered_download_by_agency(seed_comparison) -> None:
    """``?agency=`` keeps the entries whose units (either year) name that lead agency; the seed
    plan against its edited copy has lead agencies on every item."""
    from webapp import exports
    from webapp.exports.rows import ViewFilter

    comp = seed_comparison
    leads = {u.key: u.lead_units for d in (comp.doc_a, comp.doc_b) for u in d.units}
    name = comp.doc_a.units[-1].lead_units[0] if comp.doc_a.units[-1].lead_units else None
    name = name or next(n for ls in leads.values() for n in ls)
    data = json.loads(exports.render_comparison(comp, "json", view=ViewFilter(agency=name)))
    assert data["filter"]["agency"] == name
    kept = data["matches"]
    assert kept and len(kept) < len(comp.matches)
    for m in kept:
        assert name in [n for k in (*m["a"], *m["b"]) for n in leads[k]]
    md = exports.render_comparison(comp, "md", view=ViewFilter(agency=name)).decode()
    # the provenance block (after the title and the executive summary every export opens with)
    provenance = next(b for b in md.split("\n## ") if b.startswith("来源与核验"))
    assert "筛选" in provenance and name in provenance


def test_filtered_download_refuses_unknown_kinds(client: FlaskClient) -> None:
    r = client.get(f"/s/{SERIES}/compare/2018..2019.csv?kind=bogus")
    assert r.status_code == 400


def test_compare_page_export_links_carry_its_filters(client: FlaskClient) -> None:
    page = client.get(f"/s/{SERIES}/compare/2018..2019?kind=new").get_data(as_text=True)
    assert f"/s/{SERIES}/compare/2018..2019.csv?kind=new" in page
