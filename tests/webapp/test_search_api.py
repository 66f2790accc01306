"""/api/v1/search: the true total, ``next`` links that reach every hit once, the filters, on
SQLite and PostgreSQL; and the search page's total, pages, filters, year bars and language note."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.webapp.conftest import instance_app, seed_database

PLANS = [
    ("hailar-district-gwr", 2014),
    ("hailar-district-gwr", 2015),
    ("cn-national-gwr", 2016),
    ("cn-national-gwr", 2017),
    ("shenzhen-social-construction", 2014),
]
EN = {"Accept-Language": "en"}


@pytest.fixture
def seeded(database_url, tmp_path):
    seed_database(database_url, tmp_path / "blobs", plans=PLANS)
    app = instance_app(database_url, tmp_path)
    yield app.test_client()
    app.extensions["yearline.engine"].dispose()


def _truth(client, q: str) -> dict[tuple[str, int, str], str]:
    """(series, year, key) -> kind of every unit containing ``q``, read from the plan JSON."""
    found = {}
    for slug, year in PLANS:
        for u in client.get(f"/api/v1/series/{slug}/{year}").get_json()["units"]:
            if q.casefold() in u["text"].casefold() or q.casefold() in u["title"].casefold():
                found[(slug, year, u["key"])] = u["kind"]
    return found


def _follow(client, url: str) -> tuple[list[dict], set[int]]:
    hits, totals = [], set()
    while url:
        r = client.get(url)
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
        assert list(body)[:4] == ["query", "total", "results", "next"]
        hits += body["results"]
        totals.add(body["total"])
        url = body["next"]
        if url:
            parts = urlsplit(url)
            assert parts.path == "/api/v1/search"
            url = f"{parts.path}?{parts.query}"
    return hits, totals


@pytest.mark.parametrize(("q", "limit"), [("就业", 10), ("社会组织", 2)])  # LIKE; trigram
def test_api_total_and_next_reach_every_hit_once(seeded, q, limit):
    truth = _truth(seeded, q)
    assert len(truth) > 2 * limit + 1  # three pages at least, the last one partial
    hits, totals = _follow(seeded, f"/api/v1/search?q={q}&limit={limit}")
    assert totals == {len(truth)}
    keys = [(h["series"], h["year"], h["key"]) for h in hits]
    assert len(keys) == len(set(keys)) and set(keys) == set(truth)
    assert [h["year"] for h in hits] == sorted((h["year"] for h in hits), reverse=True)
    last = seeded.get(f"/api/v1/search?q={q}&limit={limit}&offset={len(truth) - 1}").get_json()
    assert last["next"] is None and len(last["results"]) == 1


def test_api_filters_and_relevance(seeded):
    q = "就业"
    truth = _truth(seeded, q)
    cases = {
        "series=hailar-district-gwr": lambda s, y, k: s == "hailar-district-gwr",
        "year_from=2015&year_to=2016": lambda s, y, k: 2015 <= y <= 2016,
        "kind=item,paragraph": lambda s, y, k: truth[(s, y, k)] in ("item", "paragraph"),
        "kind=task&kind=section&year_from=2016": lambda s, y, k: (
            truth[(s, y, k)] in ("task", "section") and y >= 2016
        ),
    }
    for args, keep in cases.items():
        want = {key for key in truth if keep(*key)}
        assert want, args
        hits, totals = _follow(seeded, f"/api/v1/search?q={q}&limit=4&{args}")
        assert totals == {len(want)}, args
        assert {(h["series"], h["year"], h["key"]) for h in hits} == want, args
    hits, totals = _follow(seeded, f"/api/v1/search?q={q}&limit=6&order=relevance")
    assert totals == {len(truth)}
    in_title = [q in h["title"] for h in hits]
    assert any(in_title) and in_title == sorted(in_title, reverse=True)
    next_url = seeded.get(f"/api/v1/search?q={q}&limit=3&order=relevance").get_json()["next"]
    assert parse_qs(urlsplit(next_url).query)["order"] == ["relevance"]


@pytest.mark.parametrize(
    "args",
    ["kind=chapter", "order=random", "year_from=2016&year_to=2015", "limit=0", "offset=-1",
     "year_from=abc"],
)  # fmt: skip
def test_api_search_rejects_bad_filters_with_one_line(seeded, args):
    r = seeded.get(f"/api/v1/search?q=就业&{args}")
    assert r.status_code == 400
    message = r.get_json()["error"]
    assert message and "\n" not in message


# --------------------------------------------------------------------------- the page


def test_search_page_total_pages_and_filters(site_client):
    html = site_client.get("/search?q=就业", headers=EN).data.decode()
    total = int(re.search(r'id="search-total">(\d+) units contain', html).group(1))
    api = site_client.get("/api/v1/search?q=就业&limit=1").get_json()
    assert total == api["total"] > 200  # the old page stopped at 200
    assert "page 1 of" in html and 'rel="next"' in html
    # every series with a hit is offered as a filter, with its count
    select = html.split('<select name="series"', 1)[1].split("</select>", 1)[0]
    series = re.findall(r'<option value="([a-z-]+)">[^<]+ \((\d+)\)</option>', select)
    assert {"cn-national-gwr", "hailar-district-gwr"} <= {s for s, _n in series}
    assert sum(int(n) for _s, n in series) == total
    # the year bars add up to the total and link to one year each
    bars = re.findall(r'<a href="([^"]+)" title="(\d{4}): (\d+) hits?"', html)
    assert sum(int(n) for _u, _y, n in bars) == total
    # the last page holds the remainder, and the series filter narrows the total
    pages = -(-total // 20)
    last = site_client.get(f"/search?q=就业&page={pages}", headers=EN).data.decode()
    assert last.count('class="hit-link"') == total - 20 * (pages - 1)
    hailar = site_client.get(
        "/search?q=就业&series=hailar-district-gwr&year_from=2014&year_to=2016", headers=EN
    ).data.decode()
    n = int(re.search(r'id="search-total">(\d+) unit', hailar).group(1))
    want = site_client.get(
        "/api/v1/search?q=就业&series=hailar-district-gwr&year_from=2014&year_to=2016"
    ).get_json()["total"]
    assert n == want and 0 < n < total
    years = set(re.findall(r'<a href="/s/hailar-district-gwr/(\d{4})">', hailar))
    assert years and years <= {"2014", "2015", "2016"}


def test_search_page_says_when_the_query_language_does_not_match(site_client):
    html = site_client.get("/search?q=productivity", headers=EN).data.decode()
    assert 'id="language-note"' in html and "in English" in html and "Chinese" in html
    zh = site_client.get("/search?q=productivity", headers={"Accept-Language": "zh"}).data
    assert "英文" in zh.decode()
    assert 'id="language-note"' not in site_client.get("/search?q=就业", headers=EN).data.decode()


def test_search_page_block_follows_the_archive_and_the_language(seeded):
    """The rendered results are kept per query and archive state: a withdrawal shows at once,
    and each language gets its own words."""

    def total(lang: str) -> int:
        html = seeded.get(f"/search?q=就业&lang={lang}").data.decode()
        pattern = r'id="search-total">(\d+) units contain' if lang == "en" else r"(\d+) 个条目包含"
        return int(re.search(pattern, html).group(1))

    before = total("en")
    assert total("zh") == before == total("en")  # served twice, in each language
    in_2014 = seeded.get("/api/v1/search?q=就业&series=hailar-district-gwr&year_to=2014")
    gone = in_2014.get_json()["total"]
    assert gone > 0
    import archive
    from webapp.db import get_session

    with seeded.application.app_context():
        session = get_session()
        archive.withdraw_version(
            session, series="hailar-district-gwr", year=2014, version=1, user="t", reason="test"
        )
        session.commit()
    assert total("en") == total("zh") == before - gone


def test_search_results_follow_a_renamed_series(seeded):
    """Hits name their series: a title edited in place (no new version) shows on the next
    search, though the results block and the in-memory index are kept. SYNTHETIC title."""
    import archive
    from webapp.db import get_session

    page = "/search?q=就业&series=hailar-district-gwr&lang=en"
    api = "/api/v1/search?q=就业&series=hailar-district-gwr"
    (old,) = {r["series_title"] for r in seeded.get(api).get_json()["results"]}
    assert f">{old}</a></h2>" in seeded.get(page).data.decode()
    renamed = "Hailar renamed (synthetic)"
    with seeded.application.app_context():
        session = get_session()
        archive.ensure_series(session, slug="hailar-district-gwr", title=renamed)
        session.commit()
    after = seeded.get(page).data.decode()
    assert f">{renamed}</a></h2>" in after and f">{old}</a></h2>" not in after
    assert {r["series_title"] for r in seeded.get(api).get_json()["results"]} == {renamed}
