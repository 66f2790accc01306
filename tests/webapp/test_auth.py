"""Sign-in with roles: the login page, audit of every attempt, safe redirects, sign-out, role
checks on the upload pages, private instances (ANONYMOUS_READ off) and API tokens."""

from __future__ import annotations

import re
import shutil

import pytest
import sqlalchemy as sa

from archive import models as m
from tests.webapp.conftest import PASSWORD, english_client, instance_app, seed_archive
from webapp.db import get_session

ROLES = ("viewer", "editor", "admin")


@pytest.fixture(scope="module")
def users_db(sqlite_template, tmp_path_factory):
    """A migrated database with a viewer, an editor and an admin (scrypt is slow: made once)."""
    root = tmp_path_factory.mktemp("users")
    users = [(role, role) for role in ROLES]
    _, tokens = seed_archive(sqlite_template, root, users=users, tokens=True)
    return root / "yearline.sqlite3", tokens


def make_app(users_db, tmp_path, **config):
    """A fresh app on a private copy of ``users_db``."""
    template, tokens = users_db
    shutil.copyfile(template, tmp_path / "yearline.sqlite3")
    app = instance_app(f"sqlite:///{tmp_path / 'yearline.sqlite3'}", tmp_path, **config)
    app.config["test_tokens"] = tokens
    return app


@pytest.fixture
def app(users_db, tmp_path):
    return make_app(users_db, tmp_path)


@pytest.fixture
def client(app):
    return english_client(app)


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


class AuthActions:
    """Sign in and out through the real forms (flaskr's helper)."""

    def __init__(self, client) -> None:
        self.client = client

    def login(self, name: str = "editor", password: str = PASSWORD, next: str = ""):
        token = csrf_token(self.client)
        data = {"csrf_token": token, "name": name, "password": password, "next": next}
        return self.client.post("/login", data=data)

    def logout(self):
        token = csrf_token(self.client, "/logout")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


def audit(app) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = get_session().scalars(sa.select(m.AuditEvent).order_by(m.AuditEvent.id)).all()
        return [(r.action, r.user) for r in rows if r.action.startswith("log")]


def test_login_page_has_the_form(client):
    r = client.get("/login")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'name="name"' in html and 'type="password"' in html
    assert 'name="csrf_token"' in html


def test_good_login_redirects_home_and_is_audited(app, client, auth):
    r = auth.login()
    assert r.status_code == 302
    assert r.headers["Location"] == "/"
    page = client.get("/upload").get_data(as_text=True)
    assert "editor" in page
    assert audit(app) == [("login", "editor")]


@pytest.mark.parametrize(
    ("name", "password"), [("editor", "wrong-password"), ("nobody", PASSWORD), ("", "")]
)
def test_bad_login_says_so_in_one_line_and_is_audited(app, client, auth, name, password):
    r = auth.login(name, password)
    assert r.status_code == 401
    html = r.get_data(as_text=True)
    assert "Unknown name or wrong password." in html
    assert 'value="' + name + '"' in html  # the name typed is kept
    assert client.get("/upload").status_code == 302  # still anonymous
    assert audit(app) == [("login_failed", name or None)]


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/upload", "/upload"),
        ("/s/x/2014?v=2", "/s/x/2014?v=2"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_login_returns_only_to_local_pages(auth, next_url, location):
    r = auth.login(next=next_url)
    assert r.status_code == 302
    assert r.headers["Location"] == location


def test_login_starts_a_fresh_session(client, auth):
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    auth.login()
    with client.session_transaction() as s:
        assert "planted" not in s
        assert isinstance(s.get("user_id"), int)


def test_logout_needs_a_post_and_signs_out(app, client, auth):
    auth.login()
    r = client.get("/logout")
    assert r.status_code == 200
    assert 'method="post"' in r.get_data(as_text=True)
    assert client.get("/upload").status_code == 200  # a GET did not sign out
    r = auth.logout()
    assert r.status_code == 302
    assert client.get("/upload").status_code == 302
    assert audit(app)[-1] == ("logout", "editor")


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("editor", 200), ("admin", 200)])
def test_upload_page_needs_the_editor_role(client, auth, role, status):
    auth.login(role)
    r = client.get("/upload")
    assert r.status_code == status
    if status == 403:
        assert "editor role" in r.get_data(as_text=True)


