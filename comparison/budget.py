"""A per-document work budget: the backstop that keeps any input, however it is shaped, from
holding a worker for long.

Every ingest and parse step is meant to be linear in its input; the budget is there for the spot
nobody has found yet. The caller opens a budget around one document (``with work_budget(...)``)
and the hot loops call :func:`tick`; once the budget is spent, :class:`WorkBudgetExceeded` is
raised from inside the loop, so the request thread stops cleanly (no signals, no threads). The
budget lives in a context variable: concurrent requests each have their own, and code run
without one (the engine's own tests, ``yearline parse``) pays one lookup per tick.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["WorkBudgetExceeded", "tick", "work_budget"]

_CLOCK_EVERY = 1024  # ticks between two looks at the clock


class WorkBudgetExceeded(ValueError):
    """The document took more work than its budget allows; the message is one plain line."""


@dataclass
class _Budget:
    deadline: float | None
    steps_left: int | None
    seconds: float | None
    until_clock: int = _CLOCK_EVERY


_current: ContextVar[_Budget | None] = ContextVar("yearline_work_budget", default=None)


@contextmanager
def work_budget(*, seconds: float | None = None, steps: int | None = None) -> Iterator[None]:
    """Limit the work done inside the block to ``seconds`` of wall time and/or ``steps`` ticks."""
    deadline = None if seconds is None else time.monotonic() + seconds
    token = _current.set(_Budget(deadline, steps, seconds))
    try:
        yield
    finally:
        _current.reset(token)


def tick(n: int = 1) -> None:
    """Charge ``n`` steps to the current budget (if any); raise once it is spent."""
    budget = _current.get()
    if budget is None:
        return
    if budget.steps_left is not None:
        budget.steps_left -= n
        if budget.steps_left < 0:
            raise WorkBudgetExceeded(
                "the document needs more work than one upload is allowed:"
                " split it into smaller files"
            )
    budget.until_clock -= n
    if budget.until_clock <= 0:
        budget.until_clock = _CLOCK_EVERY
        if budget.deadline is not None and time.monotonic() > budget.deadline:
            raise WorkBudgetExceeded(
                f"the document took more than {budget.seconds:g} s to read and was refused:"
                " split it into smaller files"
            )
