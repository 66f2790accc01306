"""Which container an unmatched container's children vote for (``groups._container_sources``).

A task whose paragraphs went partly to paragraphs right under a section and partly to another
task's paragraphs can only join a task's match (a task never joins a section's group), so the
votes for the section must not outvote the task. National 2016 → 2017: 2016's macro-policy task
hands three paragraphs to 2017's overview section and two to the reform task; before engine 21
the section won the vote, lost the family check, and the task stayed dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparison.document import UnitKind
from comparison.groups import Group, _container_sources, container_groups


@dataclass(frozen=True)
class Feat:
    """The four fields the container vote reads (a stand-in for ``UnitFeatures``)."""

    key: str
    parent: str | None
    kind: UnitKind
    n_children: int = 0


S, T, P = UnitKind.SECTION, UnitKind.TASK, UnitKind.PARAGRAPH

# A: one section with an unmatched task t1 of five paragraphs.
A = [
    Feat("s3", None, S, 1),
    Feat("s3.t1", "s3", T, 5),
    *(Feat(f"s3.t1.p{n}", "s3.t1", P) for n in range(1, 6)),
]
# B: an overview section with three direct paragraphs, and a task section with task t2.
B = [
    Feat("s2", None, S, 3),
    *(Feat(f"s2.p{n}", "s2", P) for n in range(1, 4)),
    Feat("s3", None, S, 1),
    Feat("s3.t2", "s3", T, 2),
    Feat("s3.t2.p1", "s3.t2", P),
    Feat("s3.t2.p2", "s3.t2", P),
]
ia = {f.key: i for i, f in enumerate(A)}
ib = {f.key: i for i, f in enumerate(B)}
LINKS = [  # A paragraph -> B paragraph
    ("s3.t1.p1", "s2.p1"),
    ("s3.t1.p2", "s2.p2"),
    ("s3.t1.p3", "s2.p3"),
    ("s3.t1.p4", "s3.t2.p1"),
    ("s3.t1.p5", "s3.t2.p2"),
]


def _partner_of_a(links: list[tuple[str, str]]) -> dict[int, tuple[int, ...]]:
    return {ia[x]: (ib[y],) for x, y in links}


def test_votes_for_a_container_of_another_family_do_not_count() -> None:
    partner = _partner_of_a(LINKS)
    # A's task is the unclaimed container; its children's partners' parents get the votes
    got = _container_sources(B, A, partner, set(partner))
    assert got == {ia["s3.t1"]: ib["s3.t2"]}


def test_one_vote_of_the_same_family_is_not_enough() -> None:
    # Three votes for the section (ignored) and one for the task: below the two a container
    # must share.
    partner = _partner_of_a(LINKS[:4])
    assert _container_sources(B, A, partner, set(partner)) == {}


def test_the_task_joins_the_task_match_as_a_merge_part() -> None:
    groups = [Group(a=(ia[x],), b=(ib[y],), score=0.5) for x, y in LINKS] + [
        Group(a=(ia["s3"],), b=(ib["s3"],), score=0.5)
    ]
    # A task of A already matched to B's task t2: the unmatched t1 joins it, as a merge.
    extra = Feat("s3.t0", "s3", T, 0)
    a2 = [*A, extra]
    groups.append(Group(a=(len(a2) - 1,), b=(ib["s3.t2"],), score=0.4))
    out = container_groups(a2, B, groups, lambda ga, gb: 0.3)
    merged = [g for g in out if ib["s3.t2"] in g.b and len(g.b) == 1]
    assert [g.a for g in merged] == [tuple(sorted((ia["s3.t1"], len(a2) - 1)))]
    # swapped, the same part joins as a split (the stage is symmetric)
    swapped = [Group(a=g.b, b=g.a, score=g.score) for g in groups]
    back = container_groups(B, a2, swapped, lambda ga, gb: 0.3)
    split = [g for g in back if g.a == (ib["s3.t2"],)]
    assert [g.b for g in split] == [tuple(sorted((ia["s3.t1"], len(a2) - 1)))]


def test_a_minority_of_all_linked_children_does_not_make_a_part() -> None:
    """Eight paragraphs to a section's own paragraphs, two to task t2: not t2's part."""
    a = [Feat("s3", None, S, 1), Feat("s3.t1", "s3", T, 10)]
    a += [Feat(f"s3.t1.p{n}", "s3.t1", P) for n in range(1, 11)]
    b = [Feat("s2", None, S, 8), *(Feat(f"s2.p{n}", "s2", P) for n in range(1, 9))]
    b += [Feat("s3", None, S, 1), Feat("s3.t2", "s3", T, 2)]
    b += [Feat("s3.t2.p1", "s3.t2", P), Feat("s3.t2.p2", "s3.t2", P)]
    ka = {f.key: i for i, f in enumerate(a)}
    kb = {f.key: i for i, f in enumerate(b)}
    links = [(f"s3.t1.p{n}", f"s2.p{n}") for n in range(1, 9)]
    links += [("s3.t1.p9", "s3.t2.p1"), ("s3.t1.p10", "s3.t2.p2")]
    partner = {ka[x]: (kb[y],) for x, y in links}
    assert _container_sources(b, a, partner, set(partner)) == {}
