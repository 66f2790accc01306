"""n:m groups from crossing containers (comparison.restructure) on real reports.

National 2018 → 2019 is a development pair of the gold set: 2018's supply-side task （一） is
dissolved into 2019's （二） (business climate) and （三） (innovation, the successor of 2018's
（二）), and the three tough battles （四） into 2019's （七） (pollution) and （五） (rural
revitalisation with poverty, the successor of 2018's （五）). A task that keeps its headline while
handing two paragraphs to other tasks must stay a plain match.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from comparison import compare, parse_text
from comparison.document import PlanDocument
from comparison.result import Comparison, MatchKind

DEMO = Path(__file__).resolve().parents[2] / "archive" / "demo" / "cn-national-gwr"


@cache
def _doc(year: int) -> PlanDocument:
    return parse_text((DEMO / f"{year}.txt").read_text(encoding="utf-8"))


@cache
def _compare(year_a: int, year_b: int) -> Comparison:
    return compare(_doc(year_a), _doc(year_b))


def _task_groups(result: Comparison) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    kind_a = {u.key: u.kind.value for u in result.doc_a.units}
    return {
        (m.a, m.b)
        for m in result.matches
        if m.kind is MatchKind.RESTRUCTURED and kind_a[m.a[0]] == "task"
    }


def test_dissolved_tasks_form_restructured_groups() -> None:
    groups = _task_groups(_compare(2018, 2019))
    assert groups == {
        (("s3.t1", "s3.t2"), ("s3.t2", "s3.t3")),
        (("s3.t4", "s3.t5"), ("s3.t5", "s3.t7")),
    }


def test_restructured_groups_are_symmetric_under_swap() -> None:
    forward = _task_groups(_compare(2018, 2019))
    backward = _task_groups(_compare(2019, 2018))
    assert backward == {(b, a) for a, b in forward}


def _move_paragraph(lines: list[str], prefix: str, before: str) -> list[str]:
    """Move the line starting with ``prefix`` to just before the line starting with ``before``
    (a task heading), keeping the blank-line layout."""
    (at,) = [n for n, line in enumerate(lines) if line.startswith(prefix)]
    moved = lines.pop(at)
    (to,) = [n for n, line in enumerate(lines) if line.startswith(before)]
    return [*lines[:to], moved, "", *lines[to:]]


def test_a_task_that_keeps_its_headline_is_not_dissolved() -> None:
    # 2019 （八） 深化重点领域改革 hands two of its four paragraphs to （二） and （六）: less than
    # half of it stays, but its headline stays too, so it is still itself (two paragraph moves)
    lines = (DEMO / "2019.txt").read_text(encoding="utf-8").splitlines()
    lines = _move_paragraph(lines, "加快国资国企改革", "（三）")
    lines = _move_paragraph(lines, "下大气力优化民营经济发展环境", "（七）")
    edited = parse_text("\n".join(lines) + "\n")
    result = compare(_doc(2019), edited)
    assert not [m for m in result.matches if m.kind is MatchKind.RESTRUCTURED]
    by_a = result.match_of_a()
    task8 = by_a["s3.t8"]
    assert (task8.a, task8.b) == (("s3.t8",), ("s3.t8",))
    moved = {by_a[k].b for k in ("s3.t8.p2", "s3.t8.p3")}
    parents = {next(u.parent for u in edited.units if u.key == b[0]) for b in moved}
    assert parents == {"s3.t2", "s3.t6"}


@pytest.mark.parametrize("years", [(2021, 2022), (2024, 2025)])
def test_renamed_or_split_tasks_stay_unrestructured(years: tuple[int, int]) -> None:
    # 2021 （一） is split in two and one paragraph of （四） moved to 2022 （一）: neither task
    # is dissolved into the other's match (the gold's links there are a split and a possible)
    assert _task_groups(_compare(*years)) == set()
