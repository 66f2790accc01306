"""Analysts' decisions on real databases: recorded by content, resolved to the versions compared,
stale when a newer version changes a text, fresh again when that version is withdrawn, applied
by the engine, part of the cache keys, audited, append-only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import archive
from archive import models as m
from archive.decisions import Decision

# Synthetic plans: item 2 is reworded, item 3 replaced by a different commitment.
Y2014 = "一、总体要求\n\n1.推进社区建设。\n2.扩大对外开放。\n3.加强环境保护。\n"
Y2015 = "一、总体要求\n\n1.推进社区建设。\n2.深化对外开放,建设自贸区。\n3.建立生态补偿机制。\n"


@pytest.fixture
def pair(import_plan):
    import_plan(series="dec", year=2014, text=Y2014)
    import_plan(series="dec", year=2015, text=Y2015)
    return "dec"


def _propose(session, action, a, b, *, years=(2014, 2015), user="alice", note="", **kw):
    row = archive.record_decision(
        session,
        series="dec",
        proposal=archive.Proposal(*years, action, tuple(a), tuple(b), note),
        user=user,
        **kw,
    )
    session.commit()
    return row


def _match_of(comp, key_a):
    return next((mt for mt in comp.matches if key_a in mt.a), None)


def test_a_decision_is_kept_by_content_and_audited(pair, session) -> None:
    row = _propose(session, "reject", ["s1.i2"], ["s1.i2"], note="another policy")
    assert (row.year_a, row.year_b, row.action) == (2014, 2015, "reject")
    assert row.a_texts == ["扩大对外开放。"]
    assert row.b_texts == ["深化对外开放,建设自贸区。"]
    [listed] = archive.list_decisions(session, series="dec")
    assert listed.as_dict() | {"created": None} == {
        "id": row.id,
        "years": [2014, 2015],
        "action": "reject",
        "a": ["s1.i2"],
        "b": ["s1.i2"],
        "note": "another policy",
        "user": "alice",
        "created": None,
        "stale": False,
        "side": None,
        "status": "applied",
        "undone_by": None,
        "text": {"a": ["扩大对外开放。"], "b": ["深化对外开放,建设自贸区。"]},
    }
    event = archive.list_audit(session, limit=1)[0]
    assert (event.action, event.target, event.user) == ("review.reject", "dec/2014..2015", "alice")
    assert event.detail["note"] == "another policy" and event.detail["a"] == ["s1.i2"]


def test_the_later_year_first_is_stored_earlier_year_first(pair, session) -> None:
    row = _propose(session, "link", ["s1.i3"], ["s1.i2"], years=(2015, 2014))
    assert (row.year_a, row.year_b) == (2014, 2015)
    assert (row.a_keys, row.b_keys) == (["s1.i2"], ["s1.i3"])
    bp = _propose(session, "boilerplate", ["s1"], [], years=(2015, 2014))
    assert (bp.side, bp.a_keys, bp.b_keys) == ("b", [], ["s1"])


@pytest.mark.parametrize(
    ("action", "a", "b", "message"),
    [
        ("confirm", ["s1.i9"], ["s1.i1"], "no unit 's1.i9' in dec/2014 version 1"),
        ("link", ["s1.i1"], [], "link needs unit keys on both sides"),
        ("boilerplate", ["s1"], ["s1"], "give keys of A or of B"),
        ("merge", ["s1"], ["s1"], "unknown action 'merge'"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_stored(pair, session, action, a, b, message):
    with pytest.raises(archive.InvalidInput, match=message):
        _propose(session, action, a, b)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_same_year_and_viewers_are_refused(pair, session) -> None:
    with pytest.raises(archive.InvalidInput, match="two different years"):
        _propose(session, "confirm", ["s1"], ["s1"], years=(2014, 2014))
    session.rollback()
    viewer = archive.create_user(session, name="vera", password="password1", role="viewer")
    with pytest.raises(archive.PermissionDenied, match="editor role; vera is viewer"):
        _propose(session, "confirm", ["s1"], ["s1"], user=viewer)
    with pytest.raises(archive.PermissionDenied):
        _propose(session, "confirm", ["s1"], ["s1"], user=None)


def test_constraints_follow_latest_wins_and_undo(pair, session) -> None:
    from archive import review

    first = _propose(session, "link", ["s1.i3"], ["s1.i3"], note="same topic")
    second = _propose(session, "reject", ["s1.i3"], ["s1.i3"], user="bob", note="no, it is not")
    plan = {p.year: p for p in session.scalars(sa.select(m.Plan))}
    a, b = (plan[2014], plan[2014].versions[0]), (plan[2015], plan[2015].versions[0])
    got = review.for_versions(session, plan[2014].series_id, a, b)
    assert got.constraints.linked == () and got.constraints.rejected == (("s1.i3", "s1.i3"),)
    assert got.applied == (second.id,) and got.users == ("bob",)
    statuses = {d.id: d.status for d in archive.list_decisions(session, series="dec")}
    assert statuses == {first.id: "superseded", second.id: "applied"}
    # undoing the rejection brings the link back; nothing is deleted
    undo = archive.undo_decision(session, series="dec", decision_id=second.id, user="bob")
    session.commit()
    got = review.for_versions(session, plan[2014].series_id, a, b)
    assert got.constraints.linked == ((("s1.i3",), ("s1.i3",)),)
    assert got.constraints.rejected == ()
    listed = {d.id: d for d in archive.list_decisions(session, series="dec")}
    assert listed[second.id].status == "undone" and listed[second.id].undone_by == undo.id
    assert listed[first.id].status == "applied"
    assert session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 3
    with pytest.raises(archive.InvalidInput, match="already undone"):
        archive.undo_decision(session, series="dec", decision_id=second.id, user="bob")
    # the swapped comparison gets the same constraints, sides exchanged
    back = review.for_versions(session, plan[2014].series_id, b, a)
    assert back.constraints.linked == ((("s1.i3",), ("s1.i3",)),)
    assert back.fingerprint and back.fingerprint != ""


def test_a_new_version_that_changes_the_text_makes_it_stale_withdrawal_fresh(
    pair, session, import_plan
) -> None:
    row = _propose(session, "link", ["s1.i3"], ["s1.i3"], user="alice")
    # an identical re-import stores nothing: still applied
    again = import_plan(series="dec", year=2015, text=Y2015, filename="again.txt")
    assert not again.created
    assert archive.list_decisions(session, series="dec")[0].status == "applied"
    # a re-parse that moves the unit to another key still finds it by its text
    reordered = (
        "一、总体要求\n\n1.建立生态补偿机制。\n2.推进社区建设。\n3.深化对外开放,建设自贸区。\n"
    )
    import_plan(series="dec", year=2015, text=reordered)
    [listed] = archive.list_decisions(session, series="dec")
    assert (listed.status, listed.b) == ("applied", ("s1.i1",))
    # a version whose text differs: stale, never applied to the different text
    changed = Y2015.replace("建立生态补偿机制", "建立横向生态补偿机制")
    import_plan(series="dec", year=2015, text=changed)
    [listed] = archive.list_decisions(session, series="dec")
    assert listed.stale and listed.status == "stale" and listed.b == ("s1.i3",)
    comp = archive.get_comparison(session, series="dec", year_a=2014, year_b=2015)
    assert comp.info_b["decisions"] == {"applied": 0, "by": [], "stale": 1}
    # withdrawing that version brings the decision back
    archive.withdraw_version(
        session, series="dec", year=2015, version=3, user="alice", reason="wrong file"
    )
    session.commit()
    [listed] = archive.list_decisions(session, series="dec")
    assert listed.status == "applied" and listed.id == row.id


def test_the_engine_applies_the_decisions_and_the_cache_follows(pair, session) -> None:
    before = archive.get_comparison(session, series="dec", year_a=2014, year_b=2015)
    session.commit()
    assert _match_of(before, "s1.i2") is not None  # the engine paired the reworded item
    assert "decisions" not in before.info_b
    _propose(session, "reject", ["s1.i2"], ["s1.i2"], user="alice", note="different policy")
    _propose(session, "link", ["s1.i3"], ["s1.i3"], user="bob", note="same aim")
    after = archive.get_comparison(session, series="dec", year_a=2014, year_b=2015)
    session.commit()
    assert _match_of(after, "s1.i2") is None
    assert "s1.i2" in after.dropped and "s1.i2" in after.new
    linked = _match_of(after, "s1.i3")
    assert linked is not None and linked.b == ("s1.i3",) and linked.decided.value == "linked"
    assert after.info_b["decisions"] == {"applied": 2, "by": ["alice", "bob"], "stale": 0}
    keys = set(session.scalars(sa.select(m.ComparisonCache.decisions_key)))
    assert "" in keys and len(keys) == 2  # the undecided row stays, the decided one is new
    # the timeline's threads follow the decisions too
    timeline = archive.get_timeline(session, series="dec")
    session.commit()
    assert timeline.info["decisions"]["applied"] == 2
    thread = next(t for t in timeline.threads if ("s1.i3",) in [y.keys for y in t.years])
    assert [y.keys for y in thread.years] == [("s1.i3",), ("s1.i3",)]
    # undo: back to the engine's own answer, from the cache row already there
    for d in archive.list_decisions(session, series="dec"):
        archive.undo_decision(session, series="dec", decision_id=d.id, user="alice")
    session.commit()
    undone = archive.get_comparison(session, series="dec", year_a=2014, year_b=2015)
    assert undone.to_dict() == before.to_dict()


def test_boilerplate_marks_units_and_leaves_them_out_of_the_summary(pair, session) -> None:
    before = archive.get_comparison(session, series="dec", year_a=2014, year_b=2015)
    _propose(session, "boilerplate", [], ["s1.i3"], note="formula")
    _propose(session, "boilerplate", ["s1.i3"], [], note="formula")
    after = archive.get_comparison(session, series="dec", year_a=2014, year_b=2015)
    marked = [mt for mt in after.matches if mt.boilerplate]
    flagged = set(after.boilerplate_a) | set(after.boilerplate_b) | {k for x in marked for k in x.b}
    assert "s1.i3" in flagged
    assert sum(after.summary.values()) < sum(before.summary.values())


def test_revision_changes_with_every_decision(pair, session) -> None:
    assert archive.decisions_revision(session, "dec") == 0
    row = _propose(session, "confirm", ["s1.i1"], ["s1.i1"])
    assert archive.decisions_revision(session, "dec") == row.id
    undo = archive.undo_decision(session, series="dec", decision_id=row.id, user="alice")
    assert archive.decisions_revision(session, "dec") == undo.id
