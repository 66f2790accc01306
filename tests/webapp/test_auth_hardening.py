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
