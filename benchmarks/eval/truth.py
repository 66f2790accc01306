"""Known-correct alignments between two parsed documents, keyed by unit keys.

A :class:`Truth` is what the scorer compares an engine result against. It comes either from a
hand-made gold file (:mod:`benchmarks.eval.gold`) or from the perturbation generator
(:mod:`benchmarks.eval.perturb`), which knows exactly what it did.

Links carry a status in the style of word-alignment evaluation (sure / possible): a *sure* link
must be found (it counts for recall); a *possible* link may be found without penalty (it counts
for precision only). Perturbation truth has only sure links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SURE = "sure"
POSSIBLE = "possible"


@dataclass(frozen=True)
class TruthLink:
    """Units ``a`` of document A continue as units ``b`` of document B."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    status: str = SURE
    note: str = ""

    @property
    def kind(self) -> str:
        """``one`` (1:1), ``split`` (1:n), ``merged`` (n:1) or ``n:m``."""
        if len(self.a) == 1 and len(self.b) == 1:
            return "one"
        if len(self.a) == 1:
            return "split"
        if len(self.b) == 1:
            return "merged"
        return "n:m"

    def pairs(self) -> set[tuple[str, str]]:
        return {(x, y) for x in self.a for y in self.b}


@dataclass(frozen=True)
class Truth:
    """The expected alignment, restricted to a scope of units on each side.

    ``scope_a``/``scope_b`` are the units the truth speaks about; engine output about other units
    is ignored unless it links them to a unit in scope. ``primary_changes`` holds the (a, b) pairs
    whose first-listed lead agency differs.
    """

    links: tuple[TruthLink, ...]
    new: frozenset[str]
    dropped: frozenset[str]
    scope_a: frozenset[str]
    scope_b: frozenset[str]
    primary_changes: frozenset[tuple[str, str]] = frozenset()
    label: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def sure_pairs(self) -> set[tuple[str, str]]:
        return {p for link in self.links if link.status == SURE for p in link.pairs()}

    def all_pairs(self) -> set[tuple[str, str]]:
        return {p for link in self.links for p in link.pairs()}

    def undecided_a(self) -> set[str]:
        """A units with only possible links: neither dropped nor surely linked."""
        sure = {x for link in self.links if link.status == SURE for x in link.a}
        return {x for link in self.links for x in link.a} - sure

    def undecided_b(self) -> set[str]:
        sure = {y for link in self.links if link.status == SURE for y in link.b}
        return {y for link in self.links for y in link.b} - sure

    def check(self) -> list[str]:
        """Consistency problems (empty when every unit in scope is linked, new or dropped once)."""
        problems: list[str] = []
        linked_a = {x for link in self.links for x in link.a}
        linked_b = {y for link in self.links for y in link.b}
        both_a = sorted(linked_a & self.dropped)
        problems += [f"A unit {k} is both linked and dropped" for k in both_a]
        problems += [f"B unit {k} is both linked and new" for k in sorted(linked_b & self.new)]
        missing_a = self.scope_a - linked_a - self.dropped
        missing_b = self.scope_b - linked_b - self.new
        problems += [f"A unit {k} is neither linked nor dropped" for k in sorted(missing_a)]
        problems += [f"B unit {k} is neither linked nor new" for k in sorted(missing_b)]
        outside_a = (linked_a | self.dropped) - self.scope_a
        outside_b = (linked_b | self.new) - self.scope_b
        problems += [f"A unit {k} is outside the scope" for k in sorted(outside_a)]
        problems += [f"B unit {k} is outside the scope" for k in sorted(outside_b)]
        return problems


def make_truth(
    links: Iterable[TruthLink],
    new: Iterable[str],
    dropped: Iterable[str],
    *,
    primary_changes: Iterable[tuple[str, str]] = (),
    label: str = "",
    notes: Iterable[str] = (),
) -> Truth:
    """A Truth whose scope is exactly the units it mentions."""
    links = tuple(links)
    new_s = frozenset(new)
    dropped_s = frozenset(dropped)
    scope_a = frozenset(x for link in links for x in link.a) | dropped_s
    scope_b = frozenset(y for link in links for y in link.b) | new_s
    return Truth(
        links=links,
        new=new_s,
        dropped=dropped_s,
        scope_a=scope_a,
        scope_b=scope_b,
        primary_changes=frozenset(primary_changes),
        label=label,
        notes=tuple(notes),
    )
