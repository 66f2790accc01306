"""The upload pages: choose or create a series, preview the parse, confirm (version N+1) or cancel
(nothing stored); rejections say what was wrong and leave the archive exactly as it was."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from tests.webapp.conftest import (
    DEMO,
    PASSWORD,
    english_client,
    instance_app,
    seed_archive,
    seed_database,
)
from webapp.views import upload as upload_view

SEED = DEMO / "shenzhen-social-construction" / "2014.txt"
HAILAR_2018 = DEMO / "hailar-district-gwr" / "2018.txt"
SEED_CONTENT = {
    "plans": [("hailar-district-gwr", 2018)],
    "users": [("ed", "editor"), ("vi", "viewer"), ("ed2", "editor")],
    "titles": {"hailar-district-gwr": "海拉尔区政府工作报告"},
}
TABLES = ("series", "plans", "plan_versions", "units", "unit_agencies", "agencies")


@pytest.fixture(scope="module")
def template(sqlite_template, tmp_path_factory):
    """Hailar 2018 archived, editors ed and ed2, viewer vi: built once, copied per test."""
    base = tmp_path_factory.mktemp("upload-template")
    seed_archive(sqlite_template, base, **SEED_CONTENT)
    return base


class Env:
    def __init__(self, base: Path, tmp_path: Path, **config) -> None:
        self.root = tmp_path
        shutil.copyfile(base / "yearline.sqlite3", tmp_path / "yearline.sqlite3")
        shutil.copytree(base / "blobs", tmp_path / "blobs")
        self.url = f"sqlite:///{tmp_path / 'yearline.sqlite3'}"
        self.app = instance_app(self.url, tmp_path, **config)
        self.client = english_client(self.app)

    def state(self) -> dict[str, object]:
        return archive_state(self.url, self.root / "blobs")

    def pending(self) -> list[str]:
        """Files of uploads waiting for confirm (``.done`` markers hold no upload data)."""
        folder = Path(self.app.instance_path) / upload_view.PENDING_DIR
        return sorted(p.name for p in folder.glob("*") if p.suffix in (".bin", ".json"))


def archive_state(url: str, blobs: Path) -> dict[str, object]:
    """Row counts of the archive's tables plus the blob files: equal means nothing was stored."""
    engine = archive.make_engine(url)
    with engine.connect() as conn:
        counts = {
            t: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(t))) for t in TABLES
        }
    engine.dispose()
    files = sorted(str(p.relative_to(blobs)) for p in blobs.rglob("*") if p.is_file())
    return {**counts, "blobs": files}


@pytest.fixture
def env(template, tmp_path):
    return Env(template, tmp_path)


def csrf(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, name: str = "ed") -> None:
    r = client.post("/login", data={"csrf_token": csrf(client), "name": name, "password": PASSWORD})
    assert r.status_code == 302


def post_upload(client, data: bytes, filename: str = "plan.txt", **fields):
    form = {
        "csrf_token": csrf(client, "/upload"),
        "series": "hailar-district-gwr",
        "year": "2018",
        "file": (io.BytesIO(data), filename),
        **fields,
    }
    return client.post("/upload", data=form, content_type="multipart/form-data")


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def confirm(client, html: str, action: str = "confirm"):
    data = {"csrf_token": hidden(html, "csrf_token"), "token": hidden(html, "token")}
    return client.post(f"/upload/{action}", data=data)


NEW_SERIES = {
    "series": "__new__",
    "new_slug": "shenzhen-social-construction",
    "new_title": "深圳市社会建设工作要点",
    "new_issuer": "中共深圳市委办公厅 深圳市人民政府办公厅",
    "new_language": "zh",
    "year": "2014",
}


# --------------------------------------------------------------------------- the form


def test_form_lists_series_and_offers_a_new_one(env):
    login(env.client)
    r = env.client.get("/upload")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'value="hailar-district-gwr"' in html and "海拉尔区政府工作报告" in html
    assert 'value="__new__"' in html
    assert 'name="csrf_token"' in html


