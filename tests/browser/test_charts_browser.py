"""Charts a reader can read, in real Chromium at desktop (1400 px) and phone (390 px) width: no
text of any chart falls outside its drawing (cut off), timeline rows carry distinct labels with
the full headline on hover, the phone gets the narrow variant, and no page scrolls sideways.
Screenshots of every chart go to $YEARLINE_SCREENSHOTS when set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

# text whose box leaves its chart's <svg> (1 px of rounding allowed), and the number of texts
CLIPPED = """(id) => {
  const el = document.getElementById(id);
  const box = el.querySelector('svg.main-svg').getBoundingClientRect();
  const bad = [];
  let n = 0;
  el.querySelectorAll('svg text').forEach((t) => {
    const b = t.getBoundingClientRect();
    if (!t.textContent.trim() || b.width === 0) return;
    n += 1;
    if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1
        || b.bottom > box.bottom + 1) bad.push(t.textContent.slice(0, 40));
  });
  return {bad: bad, n: n};
}"""

PAGES = {
    "cn-national-gwr": "/s/cn-national-gwr",  # 25 years, long Chinese headlines, targets
    "hailar-district-gwr": "/s/hailar-district-gwr",  # alike titles, 8 years
    "shenzhen-social-construction": "/s/shenzhen-social-construction",  # one year, agencies
    "synthetic-seed": "/s/synthetic-seed",  # two years with agencies: the heat map
}


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def sized_page(request: Any, browser: Any) -> Any:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.problems = problems
    page.width = request.param
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_chart_text_is_cut_off(sized_page, live_server, name, lang, screenshot_dir: Path):
    page = sized_page
    page.goto(f"{live_server.url}{PAGES[name]}?lang={lang}", wait_until="load", timeout=180_000)
    ids = page.eval_on_selector_all("[data-chart]", "els => els.map(e => e.id)")
    assert ids, "no charts on the page"
    for cid in ids:
        page.wait_for_selector(f"#{cid}.rendered svg.main-svg", timeout=30_000)
        found = page.evaluate(CLIPPED, cid)
        assert found["n"] > 0, cid
        assert found["bad"] == [], (cid, page.width, found["bad"])
        page.locator(f"#{cid}").screenshot(
            path=str(screenshot_dir / f"chart-{name}-{cid}-{page.width}-{lang}.png")
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    assert page.problems == [], page.problems


def test_timeline_rows_are_told_apart_and_hover_gives_the_headline(sized_page, live_server):
    page = sized_page
    page.goto(f"{live_server.url}/s/hailar-district-gwr?lang=zh", wait_until="load",
              timeout=180_000)  # fmt: skip
    page.wait_for_selector("#chart-timeline.rendered .annotation")
    variant = page.get_attribute("#chart-timeline", "data-variant")
    assert variant == ("narrow" if page.width < 600 else "wide")
    labels = page.locator("#chart-timeline .annotation-text")
    texts = labels.all_text_contents()
    assert len(texts) > 20
    assert len(set(texts)) == len(texts)  # every row's label differs
    # each label is more than a stub: most hold 20+ characters (they stopped at 12 before)
    assert sum(len(t) >= 20 for t in texts) > len(texts) // 2
    # the whole headline on hover over a row label
    target = labels.nth(1)
    target.hover()
    page.wait_for_selector("#chart-timeline .hoverlayer .hovertext", timeout=10_000)
    hover = page.locator("#chart-timeline .hoverlayer .hovertext").first.text_content() or ""
    assert len(hover) >= len(texts[1].rstrip("…"))
    assert texts[1].rstrip("…")[:8] in hover
