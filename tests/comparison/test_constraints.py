"""Analysts' decisions as engine input (comparison.Constraints), on real year pairs.

Confirmed and linked groups are matched exactly as given (``decided``), their units taken out of
the pool so that the rest aligns around them; rejected pairs never share a match; boilerplate keys
mark matches and unmatched units as formulaic. The contract's invariants hold under any
constraints (hypothesis).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparison import (
    CompareOptions,
    Comparison,
    Constraints,
    MatchKind,
    PlanDocument,
    UnitKind,
    build_timeline,
    compare,
)


def _accounted(c: Comparison) -> None:
    """Every aligned unit of either side is in exactly one match or in new/dropped."""
    a_keys = [k for m in c.matches for k in m.a] + list(c.dropped)
    b_keys = [k for m in c.matches for k in m.b] + list(c.new)
    assert sorted(a_keys) == sorted(u.key for u in c.doc_a.units)
    assert sorted(b_keys) == sorted(u.key for u in c.doc_b.units)


def _together(c: Comparison, a_key: str, b_key: str) -> bool:
    return any(a_key in m.a and b_key in m.b for m in c.matches)


@pytest.fixture(scope="module")
def pair(national_docs: dict[int, PlanDocument]) -> tuple[PlanDocument, PlanDocument]:
    return national_docs[2024], national_docs[2025]


@pytest.fixture(scope="module")
def plain(pair: tuple[PlanDocument, PlanDocument]) -> Comparison:
    return compare(*pair)


def _dumps(c: Comparison) -> str:
    return json.dumps(c.to_dict(), ensure_ascii=False, sort_keys=True)


def test_no_or_unknown_constraints_change_nothing(pair, plain) -> None:
    assert _dumps(compare(*pair, constraints=Constraints())) == _dumps(plain)
    unknown = Constraints(
        confirmed=((("nope",), ("nada",)),),
        linked=((("nope",), (plain.new[0] if plain.new else "x",)),),
        rejected=(("nope", "nada"),),
        boilerplate_a=("nope",),
    )
    assert _dumps(compare(*pair, constraints=unknown)) == _dumps(plain)


def test_rejected_match_disappears(pair, plain) -> None:
    kinds = {u.key: u.kind for u in pair[0].units}
    target = next(
        m
        for m in plain.matches
        if len(m.a) == 1
        and len(m.b) == 1
        and kinds[m.a[0]] is UnitKind.PARAGRAPH
        and m.kind is MatchKind.CHANGED
    )
    a_key, b_key = target.a[0], target.b[0]
    c = compare(*pair, constraints=Constraints(rejected=((a_key, b_key),)))
    assert not _together(c, a_key, b_key)
    # each unit is dropped/new or re-aligned with something else
    assert a_key in c.dropped or any(a_key in m.a for m in c.matches)
    assert b_key in c.new or any(b_key in m.b for m in c.matches)
    assert all(m.decided is None for m in c.matches)
    _accounted(c)


def test_rejecting_every_pair_of_a_unit_leaves_it_dropped(pair, plain) -> None:
    a_key = next(m.a[0] for m in plain.matches if m.kind is MatchKind.CHANGED)
    rejected = tuple((a_key, u.key) for u in pair[1].units)
    c = compare(*pair, constraints=Constraints(rejected=rejected))
    assert a_key in c.dropped
    _accounted(c)


def test_link_of_dropped_to_new(pair, plain) -> None:
    kinds_a = {u.key: u.kind for u in pair[0].units}
    kinds_b = {u.key: u.kind for u in pair[1].units}
    a_key = next(k for k in plain.dropped if kinds_a[k] is UnitKind.PARAGRAPH)
    b_key = next(k for k in plain.new if kinds_b[k] is UnitKind.PARAGRAPH)
    c = compare(*pair, constraints=Constraints(linked=(((a_key,), (b_key,)),)))
    m = c.match_of_a()[a_key]
    assert (m.a, m.b) == ((a_key,), (b_key,))
    assert m.decided is not None and m.decided.value == "linked"
    assert m.kind in (MatchKind.CHANGED, MatchKind.UNCHANGED)
    assert m.to_dict()["decided"] == "linked"
    assert a_key not in c.dropped and b_key not in c.new
    _accounted(c)


def test_adding_a_unit_to_a_match_makes_split_and_merge(pair, plain) -> None:
    kinds_a = {u.key: u.kind for u in pair[0].units}
    kinds_b = {u.key: u.kind for u in pair[1].units}
    one = next(
        m
        for m in plain.matches
        if len(m.a) == 1
        and len(m.b) == 1
        and kinds_a[m.a[0]] is UnitKind.PARAGRAPH
        and not m.boilerplate
    )
    extra_b = next(k for k in plain.new if kinds_b[k] is UnitKind.PARAGRAPH)
    extra_a = next(k for k in plain.dropped if kinds_a[k] is UnitKind.PARAGRAPH)
    split = compare(*pair, constraints=Constraints(linked=((one.a, (*one.b, extra_b)),)))
    m = split.match_of_a()[one.a[0]]
    assert m.kind is MatchKind.SPLIT and set(m.b) == {*one.b, extra_b}
    merge = compare(*pair, constraints=Constraints(linked=(((*one.a, extra_a), one.b),)))
    m = merge.match_of_b()[one.b[0]]
    assert m.kind is MatchKind.MERGED and set(m.a) == {*one.a, extra_a}
    both = compare(*pair, constraints=Constraints(linked=(((*one.a, extra_a), (*one.b, extra_b)),)))
    m = both.match_of_b()[one.b[0]]
    assert m.kind is MatchKind.RESTRUCTURED and m.decided is not None
    assert both.summary["restructured"] == 1
    for c in (split, merge, both):
        _accounted(c)


def test_confirmed_match_is_kept_and_marked(pair, plain) -> None:
    target = next(m for m in plain.matches if m.kind is MatchKind.CHANGED)
    c = compare(*pair, constraints=Constraints(confirmed=((target.a, target.b),)))
    m = c.match_of_a()[target.a[0]]
    assert (m.a, m.b, m.kind) == (target.a, target.b, target.kind)
    assert m.decided is not None and m.decided.value == "confirmed"
    assert sum(1 for x in c.matches if x.decided is not None) == 1


def test_relinking_a_match_frees_its_old_partner(pair, plain) -> None:
    """Linking A's unit to another B unit takes both out of their engine matches; the former
    partners are aligned around the decision (never with the relinked units)."""
    kinds_a = {u.key: u.kind for u in pair[0].units}
    paras = [
        m
        for m in plain.matches
        if len(m.a) == 1 and len(m.b) == 1 and kinds_a[m.a[0]] is UnitKind.PARAGRAPH
    ]
    m1, m2 = paras[3], paras[4]
    c = compare(*pair, constraints=Constraints(linked=((m1.a, m2.b),)))
    assert _together(c, m1.a[0], m2.b[0])
    assert not _together(c, m2.a[0], m2.b[0]) and not _together(c, m1.a[0], m1.b[0])
    _accounted(c)


def test_boilerplate_keys_mark_matches_and_unmatched(pair, plain) -> None:
    matched = next(m for m in plain.matches if not m.boilerplate)
    dropped = next(k for k in plain.dropped if k not in plain.boilerplate_a)
    c = compare(
        *pair,
        constraints=Constraints(boilerplate_a=(matched.a[0], dropped), boilerplate_b=("nope",)),
    )
    assert c.match_of_a()[matched.a[0]].boilerplate
    assert dropped in c.boilerplate_a and dropped in c.dropped
    assert set(c.to_dict()["boilerplate"]["a"]) == {*plain.boilerplate_a, dropped}
    kind = matched.kind.value
    assert c.summary[kind] == plain.summary[kind] - 1
    assert c.summary["dropped"] == plain.summary["dropped"] - 1


def test_constraints_reach_the_timeline(national_docs: dict[int, PlanDocument], pair) -> None:
    kinds_a = {u.key: u.kind for u in pair[0].units}
    kinds_b = {u.key: u.kind for u in pair[1].units}
    plain = compare(*pair)
    a_key = next(k for k in plain.dropped if kinds_a[k] is UnitKind.PARAGRAPH)
    b_key = next(k for k in plain.new if kinds_b[k] is UnitKind.PARAGRAPH)
    cons = {(2024, 2025): Constraints(linked=(((a_key,), (b_key,)),))}
    docs = [pair[0], pair[1]]
    before = build_timeline(docs)
    after = build_timeline(docs, constraints=cons)

    def thread_of(tl, year: int, key: str):
        return next(t for t in tl.threads for y in t.years if y.year == year and key in y.keys)

    assert thread_of(before, 2024, a_key) is not thread_of(before, 2025, b_key)
    assert thread_of(after, 2024, a_key) == thread_of(after, 2025, b_key)


def _small_pair(hailar_docs: dict[int, PlanDocument]) -> tuple[PlanDocument, PlanDocument]:
    return hailar_docs[2018], hailar_docs[2019]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_invariants_under_random_constraints(hailar_docs, data) -> None:
    a, b = _small_pair(hailar_docs)
    ka, kb = [u.key for u in a.units], [u.key for u in b.units]
    keys_a = st.lists(st.sampled_from(ka), min_size=1, max_size=3, unique=True)
    keys_b = st.lists(st.sampled_from(kb), min_size=1, max_size=3, unique=True)
    group = st.tuples(keys_a.map(tuple), keys_b.map(tuple))
    cons = Constraints(
        confirmed=tuple(data.draw(st.lists(group, max_size=2))),
        linked=tuple(data.draw(st.lists(group, max_size=3))),
        rejected=tuple(
            data.draw(st.lists(st.tuples(st.sampled_from(ka), st.sampled_from(kb)), max_size=12))
        ),
        boilerplate_a=tuple(data.draw(st.lists(st.sampled_from(ka), max_size=2))),
        boilerplate_b=tuple(data.draw(st.lists(st.sampled_from(kb), max_size=2))),
    )
    granularity = data.draw(st.sampled_from([tuple(UnitKind), (UnitKind.PARAGRAPH,)]))
    c = compare(a, b, constraints=cons, options=CompareOptions(granularity=granularity))
    a_keys = [k for m in c.matches for k in m.a] + list(c.dropped)
    b_keys = [k for m in c.matches for k in m.b] + list(c.new)
    assert len(a_keys) == len(set(a_keys)) and len(b_keys) == len(set(b_keys))
    assert set(a_keys) == {u.key for u in a.units if u.kind in granularity}
    assert set(b_keys) == {u.key for u in b.units if u.kind in granularity}
    decided = {(m.a, m.b) for m in c.matches if m.decided is not None}
    rejected = set(cons.rejected)
    for m in c.matches:
        if m.decided is None:
            assert not any((x, y) in rejected for x in m.a for y in m.b)
        if len(m.a) > 1 and len(m.b) > 1:
            assert m.kind is MatchKind.RESTRUCTURED
    # each decided group is present as given, minus units claimed by an earlier decision or
    # outside the granularity
    kinds_a = {u.key: u.kind for u in a.units}
    kinds_b = {u.key: u.kind for u in b.units}
    used_a: set[str] = set()
    used_b: set[str] = set()
    for ga, gb in (*cons.confirmed, *cons.linked):
        sa = {k for k in ga if kinds_a[k] in granularity} - used_a
        sb = {k for k in gb if kinds_b[k] in granularity} - used_b
        if sa and sb:
            used_a |= sa
            used_b |= sb
            assert (tuple(k for k in ka if k in sa), tuple(k for k in kb if k in sb)) in decided
    assert len(decided) == sum(1 for m in c.matches if m.decided is not None)
    json.dumps(c.to_dict())
