"""Analyst decisions as engine input: must-link and cannot-link constraints (issue 10).

The archive keeps decisions keyed by content; before a comparison it resolves them to the unit keys
of the two documents being compared and hands the engine a :class:`Constraints`. The engine aligns
the constrained units first and the rest around them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

KeyGroup = tuple[tuple[str, ...], tuple[str, ...]]  # (keys of A, keys of B)


@dataclass(frozen=True)
class Constraints:
    """Decisions for one comparison, by unit key.

    ``confirmed``: groups the analyst confirmed; they are matched exactly so (``decided:
    "confirmed"``). ``linked``: groups the analyst made (a dropped unit linked to a new one, or a
    unit added to a match); matched exactly so (``decided: "linked"``). ``rejected``: pairs
    ``(a_key, b_key)`` that must never end up in one match. ``boilerplate_a``/``boilerplate_b``:
    units the analyst marked as formulaic. Keys not present in the documents are ignored.
    """

    confirmed: tuple[KeyGroup, ...] = ()
    linked: tuple[KeyGroup, ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()
    boilerplate_a: tuple[str, ...] = ()
    boilerplate_b: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        parts = (self.confirmed, self.linked, self.rejected, self.boilerplate_a, self.boilerplate_b)
        return any(parts)


FixedGroup = tuple[tuple[int, ...], tuple[int, ...], str]  # (A indices, B indices, "confirmed"|…)


@dataclass(frozen=True)
class ResolvedConstraints:
    """:class:`Constraints` resolved to positions in the two feature lists being aligned.

    ``fixed``: the decided groups, indices in document order, with their ``decided`` value;
    ``forbidden``: (A index, B index) pairs that may not share a match; ``boilerplate_a``/``_b``:
    unit keys the analyst marked as formulaic.
    """

    fixed: tuple[FixedGroup, ...] = ()
    forbidden: frozenset[tuple[int, int]] = frozenset()
    boilerplate_a: frozenset[str] = frozenset()
    boilerplate_b: frozenset[str] = frozenset()

    @property
    def fixed_a(self) -> frozenset[int]:
        return frozenset(i for ga, _, _ in self.fixed for i in ga)

    @property
    def fixed_b(self) -> frozenset[int]:
        return frozenset(j for _, gb, _ in self.fixed for j in gb)


def resolve(
    constraints: Constraints | None,
    keys_a: Sequence[str],
    keys_b: Sequence[str],
    alignable_a: Callable[[int], bool] = lambda i: True,
    alignable_b: Callable[[int], bool] = lambda j: True,
) -> ResolvedConstraints:
    """Resolve ``constraints`` against the unit keys of A and B (in document order).

    Keys absent from the documents, or of units not being aligned (``alignable_a``/``_b``), are
    ignored. Confirmed groups are taken first, then linked ones, each in the order given; a unit
    already claimed by an earlier group is left out of a later one, and a group left without a
    unit on either side is dropped. A rejected pair inside a decided group does not break it up
    (the decision that made the group is the more specific one).

    >>> r = resolve(Constraints(linked=((("a1",), ("b2", "x")),), rejected=(("a2", "b1"),)),
    ...             ["a1", "a2"], ["b1", "b2"])
    >>> r.fixed, sorted(r.forbidden)
    ((((0,), (1,), 'linked'),), [(1, 0)])
    """
    if not constraints:
        return ResolvedConstraints()
    ia = {k: i for i, k in enumerate(keys_a) if alignable_a(i)}
    ib = {k: j for j, k in enumerate(keys_b) if alignable_b(j)}
    used_a: set[int] = set()
    used_b: set[int] = set()
    fixed: list[FixedGroup] = []
    decided = [(g, "confirmed") for g in constraints.confirmed]
    decided += [(g, "linked") for g in constraints.linked]
    for (ka, kb), how in decided:
        ga = sorted({ia[k] for k in ka if k in ia} - used_a)
        gb = sorted({ib[k] for k in kb if k in ib} - used_b)
        if not ga or not gb:
            continue
        used_a.update(ga)
        used_b.update(gb)
        fixed.append((tuple(ga), tuple(gb), how))
    forbidden = frozenset((ia[x], ib[y]) for x, y in constraints.rejected if x in ia and y in ib)
    return ResolvedConstraints(
        fixed=tuple(sorted(fixed, key=lambda g: (g[1][0], g[0][0]))),
        forbidden=forbidden,
        boilerplate_a=frozenset(constraints.boilerplate_a),
        boilerplate_b=frozenset(constraints.boilerplate_b),
    )
