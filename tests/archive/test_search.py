"""Full-text search across current versions: Chinese substrings (trigram), short queries; on
SQLite and PostgreSQL, from memory and from the database."""

from __future__ import annotations

import pytest

import archive
from archive import search_index
from tests.conftest import DEMO_DIR, ROOT, SEED

NATIONAL = DEMO_DIR / "cn-national-gwr"
SG = ROOT / "tests" / "data" / "sg-budget-speech"


@pytest.fixture(autouse=True, params=["memory", "database"])
def search_path(request, monkeypatch) -> str:
    """Every test twice: answered from the in-memory copy of the current units, and with the
    copy off (an archive over MAX_CHARS), from the database's trigram indexes and LIKE scans."""
    if request.param == "database":
        monkeypatch.setattr(search_index, "MAX_CHARS", -1)
    return str(request.param)


@pytest.fixture
def searchable(import_plan, session):
    import_plan(path=SEED, series="shenzhen-social-construction", year=2014)
    import_plan(path=NATIONAL / "2015.txt", series="cn-national-gwr", year=2015)
    import_plan(path=NATIONAL / "2016.txt", series="cn-national-gwr", year=2016)
    import_plan(path=SG / "2015.txt", series="sg-budget-speech", year=2015)
    return session


def _expected(session, q: str, series: str | None = None) -> set[tuple[str, int, str]]:
    """The ground truth by brute force over the rebuilt documents."""
    found = set()
    for info in archive.list_series(session):
        if series and info.slug != series:
            continue
        for y in info.years:
            doc = archive.get_plan(session, series=info.slug, year=y.year).document
            found |= {
                (info.slug, y.year, u.key)
                for u in doc.units
                if q.casefold() in u.text.casefold() or q.casefold() in u.title.casefold()
            }
    return found


QUERIES = [
    "社会组织",
    "牵头",
    "简政放权",
    "创新驱动发展",
    "改革",
    "productivity",
    "SKILLSFUTURE",
    "Pr",
]


def test_search_finds_exactly_the_units_containing_the_query(searchable) -> None:
    for q in QUERIES:  # one fixture, many queries: trigram (>= 3 chars) and LIKE (< 3)
        hits = archive.search_units(searchable, q, limit=10_000)
        assert {(h.series, h.year, h.key) for h in hits} == _expected(searchable, q), q
        assert hits, q
        for h in hits:
            assert h.snippet[h.match_start : h.match_end].casefold() == q.casefold()


def test_search_filters_by_series_and_limits(searchable) -> None:
    hits = archive.search_units(searchable, "改革", series="cn-national-gwr", limit=10_000)
    assert {h.series for h in hits} == {"cn-national-gwr"}
    assert {(h.series, h.year, h.key) for h in hits} == _expected(
        searchable, "改革", "cn-national-gwr"
    )
    assert len(archive.search_units(searchable, "改革", limit=5)) == 5
    assert archive.search_units(searchable, "   ") == []
    assert archive.search_units(searchable, "不存在的词语组合") == []
    assert archive.search_units(searchable, '"%_\\') == []


def test_search_sees_only_current_versions(import_plan, session) -> None:
    import_plan(text="一、总体要求\n\n1.推进旧城改造。\n", series="cur", year=2020)
    import_plan(text="一、总体要求\n\n1.推进新区建设。\n", series="cur", year=2020)
    assert archive.search_units(session, "旧城改造") == []
    assert [h.version for h in archive.search_units(session, "新区建设")] == [2]
    archive.withdraw_version(session, series="cur", year=2020, version=2, user="u", reason="r")
    session.commit()
    assert [h.version for h in archive.search_units(session, "旧城改造")] == [1]
    assert archive.search_units(session, "新区建设") == []


def _page_through(session, q: str, *, limit: int, **filters) -> tuple[list, set[int]]:
    """Every hit of ``q`` by following the pages; and every total the pages reported."""
    hits, totals, offset = [], set(), 0
    while True:
        page = archive.search(session, q, offset=offset, limit=limit, **filters)
        totals.add(page.total)
        hits += page.hits
        if not page.has_more:
            return hits, totals
        assert len(page.hits) == limit
        offset += limit


