"""Hostile use of sign-in: open redirects, sessions after sign-out, tokens, lock-outs."""

from __future__ import annotations

import pytest

from tests.webapp.test_auth import AuthActions, app, auth, client, users_db  # noqa: F401
from webapp.auth import safe_local_path

OFF_SITE = [
    "/\t/evil.example",
    "/\t/evil.example/path",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "data:text/html,x",
    "HTTPS://evil.example",
    "evil.example",
    "/\x00/evil.example",
    "/\u3000/evil.example",
    "",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_only_local_paths_are_redirect_targets(target: str) -> None:
    assert safe_local_path(target) == "/"


@pytest.mark.parametrize("target", ["/", "/upload", "/s/x/2014?v=2", "/search?q=%E6%94%B9"])
def test_local_paths_are_kept(target: str) -> None:
    assert safe_local_path(target) == target


@pytest.mark.parametrize("raw", ["%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%5Cevil"])
def test_login_never_sends_the_browser_away(auth: AuthActions, client, raw: str) -> None:  # noqa: F811
    r = client.get(f"/login?next={raw}")
    assert r.status_code == 200
    from urllib.parse import unquote

    r = auth.login(next=unquote(raw))
    assert r.status_code == 302 and r.headers["Location"] == "/"
    r = client.get(f"/login?next={raw}")  # signed in: the GET redirects at once
    assert r.status_code == 302 and r.headers["Location"] == "/"


@pytest.mark.parametrize("raw", ["%2F%09%2Fevil.example", "%2F%0D%0A%2Fevil.example", "%5C%5Cevil"])
def test_language_switch_never_sends_the_browser_away(client, raw: str) -> None:  # noqa: F811
    r = client.get(f"/lang/en?next={raw}")
    assert r.status_code == 302 and r.headers["Location"] == "/"


def _attempt(client, name: str, password: str, address: str):  # noqa: F811
    from tests.webapp.test_auth import csrf_token

    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client)
    return client.post("/login", data={"csrf_token": token, "name": name, "password": password})


def test_a_stranger_cannot_lock_an_analyst_out(app) -> None:  # noqa: F811
    from tests.webapp.conftest import PASSWORD, english_client
    from webapp.views import auth as auth_views

    stranger, analyst = english_client(app), english_client(app)
    for _ in range(auth_views.MAX_FAILURES):
        assert _attempt(stranger, "editor", "wrong", "203.0.113.9").status_code == 401
    assert _attempt(stranger, "editor", PASSWORD, "203.0.113.9").status_code == 429
    r = _attempt(analyst, "editor", PASSWORD, "198.51.100.7")  # the analyst's own address
    assert r.status_code == 302


def test_one_address_guessing_many_names_is_paused(app) -> None:  # noqa: F811
    from tests.webapp.conftest import PASSWORD, english_client
    from webapp.views import auth as auth_views

    guesser = english_client(app)
    for i in range(auth_views.MAX_ADDRESS_FAILURES):
        _attempt(guesser, f"name{i}", "wrong", "203.0.113.10")
    assert _attempt(guesser, "viewer", PASSWORD, "203.0.113.10").status_code == 429
    assert _attempt(english_client(app), "viewer", PASSWORD, "192.0.2.1").status_code == 302


def test_logout_ends_the_session_on_the_server(app, client, auth: AuthActions) -> None:  # noqa: F811
    from tests.webapp.conftest import english_client

    assert auth.login().status_code == 302
    assert client.get("/upload").status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is not None
    copied = english_client(app)  # someone who copied the cookie before sign-out
    copied.set_cookie("session", cookie.value)
    assert copied.get("/upload").status_code == 200
    auth.logout()
    assert copied.get("/upload").status_code == 302  # the old cookie no longer signs anyone in
    assert client.get("/upload").status_code == 302
    assert auth.login().status_code == 302 and client.get("/upload").status_code == 200


def test_viewers_cannot_mint_api_tokens(client, auth: AuthActions) -> None:  # noqa: F811
    from tests.webapp.test_auth import csrf_token

    auth.login("viewer")
    page = client.get("/account").get_data(as_text=True)
    assert 'id="create-token"' not in page
    r = client.post("/account", data={"csrf_token": csrf_token(client, "/account")})
    assert r.status_code == 403
    assert "API tokens are created by editors" in r.get_data(as_text=True)
