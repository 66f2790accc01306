"""Blame shading, term trends, programmes and promises pages, their downloads and API routes, on
the demo archive (real reports)."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

from openpyxl import load_workbook

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}
NATIONAL = "/s/cn-national-gwr"


def _spans(html: str) -> list[tuple[str, int, str]]:
    """(class, since, text) of every age span of a page."""
    pattern = r'<span class="age (age-\d)" data-since="(\d+)" title="[^"]*">([^<]*)</span>'
    found = re.findall(pattern, html)
    return [(c, int(y), unescape(t)) for c, y, t in found]


def test_plan_page_shades_text_by_age_only_when_asked(site_client):
    plain = site_client.get(f"{NATIONAL}/2025", headers=EN).data.decode()
    assert 'class="age ' not in plain
    assert f'href="{NATIONAL}/2025?age=1"' in plain
    html = site_client.get(f"{NATIONAL}/2025?age=1", headers=EN).data.decode()
    spans = _spans(html)
    assert spans and all(y <= 2025 for _c, y, _t in spans)
    # the 2025 sentence on the exchange rate: wording of 2004 and 2006 (see
    # tests/comparison/test_history.py for how that was checked)
    assert ("age-4", 2004, "保持人民币汇率在合理均衡水平上") in spans
    assert 'title="since 2004"' in html
    assert "Hide the age shading" in html
    zh = site_client.get(f"{NATIONAL}/2025?age=1", headers=ZH).data.decode()
    assert "始于2004年" in zh


def test_plan_page_of_a_single_year_series_has_no_shading(site_client):
    html = site_client.get("/s/shenzhen-social-construction/2014?age=1", headers=EN).data.decode()
    assert 'class="age ' not in html


def test_thread_page_flags_carried_over_promises_and_shades(site_client):
    # the 2025 unit s3.t10.p8 carries "支持工会、共青团、妇联等群团组织更好发挥作用" (2019-2025)
    api = site_client.get("/api/v1/series/cn-national-gwr/promises").get_json()
    promise = next(p for p in api["promises"] if "群团组织更好发挥作用" in p["text"])
    assert promise["first_year"] == 2019
    timeline = site_client.get("/api/v1/series/cn-national-gwr/timeline").get_json()
    key_2025 = next(m["key"] for m in promise["mentions"] if m["year"] == 2025)
    thread = next(
        t for t in timeline["threads"]
        if any(y["year"] == 2025 and key_2025 in y["keys"] for y in t["years"])
    )  # fmt: skip
    html = site_client.get(f"{NATIONAL}/thread/{thread['id']}", headers=EN).data.decode()
    assert "Promised every year since 2019" in html
    shaded = site_client.get(f"{NATIONAL}/thread/{thread['id']}?age=1", headers=EN).data.decode()
    assert _spans(shaded)


def test_series_page_term_chart_keeps_terms_in_the_url(site_client):
    html = site_client.get(f"{NATIONAL}?term=互联网%2B&term=放管服", headers=EN).data.decode()
    m = re.search(r'<script type="application/json" id="chart-terms-data">(.*?)</script>', html)
    assert m
    fig = json.loads(m.group(1))
    lines = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in fig["data"]}
    assert set(lines) == {"互联网+", "放管服"}
    assert lines["互联网+"]["2021"] == 3 and lines["放管服"]["2017"] == 1
    assert 'value="互联网+"' in html  # the form shows what the URL asked
    assert "/s/cn-national-gwr/programmes" in html and "/s/cn-national-gwr/promises" in html
    # without terms: the latest year's rising terms, listed and charted
    default = site_client.get(NATIONAL, headers=EN).data.decode()
    assert "Rising in 2025:" in default and 'id="chart-terms"' in default


def test_terms_downloads(site_client):
    r = site_client.get(f"{NATIONAL}/terms.csv?term=放管服")
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert {(x["year"], x["count"]) for x in rows if x["year"] in ("2017", "2021")} == {
        ("2017", "1"),
        ("2021", "4"),
    }
    data = json.loads(site_client.get(f"{NATIONAL}/terms.json?term=放管服").data)
    assert data["terms"][0]["counts"]["2021"] == 4
    wb = load_workbook(io.BytesIO(site_client.get(f"{NATIONAL}/terms.xlsx", headers=EN).data))
    assert {"terms", "per_10k", "emerging_fading"} <= set(wb.sheetnames)
    # in the Chinese interface the workbook speaks Chinese (sheets, headers, directions)
    wb = load_workbook(io.BytesIO(site_client.get(f"{NATIONAL}/terms.xlsx", headers=ZH).data))
    assert wb.sheetnames == ["词频", "每万字频率", "新兴与淡出"]
    assert wb["词频"]["A1"].value == "词语"
    assert {r[1] for r in wb["新兴与淡出"].iter_rows(min_row=2, values_only=True)} <= {
        "新兴",
        "淡出",
    }
    assert site_client.get(f"{NATIONAL}/terms.pdf").status_code == 404


def test_programmes_page_sorts_filters_and_links_to_mentions(site_client):
    html = site_client.get(f"{NATIONAL}/programmes?sort=count", headers=EN).data.decode()
    assert "乡村振兴战略" in html and "“放管服”改革" in html and "《中国制造2025》" in html
    # each mention links to its unit on the plan page
    row = re.search(r"<tr>\s*<td><a [^>]*>乡村振兴战略</a>.*?</tr>", html, re.S)
    assert row
    assert re.search(rf'href="{NATIONAL}/2018#u-[^"]+"', row.group(0))
    cells = re.findall(r"<td>(\d{4})</td>", row.group(0))
    assert cells == ["2018", "2023"]
    slogans = site_client.get(f"{NATIONAL}/programmes?kind=slogan", headers=EN).data.decode()
    assert "“放管服”改革" in slogans and "乡村振兴战略" not in slogans
    assert site_client.get(f"{NATIONAL}/programmes?kind=bogus").status_code == 400
    data = json.loads(site_client.get(f"{NATIONAL}/programmes.json").data)
    p = next(x for x in data["programmes"] if x["name"] == "乡村振兴战略")
    assert (p["first_year"], p["last_year"]) == (2018, 2023)


def test_promises_page(site_client):
    html = site_client.get(f"{NATIONAL}/promises", headers=EN).data.decode()
    assert "Promised every year since 2019" in html
    assert "支持工会、共青团、妇联等群团组织更好发挥作用。" in html


def test_api_routes(site_client):
    b = site_client.get("/api/v1/series/cn-national-gwr/2025/blame").get_json()
    assert set(b) == {"series", "year", "units"} and b["year"] == 2025
    plan = site_client.get("/api/v1/series/cn-national-gwr/2025").get_json()
    texts = {u["key"]: u["text"] for u in plan["units"]}
    assert all("".join(s["text"] for s in u["spans"]) == texts[u["key"]] for u in b["units"])
    t = site_client.get("/api/v1/series/cn-national-gwr/terms?term=新质生产力").get_json()
    assert t["terms"][0]["counts"]["2024"] == 1
    assert site_client.get("/api/v1/series/cn-national-gwr/terms?term=").status_code == 400
    assert site_client.get("/api/v1/series/cn-national-gwr/1999/blame").status_code == 404
    assert site_client.get("/api/v1/series/nope/programmes").status_code == 404


def test_compare_page_marks_wording_older_than_year_a_only_when_asked(site_client):
    url = f"{NATIONAL}/compare/2024..2025"
    plain = site_client.get(url, headers=EN).data.decode()
    assert '<mark class="older"' not in plain and "Mark wording older than 2024" in plain
    html = site_client.get(url + "?old=1", headers=EN).data.decode()
    marked = re.findall(r'<mark class="older" title="since (\d+)">([^<]*)</mark>', html)
    assert marked and all(int(y) < 2024 for y, _t in marked)
    # the exchange-rate sentence of 2025: its wording dates from 2004 and 2006
    assert ("2004", "保持人民币汇率在合理均衡水平上") in marked
    assert "Hide wording older than 2024" in html