def test_form_preselects_series_from_the_query(env):
    login(env.client)
    html = env.client.get("/upload?series=hailar-district-gwr&year=2019").get_data(as_text=True)
    assert 'value="hailar-district-gwr" selected' in html
    assert 'value="2019"' in html


# --------------------------------------------------------------------------- preview


def test_preview_shows_structure_and_stores_nothing(env):
    login(env.client)
    before = env.state()
    r = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'id="item-count">22<' in html  # the seed's 22 items
    assert "2014年全市社会建设工作要点" in html  # title found
    assert "Plain text" in html and "utf-8" in html  # detected type and encoding
    assert "removed 16 header lines" in html  # a warning, in words
    assert "市社工委" in html and '<td class="num">15</td>' in html  # lead agency and its count
    assert "完善基本公共服务体系" in html  # a section in the outline
    assert "creates the new series shenzhen-social-construction" in html
    assert env.state() == before
    assert len(env.pending()) == 2  # the file and its description, outside the archive


def test_preview_escapes_plan_text(env):
    login(env.client)
    text = "一、总体要求<script>alert(1)</script>\n\n1.推进改革<b>。加强领导。\n"
    r = post_upload(env.client, text.encode(), "x.txt", year="2019")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_preview_reports_a_gb18030_file(env):
    login(env.client)
    data = SEED.read_text(encoding="utf-8").encode("gb18030")
    html = post_upload(env.client, data, "gbk.txt", **NEW_SERIES).get_data(as_text=True)
    assert "gb18030" in html.lower()
    assert 'id="item-count">22<' in html


# --------------------------------------------------------------------------- confirm / cancel


def assert_plan_with_job(response, path: str) -> None:
    """Confirm lands on the plan page, following the queued job of its comparisons (issue 11:
    the redirect gained ``?job=<id>``; the page is the same)."""
    location = response.headers["Location"]
    got_path, _, query = location.partition("?")
    assert got_path == path
    assert query.startswith("job=") and query[4:].isdigit(), location


def test_confirm_creates_the_new_series_and_version(env):
    login(env.client)
    before = env.state()
    preview = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES)
    r = confirm(env.client, preview.get_data(as_text=True))
    assert r.status_code == 302
    assert_plan_with_job(r, "/s/shenzhen-social-construction/2014")
    after = env.state()
    assert after["series"] == before["series"] + 1
    assert after["plan_versions"] == before["plan_versions"] + 1
    assert after["units"] == before["units"] + 29
    assert len(after["blobs"]) == len(before["blobs"]) + 1
    assert env.pending() == []
    with env.app.app_context():
        from webapp.db import get_session

        info = archive.get_series(get_session(), "shenzhen-social-construction")
        plan = archive.get_plan(get_session(), series="shenzhen-social-construction", year=2014)
    assert info.title == NEW_SERIES["new_title"] and info.issuer == NEW_SERIES["new_issuer"]
    assert plan.versions[0].uploaded_by == "ed" and plan.versions[0].filename == "seed.txt"
    page = env.client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Stored shenzhen-social-construction 2014 as version 1." in page


def test_a_second_click_on_confirm_lands_on_the_plan_and_stores_nothing_more(env):
    login(env.client)
    html = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES).get_data(
        as_text=True
    )
    first = confirm(env.client, html)
    after_first = env.state()
    second = confirm(env.client, html)
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert env.state() == after_first
    assert "already stored" in env.client.get(second.headers["Location"]).get_data(as_text=True)


def test_confirm_on_an_archived_year_makes_version_two(env):
    login(env.client)
    data = HAILAR_2018.read_bytes().replace("。".encode(), "；".encode(), 1)
    preview = post_upload(env.client, data, "2018-fixed.txt", note="corrected scan")
    html = preview.get_data(as_text=True)
    assert "as version 2 of hailar-district-gwr 2018" in html
    before = env.state()
    r = confirm(env.client, html)
    assert_plan_with_job(r, "/s/hailar-district-gwr/2018")
    assert env.state()["plan_versions"] == before["plan_versions"] + 1
    with env.app.app_context():
        from webapp.db import get_session

        plan = archive.get_plan(get_session(), series="hailar-district-gwr", year=2018)
    assert plan.version == 2 and [v.number for v in plan.versions] == [1, 2]
    assert plan.versions[1].note == "corrected scan"