@pytest.mark.parametrize("q", ["改革", "社会组织", "Pr"])  # LIKE (2 chars) and trigram (>= 3)
def test_search_total_is_every_match_and_pages_reach_each_once(searchable, q) -> None:
    expected = _expected(searchable, q)
    hits, totals = _page_through(searchable, q, limit=7)
    assert totals == {len(expected)}
    keys = [(h.series, h.year, h.key) for h in hits]
    assert len(keys) == len(set(keys)) and set(keys) == expected
    # newest year first; within a year, series by slug and units in document order
    assert [h.year for h in hits] == sorted((h.year for h in hits), reverse=True)
    first = archive.search(searchable, q, limit=3)
    assert sum(c.n for c in first.counts) == first.total == len(expected)


def test_search_filters_narrow_total_and_hits_alike(searchable) -> None:
    q = "改革"
    every = _expected(searchable, q)
    kinds = {
        (h.series, h.year, h.key): h.kind for h in archive.search(searchable, q, limit=10_000).hits
    }
    cases = [
        ({"series": "cn-national-gwr"}, lambda s, y, k: s == "cn-national-gwr"),
        ({"year_from": 2015, "year_to": 2015}, lambda s, y, k: y == 2015),
        ({"year_from": 2016}, lambda s, y, k: y >= 2016),
        ({"year_to": 2014}, lambda s, y, k: y <= 2014),
        ({"kinds": ["item"]}, lambda s, y, k: kinds[(s, y, k)] == "item"),
        ({"kinds": ["task", "section"], "year_to": 2016},
         lambda s, y, k: kinds[(s, y, k)] in ("task", "section") and y <= 2016),
    ]  # fmt: skip
    for filters, keep in cases:
        want = {key for key in every if keep(*key)}
        assert want, filters
        hits, totals = _page_through(searchable, q, limit=5, **filters)
        assert totals == {len(want)}, filters
        assert {(h.series, h.year, h.key) for h in hits} == want, filters
        # the facets ignore the filters: they still count every match
        assert sum(c.n for c in archive.search(searchable, q, **filters).counts) == len(every)


def test_search_by_relevance_puts_headline_matches_first(searchable) -> None:
    q = "创新"
    hits, totals = _page_through(searchable, q, limit=9, order="relevance")
    assert totals == {len(_expected(searchable, q))}
    in_title = [q in h.title for h in hits]
    assert any(in_title) and not all(in_title)
    assert in_title == sorted(in_title, reverse=True)  # every headline match before the rest
    by_year = archive.search(searchable, q, limit=10_000).hits
    assert {h.key for h in by_year} == {h.key for h in hits} and [*by_year] != hits


def test_search_refuses_filters_it_cannot_use(searchable) -> None:
    for bad in ({"kinds": ["chapter"]}, {"order": "random"}, {"year_from": 2016, "year_to": 2015}):
        with pytest.raises(archive.InvalidInput):
            archive.search(searchable, "改革", **bad)
    past_the_end = archive.search(searchable, "改革", offset=10_000)
    assert past_the_end.hits == () and past_the_end.total == len(_expected(searchable, "改革"))


def test_query_language_and_series_languages(searchable) -> None:
    assert archive.query_language("就业") == "zh"
    assert archive.query_language("SkillsFuture 2015") == "en"
    assert archive.query_language("2015") is None
    assert archive.series_languages(searchable) >= {"zh"}
    assert archive.series_languages(searchable, "cn-national-gwr") == {"zh"}


def test_the_copy_in_memory_follows_the_archive(import_plan, session, search_path) -> None:
    """Imports and withdrawals reach the next search; over MAX_CHARS no copy is kept."""
    import_plan(text="一、总体要求\n\n1.推进旧城改造。\n", series="cur", year=2020)
    session.commit()
    first = search_index.current(session)
    assert (first is not None) == (search_path == "memory")
    assert archive.search(session, "旧城").total == 1
    import_plan(text="一、总体要求\n\n1.推进旧城改造和新区建设。\n", series="cur", year=2021)
    assert archive.search(session, "旧城").total == 2  # flushed, not yet committed: seen
    session.commit()
    if first is not None:
        assert search_index.current(session) is not first  # rebuilt: the archive changed
        again = search_index.current(session)
        assert again is search_index.current(session)  # and kept while it does not
    archive.withdraw_version(session, series="cur", year=2021, version=1, user="u", reason="r")
    session.commit()
    assert archive.search(session, "旧城").total == 1
