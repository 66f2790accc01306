"""Engine properties (hypothesis) over synthetic plans built from the seed's real sentences.

compare(x, x) is all unchanged; swapping A and B swaps new and dropped, split and merged, and
inverts the links; redlines reproduce both sides; every unit is accounted for exactly once; the
JSON is byte-identical run to run and survives a round trip.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparison import (
    CompareOptions,
    Comparison,
    MatchKind,
    PlanDocument,
    Unit,
    UnitKind,
    compare,
    parse_text,
)
from comparison.detail import apply_side, redline
from comparison.features import unit_text
from comparison.tokens import sentences

SEED = Path(__file__).resolve().parents[2] / "archive/demo/shenzhen-social-construction/2014.txt"
_seed = parse_text(SEED.read_text(encoding="utf-8"))
POOL = sorted(
    {s for u in _seed.units if u.kind is UnitKind.ITEM for s in sentences(u.text) if len(s) > 8}
)
AGENCIES = sorted({a for u in _seed.units for a in u.lead_units})
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ItemSpec = tuple[tuple[int, ...], tuple[int, ...]]  # sentence indices, agency indices


@st.composite
def synthetic_items(draw: st.DrawFn, min_size: int = 2, max_size: int = 12) -> list[ItemSpec]:
    sents = st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=4, unique=True)
    leads = st.lists(st.integers(0, len(AGENCIES) - 1), max_size=3, unique=True)
    items = draw(st.lists(st.tuples(sents, leads), min_size=min_size, max_size=max_size))
    # distinct first sentences keep items distinguishable, as in real plans
    seen: set[int] = set()
    out: list[ItemSpec] = []
    for s, lead in items:
        if s[0] not in seen:
            seen.add(s[0])
            out.append((tuple(s), tuple(lead)))
    return out


def synthetic_plan(items: list[ItemSpec], n_sections: int, year: int) -> PlanDocument:
    units: list[Unit] = []
    per = max(1, -(-len(items) // n_sections))
    for s in range(n_sections):
        chunk = items[s * per : (s + 1) * per]
        if not chunk:
            break
        sec = f"s{s + 1}"
        title = f"第{s + 1}部分" + POOL[chunk[0][0][0]][:6]
        units.append(Unit(sec, None, 1, UnitKind.SECTION, str(s + 1), title, title))
        for n, (sents, leads) in enumerate(chunk, start=1):
            text = "".join(POOL[i] for i in sents)
            units.append(
                Unit(
                    f"{sec}.i{n}",
                    sec,
                    2,
                    UnitKind.ITEM,
                    str(n),
                    POOL[sents[0]].rstrip("。；"),
                    text,
                    tuple(AGENCIES[i] for i in leads),
                )
            )
    return PlanDocument("synthetic plan", year, "zh", units=tuple(units))


@st.composite
def synthetic_pairs(draw: st.DrawFn) -> tuple[PlanDocument, PlanDocument]:
    items = draw(synthetic_items())
    b_items = list(items)
    ops = draw(st.lists(st.sampled_from(["drop", "swap", "reword", "add", "lead"]), max_size=4))
    for op in ops:
        if not b_items:
            break
        i = draw(st.integers(0, len(b_items) - 1))
        sents, leads = b_items[i]
        if op == "drop":
            del b_items[i]
        elif op == "swap":
            j = draw(st.integers(0, len(b_items) - 1))
            b_items[i], b_items[j] = b_items[j], b_items[i]
        elif op == "reword":
            extra = draw(st.integers(0, len(POOL) - 1))
            if all(extra not in s for s, _ in b_items):
                b_items[i] = ((*sents, extra), leads)
        elif op == "add":  # a new item, distinct from the others (exact duplicates are ties)
            (new,) = draw(synthetic_items(min_size=1, max_size=1))
            if all(new[0][0] not in s for s, _ in b_items):
                b_items.append(new)
        elif op == "lead":
            b_items[i] = (sents, tuple(reversed(leads)))
    a = synthetic_plan(items, draw(st.integers(1, 3)), 2014)
    b = synthetic_plan(b_items, draw(st.integers(1, 3)), 2015)
    return a, b


def assert_accounted_for(result: Comparison) -> None:
    keys_a = [k for m in result.matches for k in m.a] + list(result.dropped)
    keys_b = [k for m in result.matches for k in m.b] + list(result.new)
    assert sorted(keys_a) == sorted(u.key for u in result.doc_a.units)
    assert sorted(keys_b) == sorted(u.key for u in result.doc_b.units)


def links(result: Comparison) -> set[tuple[tuple[str, ...], tuple[str, ...], str]]:
    return {(m.a, m.b, m.kind.value) for m in result.matches}


@SETTINGS
@given(items=synthetic_items(), n_sections=st.integers(1, 3))
def test_a_plan_against_itself_is_all_unchanged(items: list[ItemSpec], n_sections: int) -> None:
    doc = synthetic_plan(items, n_sections, 2014)
    result = compare(doc, doc)
    assert result.new == () and result.dropped == ()
    assert all(m.kind is MatchKind.UNCHANGED and not m.moved for m in result.matches)
    assert all(m.a == m.b and m.change_ratio == 0 for m in result.matches)
    assert len(result.matches) == len(doc.units)


@SETTINGS
@given(pair=synthetic_pairs())
def test_swapping_a_and_b_inverts_everything(pair: tuple[PlanDocument, PlanDocument]) -> None:
    a, b = pair
    forward, backward = compare(a, b), compare(b, a)
    assert forward.new == backward.dropped
    assert forward.dropped == backward.new
    flip = {"split": "merged", "merged": "split"}
    inverted = {(mb, ma, flip.get(kind, kind)) for ma, mb, kind in links(backward)}
    assert links(forward) == inverted
    moved_f = {m.a for m in forward.matches if m.moved}
    moved_b = {m.b for m in backward.matches if m.moved}
    assert moved_f == moved_b


@SETTINGS
@given(pair=synthetic_pairs())
def test_redlines_reproduce_both_sides_and_all_units_are_accounted_for(
    pair: tuple[PlanDocument, PlanDocument],
) -> None:
    a, b = pair
    result = compare(a, b)
    assert_accounted_for(result)
    ua, ub = a.by_key(), b.by_key()
    for m in result.matches:
        assert apply_side(m.redline, "a") == "\n".join(unit_text(ua[k]) for k in m.a)
        assert apply_side(m.redline, "b") == "\n".join(unit_text(ub[k]) for k in m.b)
        assert 0.0 <= m.score <= 1.0 and 0.0 <= m.change_ratio <= 1.0


@SETTINGS
@given(pair=synthetic_pairs())
def test_json_is_byte_identical_and_round_trips(pair: tuple[PlanDocument, PlanDocument]) -> None:
    a, b = pair
    first = json.dumps(compare(a, b).to_dict(), ensure_ascii=False)
    second = json.dumps(compare(a, b).to_dict(), ensure_ascii=False)
    assert first == second
    back = Comparison.from_dict(json.loads(first))
    assert json.dumps(back.to_dict(), ensure_ascii=False) == first


@SETTINGS
@given(pair=synthetic_pairs(), k=st.integers(1, 8), cutoff=st.floats(0.1, 0.9))
def test_options_never_break_the_contract(
    pair: tuple[PlanDocument, PlanDocument], k: int, cutoff: float
) -> None:
    a, b = pair
    opts = CompareOptions(score_cutoff=cutoff, top_k=k, split_merge=k % 2 == 0)
    assert_accounted_for(compare(a, b, options=opts))


# ------------------------------------------------------------------ real units


@pytest.fixture(scope="module")
def real_units(
    national_docs: dict[int, PlanDocument], hailar_docs: dict[int, PlanDocument]
) -> list[str]:
    docs = [national_docs[2018], national_docs[2019], hailar_docs[2018], hailar_docs[2019]]
    return [unit_text(u) for d in docs for u in d.units]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_redlines_of_real_units_reproduce_them(real_units: list[str], data: st.DataObject) -> None:
    x = data.draw(st.sampled_from(real_units))
    y = data.draw(st.sampled_from(real_units))
    runs = redline(x, y)
    assert (apply_side(runs, "a"), apply_side(runs, "b")) == (x, y)


REAL_PAIRS = [("national", 2024, 2025), ("national", 2018, 2019), ("hailar", 2018, 2019)]


@pytest.mark.parametrize("pair", REAL_PAIRS, ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}")
def test_real_pairs_swap_and_determinism(
    pair: tuple[str, int, int],
    national_docs: dict[int, PlanDocument],
    hailar_docs: dict[int, PlanDocument],
) -> None:
    docs = {"national": national_docs, "hailar": hailar_docs}[pair[0]]
    a, b = docs[pair[1]], docs[pair[2]]
    forward, backward = compare(a, b), compare(b, a)
    assert_accounted_for(forward)
    assert forward.new == backward.dropped and forward.dropped == backward.new
    flip = {"split": "merged", "merged": "split"}
    assert links(forward) == {(mb, ma, flip.get(k, k)) for ma, mb, k in links(backward)}
    assert json.dumps(forward.to_dict()) == json.dumps(compare(a, b).to_dict())


def test_json_is_byte_identical_across_processes_and_hash_seeds() -> None:
    """No set or dict iteration order leaks into the result (PYTHONHASHSEED varies)."""
    import hashlib
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        "import json,sys,hashlib;from comparison import parse_text,compare,build_timeline;"
        "d=[parse_text(open(f'archive/demo/hailar-district-gwr/{y}.txt',encoding='utf-8').read())"
        " for y in (2017,2018,2019)];"
        "s=json.dumps(compare(d[1],d[2]).to_dict(),ensure_ascii=False)"
        "+json.dumps(build_timeline(d).to_dict(),ensure_ascii=False);"
        "print(hashlib.sha256(s.encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr[-500:]
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    assert len(next(iter(digests))) == len(hashlib.sha256().hexdigest())


# ---------------------------------------------- every consecutive pair of real years

SERIES_DIRS = {"national": "cn-national-gwr", "hailar": "hailar-district-gwr"}
CONSECUTIVE_PAIRS = [
    (series, y0, y1)
    for series, folder in SERIES_DIRS.items()
    for y0, y1 in pairwise(sorted(int(p.stem) for p in (SEED.parents[1] / folder).glob("*.txt")))
]


def assert_swap_inverts(forward: Comparison, backward: Comparison) -> None:
    """``backward`` = compare(b, a) is ``forward`` = compare(a, b) mirrored, link for link."""
    assert forward.new == backward.dropped
    assert forward.dropped == backward.new
    flip = {"split": "merged", "merged": "split"}
    inverted = {(mb, ma, flip.get(kind, kind)) for ma, mb, kind in links(backward)}
    assert sorted(links(forward) - inverted) == sorted(inverted - links(forward)) == []
    assert {m.a for m in forward.matches if m.moved} == {m.b for m in backward.matches if m.moved}


@pytest.mark.slow
@pytest.mark.parametrize("pair", CONSECUTIVE_PAIRS, ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}")
def test_every_real_pair_of_consecutive_years_swaps_exactly(
    pair: tuple[str, int, int],
    national_docs: dict[int, PlanDocument],
    hailar_docs: dict[int, PlanDocument],
) -> None:
    """Reports repeat short paragraphs verbatim ("各位代表！" several times a year): tied
    candidates must not be paired one way forwards and another way backwards."""
    docs = {"national": national_docs, "hailar": hailar_docs}[pair[0]]
    a, b = docs[pair[1]], docs[pair[2]]
    assert_swap_inverts(compare(a, b), compare(b, a))


SG_SPEECHES = SEED.parents[3] / "tests" / "data" / "sg-budget-speech"
SG_PAIRS = list(pairwise(sorted(int(p.stem) for p in SG_SPEECHES.glob("*.txt"))))


@pytest.mark.slow
@pytest.mark.parametrize("pair", SG_PAIRS, ids=lambda p: f"sg-{p[0]}-{p[1]}")
def test_every_english_pair_of_consecutive_years_swaps_exactly(pair: tuple[int, int]) -> None:
    """English speeches read both years with one abbreviation table and judge split parts in
    both directions on the same state (engine 17): swapping the years mirrors the result."""
    a, b = (parse_text((SG_SPEECHES / f"{y}.txt").read_text(encoding="utf-8")) for y in pair)
    assert_swap_inverts(compare(a, b), compare(b, a))
