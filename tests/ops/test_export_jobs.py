"""Large series exports are made by jobs, not in the request (issue 11): the download answers 202
at once (a page that follows the job; JSON for ``Accept: application/json``), the job keeps the
file in the blob store's exports area, and the same URL then serves it at once. Small exports
are still made in the request, and kept. Embedded (SQLite, the web process's thread) and the team
deployment (PostgreSQL, separate ``yearline worker`` processes)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from openpyxl import load_workbook

import archive
from archive import models as m
from tests.webapp.conftest import english_client, instance_app, seed_archive, seed_database
from webapp.exports.labels import label

ROOT = Path(__file__).resolve().parents[2]
SERIES = "hailar-district-gwr"
PLANS = [(SERIES, y) for y in (2012, 2013, 2014, 2015)]
JSON = {"Accept": "application/json"}


def _rows(url: str) -> list[tuple[str, str, str]]:
    engine = archive.make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(m.ExportFile.kind, m.ExportFile.fmt, m.ExportFile.sha256))
        out = [tuple(r) for r in rows]
    engine.dispose()
    return out


def test_a_large_export_is_a_job_and_then_served_at_once(sqlite_template, tmp_path, monkeypatch):
    url, _ = seed_archive(sqlite_template, tmp_path, plans=PLANS)
    # 4 years of about 50 units each: above 100 units an export is "large"
    app = instance_app(url, tmp_path, EXPORT_INLINE_UNITS=100)
    client = english_client(app)
    page = client.get(f"/s/{SERIES}/timeline.xlsx")
    assert page.status_code == 202
    html = page.get_data(as_text=True)
    assert 'id="job-progress"' in html and "js/jobs.js" in html and 'data-follow="1"' in html
    assert f'data-done-url="/s/{SERIES}/timeline.xlsx"' in html
    status = page.headers["Location"]
    assert status.startswith("/api/v1/jobs/") and page.headers["Yearline-Job"] == status
    # an API client gets the job as JSON; asking again joins the same job
    again = client.get(f"/s/{SERIES}/timeline.xlsx", headers=JSON)
    assert again.status_code == 202
    body = again.get_json()
    assert body["status_url"] == status and body["download_url"] == f"/s/{SERIES}/timeline.xlsx"
    assert body["job_id"] == int(status.rsplit("/", 1)[1])
    zh = app.test_client().get(f"/s/{SERIES}/timeline.xlsx").get_data(as_text=True)
    assert "正在准备系列时间线" in zh and "该系列规模较大" in zh
    app.extensions["yearline.queue"].wait()  # the web process's job thread finishes
    job = client.get(status).get_json()
    assert job["task"] == "export" and job["state"] == "succeeded"
    assert job["progress"]["done"] == job["progress"]["total"] == 5  # 3 comparisons, timeline, file
    assert job["message_key"] == "export.ready" and job["args"]["kind"] == "timeline"
    assert _rows(url) and _rows(url)[0][:2] == ("timeline", "xlsx")
    # now the same URL answers with the file, from the kept copy (identical bytes twice)
    first = client.get(f"/s/{SERIES}/timeline.xlsx")
    assert first.status_code == 200
    assert first.headers["Content-Disposition"] == f'attachment; filename="{SERIES}_timeline.xlsx"'
    # in the reader's interface language (issue 14.2): this client reads English
    threads = load_workbook(io.BytesIO(first.data))[label("sheet_threads", "en")]
    assert [c.value for c in threads[1]][-4:] == ["2012", "2013", "2014", "2015"]
    second = client.get(f"/s/{SERIES}/timeline.xlsx", headers=JSON)  # cached: a file for all
    assert second.status_code == 200 and second.data == first.data
    sha = _rows(url)[0][2]
    assert (tmp_path / "blobs" / "exports" / sha[:2] / sha[2:4] / sha).is_file()
    with archive.session_factory(archive.make_engine(url))() as s:
        fixity = archive.verify_fixity(s, archive.BlobStore(tmp_path / "blobs"))
    assert fixity.ok and sha not in fixity.unreferenced  # the originals' area never sees it
    # a new year changes the series: the kept file is not served, a new job makes another
    seed_database(url, tmp_path / "blobs", plans=[(SERIES, 2016)])
    assert client.get(f"/s/{SERIES}/timeline.xlsx").status_code == 202
    app.extensions["yearline.queue"].wait()
    newer = client.get(f"/s/{SERIES}/timeline.xlsx")
    assert newer.status_code == 200 and newer.data != first.data
    # `yearline jobs` lists the export jobs, with their message keys
    monkeypatch.setenv("YEARLINE_DATABASE_URL", url)
    from webapp.cli import main

    listed = json.loads(CliRunner().invoke(main, ["jobs", "--format", "json"]).stdout)
    exports = [j for j in listed if j["task"] == "export"]
    # three: the English reader's, the Chinese reader's (each language its own file, issue 14.2)
    # and the English one after the new year
    assert len(exports) == 3 and all(j["state"] == "succeeded" for j in exports)
    assert sorted(j["args"]["filters"]["lang"] for j in exports) == ["en", "en", "zh"]
    assert exports[0]["message_params"] == {"series": SERIES, "what": "timeline", "format": "xlsx"}
    app.extensions["yearline.engine"].dispose()


def test_small_exports_are_made_in_the_request_and_kept(sqlite_template, tmp_path):
    url, _ = seed_archive(sqlite_template, tmp_path, plans=PLANS[:2])
    app = instance_app(url, tmp_path)  # the default limit: 1,000 units
    client = english_client(app)
    for path in ("timeline.json", "terms.csv?term=改革", "programmes.json", "targets.md"):
        r = client.get(f"/s/{SERIES}/{path}")
        assert r.status_code == 200, path
        assert r.headers["Content-Disposition"].startswith("attachment"), path
    kept = _rows(url)
    assert sorted(k for k, _, _ in kept) == ["programmes", "targets", "terms", "timeline"]
    terms = client.get(f"/s/{SERIES}/terms.csv?term=改革").data
    assert "改革".encode() in terms and len(_rows(url)) == 4  # served from the kept file
    other = client.get(f"/s/{SERIES}/terms.csv?term=发展").data  # another filter, another file
    assert "发展".encode() in other and len(_rows(url)) == 5
    assert client.get("/s/nope/timeline.xlsx").status_code == 404
    assert client.get("/s/nope/terms.csv", headers=JSON).status_code == 404
    app.extensions["yearline.engine"].dispose()


def _worker(url: str, tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "YEARLINE_DATABASE_URL": url,
        "YEARLINE_INSTANCE_PATH": str(tmp_path / "instance"),
        "YEARLINE_DATA_DIR": str(tmp_path / "blobs"),  # the web app's blob store
    }
    with (tmp_path / f"{name}.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "worker", "--heartbeat", "0.5"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip


@pytest.mark.postgres
@pytest.mark.slow
def test_export_jobs_run_on_separate_workers_with_postgresql(pg_queue_url, tmp_path):
    url = pg_queue_url
    seed_database(url, tmp_path / "blobs", plans=PLANS)
    app = instance_app(url, tmp_path, EXPORT_INLINE_UNITS=100)
    client = english_client(app)
    paths = [f"/s/{SERIES}/timeline.xlsx", f"/s/{SERIES}/timeline.html", f"/s/{SERIES}/terms.xlsx"]
    jobs = [client.get(p, headers=JSON) for p in paths]
    assert [r.status_code for r in jobs] == [202, 202, 202]
    assert app.extensions["yearline.queue"].distributed  # procrastinate: the web does not run it
    ids = [r.get_json()["job_id"] for r in jobs]
    assert len(set(ids)) == 3
    assert client.get(paths[0], headers=JSON).get_json()["job_id"] == ids[0]  # joined, not twice
    workers = [_worker(url, tmp_path, f"w{i}") for i in range(2)]
    try:
        deadline = time.monotonic() + 300
        while True:
            states = [client.get(f"/api/v1/jobs/{i}").get_json()["state"] for i in ids]
            if all(s == "succeeded" for s in states):
                break
            assert "failed" not in states, [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
            assert time.monotonic() < deadline, states
            time.sleep(0.3)
    finally:
        for w in workers:
            w.terminate()
            w.wait(timeout=30)
    files = [client.get(p) for p in paths]
    assert [r.status_code for r in files] == [200, 200, 200]
    assert b"Plotly" in files[1].data
    assert load_workbook(io.BytesIO(files[2].data)).sheetnames[0] == "terms"
    assert sorted((k, f) for k, f, _ in _rows(url)) == [
        ("terms", "xlsx"), ("timeline", "html"), ("timeline", "xlsx"),
    ]  # fmt: skip
    app.extensions["yearline.engine"].dispose()