def test_identical_bytes_say_so_and_store_nothing(env):
    login(env.client)
    preview = post_upload(env.client, HAILAR_2018.read_bytes(), "again.txt")
    html = preview.get_data(as_text=True)
    assert "identical to version 1 of hailar-district-gwr 2018" in html
    before = env.state()
    r = confirm(env.client, html)
    assert r.status_code == 302
    assert env.state() == before
    page = env.client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Nothing new stored" in page


def test_cancel_stores_nothing_and_forgets_the_file(env):
    login(env.client)
    before = env.state()
    preview = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES)
    assert len(env.pending()) == 2
    r = confirm(env.client, preview.get_data(as_text=True), "cancel")
    assert r.status_code == 302 and r.headers["Location"] == "/upload"
    assert env.state() == before
    assert env.pending() == []
    assert "nothing was stored" in env.client.get("/upload").get_data(as_text=True)
    # Confirming after a cancel stores nothing either.
    r = confirm(env.client, preview.get_data(as_text=True))
    assert env.state() == before


def test_another_editor_cannot_confirm_my_upload(env):
    login(env.client)
    html = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES).get_data(
        as_text=True
    )
    other = english_client(env.app)
    login(other, "ed2")
    before = env.state()
    data = {"csrf_token": csrf(other, "/upload"), "token": hidden(html, "token")}
    r = other.post("/upload/confirm", data=data)
    assert r.status_code == 302 and r.headers["Location"] == "/upload"
    assert env.state() == before


def test_a_tampered_pending_file_is_refused(env):
    login(env.client)
    html = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES).get_data(
        as_text=True
    )
    token = hidden(html, "token")
    folder = Path(env.app.instance_path) / upload_view.PENDING_DIR
    (folder / f"{token}.bin").write_bytes("一、别的内容\n\n1.换掉了。\n".encode())
    before = env.state()
    r = confirm(env.client, html)
    assert r.headers["Location"] == "/upload"
    assert env.state() == before
    assert "expired or was already handled" in env.client.get("/upload").get_data(as_text=True)


def test_expired_pending_uploads_are_swept(env):
    login(env.client)
    html = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES).get_data(
        as_text=True
    )
    folder = Path(env.app.instance_path) / upload_view.PENDING_DIR
    old = time.time() - upload_view.PENDING_TTL - 60
    for path in folder.glob("*"):
        os.utime(path, (old, old))
    assert env.client.get("/upload").status_code == 200
    assert env.pending() == []
    before = env.state()
    confirm(env.client, html)
    assert env.state() == before


def test_a_preview_older_than_the_limit_cannot_be_confirmed(env):
    login(env.client)
    html = post_upload(env.client, SEED.read_bytes(), "seed.txt", **NEW_SERIES).get_data(
        as_text=True
    )
    meta_file = (
        Path(env.app.instance_path) / upload_view.PENDING_DIR / f"{hidden(html, 'token')}.json"
    )
    meta = json.loads(meta_file.read_text())
    meta["created"] -= upload_view.PENDING_TTL + 1
    meta_file.write_text(json.dumps(meta))
    before = env.state()
    assert confirm(env.client, html).headers["Location"] == "/upload"
    assert env.state() == before


def test_a_malformed_token_is_refused(env):
    login(env.client)
    data = {"csrf_token": csrf(env.client, "/upload"), "token": "../../yearline.sqlite3"}
    r = env.client.post("/upload/confirm", data=data)
    assert r.status_code == 302
    assert (env.root / "yearline.sqlite3").exists()
    assert env.client.post("/upload/cancel", data=data).status_code == 400
    assert (env.root / "yearline.sqlite3").exists()


