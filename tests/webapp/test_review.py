"""Decisions and withdrawals through the site's forms and the API, on SQLite and PostgreSQL:
editors write (CSRF on forms, tokens on the API), viewers and anonymous users get 403, and the
compare page, the thread page, the timeline and the exports follow the decisions."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

import archive
from tests.archive.test_decisions import Y2014, Y2015
from tests.webapp.conftest import PASSWORD, english_client, instance_app, seed_database
from webapp.db import get_session

PAGE = "/s/dec/compare/2014..2015"


@pytest.fixture
def env(database_url: str, tmp_path: Path):
    tokens = seed_database(
        database_url, tmp_path / "blobs", users=[("ed", "editor"), ("vera", "viewer")], tokens=True
    )
    app = instance_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        session = get_session()
        store = app.extensions["yearline.store"]
        for year, text in ((2014, Y2014), (2015, Y2015)):
            archive.import_version(
                session, store, series="dec", year=year, data=text.encode(), filename=f"{year}.txt"
            )
        session.commit()
    yield app, tokens
    app.extensions["yearline.engine"].dispose()


def _csrf(client, path: str) -> str:
    """A valid CSRF token of this client's session (from the sign-in form when ``path`` has no
    form for this user: the token is per session, not per form)."""
    pattern = r'name="csrf_token" value="([^"]+)"'
    found = re.search(pattern, client.get(path).get_data(as_text=True))
    found = found or re.search(pattern, client.get("/login").get_data(as_text=True))
    assert found, path
    return found.group(1)


def _signed_in(app, name: str):
    client = english_client(app)
    token = _csrf(client, "/login")
    r = client.post("/login", data={"csrf_token": token, "name": name, "password": PASSWORD})
    assert r.status_code in (302, 303)
    return client


def _decide(client, **fields):
    data = {"csrf_token": _csrf(client, PAGE), "back": PAGE + "?kind=unchanged", **fields}
    return client.post(PAGE + "/review", data=data)


def test_an_editor_fixes_a_wrong_match_and_adds_a_missed_one(env) -> None:
    app, _tokens = env
    ed = _signed_in(app, "ed")
    page = ed.get(PAGE).get_data(as_text=True)
    assert 'action="/s/dec/compare/2014..2015/review"' in page and 'id="units-b"' in page
    r = _decide(ed, action="reject", a="s1.i2", b="s1.i2", note="a different policy")
    assert r.status_code == 303 and r.headers["Location"].endswith(PAGE + "?kind=unchanged")
    r = _decide(ed, action="link", a="s1.i3", b="", add_b="s1.i3", note="same aim, new words")
    assert r.status_code == 303
    page = ed.get(PAGE + "?kind=new&kind=dropped&kind=changed").get_data(as_text=True)
    assert "2 analyst decisions" in page
    assert "⇄ linked" in page  # the linked row's badge
    with app.app_context():
        comp = archive.get_comparison(get_session(), series="dec", year_a=2014, year_b=2015)
        events = [e.action for e in archive.list_audit(get_session(), limit=5)]
    assert "s1.i2" in comp.dropped and "s1.i2" in comp.new
    linked = next(m for m in comp.matches if m.a == ("s1.i3",))
    assert linked.b == ("s1.i3",) and linked.decided.value == "linked"
    assert events[:2] == ["review.link", "review.reject"]
    # the thread page and the timeline follow: s1.i3 is one initiative across both years
    timeline = json.loads(ed.get("/api/v1/series/dec/timeline").get_data())
    thread = next(t for t in timeline["threads"] if ["s1.i3"] in [y["keys"] for y in t["years"]])
    assert [y["status"] for y in thread["years"]] == ["new", "changed"]
    assert timeline["decisions"] == {"applied": 2, "by": ["ed"], "stale": 0}
    thread_page = ed.get(f"/s/dec/thread/{thread['id']}").get_data(as_text=True)
    assert "建立生态补偿机制" in thread_page and "加强环境保护" in thread_page
    assert "linked by an analyst" in thread_page
    # the Word and Excel exports carry the decisions and say so in their provenance
    from docx import Document
    from openpyxl import load_workbook

    # (the reports are worded in the reader's interface language: this editor reads English)
    docx = Document(io.BytesIO(ed.get(PAGE + ".docx").data))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Analyst decisions applied" in cells and "2 (ed)" in cells
    docx = Document(io.BytesIO(ed.get(PAGE + ".docx?lang=zh").data))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "人工审核决定" in cells and "2 (ed)" in cells
    book = load_workbook(io.BytesIO(ed.get(PAGE + ".xlsx").data))
    values = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert "2 (ed)" in values
    # undo through the decisions panel's form
    r = _decide(ed, action="undo", undo="1")
    assert r.status_code == 303
    with app.app_context():
        listed = archive.list_decisions(get_session(), series="dec")
    assert [d.status for d in listed] == ["undone", "applied"]


def test_viewers_and_anonymous_users_are_refused_every_write(env) -> None:
    app, tokens = env
    anonymous = english_client(app)
    assert anonymous.get(PAGE).status_code == 200
    assert "Review" not in anonymous.get(PAGE).get_data(as_text=True)
    assert _decide(anonymous, action="confirm", a="s1", b="s1").status_code == 403
    vera = _signed_in(app, "vera")
    page = vera.get(PAGE).get_data(as_text=True)
    assert "review-form" not in page
    assert _decide(vera, action="confirm", a="s1", b="s1").status_code == 403
    token = _csrf(vera, "/s/dec/2015")
    r = vera.post("/s/dec/2015/versions/1/withdraw", data={"csrf_token": token, "reason": "x"})
    assert r.status_code == 403
    ed = _signed_in(app, "ed")
    assert ed.post(PAGE + "/review", data={"action": "confirm"}).status_code == 400  # no CSRF
    api = app.test_client()
    body = {"action": "confirm", "a": ["s1"], "b": ["s1"]}
    url = "/api/v1/series/dec/compare/2014..2015/decisions"
    assert api.post(url, json=body).status_code == 403
    viewer = {"Authorization": f"Bearer {tokens['vera']}"}
    assert api.post(url, json=body, headers=viewer).status_code == 403
    assert ed.post(url, json=body).status_code == 403  # a session cookie is not a token
    withdraw = "/api/v1/series/dec/2015/versions/1/withdraw"
    assert api.post(withdraw, json={"reason": "x"}, headers=viewer).status_code == 403
    with app.app_context():
        assert archive.list_decisions(get_session(), series="dec") == []
        assert archive.get_plan(get_session(), series="dec", year=2015).current_version == 1


def test_the_api_records_lists_and_undoes_decisions(env) -> None:
    app, tokens = env
    api = app.test_client()
    headers = {"Authorization": f"Bearer {tokens['ed']}"}
    url = "/api/v1/series/dec/compare/2015..2014/decisions"
    r = api.post(url, json={"action": "link", "a": "s1.i3", "b": ["s1.i3"], "note": "n"},
                 headers=headers)  # fmt: skip
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert made["years"] == [2014, 2015] and made["action"] == "link" and made["user"] == "ed"
    bad = api.post(url, json={"action": "link", "a": "s1.i9", "b": "s1.i3"}, headers=headers)
    assert bad.status_code == 400 and "no unit 's1.i9'" in bad.get_json()["error"]
    assert api.post(url, json={"action": "nope"}, headers=headers).status_code == 400
    listed = api.get("/api/v1/series/dec/compare/2014..2015/decisions").get_json()
    assert [d["id"] for d in listed] == [made["id"]] and listed[0]["stale"] is False
    undone = api.post(url, json={"undo": made["id"]}, headers=headers)
    assert undone.status_code == 201 and undone.get_json()["status"] == "undone"


def test_withdrawing_a_version_from_the_plan_page_and_the_api(env) -> None:
    app, tokens = env
    with app.app_context():
        session = get_session()
        archive.import_version(session, app.extensions["yearline.store"], series="dec",
                               year=2015, data=(Y2015 + "4.新增。\n").encode(),
                               filename="v2.txt")  # fmt: skip
        session.commit()
    ed = _signed_in(app, "ed")
    page = ed.get("/s/dec/2015").get_data(as_text=True)
    assert 'action="/s/dec/2015/versions/2/withdraw"' in page
    token = _csrf(ed, "/s/dec/2015")
    r = ed.post("/s/dec/2015/versions/2/withdraw", data={"csrf_token": token, "reason": ""})
    assert r.status_code == 303
    assert "a reason is required" in ed.get("/s/dec/2015").get_data(as_text=True)
    r = ed.post("/s/dec/2015/versions/2/withdraw",
                data={"csrf_token": token, "reason": "uploaded by mistake"})  # fmt: skip
    assert r.status_code == 303
    plan = ed.get("/api/v1/series/dec/2015").get_json()
    assert plan["version"] == 1 and plan["current_version"] == 1
    old = ed.get("/s/dec/2015?version=2").get_data(as_text=True)
    assert "was withdrawn on" in old and "uploaded by mistake" in old
    assert ed.get("/s/dec/2015/original?version=2").data.endswith("4.新增。\n".encode())
    api = app.test_client()
    headers = {"Authorization": f"Bearer {tokens['ed']}"}
    r = api.post("/api/v1/series/dec/2015/versions/1/withdraw", json={"reason": "both wrong"},
                 headers=headers)  # fmt: skip
    assert r.status_code == 200 and r.get_json()["current_version"] is None
    # with every version withdrawn the plan page still shows the newest, marked
    assert "was withdrawn on" in ed.get("/s/dec/2015").get_data(as_text=True)
    again = api.post("/api/v1/series/dec/2015/versions/1/withdraw", json={"reason": "x"},
                     headers=headers)  # fmt: skip
    assert again.status_code == 400 and "already withdrawn" in again.get_json()["error"]


def test_anonymous_compare_pages_are_kept_rendered_until_a_decision_or_version_changes(env) -> None:
    """The rendered page is reused for anonymous readers (same path and language); a decision
    shows on the next view, and signed-in pages are never taken from it."""
    app, _tokens = env
    anon = english_client(app)
    first = anon.get(PAGE).get_data(as_text=True)
    cache = app.extensions["yearline.page_cache"]
    assert len(cache) == 1 and "⇄ linked" not in first
    assert anon.get(PAGE).get_data(as_text=True) == first and len(cache) == 1
    chinese = app.test_client().get(PAGE, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    filtered = anon.get(PAGE + "?kind=new").get_data(as_text=True)
    assert chinese != first and filtered != first and len(cache) == 3
    ed = _signed_in(app, "ed")
    assert 'name="csrf_token"' in ed.get(PAGE).get_data(as_text=True) and len(cache) == 3
    r = _decide(ed, action="link", a="s1.i3", b="", add_b="s1.i3", note="same aim, new words")
    assert r.status_code == 303
    after = anon.get(PAGE).get_data(as_text=True)
    assert after != first and "⇄ linked" in after
    assert 'name="csrf_token"' not in after  # nothing of the editor's page leaked


def test_anonymous_series_pages_are_kept_rendered_until_a_version_changes(env) -> None:
    """The series page is kept like the compare pages: the same bytes for the same path and
    language, a new page once a year is added (or a decision recorded)."""
    app, _tokens = env
    anon = english_client(app)
    first = anon.get("/s/dec").get_data(as_text=True)
    cache = app.extensions["yearline.page_cache"]
    kept = [key for key in cache if key[-1].startswith("/s/dec?")]  # full_path ends in "?"
    assert len(kept) == 1
    assert anon.get("/s/dec").get_data(as_text=True) == first
    assert len([key for key in cache if key[1] == "series"]) == 1
    with app.app_context():
        session = get_session()
        archive.import_version(session, app.extensions["yearline.store"], series="dec",
                               year=2016, data=Y2015.encode(), filename="2016.txt")  # fmt: skip
        session.commit()
    after = anon.get("/s/dec").get_data(as_text=True)
    assert after != first and "2016" in after and "2016" not in first.split("<main", 1)[-1]