def test_anonymous_upload_goes_to_sign_in(client):
    r = client.get("/upload")
    assert r.status_code == 302
    assert r.headers["Location"].startswith("/login?next=")
    assert "%2Fupload" in r.headers["Location"] or "/upload" in r.headers["Location"]


def test_anonymous_reads_an_open_instance(client):
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/series").status_code == 200


@pytest.fixture
def private_app(users_db, tmp_path):
    return make_app(users_db, tmp_path, ANONYMOUS_READ=False)


@pytest.mark.parametrize("path", ["/", "/search?q=x", "/s/anything", "/upload"])
def test_private_instance_sends_anonymous_readers_to_sign_in(private_app, path):
    r = english_client(private_app).get(path)
    assert r.status_code == 302
    assert r.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/api/v1/series", "/api/v1/search?q=x", "/api/v1/series/x/2014"])
def test_private_instance_api_needs_a_token(private_app, path):
    client = english_client(private_app)
    r = client.get(path)
    assert r.status_code == 401
    assert r.get_json()["error"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    token = private_app.config["test_tokens"]["viewer"]
    ok = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code in (200, 404)  # 404: the series does not exist, but reading is allowed
    assert ok.status_code != 401


def test_private_instance_still_shows_sign_in_and_the_api_description(private_app):
    client = english_client(private_app)
    assert client.get("/login").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    auth = AuthActions(client)
    assert auth.login("viewer").status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/series").status_code == 200  # the session cookie reads too


def test_a_bad_token_is_anonymous_not_the_cookie_user(app, client, auth):
    """A request that presents a token is judged by the token alone."""
    auth.login("admin")
    r = client.post(
        "/api/v1/series/x/2014/versions",
        data=b"1. text",
        headers={"Authorization": "Bearer yl_forged"},
    )
    assert r.status_code == 401


def test_user_deleted_while_signed_in_becomes_anonymous(app, client, auth):
    auth.login("editor")
    with app.app_context():
        session = get_session()
        session.execute(sa.delete(m.ApiToken))
        session.execute(sa.delete(m.User).where(m.User.name == "editor"))
        session.commit()
    assert client.get("/upload").status_code == 302


def test_account_page_creates_a_token_shown_once_that_the_api_accepts(client, auth):
    auth.login("editor")
    r = client.get("/account")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert html.count("<tr><td>") == 1  # the fixture's token
    assert "not used yet" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    r = client.post("/account", data={"csrf_token": token})
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"
    new = re.search(r'<code id="new-token" class="token">([^<]+)</code>', r.get_data(as_text=True))
    assert new, "the new token is shown"
    api = client.application.test_client()  # no cookie: the token alone
    upload = api.post(
        "/api/v1/series/account-token/2018/versions?filename=seed.txt",
        data="一、总体要求\n\n1.推进改革。加强领导。\n".encode(),
        headers={"Authorization": f"Bearer {new.group(1)}", "Content-Type": "text/plain"},
    )
    assert upload.status_code == 201, upload.get_json()
    again = client.get("/account").get_data(as_text=True)
    assert new.group(1) not in again  # shown once only
    assert again.count("<tr><td>") == 2


def test_account_page_needs_sign_in(client):
    r = client.get("/account")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_token_use_is_written_down_at_most_every_few_minutes(app, client):
    def last_used() -> dict[str, object]:
        with app.app_context():
            rows = get_session().scalars(sa.select(m.ApiToken)).all()
            return {r.user.name: r.last_used_at for r in rows}

    token = app.config["test_tokens"]["viewer"]
    assert (
        client.get("/api/v1/series", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    first = last_used()
    assert first["viewer"] is not None
    assert first["editor"] is None
    assert (
        client.get("/api/v1/series", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    assert last_used() == first  # within five minutes: not written again


def test_repeated_failures_pause_sign_in_for_that_name(app, client, auth):
    from webapp.views import auth as auth_views

    for _ in range(auth_views.MAX_FAILURES):
        assert auth.login("editor", "wrong-password").status_code == 401
    r = auth.login("editor", PASSWORD)
    assert r.status_code == 429
    assert "Too many failed sign-ins for this name: wait 15 minutes" in r.get_data(as_text=True)
    assert client.get("/upload").status_code == 302  # not signed in
    assert auth.login("admin", PASSWORD).status_code == 302  # other names are not affected
    assert ("login_blocked", "editor") in audit(app)
