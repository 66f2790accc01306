"""The search page in a real browser, in Chinese and English (issue 14.1): the true total (counted
here from the archive's documents, not from the search), pages that reach every hit once, the
series and year filters narrowing the total, the hits-per-year bars, and the note when the
query's language is not the archive's. Also photographs the search, series and plan pages in
both languages at desktop and phone width (set YEARLINE_SCREENSHOTS=/some/dir to keep them)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import archive

pytestmark = pytest.mark.browser

Q = "就业"
TOTAL = {"zh": re.compile(r"(\d+) 个条目包含"), "en": re.compile(r"(\d+) units? contains?")}


@pytest.fixture(scope="module")
def truth(live_server) -> Counter[tuple[str, int]]:
    """(series, year) -> units of the current version whose title or text contains ``Q``,
    counted over the stored documents (the way a reader would, unit by unit)."""
    found: Counter[tuple[str, int]] = Counter()
    with live_server.app.app_context():
        from webapp.db import get_session

        session = get_session()
        for info in archive.list_series(session):
            for y in info.years:
                if y.current_version is None:
                    continue
                doc = archive.get_plan(session, series=info.slug, year=y.year).document
                n = sum(Q.casefold() in (u.text + "\n" + u.title).casefold() for u in doc.units)
                if n:
                    found[(info.slug, y.year)] = n
    return found


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load", timeout=180_000)


def _total(page: Any, lang: str) -> int:
    text = page.inner_text("#search-total")
    m = TOTAL[lang].search(text)
    assert m, text
    return int(m.group(1))


def _hits(page: Any) -> list[str]:
    return page.eval_on_selector_all(".hits .hit-link", "els => els.map(e => e.href)")


def _choose(page: Any, name: str, value: str) -> None:
    """Pick a filter the way a reader does: the select submits itself on change."""
    with page.expect_navigation(timeout=60_000):
        page.select_option(f"#search-filters select[name={name}]", value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_total_pages_filters_and_bars(page, live_server, truth, lang, screenshot_dir):
    assert sum(truth.values()) > 200  # the demo alone has 288: more than ten pages
    _open(page, f"{live_server.url}/search?q={Q}&lang={lang}")
    assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
    assert _total(page, lang) == sum(truth.values())
    page.screenshot(path=str(screenshot_dir / f"search-{lang}-1400.png"), full_page=True)

    # the bars: one per year from the first to the last with hits, the tallest drawn tallest
    years = sorted({y for _, y in truth})
    bars = page.locator(".year-bars li")
    assert bars.count() == years[-1] - years[0] + 1
    per_year = Counter()
    for (_, y), n in truth.items():
        per_year[y] += n
    peak = max(per_year, key=lambda y: per_year[y])
    heights = {
        int(li.get_attribute("data-year")): li.locator(".bar").bounding_box() for li in bars.all()
    }
    assert sorted(heights) == list(range(years[0], years[-1] + 1))
    peak_box = heights[peak]
    assert peak_box is not None and peak_box["height"] > 20
    assert all(b is None or b["height"] <= peak_box["height"] + 0.5 for b in heights.values())

    # page through to the last page by the "next" link: every hit once
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        seen += _hits(page)
        nxt = page.locator(".pager a[rel=next]")
        if nxt.count() == 0:
            break
        with page.expect_navigation(timeout=60_000):
            nxt.click()
    assert len(seen) == len(set(seen)) == sum(truth.values())
    assert pages == -(-sum(truth.values()) // 20)
    assert page.locator(".pager .current").inner_text() == str(pages)

    # the series filter narrows the total to that series' hits; a year narrows it further
    _open(page, f"{live_server.url}/search?q={Q}&lang={lang}")
    _choose(page, "series", "hailar-district-gwr")
    hailar = {y: n for (s, y), n in truth.items() if s == "hailar-district-gwr"}
    assert _total(page, lang) == sum(hailar.values()) > 0
    year = max(hailar)
    _choose(page, "year_from", str(year))
    _choose(page, "year_to", str(year))
    assert _total(page, lang) == hailar[year]
    assert "series=hailar-district-gwr" in page.url and f"year_to={year}" in page.url
    # a year alone, every series: the hits of that year
    _open(page, f"{live_server.url}/search?q={Q}&lang={lang}")
    _choose(page, "year_from", "2025")
    _choose(page, "year_to", "2025")
    assert _total(page, lang) == per_year[2025] > 0
    assert page.problems == [], page.problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_english_query_on_the_chinese_archive_says_so(page, live_server, lang):
    _open(page, f"{live_server.url}/search?q=employment&series=cn-national-gwr&lang={lang}")
    note = page.inner_text("#language-note")
    assert "就业" in note  # it suggests a Chinese word to search with
    assert ("English" in note) if lang == "en" else ("英文" in note)
    assert page.locator("#search-total").count() == 0  # and no hit: nothing to page through
    assert page.problems == [], page.problems


SHOTS = {
    "search": f"/search?q={Q}",
    "search-filtered": f"/search?q={Q}&series=cn-national-gwr&year_from=2020",
    "series-national": "/s/cn-national-gwr",
    "plan-national-2025": "/s/cn-national-gwr/2025",
}


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_series_and_plan_screenshots(
    browser, live_server, screenshot_dir: Path, lang, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        for name, path in SHOTS.items():
            sep = "&" if "?" in path else "?"
            _open(page, f"{live_server.url}{path}{sep}lang={lang}")
            assert page.locator("main h1").count() == 1
            if name.startswith("series"):
                page.wait_for_selector("#chart-timeline.rendered svg.main-svg", timeout=60_000)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (name, scroll)  # nothing forces sideways scrolling
            page.screenshot(
                path=str(screenshot_dir / f"{name}-{lang}-{width}.png"),
                full_page=not name.startswith("plan"),
            )
    finally:
        context.close()
