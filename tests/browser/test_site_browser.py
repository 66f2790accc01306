"""The site in a real browser: charts draw, compare filters work, the language switch works,
and every page is photographed (set YEARLINE_SCREENSHOTS=/some/dir to keep the pictures)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERIES_CHARTS = {
    "cn-national-gwr": ["chart-timeline", "chart-bars", "chart-sankey"],
    "hailar-district-gwr": ["chart-timeline", "chart-bars", "chart-sankey"],
}


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load", timeout=180_000)


def _assert_clean(page: Any) -> None:
    assert page.problems == [], page.problems


@pytest.mark.parametrize("series", sorted(SERIES_CHARTS))
def test_series_charts_render_as_svg(page, live_server, series, screenshot_dir: Path):
    _open(page, f"{live_server.url}/s/{series}")
    for chart in SERIES_CHARTS[series]:
        page.wait_for_selector(f"#{chart}.rendered svg.main-svg", timeout=30_000)
        assert page.locator(f"#{chart} svg.main-svg").count() >= 1
    # the timeline has one mark per (thread, present year): plenty of points
    assert page.locator("#chart-timeline .scatterlayer .point").count() > 20
    page.screenshot(path=str(screenshot_dir / f"site-series-{series}.png"), full_page=True)
    _assert_clean(page)


def test_series_without_agencies_says_so(page, live_server):
    _open(page, f"{live_server.url}/s/cn-national-gwr")
    assert page.locator("#chart-agencies").count() == 0
    assert "No lead agencies" in page.inner_text("main")
    _assert_clean(page)


def test_timeline_click_opens_thread(page, live_server):
    _open(page, f"{live_server.url}/s/hailar-district-gwr")
    page.wait_for_selector("#chart-timeline.rendered .scatterlayer .point")
    point = page.locator("#chart-timeline .scatterlayer .point").first
    box = point.bounding_box()
    assert box is not None
    # hover shows that year's number and headline (hover labels need Plotly's runtime styles)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#chart-timeline .hoverlayer .hovertext", timeout=10_000)
    hover = page.locator("#chart-timeline .hoverlayer .hovertext").first.text_content()
    assert re.search(r"20\d\d · ", hover), hover
    with page.expect_navigation(timeout=60_000):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "/s/hailar-district-gwr/thread/" in page.url
    _assert_clean(page)


def test_compare_kind_filter_shows_only_that_kind(page, live_server, screenshot_dir: Path):
    _open(page, f"{live_server.url}/s/cn-national-gwr/compare/2024..2025")
    page.screenshot(path=str(screenshot_dir / "site-compare-national-2024-2025.png"))
    rows = page.locator("#rows .row")
    total = rows.count()
    assert total > 10
    page.click(".chip[data-kind=new]")
    visible = page.locator("#rows .row:visible")
    n_new = visible.count()
    assert 0 < n_new < total
    tags = visible.evaluate_all("rs => rs.map(r => r.dataset.tags)")
    assert all("new" in t.split() for t in tags)
    assert re.search(r"[?&]kind=new(&|$)", page.url)
    assert page.inner_text("#n-visible") == str(n_new)
    # add a second kind: rows of either kind
    page.click(".chip[data-kind=dropped]")
    tags = page.locator("#rows .row:visible").evaluate_all("rs => rs.map(r => r.dataset.tags)")
    assert all({"new", "dropped"} & set(t.split()) for t in tags)
    assert len(tags) > n_new
    # the URL alone reproduces the view (server-side filtering, no click needed)
    url = page.url
    fresh = page.context.new_page()
    fresh.goto(url)
    assert fresh.locator("#rows .row:visible").count() == len(tags)
    fresh.close()
    # back to all changes
    page.click(".chip-clear")
    assert page.locator("#rows .row:visible").count() > len(tags)
    _assert_clean(page)


def test_compare_agency_filter(page, live_server, screenshot_dir: Path):
    _open(page, f"{live_server.url}/s/synthetic-seed/compare/2014..2015")
    page.screenshot(path=str(screenshot_dir / "site-compare-seed-vs-synthetic.png"))
    before = page.locator("#rows .row:visible").count()
    page.select_option("select[name=agency]", "市合成测试局")
    visible = page.locator("#rows .row:visible")
    assert visible.count() == 1 < before
    assert "开展合成测试事项" in visible.inner_text()
    # the hostile text of that synthetic item is shown as text, never run
    assert "<script>alert('yearline')</script>" in visible.inner_text()
    assert "agency=" in page.url
    page.click(".chip[data-kind=lead]")
    assert page.locator("#rows .row:visible").count() == 0
    assert page.locator("#no-rows").is_visible()
    page.select_option("select[name=agency]", "")
    lead_rows = page.locator("#rows .row:visible")
    assert lead_rows.count() >= 1
    assert "Primary lead changed" in lead_rows.first.inner_text()
    _assert_clean(page)


def test_chinese_interface_screenshot(page, live_server, screenshot_dir: Path):
    page.context.add_cookies([{"name": "lang", "value": "zh", "url": live_server.url}])
    _open(page, f"{live_server.url}/s/synthetic-seed")
    page.wait_for_selector("#chart-agencies.rendered svg.main-svg")
    page.wait_for_selector("#chart-timeline.rendered svg.main-svg")
    assert "各项举措的逐年变化" in page.inner_text("main")
    page.screenshot(path=str(screenshot_dir / "site-series-synthetic-zh.png"), full_page=True)
    _assert_clean(page)


def test_language_switch(page, live_server):
    _open(page, f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Plans by series" in page.inner_text("h1")
    page.click(".langswitch a[data-lang=zh]")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.inner_text("h1") != "Plans by series"
    assert re.search(r"[\u4e00-\u9fff]", page.inner_text("h1"))
    # the choice sticks on the next page
    _open(page, f"{live_server.url}/search?q=x")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.click(".langswitch a[data-lang=en]")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/search?q=x" in page.url
    _assert_clean(page)


SHOTS = {
    "home": "/",
    "series-shenzhen": "/s/shenzhen-social-construction",
    "plan-shenzhen-2014": "/s/shenzhen-social-construction/2014",
    "plan-national-2025": "/s/cn-national-gwr/2025",
    "compare-hailar-2018-2019": "/s/hailar-district-gwr/compare/2018..2019",
    "search": "/search?q=%E5%85%BB%E8%80%81",
}


@pytest.mark.parametrize("name", sorted(SHOTS))
def test_page_screenshots(page, live_server, screenshot_dir: Path, name):
    _open(page, live_server.url + SHOTS[name])
    assert page.locator("main h1").count() == 1
    page.screenshot(path=str(screenshot_dir / f"site-{name}.png"), full_page=name == "home")
    _assert_clean(page)


def test_thread_page(page, live_server, screenshot_dir: Path):
    _open(page, f"{live_server.url}/s/hailar-district-gwr/compare/2018..2019?kind=changed")
    link = page.locator("#rows .row:visible .thread-link").first
    with page.expect_navigation():
        link.click()
    assert "/thread/" in page.url
    assert page.locator(".year-strip .st").count() == 8  # one cell per Hailar year
    page.screenshot(path=str(screenshot_dir / "site-thread-hailar.png"), full_page=True)
    _assert_clean(page)


def test_narrow_screen_compare_stacks_columns(browser, live_server, screenshot_dir: Path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        _open(page, f"{live_server.url}/s/synthetic-seed/compare/2014..2015")
        col_a = page.locator("#rows .row:visible .col-a").first.bounding_box()
        col_b = page.locator("#rows .row:visible .col-b").first.bounding_box()
        assert col_a and col_b and col_b["y"] > col_a["y"]  # stacked, not squeezed side by side
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing forces sideways scrolling
        page.screenshot(path=str(screenshot_dir / "site-compare-mobile-zh.png"))
    finally:
        context.close()


def test_link_into_a_collapsed_run_opens_it(page, live_server, screenshot_dir: Path):
    """Unchanged and boilerplate rows fold into runs (<details>, no script needed to open one);
    a link to a row inside a closed run (#m-<n>) opens the run on load and on a hash change."""
    url = f"{live_server.url}/s/cn-national-gwr/compare/2024..2025"
    _open(page, url)
    runs = page.locator("#rows details.run")
    assert runs.count() >= 3
    assert runs.evaluate_all("ds => ds.every(d => !d.open)")
    anchors = runs.evaluate_all("ds => ds.map(d => d.querySelector('.row-head').id)")
    first, second, third = anchors[0], anchors[-1], anchors[-2]
    assert not page.locator(f"#{first}").is_visible()
    # a click on the summary opens a run natively, and the count of rows shown follows
    shown = int(page.inner_text("#n-visible"))
    runs.first.locator("summary").click()
    assert page.locator(f"#{first}").is_visible()
    # (expect, not wait_for_function: on this CSP page Playwright's re-polled string predicate
    # is an eval, refused after its first run -- microsoft/playwright#36986)
    expect(page.locator("#n-visible")).not_to_have_text(str(shown))
    assert int(page.inner_text("#n-visible")) > shown
    # a cited row in a closed run: opened on load
    fresh = page.context.new_page()
    fresh.goto(f"{url}#{second}", wait_until="load", timeout=180_000)
    assert fresh.locator(f"#{second}").is_visible()
    box = fresh.locator(f"#{second}").bounding_box()
    assert box and 0 <= box["y"] < 900  # scrolled to
    fresh.screenshot(path=str(screenshot_dir / "site-compare-national-run-opened.png"))
    # ... and on a hash change within the page
    assert not fresh.locator(f"#{third}").is_visible()
    fresh.evaluate(f"window.location.hash = '#{third}'")
    expect(fresh.locator(f"#{third}")).to_be_visible()  # its run opened
    fresh.close()
    # choosing the unchanged kind leaves only its rows, in open runs
    page.click(".chip[data-kind=unchanged]")
    tags = page.locator("#rows .row:visible").evaluate_all("rs => rs.map(r => r.dataset.tags)")
    assert tags and all("unchanged" in t.split() for t in tags)
    assert page.inner_text("#n-visible") == str(len(tags))
    _assert_clean(page)
