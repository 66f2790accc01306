"""The series page's figures on the demo archive (issue 14.3): what the page embeds, read back
from its JSON blocks. How they look is checked in tests/browser/test_charts_browser.py."""

from __future__ import annotations

import json
import re
from typing import Any

EN = {"Accept-Language": "en-US,en;q=0.9"}
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def _figure(html: str, chart: str) -> dict[str, Any]:
    m = re.search(rf'<script type="application/json" id="{chart}-data">(.*?)</script>', html, re.S)
    assert m, f"{chart} not on the page"
    fig: dict[str, Any] = json.loads(m.group(1))
    return fig


def test_national_timeline_labels_are_distinct_and_long_enough(site_client):
    html = site_client.get("/s/cn-national-gwr", headers=ZH).data.decode()
    fig = _figure(html, "chart-timeline")
    labels = [a["text"].replace("<br>", "") for a in fig["layout"]["annotations"]]
    assert len(labels) >= 20
    assert len(set(labels)) == len(labels)
    assert max(len(x) for x in labels) > 30  # they stopped at 12 characters before
    hovers = [a["hovertext"].replace("<br>", "") for a in fig["layout"]["annotations"]]
    for label, hover in zip(labels, hovers, strict=True):  # hover: the whole label text at least
        # a line break may stand where the label had a blank ("(2004–2022)<br>4"): compare
        # without blanks
        head = label.rstrip("…").split("…")[0].replace(" ", "")
        assert hover.replace(" ", "").startswith(head), (label, hover)
    narrow = [a["text"] for a in fig["narrow"]["layout"]["annotations"]]
    assert len(set(narrow)) == len(narrow) == len(labels)


def test_hailar_rows_alike_are_labelled_by_their_first_headline(site_client):
    html = site_client.get("/s/hailar-district-gwr", headers=ZH).data.decode()
    labels = [a["text"] for a in _figure(html, "chart-timeline")["layout"]["annotations"]]
    assert len(set(labels)) == len(labels)
    assert sum("2012年起" in x for x in labels) >= 5


def test_one_year_agency_chart_is_bars(site_client):
    html = site_client.get("/s/shenzhen-social-construction", headers=EN).data.decode()
    fig = _figure(html, "chart-agencies")
    assert {tr["type"] for tr in fig["data"]} == {"bar"}
    assert fig["data"][0]["orientation"] == "h"
    assert "one year only" in fig["layout"]["annotations"][0]["text"]


def test_a_kind_the_series_lacks_falls_back_to_the_default(site_client):
    html = site_client.get("/s/cn-national-gwr?kind=nonsense", headers=EN).data.decode()
    fig = _figure(html, "chart-timeline")
    assert len(fig["layout"]["annotations"]) >= 20  # rows, not an empty grid
    assert re.search(r'<option value="task" selected>', html)
