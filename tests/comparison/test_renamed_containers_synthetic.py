"""A container renamed between years, its children continuing (engine 23).

An English action plan renames a goal ("Clean energy" -> "Renewable power") while two of its
three actions continue under it. The goals' headlines share no word, and their actions are
reworded, so neither the goal pair nor its children's votes clear the English cutoff, and up to
engine 22 the goal came out dropped and new, and its reworded third action with it. Two
containers both left unmatched, each the source of the other's children by their votes, and
sharing at least half of each one's children, are now the same container
(``groups.renamed_containers``), and their children get the context of linked parents in the
last assignment.

Every text here is SYNTHETIC, written for this test in the shape of a city's climate action
plan; none is presented as real. On the real corpus (the 47 consecutive pairs of the bundled
national, Hailar and Singapore files) the rule changes no match.
"""

from __future__ import annotations

import pytest

from comparison import compare, parse_text
from comparison.features import Vocabulary, document_features
from comparison.groups import Group, renamed_containers

YEAR_A = """\
# Climate Action Plan 2023 (synthetic)

## Goal 1: Clean energy

Action 1.1: Install solar panels on 40 municipal buildings by December 2023. Lead: Department \
of Public Works. Support: Energy Office.

Action 1.2: Launch a rebate programme for residential heat pumps, offering up to $2,000 per \
household. Lead: Energy Office.

Action 1.3: Convert 25% of the city fleet to electric vehicles. Lead: Fleet Services.

## Goal 2: Resilient neighbourhoods

Action 2.1: Plant 5,000 street trees in low-canopy neighbourhoods. Lead: Parks Department.

Action 2.2: Upgrade stormwater drains in the three districts most exposed to flooding. Lead: \
Water Utility.

Action 2.3: Open four cooling centres during heat waves. Lead: Public Health.

## Goal 3: Waste

Action 3.1: Introduce curbside organics collection for all single-family homes. Lead: Sanitation.

Action 3.2: Ban single-use plastic bags at large retailers. Lead: Council Office.
"""

YEAR_B = """\
# Climate Action Plan 2024 (synthetic)

## Goal 1: Renewable power

Action 1.1: Complete rooftop solar installations on the remaining municipal buildings, bringing \
the total to 60. Lead: Department of Public Works.

Action 1.2: Extend heat pump rebates to small businesses and raise the household rebate to \
$3,000. Lead: Energy Office. Support: Economic Development.

Action 1.3: Electrify half of the municipal vehicle fleet by 2026. Lead: Fleet Services.

## Goal 2: Climate-ready neighbourhoods

Action 2.1: Grow the urban tree canopy with 7,000 new street trees, prioritising neighbourhoods \
with the least shade. Lead: Parks Department.

Action 2.2: Finish the drainage upgrades in flood-prone districts and start two more. Lead: \
Water Utility.

Action 2.3: Create a heat-health alert system linked to extended cooling centre hours. Lead: \
Public Health.

Action 2.4: Map the city's most heat-vulnerable residents with community groups. Lead: Public \
Health.

## Goal 3: Zero waste

Action 3.1: Expand food scrap collection to apartment buildings. Lead: Sanitation.
"""


def _pairs(a: str, b: str) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(m.a, m.b) for m in compare(parse_text(a), parse_text(b)).matches}


def test_a_renamed_goal_is_matched_with_its_actions() -> None:
    result = compare(parse_text(YEAR_A), parse_text(YEAR_B))
    pairs = {(m.a, m.b) for m in result.matches}
    assert (("g1",), ("g1",)) in pairs
    # its reworded third action gets the context of linked parents: matched too
    assert (("g1.a1-3",), ("g1.a1-3",)) in pairs
    assert result.new == ("g2.a2-4",) and result.dropped == ("g3.a3-2",)
    (goal,) = [m for m in result.matches if m.a == ("g1",)]
    assert goal.confidence == "low"  # the headlines share nothing: the evidence is structural


def test_the_renamed_goal_gives_its_children_context(monkeypatch: pytest.MonkeyPatch) -> None:
    # without the renamed pair as context in the last assignment, the reworded third action
    # (0.28, under the English cutoff) stays dropped and new, though its goal is still matched
    monkeypatch.setattr("comparison.align.renamed_containers", lambda *args, **kw: [])
    result = compare(parse_text(YEAR_A), parse_text(YEAR_B))
    pairs = {(m.a, m.b) for m in result.matches}
    assert (("g1",), ("g1",)) in pairs
    assert (("g1.a1-3",), ("g1.a1-3",)) not in pairs


def test_both_directions_agree() -> None:
    forward = _pairs(YEAR_A, YEAR_B)
    backward = {(b, a) for a, b in _pairs(YEAR_B, YEAR_A)}
    assert forward == backward


def test_a_goal_most_of_whose_actions_went_elsewhere_is_not_renamed() -> None:
    # the 2024 goal keeps the old actions but adds four of its own: at most three of its seven
    # children continue, less than half, so it is a new goal that took old actions, not a
    # renamed one
    more = "".join(
        f"Action 1.{n}: Pilot community {topic} schemes in two districts. Lead: Energy Office.\n\n"
        for n, topic in ((4, "battery"), (5, "wind"), (6, "geothermal"), (7, "microgrid"))
    )
    b = YEAR_B.replace("## Goal 2:", more + "## Goal 2:", 1)
    assert (("g1",), ("g1",)) not in _pairs(YEAR_A, b)


def _one_task(title: str, n: int) -> str:
    body = "\n".join(f"{k}. Deliver measure {k} of {title.lower()}." for k in range(1, n + 1))
    return f"Plan (synthetic)\n\nGoal 1: {title}\n{body}\n"


@pytest.mark.parametrize(
    ("links", "renamed"),
    [
        # child 1 split over two children, child 2 kept: 2 of 5 children on the A side, but 3
        # of 5 on the B side; each side must count its own half, so neither direction renames
        ({(1, 1), (1, 2), (2, 3)}, False),
        ({(1, 1), (2, 2), (3, 3)}, True),  # three of five, both sides
    ],
)
def test_each_side_counts_its_own_children(links: set[tuple[int, int]], renamed: bool) -> None:
    a, b = parse_text(_one_task("Energy", 5)), parse_text(_one_task("Power", 5))
    vocab = Vocabulary()
    fa, fb = document_features(a, vocab), document_features(b, vocab)
    assert [f.n_children for f in fa[:2]] == [5, 0]  # index 0 the goal, 1..5 its actions
    by_a: dict[int, list[int]] = {}
    for i, j in sorted(links):
        by_a.setdefault(i, []).append(j)
    groups = [Group(a=(i,), b=tuple(js), score=1.0) for i, js in by_a.items()]
    swapped = [Group(a=g.b, b=g.a, score=1.0) for g in groups]
    forward = renamed_containers(fa, fb, groups)
    backward = [(i, j) for j, i in renamed_containers(fb, fa, swapped)]
    assert forward == backward == ([(0, 0)] if renamed else [])
