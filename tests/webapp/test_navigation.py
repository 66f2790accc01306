"""Getting around: the year picker at /s/<series>/compare, the plan page's table of contents,
and the access log ``yearline serve`` writes (one line per request)."""

from __future__ import annotations

import logging
import re

from werkzeug.test import Client

from webapp.accesslog import AccessLog

EN = {"Accept-Language": "en"}


def test_compare_without_years_offers_the_year_picker(site_client):
    r = site_client.get("/s/cn-national-gwr/compare", headers=EN)
    assert r.status_code == 200
    html = r.data.decode()
    form = html.split('class="compare-form"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'name="a">.*<option value="2024" selected>', form, re.S)
    assert re.search(r'name="b">.*<option value="2025" selected>', form, re.S)
    # every consecutive pair, newest first, leads to its comparison
    pairs = re.findall(r'href="/s/cn-national-gwr/compare/(\d{4})\.\.(\d{4})"', html)
    assert pairs[0] == ("2024", "2025") and ("2019", "2021") in pairs
    assert all(int(a) < int(b) for a, b in pairs)
    assert site_client.get("/s/cn-national-gwr/compare/2019..2021").status_code == 200
    # malformed years: still the picker, with the reason, as a 400
    bad = site_client.get("/s/cn-national-gwr/compare?a=20x4&b=2025", headers=EN)
    assert bad.status_code == 400
    assert "Pick two years to compare." in bad.data.decode() and "compare-form" in bad.data.decode()
    assert site_client.get("/s/no-such-series/compare").status_code == 404
    one = site_client.get("/s/shenzhen-social-construction/compare", headers=EN).data.decode()
    assert "This series has one year so far" in one


def test_plan_page_has_a_table_of_contents(site_client):
    html = site_client.get("/s/cn-national-gwr/2025", headers=EN).data.decode()
    toc = html.split('<nav class="panel toc" id="toc"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'<li class="toc-(section|task)"><a href="#u-([^"]+)"', toc)
    kinds = {k for k, _key in targets}
    assert kinds == {"section", "task"} and len(targets) >= 10
    for _kind, key in targets:  # every entry leads somewhere on the page
        assert f'id="u-{key}"' in html
    # entries are long enough to tell apart
    texts = re.findall(r'<a href="#u-[^"]+" title="[^"]*">([^<]+)</a>', toc)
    assert len(set(texts)) == len(texts)


def test_plan_without_sections_lists_its_headlines(site_client):
    html = site_client.get("/s/shenzhen-social-construction/2014", headers=EN).data.decode()
    assert 'id="toc"' in html and "toc-section" in html


def test_access_log_writes_one_line_per_request(site_app, caplog):
    logger = logging.getLogger("test.access")
    client = Client(AccessLog(site_app.wsgi_app, logger))
    with caplog.at_level(logging.INFO, logger="test.access"):
        ok = client.get("/s/cn-national-gwr/2025", headers=EN, buffered=True)
        missing = client.get("/nowhere?x=%E5%B0%B1", headers=EN, buffered=True)
        client.get("/api/v1/search?q=%E5%B0%B1%E4%B8%9A&limit=1", buffered=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "test.access"]
    assert len(lines) == 3
    size = len(ok.get_data())
    assert re.fullmatch(
        rf'\S+ - - \[[^\]]+\] "GET /s/cn-national-gwr/2025 HTTP/1\.1" 200 {size} '
        r"[\d.]+ms",
        lines[0],
    ), lines[0]
    assert missing.status_code == 404 and '"GET /nowhere?x=%E5%B0%B1 HTTP/1.1" 404 ' in lines[1]
    assert '"GET /api/v1/search?q=' in lines[2] and '" 200 ' in lines[2]
