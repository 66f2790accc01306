"""The upload flow in real headless Chromium: sign in as an editor, upload a file, read the preview,
confirm, and find the new version on the plan page; cancel stores nothing. No page may trip the
Content-Security-Policy (the conftest's probe turns violations into console errors)."""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

import archive
from tests.webapp.conftest import DEMO, PASSWORD, instance_app, seed_archive

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(sqlite_template, tmp_path_factory):
    """Our own live server (the upload writes): Hailar 2018 archived, an editor ``ed``."""
    root = tmp_path_factory.mktemp("upload-flow")
    url, _ = seed_archive(
        sqlite_template,
        root,
        plans=[("hailar-district-gwr", 2018)],
        users=[("ed", "editor")],
        titles={"hailar-district-gwr": "海拉尔区政府工作报告"},
    )
    app = instance_app(url, root, TESTING=False, SECRET_KEY="browser-secret")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{httpd.server_port}", "app": app, "root": root}
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        app.extensions["yearline.engine"].dispose()


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/upload")
    assert "/login" in page.url  # anonymous: sent to sign in, and back afterwards
    page.fill("#name", "ed")
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(f"{base}/upload")


def test_upload_preview_confirm_then_the_plan_page_shows_it(server, page, screenshot_dir, tmp_path):
    base = server["url"]
    sign_in(page, base)
    page.screenshot(path=str(screenshot_dir / "upload-1-form.png"), full_page=True)

    source = tmp_path / "海拉尔区2019年政府工作报告.txt"
    source.write_bytes((DEMO / "hailar-district-gwr" / "2019.txt").read_bytes())
    page.select_option("#series", "hailar-district-gwr")
    page.fill("#year", "2019")
    page.set_input_files("#file", str(source))
    page.fill("#note", "from the district's website")
    page.click("form.upload-form button[type=submit]")

    # The preview: what was read, and nothing stored yet.
    page.wait_for_selector("#item-count")
    assert page.locator("h1").inner_text() == "Check the preview"
    assert page.locator(".outcome").inner_text().startswith("Confirming adds 2019")
    assert page.locator(".outline-list li").count() > 10
    assert "utf-8" in page.locator(".preview-grid").inner_text()
    page.screenshot(path=str(screenshot_dir / "upload-2-preview.png"), full_page=True)
    with server["app"].app_context():
        from webapp.db import get_session

        assert [y.year for y in archive.get_series(get_session(), "hailar-district-gwr").years] == [
            2018
        ]

    page.click("#confirm")
    # issue 11: confirm returns at once; the plan page follows the job comparing the new year
    page.wait_for_url(re.compile(re.escape(f"{base}/s/hailar-district-gwr/2019") + r"\?job=\d+$"))
    assert "Stored hailar-district-gwr 2019 as version 1." in page.locator(".flash").inner_text()
    page.wait_for_selector("#job-progress.job-done", timeout=180_000)
    assert page.locator("#job-progress progress").evaluate("p => p.value === p.max")
    versions = page.locator("table.versions tbody tr")
    assert versions.count() == 1
    row = versions.first.inner_text()
    assert "ed" in row and "海拉尔区2019年政府工作报告.txt" in row
    assert "from the district's website" in row
    page.screenshot(path=str(screenshot_dir / "upload-3-plan-page.png"))

    # A corrected file for the same year becomes version 2.
    page.goto(f"{base}/upload?series=hailar-district-gwr&year=2019")
    fixed = tmp_path / "2019-fixed.txt"
    fixed.write_bytes(source.read_bytes().replace("。".encode(), "；".encode(), 1))
    page.set_input_files("#file", str(fixed))
    page.click("form.upload-form button[type=submit]")
    page.wait_for_selector("#confirm")
    assert "as version 2 of hailar-district-gwr 2019" in page.locator(".outcome").inner_text()
    page.click("#confirm")
    page.wait_for_url(re.compile(re.escape(f"{base}/s/hailar-district-gwr/2019") + r"\?job=\d+$"))
    assert page.locator("table.versions tbody tr").count() == 2
    assert page.problems == []

    # The series now has two years: its Plotly charts draw under our CSP (no violation logged;
    # Plotly's runtime styles are why style-src allows inline styles, scripts stay 'self').
    page.goto(f"{base}/s/hailar-district-gwr")
    page.wait_for_selector("[data-chart].rendered svg.main-svg")
    assert page.locator("[data-chart].rendered").count() >= 2
    assert page.problems == []


def test_cancel_and_rejection_store_nothing(server, page, screenshot_dir, tmp_path):
    base = server["url"]
    sign_in(page, base)
    with server["app"].app_context():
        from webapp.db import get_session

        before = [
            y.as_dict() for y in archive.get_series(get_session(), "hailar-district-gwr").years
        ]

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page.select_option("#series", "hailar-district-gwr")
    page.fill("#year", "2017")
    page.set_input_files("#file", str(empty))
    page.click("form.upload-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    assert "empty file" in page.locator(".form-errors").inner_text()
    page.screenshot(path=str(screenshot_dir / "upload-4-rejected.png"), full_page=True)
    # The rejection is answered with 400, which Chromium logs; nothing else may be logged.
    assert page.problems == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
    page.problems.clear()

    plan = tmp_path / "2017.txt"
    plan.write_bytes((DEMO / "hailar-district-gwr" / "2017.txt").read_bytes())
    page.select_option("#series", "hailar-district-gwr")
    page.fill("#year", "2017")
    page.set_input_files("#file", str(plan))
    page.click("form.upload-form button[type=submit]")
    page.wait_for_selector("#cancel")
    page.click("#cancel")
    page.wait_for_url(f"{base}/upload")
    assert "nothing was stored" in page.locator(".flash").inner_text()
    with server["app"].app_context():
        from webapp.db import get_session

        after = [
            y.as_dict() for y in archive.get_series(get_session(), "hailar-district-gwr").years
        ]
    assert after == before
    assert page.problems == []
