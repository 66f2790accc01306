"""The role-clause reader finds its clauses from the colons (comparison.roles._clauses): the
same matches, in the same places, as running the keyword pattern over the whole tail."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from comparison.roles import _CLAUSE, _ROLE_OF, TAIL, _clauses

PIECES = [
    *sorted(_ROLE_OF)[::7], "Lead", "LEAD AGENCY", "lead \t agency", "Action Owner", "owner",
    "Support", "Target date", "担当", "담당부서", "ответственный", ":", "：", " ", "  ", "\u3000",
    "\n", ";", ".", "(", ")", "-", "_", "x", "Ministry of Health", "2025", " " * 120,
]  # fmt: skip


def spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(1)) for m in matches]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join), st.integers(0, 200))
def test_clauses_found_from_colons_are_those_of_a_full_scan(text: str, offset: int) -> None:
    for start in {0, min(offset, len(text)), max(0, len(text) - TAIL)}:
        assert spans(list(_clauses(text, start))) == spans(list(_CLAUSE.finditer(text, start)))


def test_blanks_and_colons_everywhere() -> None:
    for text in (": " * 400, "：" * 800, "Lead: " * 140, "lead" + " " * 300 + "agency:  x"):
        want = spans(list(_CLAUSE.finditer(text, 0)))
        assert spans(list(_clauses(text, 0))) == want
    assert spans(list(_clauses("lead" + " " * 300 + "agency:  x", 0))) == [
        ((0, 313), "lead" + " " * 300 + "agency")
    ]
