"""The account page's API tokens in real headless Chromium (issue 15): an editor creates a labelled
token with a lifetime, sees the secret once, the API accepts it, the editor revokes it with the
button and the API refuses it on the next request. Screenshots in Chinese and English; no page
trips the Content-Security-Policy."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.serving import make_server

from tests.browser.test_review_flow import sign_in
from tests.webapp.conftest import instance_app, seed_archive

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(sqlite_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("account-tokens")
    url, tokens = seed_archive(
        sqlite_template, root, users=[("ed", "editor"), ("vera", "viewer")], tokens=True
    )
    app = instance_app(url, root, TESTING=False, SECRET_KEY="browser-secret")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{httpd.server_port}", "app": app, "tokens": tokens}
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        app.extensions["yearline.engine"].dispose()


def _api_status(page, base: str, secret: str) -> tuple[int, dict]:
    response = page.request.get(
        f"{base}/api/v1/series", headers={"Authorization": f"Bearer {secret}"}
    )
    return response.status, response.json()


def test_create_use_and_revoke_a_token(server, page, screenshot_dir) -> None:
    base = server["url"]
    sign_in(page, base, "ed")
    page.goto(f"{base}/account")
    assert page.locator("table.tokens tbody tr").count() == 1  # the seeded token
    page.fill("#token-label", "nightly import")
    page.fill("#token-days", "30")
    page.click("#create-token")
    page.wait_for_load_state()
    secret = page.locator("#new-token").inner_text().strip()
    assert secret.startswith("yl_")
    row = page.locator("table.tokens tbody tr", has_text="nightly import")
    expires = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%d")
    assert expires in row.inner_text() and "active" in row.inner_text()
    page.screenshot(path=str(screenshot_dir / "account-tokens-en.png"), full_page=True)
    assert _api_status(page, base, secret)[0] == 200

    row.locator("button.revoke-token").click()
    page.wait_for_load_state()
    assert "revoked: it no longer works" in page.locator(".flash").first.inner_text()
    assert page.locator("#new-token").count() == 0  # the secret is gone for good
    row = page.locator("table.tokens tbody tr", has_text="nightly import")
    assert "revoked" in row.inner_text() and row.locator("button").count() == 0
    status, body = _api_status(page, base, secret)
    assert status == 401 and body["code"] == "token_revoked"

    page.goto(f"{base}/account?lang=zh")
    page.wait_for_load_state()
    text = page.locator("section.account-page").inner_text()
    assert "撤销" in text and "到期时间" in text and "有效期（天）" in text
    page.screenshot(path=str(screenshot_dir / "account-tokens-zh.png"), full_page=True)
    assert page.problems == []


def test_a_viewer_sees_no_create_form(server, page) -> None:
    base = server["url"]
    sign_in(page, base, "vera")
    page.goto(f"{base}/account")
    assert page.locator("#create-token").count() == 0
    assert page.locator("button.revoke-token").count() == 1  # a token from before a demotion
    assert "API tokens are created by editors" in page.locator("section.account-page").inner_text()
    assert page.problems == []
