"""The JSON API under /api/v1: every route's status and shape, JSON errors, permissions, and the
compare JSON being exactly what the CLI prints for the same years."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from archive import models as m
from tests.webapp.conftest import DEMO, PASSWORD, instance_app, seed_archive
from webapp.db import get_session

SEED = [
    ("hailar-district-gwr", 2018),
    ("hailar-district-gwr", 2019),
    ("shenzhen-social-construction", 2014),
]


def demo_bytes(slug: str, year: int) -> bytes:
    return (DEMO / slug / f"{year}.txt").read_bytes()


@pytest.fixture(scope="module")
def env(sqlite_template, tmp_path_factory):
    """One archive for the whole module: two Hailar years, the Shenzhen plan, three users."""
    root = tmp_path_factory.mktemp("api")
    url, tokens = seed_archive(
        sqlite_template,
        root,
        plans=SEED,
        users=[(role, role) for role in ("viewer", "editor", "admin")],
        tokens=True,
    )
    app = instance_app(url, root)
    yield {"app": app, "url": url, "root": root, "tokens": tokens}
    app.extensions["yearline.engine"].dispose()


@pytest.fixture
def client(env):
    return env["app"].test_client()


def bearer(env, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {env['tokens'][role]}"}


def state(env) -> dict[str, object]:
    """Row counts of every archive table plus the blob files: 'unchanged' means equal."""
    engine = sa.create_engine(env["url"])
    with engine.connect() as conn:
        counts = {
            t: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(t)))
            for t in ("series", "plans", "plan_versions", "units", "unit_agencies")
        }
    engine.dispose()
    blobs = sorted(p.name for p in (env["root"] / "blobs").rglob("*") if p.is_file())
    return {**counts, "blobs": blobs}


def run_cli(env, *args: str) -> str:
    """The real ``yearline`` command against the same database, as a separate process."""
    environ = {
        **os.environ,
        "YEARLINE_DATABASE_URL": env["url"],
        "YEARLINE_DATA_DIR": str(env["root"] / "blobs"),
        "YEARLINE_INSTANCE_PATH": str(env["root"] / "instance"),
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "yearline"), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# --------------------------------------------------------------------------- reads


def test_series_list_has_the_cli_list_shape(env, client):
    r = client.get("/api/v1/series")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    body = r.get_json()
    slugs = [s["slug"] for s in body]
    assert slugs == sorted(slugs)
    assert {"hailar-district-gwr", "shenzhen-social-construction"} <= set(slugs)
    hailar = next(s for s in body if s["slug"] == "hailar-district-gwr")
    assert set(hailar) == {"slug", "title", "years"}
    assert hailar["years"] == [
        {"year": 2018, "versions": 1, "current_version": 1},
        {"year": 2019, "versions": 1, "current_version": 1},
    ]  # write tests never touch the seeded series


def test_series_list_equals_yearline_list_json(env, client):
    cli = json.loads(run_cli(env, "list", "--format", "json"))
    assert client.get("/api/v1/series").get_json() == cli


def test_series_detail(client):
    r = client.get("/api/v1/series/shenzhen-social-construction")
    assert r.status_code == 200
    body = r.get_json()
    assert body["slug"] == "shenzhen-social-construction"
    assert {"title", "issuer", "jurisdiction", "language", "source_note", "years"} <= set(body)
    assert [y["year"] for y in body["years"]] == [2014]


def test_plan_is_plan_document_json_with_provenance(env, client):
    r = client.get("/api/v1/series/shenzhen-social-construction/2014")
    assert r.status_code == 200
    body = r.get_json()
    for key in ("title", "year", "language", "metadata", "units", "warnings"):
        assert key in body
    assert body["series"] == "shenzhen-social-construction"
    assert body["year"] == 2014
    assert body["version"] == 1 and body["current_version"] == 1
    assert len(body["sha256"]) == 64
    assert body["filename"] == "2014.txt"
    assert [v["version"] for v in body["versions"]] == [1]
    # The units are the archived document's, in order, with the contract's fields.
    with env["app"].app_context():
        doc = archive.get_plan(get_session(), series="shenzhen-social-construction", year=2014)
    assert body["units"] == [u.to_dict() for u in doc.document.units]
    items = [u for u in body["units"] if u["kind"] == "item"]
    assert len(items) == 22  # the seed plan's 22 items
    assert all(u["lead_units"] for u in items)


def test_plan_version_parameter(client):
    assert client.get("/api/v1/series/hailar-district-gwr/2018?version=1").status_code == 200
    r = client.get("/api/v1/series/hailar-district-gwr/2018?version=7")
    assert r.status_code == 404
    assert set(r.get_json()) == {"error", "code"} and r.get_json()["code"] == "no_version"
    r = client.get("/api/v1/series/hailar-district-gwr/2018?version=abc")
    assert r.status_code == 400
    assert "version" in r.get_json()["error"]


def test_compare_equals_the_cli_comparison_json(env, client):
    r = client.get("/api/v1/series/hailar-district-gwr/compare/2018..2019")
    assert r.status_code == 200
    body = r.get_json()
    cli = json.loads(
        run_cli(env, "compare", "hailar-district-gwr", "2018", "2019", "--format", "json")
    )
    assert body == cli
    # The contract's partition: every unit of A in one match or dropped, every unit of B likewise.
    a_keys = [u["key"] for u in body["a"]["units"]]
    b_keys = [u["key"] for u in body["b"]["units"]]
    in_a = [k for mt in body["matches"] for k in mt["a"]] + body["dropped"]
    in_b = [k for mt in body["matches"] for k in mt["b"]] + body["new"]
    assert sorted(in_a) == sorted(a_keys)
    assert sorted(in_b) == sorted(b_keys)
    assert body["a"]["year"] == 2018 and body["b"]["year"] == 2019
    assert body["a"]["version"] == 1 and len(body["b"]["sha256"]) == 64


def test_compare_any_order_and_errors(client):
    r = client.get("/api/v1/series/hailar-district-gwr/compare/2019..2018")
    assert r.status_code == 200
    assert r.get_json()["a"]["year"] == 2019
    r = client.get("/api/v1/series/hailar-district-gwr/compare/2018..2031")
    assert r.status_code == 404
    assert "2031" in r.get_json()["error"]
    r = client.get("/api/v1/series/hailar-district-gwr/compare/2018..2019?version_b=x")
    assert r.status_code == 400


def test_timeline(env, client):
    r = client.get("/api/v1/series/hailar-district-gwr/timeline")
    assert r.status_code == 200
    body = r.get_json()
    assert body["years"] == [2018, 2019]
    assert body["threads"]
    assert {"id", "kind", "title", "first_year", "last_year", "years"} <= set(body["threads"][0])
    cli = json.loads(run_cli(env, "timeline", "hailar-district-gwr", "--format", "json"))
    assert body == cli


def test_search(client):
    r = client.get("/api/v1/search", query_string={"q": "社会组织"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["query"] == "社会组织"
    assert body["results"]
    for hit in body["results"]:
        assert "社会组织" in hit["snippet"][hit["match_start"] : hit["match_end"]]
    only = client.get("/api/v1/search", query_string={"q": "社会", "series": "hailar-district-gwr"})
    assert {h["series"] for h in only.get_json()["results"]} == {"hailar-district-gwr"}
    assert client.get("/api/v1/search?q=").status_code == 400
    assert client.get("/api/v1/search?q=x&limit=100000").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/series/no-such-series",
        "/api/v1/series/no-such-series/2018",
        "/api/v1/series/hailar-district-gwr/1999",
        "/api/v1/series/no-such-series/timeline",
        "/api/v1/series/no-such-series/compare/2018..2019",
        "/api/v1/nothing-here",
        "/api/v2/series",
    ],
)
def test_not_found_is_json(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.mimetype == "application/json"
    body = r.get_json()
    # the English line; a missing series/plan adds its stable code (an unknown route has none)
    archived = path.startswith("/api/v1/series/")
    assert list(body) == (["error", "code"] if archived else ["error"])
    assert body["error"] and "\n" not in body["error"]


def test_wrong_method_is_json_405(client):
    r = client.delete("/api/v1/series")
    assert r.status_code == 405
    assert r.get_json()["error"]
    assert "GET" in r.headers["Allow"]
    r = client.get("/api/v1/series/hailar-district-gwr/2018/versions")
    assert r.status_code == 405
    assert r.headers["Allow"] == "POST"


def test_api_keeps_chinese_readable_and_contract_key_order(client):
    r = client.get("/api/v1/series/shenzhen-social-construction/2014")
    text = r.get_data(as_text=True)
    assert "社会" in text  # not \\u escapes
    assert list(json.loads(text))[:6] == [
        "title",
        "year",
        "language",
        "metadata",
        "units",
        "warnings",
    ]


# --------------------------------------------------------------------------- write


def upload(client, headers, data: bytes, *, slug: str, year: int = 2019, **kw):
    """POST a multipart upload. Each write test uses its own series, so tests stay independent
    (the module's archive is shared, and pytest-xdist may run them on different workers)."""
    return client.post(
        f"/api/v1/series/{slug}/{year}/versions",
        data={"file": (io.BytesIO(data), kw.pop("filename", "upload.txt")), **kw},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_editor_token_uploads_a_new_version_then_identical_bytes_are_a_no_op(env, client):
    slug = "api-write-versions"
    first = upload(
        client, bearer(env, "editor"), demo_bytes("hailar-district-gwr", 2019), slug=slug
    )
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["version"] == 1
    data = demo_bytes("hailar-district-gwr", 2019).replace("。".encode(), "；".encode(), 1)
    r = upload(
        client, bearer(env, "editor"), data, slug=slug, filename="2019-corrected.txt", note="fix"
    )
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert list(body) == [
        "series",
        "year",
        "version",
        "sha256",
        "created",
        "units",
        "items",
        "warnings",
    ]
    assert body["series"] == slug and body["year"] == 2019
    assert body["version"] == 2 and body["created"] is True
    assert body["units"] > 0
    before = state(env)
    again = upload(client, bearer(env, "editor"), data, slug=slug)
    assert again.status_code == 200
    assert again.get_json()["created"] is False and again.get_json()["version"] == 2
    assert state(env) == before
    plan = client.get(f"/api/v1/series/{slug}/2019").get_json()
    assert plan["version"] == 2 and [v["version"] for v in plan["versions"]] == [1, 2]
    assert plan["versions"][1]["uploaded_by"] == "editor"
    assert plan["versions"][1]["note"] == "fix"
    assert plan["versions"][1]["filename"] == "2019-corrected.txt"


def test_raw_body_upload_with_filename(env, client):
    data = demo_bytes("hailar-district-gwr", 2018)
    r = client.post(
        "/api/v1/series/api-write-raw/2018/versions?filename=raw.txt&note=raw%20body",
        data=data,
        headers={**bearer(env, "admin"), "Content-Type": "text/plain; charset=utf-8"},
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["version"] == 1
    plan = client.get("/api/v1/series/api-write-raw/2018?version=1").get_json()
    assert plan["filename"] == "raw.txt"
    assert plan["versions"][0]["note"] == "raw body"
    assert plan["versions"][0]["uploaded_by"] == "admin"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer not-a-token"}, 401),
        ({"Authorization": "Basic ZWRpdG9yOng="}, 401),
        ("viewer", 403),
    ],
)
def test_upload_refused_without_an_editor_token(env, client, headers, status):
    if headers == "viewer":
        headers = bearer(env, "viewer")
    before = state(env)
    r = upload(
        client, headers, demo_bytes("shenzhen-social-construction", 2014), slug="api-refused"
    )
    assert r.status_code == status
    assert r.get_json()["error"]
    if status == 401:
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert state(env) == before


def test_a_signed_in_session_cannot_write_through_the_api(env, client):
    """Cookies alone never write: the API has no CSRF token, so it demands the bearer token."""
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    r = client.post("/login", data={"csrf_token": token, "name": "editor", "password": PASSWORD})
    assert r.status_code == 302
    before = state(env)
    r = upload(client, {}, demo_bytes("shenzhen-social-construction", 2014), slug="api-cookie")
    assert r.status_code == 401
    assert state(env) == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"=== --- ***\n\n1234 5678\n", "structure"),
    ],
    ids=["empty", "binary", "no-structure"],
)
def test_rejected_upload_is_400_one_line_and_stores_nothing(env, client, data, words):
    before = state(env)
    r = upload(client, bearer(env, "editor"), data, slug="api-rejected", filename="bad.txt")
    assert r.status_code == 400
    body = r.get_json()
    assert list(body) == ["error", "code"]  # the English line, then its stable code
    assert words in body["error"] and "\n" not in body["error"]
    assert body["code"] in ("empty_file", "undecodable", "unparsable")
    assert state(env) == before


