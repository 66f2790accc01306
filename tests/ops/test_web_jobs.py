"""The web side of the queue: an upload's confirm returns at once with the job of its
comparisons, the plan page follows that job instead of building the timeline itself, and
``/api/v1/jobs/<id>`` reports progress."""

from __future__ import annotations

import sqlalchemy as sa

import archive
from archive import models as m
from tests.webapp.conftest import english_client, instance_app, seed_archive

PLANS = [("hailar-district-gwr", y) for y in (2012, 2013, 2014)]


def _record(url: str, **fields) -> int:
    engine = archive.make_engine(url)
    with archive.session_factory(engine)() as s:
        row = m.JobRecord(task="warm", args={"series": "hailar-district-gwr", "year": 2014},
                          label="hailar-district-gwr", **fields)  # fmt: skip
        s.add(row)
        s.commit()
        job_id = row.id
    engine.dispose()
    return job_id


def _timelines(url: str) -> int:
    engine = archive.make_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(m.TimelineCache)).scalar_one()
    engine.dispose()
    return n


def test_plan_page_follows_a_running_job_and_the_api_reports_it(sqlite_template, tmp_path):
    url, _ = seed_archive(sqlite_template, tmp_path, plans=PLANS)
    client = english_client(instance_app(url, tmp_path))
    running = _record(url, state="doing", done=2, total=4, message="compared 2012 and 2014")
    page = client.get(f"/s/hailar-district-gwr/2014?job={running}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="job-progress"' in html and 'value="2"' in html and 'max="4"' in html
    assert f"/api/v1/jobs/{running}" in html and "js/jobs.js" in html
    assert _timelines(url) == 0  # the page left the timeline to the job
    body = client.get(f"/api/v1/jobs/{running}").get_json()
    assert body["state"] == "doing" and body["progress"] == {"done": 2, "total": 4}
    assert body["message"] == "compared 2012 and 2014"
    assert client.get("/api/v1/jobs/999999").status_code == 404

    done = _record(url, state="succeeded", done=4, total=4)
    html = client.get(f"/s/hailar-district-gwr/2014?job={done}").get_data(as_text=True)
    assert 'id="job-progress"' not in html and "js/jobs.js" not in html
    assert _timelines(url) == 1  # finished: the page is the ordinary one again
    zh = instance_app(url, tmp_path).test_client()
    zh_html = zh.get(f"/s/hailar-district-gwr/2014?job={running}").get_data(as_text=True)
    assert "正在将本年度与本系列其他年度逐一比较" in zh_html


def test_upload_through_the_api_queues_its_comparisons(sqlite_template, tmp_path):
    from tests.webapp.conftest import DEMO

    url, tokens = seed_archive(
        sqlite_template, tmp_path, plans=PLANS[:2], users=[("ed", "editor")], tokens=True
    )
    app = instance_app(url, tmp_path, JOBS="inline")  # run the job in the request, to check it
    client = english_client(app)
    data = (DEMO / "hailar-district-gwr" / "2014.txt").read_bytes()
    r = client.post(
        "/api/v1/series/hailar-district-gwr/2014/versions?filename=2014.txt",
        data=data,
        headers={"Authorization": f"Bearer {tokens['ed']}", "Content-Type": "text/plain"},
    )
    assert r.status_code == 201
    job = client.get(r.headers["Yearline-Job"]).get_json()
    assert job["state"] == "succeeded" and job["args"] == {
        "series": "hailar-district-gwr",
        "year": 2014,
    }
    engine = archive.make_engine(url)
    with archive.session_factory(engine)() as s:
        from archive.jobs import cache_report

        report = cache_report(s, "hailar-district-gwr")[0]
    engine.dispose()
    assert report.pairs == report.cached_pairs == 3 and report.timeline_cached


def test_job_messages_are_shown_in_the_users_language(sqlite_template, tmp_path):
    """A job stores its message as a key and parameters beside the English text: the plan page
    and ``/api/v1/jobs/<id>`` say it in the reader's language; ``message`` stays English."""
    import re

    from archive.jobs import TEMPLATES, JobMessage
    from archive.jobs.messages import failure, message_fields
    from webapp import messages

    url, _ = seed_archive(sqlite_template, tmp_path, plans=PLANS)
    note = JobMessage("warm.compared", series="hailar-district-gwr", year_a=2012, year_b=2014)
    assert note == "hailar-district-gwr: compared 2012 and 2014"  # the English text
    running = _record(url, state="doing", done=2, total=4, **message_fields(note))
    app = instance_app(url, tmp_path)
    zh = app.test_client().get(f"/s/hailar-district-gwr/2014?job={running}").get_data(as_text=True)
    assert "hailar-district-gwr：已比较 2012 年与 2014 年" in zh
    en = english_client(app).get(f"/s/hailar-district-gwr/2014?job={running}")
    assert "hailar-district-gwr: compared 2012 and 2014" in en.get_data(as_text=True)
    body = app.test_client().get(f"/api/v1/jobs/{running}").get_json()
    assert body["message"] == "hailar-district-gwr: compared 2012 and 2014"
    assert body["message_key"] == "warm.compared"
    assert body["message_params"] == {"series": "hailar-district-gwr", "year_a": 2012,
                                      "year_b": 2014}  # fmt: skip
    assert body["message_localized"] == "hailar-district-gwr：已比较 2012 年与 2014 年"
    assert (
        english_client(app).get(f"/api/v1/jobs/{running}").get_json()["message_localized"]
        == "hailar-district-gwr: compared 2012 and 2014"
    )
    # a failure keeps the archive error's code: said in Chinese, English in `message`
    error = archive.NotFound("no series 'gone'", code="no_series", series="gone")
    failed = _record(url, state="failed", **message_fields(failure(error)))
    body = app.test_client().get(f"/api/v1/jobs/{failed}").get_json()
    assert "no series 'gone'" in body["message"]
    assert body["message_localized"] == "失败：没有名为 gone 的系列。"
    # every key the archive writes has its translated twin, and each says all its parameters
    assert set(messages.JOB_MESSAGES) == set(TEMPLATES)
    params = {"series": "s", "count": 3, "year_a": 2012, "year_b": 2013, "what": "timeline",
              "format": "xlsx", "owner": "h:1:2", "error": "boom"}  # fmt: skip
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        for key, template in messages.JOB_MESSAGES.items():
            text = template(dict(params))
            assert re.search(r"[\u4e00-\u9fff]", text), (key, text)
            for name in re.findall(r"%\((\w+)\)s", TEMPLATES[key]):
                if name != "what":
                    assert str(params[name]) in text, (key, name, text)