# --------------------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 64, "binary or undecodable"),
        (b"=== --- ***\n\n1234 5678\n", "no text structure found"),
        (b"PK\x03\x04" + bytes(200), "damaged ZIP archive"),
    ],
    ids=["empty", "binary", "no-structure", "zip"],
)
def test_rejected_files_say_why_and_change_nothing(env, data, words):
    login(env.client)
    before = env.state()
    r = post_upload(env.client, data, "bad.txt")
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert words in html
    assert "Nothing was stored." in html
    assert "Traceback" not in html
    assert env.state() == before
    assert env.pending() == []


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"year": ""}, "four digits"),
        ({"year": "20x8"}, "four digits"),
        ({"series": ""}, "Choose a series"),
        ({"series": "no-such-series"}, "There is no series named no-such-series"),
        ({**NEW_SERIES, "new_slug": "Bad Slug"}, "lowercase letters"),
        ({**NEW_SERIES, "new_slug": "hailar-district-gwr"}, "already exists"),
        ({**NEW_SERIES, "new_title": ""}, "needs a title"),
    ],
)
def test_form_mistakes_are_explained(env, fields, words):
    login(env.client)
    before = env.state()
    r = post_upload(env.client, SEED.read_bytes(), "seed.txt", **fields)
    assert r.status_code == 400
    assert words in r.get_data(as_text=True)
    assert env.state() == before
    assert env.pending() == []


def test_missing_file_is_explained(env):
    login(env.client)
    form = {
        "csrf_token": csrf(env.client, "/upload"),
        "series": "hailar-district-gwr",
        "year": "2019",
    }
    r = env.client.post("/upload", data=form, content_type="multipart/form-data")
    assert r.status_code == 400
    assert "Choose the file to upload." in r.get_data(as_text=True)


@pytest.mark.parametrize("size", [12_000, 200_000], ids=["over-upload-limit", "over-request-limit"])
def test_too_large_files_get_413_and_change_nothing(template, tmp_path, size):
    env = Env(template, tmp_path, MAX_UPLOAD_BYTES=10_000)
    login(env.client)
    before = env.state()
    r = post_upload(env.client, (HAILAR_2018.read_bytes() * 6)[:size], "big.txt")
    assert r.status_code == 413
    html = r.get_data(as_text=True)
    assert "The file is too large: the limit is 9.8 KB." in html
    assert env.state() == before
    assert env.pending() == []


def test_viewer_cannot_upload(env):
    login(env.client, "vi")
    before = env.state()
    form = {"csrf_token": csrf(env.client), "series": "hailar-district-gwr", "year": "2019"}
    form["file"] = (io.BytesIO(SEED.read_bytes()), "seed.txt")
    r = env.client.post("/upload", data=form, content_type="multipart/form-data")
    assert r.status_code == 403
    assert env.state() == before
    assert env.pending() == []


def test_upload_and_confirm_on_each_database(database_url, tmp_path):
    """The whole flow on SQLite and on the suite's PostgreSQL cluster."""
    blobs = tmp_path / "blobs"
    seed_database(database_url, blobs, **SEED_CONTENT)
    app = instance_app(database_url, tmp_path)
    client = english_client(app)
    login(client)
    before = archive_state(database_url, blobs)
    html = post_upload(client, SEED.read_bytes(), "seed.txt", **NEW_SERIES).get_data(as_text=True)
    assert archive_state(database_url, blobs) == before
    r = confirm(client, html)
    path, _, query = r.headers["Location"].partition("?")
    assert path == "/s/shenzhen-social-construction/2014"
    assert query in {"", *(f"job={i}" for i in range(1, 10))}
    after = archive_state(database_url, blobs)
    assert after["plan_versions"] == before["plan_versions"] + 1
    assert after["units"] == before["units"] + 29
    with app.app_context():
        app.extensions["yearline.engine"].dispose()
