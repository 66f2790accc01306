"""API tokens on the account page and at the API (issue 15): created with a label and a lifetime,
listed without the secret, revoked with a button; a revoked, expired or unknown token gets a 401
with a one-line reason and a code, at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from archive import models as m
from tests.webapp.test_auth import AuthActions, app, auth, client, csrf_token, users_db  # noqa: F401
from webapp.db import get_session

PLAN = "一、总体要求\n\n1.推进改革。加强领导。\n".encode()


def _create(client, **form: str):  # noqa: F811
    return client.post("/account", data={"csrf_token": csrf_token(client, "/account"), **form})


def _secret(response) -> str:
    found = re.search(r'<code id="new-token" class="token">([^<]+)</code>', response.get_data(True))
    assert found, "the new token is shown"
    return found.group(1)


def _upload(app, secret: str, year: int = 2018):  # noqa: F811
    return app.test_client().post(
        f"/api/v1/series/tok/{year}/versions?filename=plan.txt",
        data=PLAN,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "text/plain"},
    )


def _rows(html: str) -> list[str]:
    body = html.split('<table class="compact tokens">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>.*?</tr>", body, flags=re.S)


def test_create_with_label_and_lifetime_then_revoke(app, client, auth: AuthActions) -> None:  # noqa: F811
    auth.login("editor")
    r = _create(client, label="nightly import", days="7")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    secret = _secret(r)
    assert _upload(app, secret).status_code == 201
    page = client.get("/account").get_data(as_text=True)
    assert secret not in page and secret[3:] not in page  # shown once only
    row = next(r for r in _rows(page) if "nightly import" in r)
    week = (datetime.now(UTC) + timedelta(days=7)).strftime("%Y-%m-%d")
    assert f"<td>{week}</td>" in row and 'class="token-active"' in row
    assert "not used yet" not in row  # the upload was a use
    token_id = int(re.search(r"<tr><td>(\d+)</td>", row).group(1))

    r = client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/account")}
    )
    assert r.status_code == 302 and r.headers["Location"].endswith("/account")
    page = client.get("/account").get_data(as_text=True)
    assert f"API token {token_id} (nightly import) revoked: it no longer works." in page
    row = next(r for r in _rows(page) if "nightly import" in r)
    assert 'class="token-revoked"' in row and "revoke-token" not in row

    refused = _upload(app, secret, year=2019)  # the very next request
    assert refused.status_code == 401
    body = refused.get_json()
    assert body["code"] == "token_revoked"
    assert re.fullmatch(
        r"This API token was revoked on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.", body["error"]
    )
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    reads = app.test_client().get("/api/v1/series", headers={"Authorization": f"Bearer {secret}"})
    assert reads.status_code == 401 and reads.get_json()["code"] == "token_revoked"


def test_default_lifetime_and_bad_input_on_the_page(client, auth: AuthActions) -> None:  # noqa: F811
    auth.login("admin")
    page = client.get("/account").get_data(as_text=True)
    assert 'name="days"' in page and 'value="90"' in page and 'max="365"' in page
    before = len(_rows(page))
    secret = _secret(_create(client))  # no days given: the default, 90
    row = _rows(client.get("/account").get_data(as_text=True))[-1]
    assert (datetime.now(UTC) + timedelta(days=90)).strftime("%Y-%m-%d") in row
    assert secret not in row
    for form, message in (
        ({"days": "0"}, "A token lasts from 1 to 365 days."),
        ({"days": "366"}, "A token lasts from 1 to 365 days."),
        ({"days": "²"}, "A token lasts from 1 to 365 days."),
        ({"days": "99999999999999999999"}, "A token lasts from 1 to 365 days."),
        ({"label": "x" * 101}, "A token label is one line of at most 100 characters."),
    ):
        r = _create(client, **form)
        assert r.status_code == 400
        html = r.get_data(as_text=True)
        assert message in html and 'id="new-token"' not in html
    assert len(_rows(client.get("/account").get_data(as_text=True))) == before + 1


def test_expired_and_unknown_tokens_get_401_not_anonymous_reads(app) -> None:  # noqa: F811
    secret = app.config["test_tokens"]["editor"]
    api = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/series", headers=headers).status_code == 200
    with app.app_context():
        session = get_session()
        row = session.scalars(
            sa.select(m.ApiToken).join(m.User).where(m.User.name == "editor")
        ).one()
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
        day = row.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    r = api.get("/api/v1/series", headers=headers)  # the instance is open, yet: refused
    assert r.status_code == 401
    assert r.get_json() == {
        "error": f"This API token expired on {day}: create a new one on your account page.",
        "code": "token_expired",
    }
    assert _upload(app, secret).get_json()["code"] == "token_expired"
    r = api.get("/api/v1/series", headers={"Authorization": "Bearer yl_not-a-token"})
    assert r.status_code == 401 and r.get_json() == {
        "error": "Unknown API token.",
        "code": "token_unknown",
    }
    assert api.get("/api/v1/series").status_code == 200  # no token at all: an anonymous read
    assert api.get("/api/openapi.json", headers=headers).status_code == 200  # public


def test_nobody_revokes_another_users_token(app, client, auth: AuthActions) -> None:  # noqa: F811
    with app.app_context():
        admin_token = get_session().scalar(
            sa.select(m.ApiToken.id).join(m.User).where(m.User.name == "admin")
        )
    auth.login("editor")
    csrf = csrf_token(client, "/account")
    r = client.post(f"/account/tokens/{admin_token}/revoke", data={"csrf_token": csrf})
    assert r.status_code == 404 and f"There is no API token {admin_token}." in r.get_data(True)
    assert client.post(f"/account/tokens/{admin_token}/revoke").status_code == 400  # no CSRF
    secret = app.config["test_tokens"]["admin"]
    ok = app.test_client().get("/api/v1/series", headers={"Authorization": f"Bearer {secret}"})
    assert ok.status_code == 200


def test_a_viewer_can_revoke_but_not_create(app, client, auth: AuthActions) -> None:  # noqa: F811
    """A viewer may still hold a token from a demotion: it is listed and can be revoked."""
    auth.login("viewer")
    page = client.get("/account").get_data(as_text=True)
    assert 'id="create-token"' not in page and 'name="days"' not in page
    (row,) = _rows(page)
    token_id = int(re.search(r"<tr><td>(\d+)</td>", row).group(1))
    assert f'id="revoke-token-{token_id}"' in row
    csrf = csrf_token(client, "/account")
    assert (
        client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf}).status_code
        == 302
    )
    secret = app.config["test_tokens"]["viewer"]
    r = app.test_client().get("/api/v1/series", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 401 and r.get_json()["code"] == "token_revoked"


def test_the_account_page_in_chinese(app, auth: AuthActions) -> None:  # noqa: F811
    zh = app.test_client()
    zh.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh"
    AuthActions(zh).login("editor")
    page = zh.get("/account").get_data(as_text=True)
    for text in ("标签", "有效期", "到期", "状态", "撤销", "有效"):
        assert text in page, text
    r = _create(zh, days="400")
    assert r.status_code == 400 and "令牌有效期为 1 到 365 天" in r.get_data(as_text=True)
