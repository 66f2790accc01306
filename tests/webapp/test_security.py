"""Request hardening: security headers on every page, a CSP without inline scripts, no inline
script in any rendered page, cookie flags, CSRF on every form, the request size limit, escaping."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import archive
from tests.webapp.conftest import DEMO, PASSWORD, instance_app

HOSTILE = (
    "一、总体要求<script>alert('x')</script>\n\n"
    "1.推进<img src=x onerror=alert(1)>改革。加强领导。\n"
)


@pytest.fixture(scope="module")
def base(sqlite_template, tmp_path_factory):
    """Hailar 2018 and 2019, a hostile plan, and an editor: built once per module."""
    root = tmp_path_factory.mktemp("security")
    shutil.copyfile(sqlite_template, root / "yearline.sqlite3")
    engine = archive.make_engine(f"sqlite:///{root / 'yearline.sqlite3'}")
    with archive.session_factory(engine)() as session:
        store = archive.BlobStore(root / "blobs")
        for year in (2018, 2019):
            data = (DEMO / "hailar-district-gwr" / f"{year}.txt").read_bytes()
            archive.import_version(
                session, store, series="hailar-district-gwr", year=year, data=data, filename="x.txt"
            )
        archive.import_version(
            session, store, series="hostile", year=2020, data=HOSTILE.encode(), filename="h.txt"
        )
        archive.create_user(session, name="ed", password=PASSWORD, role="editor")
        session.commit()
    engine.dispose()
    return root


def make_app(base: Path, tmp_path: Path, **config):
    shutil.copyfile(base / "yearline.sqlite3", tmp_path / "yearline.sqlite3")
    shutil.copytree(base / "blobs", tmp_path / "blobs")
    return instance_app(f"sqlite:///{tmp_path / 'yearline.sqlite3'}", tmp_path, **config)


@pytest.fixture(scope="module")
def app(base, tmp_path_factory):
    return make_app(base, tmp_path_factory.mktemp("security-app"))


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def csrf(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client) -> None:
    data = {"csrf_token": csrf(client), "name": "ed", "password": PASSWORD}
    assert client.post("/login", data=data).status_code == 302


def csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


PAGES = [
    "/",
    "/login",
    "/logout",
    "/search?q=社会",
    "/s/hailar-district-gwr",
    "/s/hailar-district-gwr/2018",
    "/s/hailar-district-gwr/compare/2018..2019",
    "/s/hostile/2020",
    "/no-such-page",
    "/upload",
    "/api/v1/series",
    "/api/v1/series/hailar-district-gwr/compare/2018..2019",
    "/api/v1/nothing",
    "/api/openapi.json",
]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    assert r.status_code in (200, 302, 404), r.status_code
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"
    policy = csp(r)
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in r.headers["Content-Security-Policy"]


def test_headers_on_static_files_and_signed_in_pages(client):
    login(client)
    for path in ("/upload", "/static/vendor/plotly.min.js"):
        r = client.get(path)
        r.close()  # a file response: release the file handle
        assert r.status_code == 200, path
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert csp(r)["script-src"] == ["'self'"]


class ScriptAudit(HTMLParser):
    """Collects anything that would run as inline script in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            kind = (attrs.get("type") or "").lower()
            if not attrs.get("src") and kind not in ("application/json",):
                self._in_inline_script = True
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]}")


HTML_PAGES = [p for p in PAGES if not p.startswith("/api/")]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_no_inline_script_in_any_page(client, path):
    login(client)
    r = client.get(path)
    assert r.mimetype == "text/html"
    audit = ScriptAudit()
    audit.feed(r.get_data(as_text=True))
    assert audit.problems == []


def test_plan_text_is_escaped(client):
    for path in ("/s/hostile/2020", "/search?q=总体要求"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(" not in html, path
        assert "<img src=x" not in html, path
    assert "&lt;script&gt;" in client.get("/s/hostile/2020").get_data(as_text=True)


# --------------------------------------------------------------------------- cookies


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite(client):
    r = client.post("/login", data={"csrf_token": csrf(client), "name": "ed", "password": PASSWORD})
    cookie = _session_cookie(r)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http unless the instance says otherwise
    assert "Strict-Transport-Security" not in r.headers


def test_secure_cookies_when_configured(base, tmp_path):
    app = make_app(base, tmp_path, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    r = client.get("/login", base_url="https://localhost")
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.get_data(as_text=True)).group(1)
    r = client.post(
        "/login",
        data={"csrf_token": token, "name": "ed", "password": PASSWORD},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
    )
    assert r.status_code == 302
    cookie = _session_cookie(r)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


# --------------------------------------------------------------------------- CSRF


def test_login_without_csrf_token_is_rejected(client):
    r = client.post("/login", data={"name": "ed", "password": PASSWORD})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "did not come from this site" in html
    assert client.get("/upload").status_code == 302  # not signed in


def test_forged_csrf_token_is_rejected(client):
    r = client.post("/login", data={"csrf_token": "forged", "name": "ed", "password": PASSWORD})
    assert r.status_code == 400


def test_token_from_another_session_is_rejected(app, client):
    other = app.test_client()
    token = csrf(other)
    r = client.post("/login", data={"csrf_token": token, "name": "ed", "password": PASSWORD})
    assert r.status_code == 400


@pytest.mark.parametrize("path", ["/upload", "/upload/confirm", "/upload/cancel", "/logout"])
def test_signed_in_posts_need_the_csrf_token(client, path):
    login(client)
    r = client.post(path, data={"token": "x" * 43, "series": "hostile", "year": "2021"})
    assert r.status_code == 400
    assert "did not come from this site" in r.get_data(as_text=True)
    assert client.get("/upload").status_code == 200  # still signed in: logout did not happen


def test_with_the_token_the_form_is_accepted(client):
    assert (
        client.post(
            "/login", data={"csrf_token": csrf(client), "name": "ed", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_api_is_exempt_because_it_only_writes_with_a_bearer_token(client):
    r = client.post("/api/v1/series/hostile/2021/versions", data=b"1. x")
    assert r.status_code == 401  # not 400: no CSRF involved, and no token means no write
    assert r.get_json()["error"]


# --------------------------------------------------------------------------- size limit


def test_oversized_form_post_gets_a_413_page(base, tmp_path):
    app = make_app(base, tmp_path, MAX_UPLOAD_BYTES=1024)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    r = client.post("/login", data={"name": "x" * 200_000, "password": "y"})
    assert r.status_code == 413
    html = r.get_data(as_text=True)
    assert "The file is too large: the limit is 1 KB." in html
    assert "Traceback" not in html
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("path", "locale"), [("/api/v1/series", "en"), ("/login", "zh")])
def test_api_errors_are_english_whatever_the_browser_asks(app, path, locale):
    """The API is a machine contract; pages follow the visitor's language."""
    from flask_babel import get_locale

    with app.test_request_context(path, headers={"Accept-Language": "zh-CN,zh;q=0.9"}):
        app.preprocess_request()
        assert str(get_locale()) == locale