def test_upload_without_file_field_is_400(env, client):
    r = client.post(
        "/api/v1/series/api-no-file/2018/versions",
        data={"other": "x"},
        headers=bearer(env, "editor"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 400
    assert "file" in r.get_json()["error"]


def test_bad_slug_is_400(env, client):
    data = demo_bytes("hailar-district-gwr", 2018)
    r = upload(client, bearer(env, "editor"), data, slug="Bad_Slug")
    assert r.status_code == 400
    assert "slug" in r.get_json()["error"]


@pytest.fixture
def small_limit_app(sqlite_template, tmp_path):
    url, tokens = seed_archive(sqlite_template, tmp_path, users=[("ed", "editor")], tokens=True)
    app = instance_app(url, tmp_path, MAX_UPLOAD_BYTES=4096)
    yield app, tokens["ed"], url
    app.extensions["yearline.engine"].dispose()


@pytest.mark.parametrize("size", [5000, 200_000], ids=["over-upload-limit", "over-request-limit"])
def test_too_large_is_413_json_and_stores_nothing(small_limit_app, size):
    app, token, url = small_limit_app
    client = app.test_client()
    data = (demo_bytes("hailar-district-gwr", 2018) * 6)[:size]
    assert len(data) == size
    r = client.post(
        "/api/v1/series/hailar-district-gwr/2018/versions",
        data=data,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"},
    )
    assert r.status_code == 413
    assert r.get_json() == {"error": "The file is too large: the limit is 4 KB."}
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(m.PlanVersion)) == 0
    engine.dispose()


def test_api_upload_and_compare_on_each_database(database_url, tmp_path):
    """Token upload, then read back and compare, on SQLite and on the suite's PostgreSQL."""
    app = instance_app(database_url, tmp_path)
    with app.app_context():
        session = get_session()
        user = archive.create_user(session, name="ed", password=PASSWORD, role="editor")
        token = archive.create_api_token(session, user=user)
        session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for year in (2018, 2019):
        r = upload(client, headers, demo_bytes("hailar-district-gwr", year), slug="hl", year=year)
        assert r.status_code == 201, r.get_json()
    assert client.get("/api/v1/series/hl/2019").get_json()["version"] == 1
    body = client.get("/api/v1/series/hl/compare/2018..2019").get_json()
    assert body["summary"]["unchanged"] + body["summary"]["changed"] > 0
    with app.app_context():
        expected = archive.get_comparison(get_session(), series="hl", year_a=2018, year_b=2019)
        assert body == json.loads(json.dumps(expected.to_dict(), ensure_ascii=False))
    app.extensions["yearline.engine"].dispose()
