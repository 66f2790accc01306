"""Full-text search across current versions: Chinese substrings (trigram), short queries."""

from __future__ import annotations

import pytest

import archive
from tests.conftest import DEMO_DIR, ROOT, SEED

NATIONAL = DEMO_DIR / "cn-national-gwr"
SG = ROOT / "tests" / "data" / "sg-budget-speech"


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
