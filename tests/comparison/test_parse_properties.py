"""Property tests: parse_text gives a well-formed PlanDocument or raises ParseError, never else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparison import PlanDocument, UnitKind, parse_text
from comparison.normalize import normalize
from comparison.structure import ParseError

MARKERS = [
    "一、", "二、", "十、", "（一）", "(二)", "（十）", "1.", "2、", "３．", "10.", "（1）", "(2)",
    "一是", "# ", "## ", "I. ", "1. ", "1.1 ", "(a) ", "**Mr Speaker**", "**Time:** 3.30 pm",
    "您现在的位置", "【字体:", "本作品是中华人民共和国的", "Public domain", "---",
]  # fmt: skip
PIECES = [
    "推进改革", "加强建设。", "完善机制，", "市委政研室(改革办)", "（牵头单位：市委、市府）",
    "(牵头落实单位:市社工委,各区)", "〔牵头落实单位:甲", "〕", "）", "(", "《", "》", "。", "；",
    "2014年", "growth", "The Budget.", "\u3000\u3000", "\u00a0", "\u200b", " ", "\r\n", "\n",
    "\n\n", "\r",
]  # fmt: skip

plan_like = st.lists(st.sampled_from(MARKERS + PIECES), max_size=60).map("".join)
arbitrary = st.text(max_size=300)


def check(doc: PlanDocument) -> None:
    keys = [u.key for u in doc.units]
    assert len(keys) == len(set(keys)), "keys unique"
    assert doc.units, "a document has units"
    seen: dict[str, int] = {}
    for u in doc.units:
        assert u.key and "\n" not in u.key
        if u.parent is None:
            assert u.level == 1
        else:
            assert u.parent in seen, "parent exists and precedes child"
            assert u.level == seen[u.parent] + 1
            assert u.key.startswith(u.parent + ".")
        seen[u.key] = u.level
        assert isinstance(u.kind, UnitKind)
        assert all(isinstance(x, str) and x for x in u.lead_units)
    assert doc.language in ("zh", "en")
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in doc.metadata.items())
    assert all("\n" not in w for w in doc.warnings)
    assert PlanDocument.from_dict(doc.to_dict()) == doc


def parse_or_reject(text: str) -> None:
    try:
        doc = parse_text(text)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check(doc)
    again = parse_text(text)
    assert again == doc, "deterministic"


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(arbitrary)
def test_arbitrary_text(text: str) -> None:
    parse_or_reject(text)


@FAST
@given(plan_like)
def test_plan_like_text(text: str) -> None:
    parse_or_reject(text)


@FAST
@given(st.lists(st.sampled_from(MARKERS + PIECES), max_size=40).map("\n".join))
def test_plan_like_lines(text: str) -> None:
    parse_or_reject(text)


@settings(max_examples=100, deadline=None)
@given(arbitrary)
def test_normalize_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "\u200b" not in once and "\u00a0" not in once and "\u3000" not in once


ZH_MARKERS = ["一、", "二、", "（一）", "(二)", "1.", "2、", "３．", "（1）", "(2)", "一是"]
ZH_PIECES = ["推进改革", "加强建设。", "完善机制，", "市委政研室(改革办)", "2014年", "。", "；"]
ZH_BREAKS = ["\n", "\n\n", "\r\n", "\u3000\u3000", " "]
zh_plan = st.lists(
    st.tuples(
        st.sampled_from(ZH_BREAKS),
        st.sampled_from([*ZH_MARKERS, ""]),
        st.lists(st.sampled_from(ZH_PIECES), min_size=1, max_size=6).map("".join),
    ).map("".join),
    min_size=1,
    max_size=25,
).map("".join)


def _squash(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace() and ch not in "、.．()（）\u3000")


@FAST
@given(zh_plan)
def test_every_character_lands_in_one_unit(text: str) -> None:
    """Generated plans (no chrome, no lead clauses): labels + texts reproduce the body."""
    try:
        doc = parse_text(text, language="zh")
    except ParseError:
        return
    check(doc)
    assert _squash("".join(u.label + u.text for u in doc.units)) == _squash(text)
