"""Patterns rewritten for speed match exactly what their plain forms match.

Several parser patterns used to open with a look-behind, which makes ``re`` try every position
of the text; they now open with the characters they need (or are skipped when a character they
need is absent). Each plain form is kept here and compared with the one in use.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from comparison import grammar, metadata, numbering, structure

PLAIN_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*年")
PLAIN_YEAR_IS = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年是")
_B, _CN = numbering._ZH_BOUND, numbering.CN_NUM
PLAIN_ZH_MARK = re.compile(
    rf"(?<=[{_B}])(?:(?P<task>[（(][{_CN}]{{1,4}}[）)])|(?P<sub>[（(][0-9０-９]{{1,3}}[）)])"
    rf"|(?P<sec>[{_CN}]{{1,4}}、)|(?P<item>[0-9０-９]{{1,3}}[.．、](?![0-9０-９%％])))"
)
YEARS = st.lists(
    st.sampled_from(["1", "2", "9", "0", "19", "20", "2014", "1998", " ", "年", "是", "x", "年是"]),
    max_size=30,
).map("".join)
MARKS = st.lists(
    st.sampled_from([*"。；;：: \u3000（()）、.．%％", "1", "12", "２", "一", "十二", "x", "是"]),
    max_size=30,
).map("".join)


def spans(matches: object, group: int | str = 1) -> list[tuple[int, int]]:
    return [m.span(group) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(YEARS)
def test_year_patterns(text: str) -> None:
    assert spans(metadata._YEAR.finditer(text)) == spans(PLAIN_YEAR.finditer(text))
    assert spans(metadata._YEAR_IS.finditer(text)) == spans(PLAIN_YEAR_IS.finditer(text))


@settings(max_examples=300, deadline=None)
@given(MARKS)
def test_run_on_markers(text: str) -> None:
    got = [(m.lastgroup, m.span(m.lastgroup or 0)) for m in numbering._ZH_MARK.finditer(text)]
    want = [(m.lastgroup, m.span()) for m in PLAIN_ZH_MARK.finditer(text)]
    assert got == want


FILLER = "and the plan will grow in every district or town " * 3
EN_MARKS = st.lists(
    st.sampled_from(
        ["Action 1: ", "ACTION 12.3.4.5: ", "Goal 2 - ", "Objective 3. ", "1. The ", "12. (",
         "3.5 per cent. ", ". ", "; ", " and ", " or ", ") ", "x", "1", ".", " ", "Цель 2: ",
         "RECOMMENDATION 3.1.2.4: ", " 7. “", FILLER, FILLER, FILLER]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(EN_MARKS)
def test_english_markers_searched_around_number_ends(text: str) -> None:
    got = [(m.lastgroup, m.span()) for m in numbering._en_marks(text)]
    assert got == [(m.lastgroup, m.span()) for m in numbering._EN_MARK.finditer(text)]


def test_every_chinese_numbering_pattern_opens_with_an_opener() -> None:
    """A line whose first character is not in _ZH_OPENERS is checked against no pattern."""
    # every pattern _classify_zh tries: its grammar table, and the ones it tries by hand
    patterns = [rx for rx, *_ in grammar._ZH_GRAMMAR]
    patterns += [grammar._MD_HEADING, grammar._CHAPTER, grammar._UROMAN]
    patterns += [grammar._ZH_DOTTED, grammar._ZH_SPACED]
    tails = ("、x", "）、x", "1.x", " x", "\u3000x", "章 x", ". x", "# x", "1）x")
    for code in range(0x10000):
        ch = chr(code)
        if ch in grammar._ZH_OPENERS:
            continue
        for tail in tails:
            assert not any(rx.match(ch + tail) for rx in patterns), repr(ch + tail)


def test_language_counts() -> None:
    text = "推进改革 reform 二〇 abc" * 3
    assert structure._count(structure._CJK_RX, text) == 15  # 〇 (U+3007) is not in the range
    assert structure._count(structure._LATIN_RX, text) == 27
    assert structure.detect_language(text) == "zh"


def test_english_marker_cut_off_by_a_window_is_found_whole() -> None:
    """A marker starting near the end of a number end's window, too long to fit in it, is left
    to its own number end's window (else ``Action 1.2.3.4:`` would be read as ``Action 1.2.``)."""
    for gap in range(numbering._EN_REACH - 40, numbering._EN_REACH + 2):
        text = "x5- " + "y" * gap + "; Action 1.2.3.4: Go " + "z " * 400
        got = [(m.lastgroup, m.span()) for m in numbering._en_marks(text)]
        assert got == [(m.lastgroup, m.span()) for m in numbering._EN_MARK.finditer(text)]
        assert got[0][1][1] - got[0][1][0] == len("Action 1.2.3.4:")
