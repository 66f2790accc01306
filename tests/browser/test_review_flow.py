"""Analyst review in real headless Chromium, on the real Hailar district reports 2018 and 2019:
an editor rejects a wrong match (2018's tourism paragraph paired with 2019's industry paragraph)
and links a missed one (2018's "敢于担当" paragraph, left dropped, with 2019's task "转作风", left
new — a pair the hand-made gold alignment has), then sees both on the compare page, the thread
page, the series timeline and in the Word and Excel downloads. A viewer sees no forms and is
refused. No page trips the Content-Security-Policy."""

from __future__ import annotations

import io
import re
import threading

import pytest
from werkzeug.serving import make_server

from tests.webapp.conftest import PASSWORD, instance_app, seed_archive

pytestmark = pytest.mark.browser

SERIES = "hailar-district-gwr"
COMPARE = f"/s/{SERIES}/compare/2018..2019"
# 2018's review overview of reform (过去的一年，面对发展活力不足…) paired, low confidence, with
# 2019's review of one task (发展活力不断激发…): an overview is not that task's review. Until
# engine 21 this test rejected 2018's review opening paired with 2019's closing exhortation;
# engine 21 keeps review and plan apart, so that pair is no longer made (the tourism pair the
# test used first became part of the 4-into-1 merge the Hailar gold asks for, engine 12).
WRONG = ("s1.p4", "s1.t4")
MISSED = ("s2.t8.p2", "s3.t4")  # 2018 dropped ↔ 2019 new: the gold alignment links them


@pytest.fixture(scope="module")
def server(sqlite_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("review-flow")
    url, _ = seed_archive(
        sqlite_template,
        root,
        plans=[(SERIES, 2018), (SERIES, 2019)],
        users=[("ed", "editor"), ("vera", "viewer")],
        titles={SERIES: "海拉尔区政府工作报告"},
    )
    app = instance_app(url, root, TESTING=False, SECRET_KEY="browser-secret")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{httpd.server_port}", "app": app}
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        app.extensions["yearline.engine"].dispose()


def sign_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_load_state()


def row_with(page, side: str, key: str):
    """The compare row whose review form carries ``key`` on ``side``."""
    return page.locator("section.row").filter(
        has=page.locator(f'form.review-form input[name="{side}"][value="{key}"]')
    )


def test_an_editor_fixes_a_wrong_match_and_adds_a_missed_one(server, page, screenshot_dir):
    base = server["url"]
    sign_in(page, base, "ed")
    page.goto(f"{base}{COMPARE}?kind=changed&kind=new&kind=dropped&boilerplate=1")
    page.screenshot(path=str(screenshot_dir / "review-1-before.png"), full_page=False)

    wrong = row_with(page, "a", WRONG[0]).filter(
        has=page.locator(f'input[name="b"][value="{WRONG[1]}"]')
    )
    assert wrong.count() == 1
    wrong.locator("details.review-box > summary").click()
    wrong.locator("input[name=note]").fill("回顾总述不是某一项工作的回顾")
    wrong.locator("button[value=reject]").click()
    page.wait_for_load_state()
    assert "1 decision(s) recorded." in page.inner_text(".flash-info")

    missed = row_with(page, "a", MISSED[0]).filter(has=page.locator('input[name="b"][value=""]'))
    assert missed.count() == 1  # still a dropped row
    missed.locator("details.review-box > summary").click()
    missed.locator("input[name=add_b]").fill(MISSED[1])
    missed.locator("input[name=note]").fill("同一要求：转变作风、担当实干")
    page.screenshot(path=str(screenshot_dir / "review-2-linking.png"), full_page=False)
    missed.locator("button[value=link]").click()
    page.wait_for_load_state()

    # the compare page: the link is one row with its badge; the wrong pair is gone
    linked = row_with(page, "a", MISSED[0]).filter(
        has=page.locator(f'input[name="b"][value="{MISSED[1]}"]')
    )
    assert linked.count() == 1 and "linked" in linked.locator(".badge-decided").inner_text()
    forms = page.locator(f'form.review-form:has(input[name="a"][value="{WRONG[0]}"])')
    partners = {forms.nth(i).locator('input[name="b"]').get_attribute("value")
                for i in range(forms.count())}  # fmt: skip
    assert WRONG[1] not in partners  # 2018's overview is no longer paired with it
    panel = page.locator("#decisions")
    assert "2 analyst decisions" in panel.inner_text()
    panel.locator("summary").click()
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "review-3-panel.png"), full_page=False)
    linked.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "review-3-after.png"), full_page=False)

    # the thread page: one initiative through 2018 and 2019, made by the analyst
    linked.locator("a.thread-link").click()
    page.wait_for_load_state()
    body = page.inner_text("main")
    assert "linked by an analyst" in body
    assert "敢于担当方能一往无前" in body and "转作风" in body
    page.screenshot(path=str(screenshot_dir / "review-4-thread.png"), full_page=True)

    # the series timeline says the decisions were applied, and its threads follow them
    page.goto(f"{base}/s/{SERIES}")
    assert "2 analyst decisions applied (ed)" in page.inner_text("#decisions-note")
    timeline = page.request.get(f"{base}/api/v1/series/{SERIES}/timeline").json()
    thread = next(t for t in timeline["threads"] if [MISSED[0]] in [y["keys"] for y in t["years"]])
    assert [y["keys"] for y in thread["years"]] == [[MISSED[0]], [MISSED[1]]]

    # the Word and Excel downloads carry both decisions
    from docx import Document
    from openpyxl import load_workbook

    docx = Document(io.BytesIO(page.request.get(f"{base}{COMPARE}.docx").body()))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "人工审核决定" in cells and "2 (ed)" in cells
    book = load_workbook(io.BytesIO(page.request.get(f"{base}{COMPARE}.xlsx").body()))
    rows = [[str(c.value or "") for c in r] for ws in book for r in ws.iter_rows()]
    header = next(r for r in rows if "A 键" in r and "B 键" in r)  # the register's key columns
    ia, ib = header.index("A 键"), header.index("B 键")
    register = {(r[ia], r[ib]) for r in rows if len(r) > ib}
    assert MISSED in register, "the link is one register row"
    assert WRONG not in register, "the rejected pair is no longer a row"
    assert any("2 (ed)" in r for r in rows)
    assert page.problems == []


def test_a_viewer_sees_no_forms_and_is_refused(server, page, browser):
    base = server["url"]
    sign_in(page, base, "vera")
    page.goto(f"{base}{COMPARE}")
    assert page.locator("form.review-form").count() == 0
    assert page.locator("#bulk-form").count() == 0
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', page.request.get(f"{base}/login").text()
    ).group(1)
    r = page.request.post(
        f"{base}{COMPARE}/review",
        form={"csrf_token": token, "action": "confirm", "a": "s1", "b": "s1"},
    )
    assert r.status == 403
    api = page.request.post(
        f"{base}/api/v1/series/{SERIES}/compare/2018..2019/decisions",
        data={"action": "confirm", "a": ["s1"], "b": ["s1"]},
    )
    assert api.status == 403
    assert page.problems == []
