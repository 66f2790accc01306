"""The archive service on real databases: versions, identity of bytes, withdrawal, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

import archive
from archive import models as m
from comparison import parse_text
from tests.conftest import DEMO_DIR, SEED

NATIONAL = DEMO_DIR / "cn-national-gwr"


def test_import_creates_version_one_with_counts(import_plan, session) -> None:
    result = import_plan(series="shenzhen-social-construction", year=2014, path=SEED)
    doc = parse_text(SEED.read_text(encoding="utf-8"), year=2014)
    assert result.as_dict() == {
        "series": "shenzhen-social-construction",
        "year": 2014,
        "version": 1,
        "sha256": archive.blobs.sha256_hex(SEED.read_bytes()),
        "created": True,
        "units": len(doc.units),
        "items": sum(1 for u in doc.units if u.kind.value == "item"),
        "warnings": list(doc.warnings),
    }
    assert result.items == 22
    events = archive.list_audit(session)
    assert [(e.action, e.target) for e in events] == [
        ("upload", "shenzhen-social-construction/2014/v1")
    ]


def test_identical_bytes_are_a_no_op_and_new_bytes_a_new_version(import_plan, session) -> None:
    first = import_plan(path=NATIONAL / "2015.txt", series="nat", year=2015)
    again = import_plan(path=NATIONAL / "2015.txt", series="nat", year=2015, filename="copy.txt")
    assert (again.version, again.created, again.sha256) == (1, False, first.sha256)
    assert again.units == first.units and again.items == first.items
    edited = NATIONAL.joinpath("2015.txt").read_text(encoding="utf-8") + "\n附：勘误。\n"
    second = import_plan(text=edited, series="nat", year=2015)
    assert (second.version, second.created) == (2, True)
    assert session.scalar(sa.select(sa.func.count()).select_from(m.PlanVersion)) == 2
    # the same bytes in another plan are a version of that plan, sharing the blob
    other = import_plan(path=NATIONAL / "2015.txt", series="nat", year=2016)
    assert (other.version, other.created) == (1, True)


def test_get_plan_round_trip_equals_the_parser(import_plan, session) -> None:
    for path in (SEED, NATIONAL / "2019.txt", DEMO_DIR / "hailar-district-gwr" / "2016.txt"):
        year = int(path.stem)
        import_plan(path=path, series="round-trip", year=year)
        record = archive.get_plan(session, series="round-trip", year=year)
        expected = parse_text(path.read_bytes().decode("utf-8").replace("\r\n", "\n"), year=year)
        assert record.document == expected
        assert record.document.to_dict() == expected.to_dict()
        assert (record.version, record.current_version, record.filename) == (1, 1, path.name)
    seed = archive.get_plan(session, series="round-trip", year=2014).document
    leads = [u.lead_units for u in seed.units if u.kind.value == "item"]
    assert all(leads) and len(leads) == 22


def test_withdraw_moves_the_current_version_back(import_plan, session) -> None:
    import_plan(text="一、总体要求\n\n1.推进改革。\n", series="w", year=2020)
    import_plan(text="一、总体要求\n\n1.推进改革。\n2.扩大开放。\n", series="w", year=2020)
    assert archive.get_plan(session, series="w", year=2020).version == 2
    info = archive.withdraw_version(
        session, series="w", year=2020, version=2, user="alice", reason="wrong file"
    )
    session.commit()
    assert info.withdrawn and info.withdrawn_by == "alice" and not info.current
    record = archive.get_plan(session, series="w", year=2020)
    assert (record.version, record.current_version) == (1, 1)
    assert len(record.document.units) == 2
    # the withdrawn version stays readable by number, and is listed
    assert len(archive.get_plan(session, series="w", year=2020, version=2).document.units) == 3
    listed = archive.list_versions(session, series="w", year=2020)
    assert [(v.number, v.withdrawn, v.current) for v in listed] == [
        (1, False, True),
        (2, True, False),
    ]
    assert archive.list_series(session)[0].as_dict()["years"] == [
        {"year": 2020, "versions": 2, "current_version": 1}
    ]
    with pytest.raises(archive.ArchiveError, match="already withdrawn"):
        archive.withdraw_version(session, series="w", year=2020, version=2, user="a", reason="x")
    archive.withdraw_version(session, series="w", year=2020, version=1, user="a", reason="x")
    with pytest.raises(archive.NotFound, match="no current version"):
        archive.get_plan(session, series="w", year=2020)
    actions = [e.action for e in archive.list_audit(session)]
    assert actions.count("withdraw") == 2 and actions.count("upload") == 2


def test_read_original_and_fixity(import_plan, session, store: archive.BlobStore) -> None:
    result = import_plan(path=SEED, series="orig", year=2014)
    data, filename, media_type = archive.read_original(session, store, series="orig", year=2014)
    assert data == SEED.read_bytes()
    assert (filename, media_type) == ("2014.txt", "text/plain")
    assert store.path(result.sha256).relative_to(store.root).parts[:2] == (
        result.sha256[:2],
        result.sha256[2:4],
    )
    report = archive.verify_fixity(session, store)
    assert report.ok and report.checked == 1
    blob = store.path(result.sha256)
    blob.chmod(0o644)
    blob.write_bytes(b"tampered")
    report = archive.verify_fixity(session, store)
    assert report.corrupt == (result.sha256,) and not report.ok
    assert store.verify_all() == [result.sha256]
    blob.unlink()
    assert archive.verify_fixity(session, store).missing == (result.sha256,)
    with pytest.raises(archive.NotFound):
        archive.read_original(session, store, series="orig", year=2014)


def test_not_found_and_invalid_input(session, store) -> None:
    with pytest.raises(archive.NotFound, match="no plan nope/2014"):
        archive.get_plan(session, series="nope", year=2014)
    with pytest.raises(archive.NotFound):
        archive.get_series(session, "nope")
    with pytest.raises(archive.InvalidInput, match="invalid series slug"):
        archive.import_version(
            session, store, series="Bad Slug", year=2014, data=b"x", filename="x.txt"
        )
    with pytest.raises(archive.InvalidInput, match="invalid year"):
        archive.import_version(session, store, series="ok", year=14, data=b"x", filename="x.txt")


def test_ensure_series_and_list_shape(import_plan, session) -> None:
    archive.ensure_series(session, slug="nat", title="国务院政府工作报告", issuer="国务院")
    import_plan(path=NATIONAL / "2015.txt", series="nat", year=2015)
    import_plan(path=NATIONAL / "2016.txt", series="nat", year=2016)
    info = archive.get_series(session, "nat")
    assert info.issuer == "国务院"
    assert info.as_dict() == {
        "slug": "nat",
        "title": "国务院政府工作报告",
        "years": [
            {"year": 2015, "versions": 1, "current_version": 1},
            {"year": 2016, "versions": 1, "current_version": 1},
        ],
    }


def test_preview_stores_nothing(session, store) -> None:
    preview = archive.preview_upload(SEED.read_bytes(), filename="dir/seed.txt", year=2014)
    assert (preview.filename, preview.encoding, preview.items) == ("seed.txt", "utf-8", 22)
    assert preview.document.year == 2014
    assert session.scalar(sa.select(sa.func.count()).select_from(m.PlanVersion)) == 0
    assert store.iter_shas() == []


def test_users_tokens_and_audit(session) -> None:
    user = archive.create_user(session, name="ana", password="correct horse", role="editor")
    session.commit()
    assert user.password_hash.startswith("scrypt$") and "correct" not in user.password_hash
    assert archive.authenticate(session, name="ana", password="correct horse") is user
    assert archive.authenticate(session, name="ana", password="wrong") is None
    assert archive.authenticate(session, name="nobody", password="x") is None
    token = archive.create_api_token(session, user=user)
    assert archive.user_for_token(session, token) is user
    assert archive.user_for_token(session, token + "x") is None
    row = session.scalars(sa.select(m.ApiToken)).one()
    assert row.token_hash != token and row.last_used_at is not None
    with pytest.raises(archive.InvalidInput, match="already exists"):
        archive.create_user(session, name="ana", password="another one", role="viewer")
    with pytest.raises(archive.InvalidInput, match="invalid role"):
        archive.create_user(session, name="bob", password="long enough", role="root")
    assert user.can("viewer") and user.can("editor") and not user.can("admin")


def test_demo_is_idempotent(session, store) -> None:
    first = archive.load_demo(session, store)
    session.commit()
    assert len(first) == 34 and all(r.created for r in first)
    second = archive.load_demo(session, store)
    session.commit()
    assert not any(r.created for r in second)
    assert [(r.series, r.year, r.version) for r in second] == [
        (r.series, r.year, r.version) for r in first
    ]
    listed = {s.slug: s for s in archive.list_series(session)}
    assert sorted(listed) == [
        "cn-national-gwr",
        "hailar-district-gwr",
        "shenzhen-social-construction",
    ]
    assert listed["cn-national-gwr"].issuer == "国务院"
    assert "wikisource" in listed["cn-national-gwr"].source_note
    assert [y.year for y in listed["hailar-district-gwr"].years] == list(range(2012, 2020))
    assert len(store.iter_shas()) == 34


def test_demo_files_are_shipped() -> None:
    files = archive.demo_archive.demo_files()
    years = {f.series: sorted(x.year for x in files if x.series == f.series) for f in files}
    assert years["shenzhen-social-construction"] == [2014]
    assert set(range(2015, 2026)) - {2020} <= set(years["cn-national-gwr"])
    assert all(Path(f.path).is_relative_to(DEMO_DIR) for f in files)


def test_reads_see_versions_added_earlier_in_the_same_session(import_plan, session) -> None:
    import_plan(text="一、总体要求\n\n1.推进改革。\n", series="same", year=2020, commit=False)
    assert archive.get_plan(session, series="same", year=2020).version == 1
    assert archive.get_series(session, "same").years[0].versions == 1
    import_plan(text="一、总体要求\n\n1.深化改革。\n", series="same", year=2020, commit=False)
    assert archive.get_plan(session, series="same", year=2020).current_version == 2
    assert archive.get_series(session, "same").years[0].as_dict() == {
        "year": 2020,
        "versions": 2,
        "current_version": 2,
    }
    assert [v.number for v in archive.list_versions(session, series="same", year=2020)] == [1, 2]


def test_services_inside_an_explicit_transaction(engine, store) -> None:
    factory = archive.session_factory(engine)
    with factory.begin() as session:  # the caller's own `with begin()`: never restarted
        archive.list_series(session)
        archive.import_version(
            session, store, series="explicit", year=2014, data=SEED.read_bytes(), filename="s"
        )
        archive.record_audit(session, action="export", target="explicit/2014")
    with factory() as session:
        assert archive.get_plan(session, series="explicit", year=2014).version == 1
        assert [e.action for e in archive.list_audit(session)] == ["export", "upload"]
    assert store.iter_shas() == [archive.blobs.sha256_hex(SEED.read_bytes())]


def test_unreferenced_blobs_are_reported_and_removed_when_old(import_plan, session, store) -> None:
    import os
    from datetime import timedelta

    kept = import_plan(path=SEED, series="gc", year=2014)
    stray = store.put("一、孤立的文件\n".encode())  # as if a process died inside a commit
    report = archive.verify_fixity(session, store)
    assert report.ok and report.unreferenced == (stray,)
    assert archive.remove_unreferenced_blobs(session, store) == []  # too recent
    old = store.path(stray).stat().st_mtime - 7200
    os.utime(store.path(stray), (old, old))
    assert archive.remove_unreferenced_blobs(session, store, older_than=timedelta(hours=1)) == [
        stray
    ]
    assert store.iter_shas() == [kept.sha256]
