"""Analyst decisions as engine input: must-link and cannot-link constraints (issue 10).

The archive keeps decisions keyed by content; before a comparison it resolves them to the unit keys
of the two documents being compared and hands the engine a :class:`Constraints`. The engine aligns
the constrained units first and the rest around them.
"""

from __future__ import annotations

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
