"""Comparisons of stored plans are computed once per (version A, version B, engine version)."""

from __future__ import annotations

import sqlalchemy as sa

import archive
import comparison
from archive import models as m
from tests.conftest import DEMO_DIR

HAILAR = DEMO_DIR / "hailar-district-gwr"


def _cache_rows(session) -> list[tuple[int, int, str]]:
    return session.execute(
        sa.select(
            m.ComparisonCache.version_a_id,
            m.ComparisonCache.version_b_id,
            m.ComparisonCache.engine_version,
        )
    ).all()


def test_comparison_is_cached_and_carries_provenance(import_plan, session) -> None:
    for year in (2012, 2013, 2014):
        import_plan(path=HAILAR / f"{year}.txt", series="hailar", year=year)
    first = archive.get_comparison(session, series="hailar", year_a=2012, year_b=2013)
    session.commit()
    assert len(_cache_rows(session)) == 1
    assert first.info_a == {
        "series": "hailar",
        "year": 2012,
        "version": 1,
        "sha256": archive.blobs.sha256_hex((HAILAR / "2012.txt").read_bytes()),
        "filename": "2012.txt",
    }
    assert first.info_b["year"] == 2013
    again = archive.get_comparison(session, series="hailar", year_a=2012, year_b=2013)
    assert again.to_dict() == first.to_dict()
    assert len(_cache_rows(session)) == 1


def _hailar_pair_with_cache_row(import_plan, session, engine_version: str, result: dict) -> None:
    """Hailar 2012 and 2013 archived, and a planted cache row for that pair."""
    for year in (2012, 2013):
        import_plan(path=HAILAR / f"{year}.txt", series="hailar", year=year)
    ids = session.scalars(sa.select(m.PlanVersion.id).order_by(m.PlanVersion.id)).all()
    session.add(
        m.ComparisonCache(
            version_a_id=ids[0], version_b_id=ids[1], engine_version=engine_version, result=result
        )
    )
    session.commit()


def test_rows_of_another_engine_version_are_ignored_and_replaced(import_plan, session) -> None:
    _hailar_pair_with_cache_row(import_plan, session, "old", {"bogus": 1})
    result = archive.get_comparison(session, series="hailar", year_a=2012, year_b=2013)
    session.commit()
    assert result.engine_version == comparison.ENGINE_VERSION
    assert [r[2] for r in _cache_rows(session)] == [comparison.ENGINE_VERSION]


def test_timeline_over_current_versions_reuses_cached_pairs(import_plan, session) -> None:
    for year in (2012, 2013, 2014):
        import_plan(path=HAILAR / f"{year}.txt", series="hailar", year=year)
    timeline = archive.get_timeline(session, series="hailar")
    session.commit()
    assert timeline.years == (2012, 2013, 2014)
    assert timeline.info["series"] == "hailar"
    assert len(_cache_rows(session)) == 2  # (2012, 2013) and (2013, 2014)
    direct = comparison.build_timeline(
        [archive.get_plan(session, series="hailar", year=y).document for y in (2012, 2013, 2014)]
    )
    assert [t.to_dict() for t in timeline.threads] == [t.to_dict() for t in direct.threads]


def test_timeline_is_cached_per_set_of_versions(import_plan, session) -> None:
    for year in (2012, 2013):
        import_plan(path=HAILAR / f"{year}.txt", series="hailar", year=year)
    first = archive.get_timeline(session, series="hailar")
    session.commit()
    rows = session.scalars(sa.select(m.TimelineCache)).all()
    assert len(rows) == 1 and rows[0].engine_version == comparison.ENGINE_VERSION
    assert archive.get_timeline(session, series="hailar").to_dict() == first.to_dict()
    # A new year changes the set of versions: a second row, and the new year in the result.
    import_plan(path=HAILAR / "2014.txt", series="hailar", year=2014)
    third = archive.get_timeline(session, series="hailar")
    session.commit()
    assert third.years == (2012, 2013, 2014)
    assert len(session.scalars(sa.select(m.TimelineCache)).all()) == 2


def test_a_cached_timeline_carries_the_series_title_of_today(import_plan, session) -> None:
    """A title edited in place (no new version, so the same cache row) shows in the timeline's
    info, which its JSON export prints; the title is SYNTHETIC."""
    for year in (2012, 2013):
        import_plan(path=HAILAR / f"{year}.txt", series="hailar", year=year)
    before = archive.get_timeline(session, series="hailar")
    session.commit()
    archive.ensure_series(session, slug="hailar", title="Hailar renamed (synthetic)")
    session.commit()
    after = archive.get_timeline(session, series="hailar")
    assert len(session.scalars(sa.select(m.TimelineCache)).all()) == 1  # the cached row, reused
    assert before.info["title"] != "Hailar renamed (synthetic)"
    assert after.info["title"] == "Hailar renamed (synthetic)"
    assert after.to_dict()["title"] == "Hailar renamed (synthetic)"  # the JSON's top level
    assert [t.to_dict() for t in after.threads] == [t.to_dict() for t in before.threads]


def test_an_unreadable_cache_row_is_recomputed(import_plan, session) -> None:
    _hailar_pair_with_cache_row(
        import_plan, session, comparison.ENGINE_VERSION, {"not": "a comparison"}
    )
    result = archive.get_comparison(session, series="hailar", year_a=2012, year_b=2013)
    session.commit()
    assert result.info_b["year"] == 2013 and result.matches
    rows = session.scalars(sa.select(m.ComparisonCache.result)).all()
    assert len(rows) == 1 and "matches" in rows[0]


def test_a_reader_older_than_another_commit_still_gets_its_comparison(
    database_url: str, tmp_path
) -> None:
    """SQLite cannot write from a stale read snapshot: the comparison is then just not cached."""
    engine = archive.make_engine(database_url)
    factory = archive.session_factory(engine)
    store = archive.BlobStore(tmp_path / "blobs")

    def add(session, year: int) -> None:
        data = (HAILAR / f"{year}.txt").read_bytes()
        archive.import_version(
            session, store, series="hailar", year=year, data=data, filename=f"{year}.txt"
        )
        session.commit()

    try:
        with factory() as setup:
            add(setup, 2012)
            add(setup, 2013)
        with factory() as reader, factory() as writer:
            assert archive.get_series(reader, "hailar").years  # the reader's snapshot starts
            add(writer, 2014)  # another connection commits after it
            result = archive.get_comparison(reader, series="hailar", year_a=2012, year_b=2013)
            reader.commit()
            assert result.info_a["year"] == 2012 and result.matches
            again = archive.get_comparison(writer, series="hailar", year_a=2012, year_b=2013)
            assert again.to_dict() == result.to_dict()
    finally:
        engine.dispose()
