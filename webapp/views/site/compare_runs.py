"""Quiet runs of the compare page: consecutive unchanged (identical, dates only) and boilerplate
rows folded into one expandable line, so that distant years read as their changes.

A run never crosses a section heading. Which rows a run shows, and whether it opens, follows the
page's filters: by default every quiet row sits in its closed run (a row the default filter
shows, e.g. a ``dates_only`` change, too); once the reader asks for kinds (``?kind=``) only the
quiet rows of those kinds remain, in runs that open when all they hold was asked for. With
``?boilerplate=1`` boilerplate rows are rows like any other (only unchanged ones stay folded).
``webapp/static/js/site.js`` applies the same rules when the kind and agency filters change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

QUIET_GRADES = frozenset({"identical", "dates_only"})


class RowLike(Protocol):
    index: int
    kind: str
    grade: str
    boilerplate: bool
    section: str
    tags: set[str]


def is_quiet(row: RowLike, boilerplate_shown: bool = False) -> bool:
    """Unchanged (identical or dates only) or, unless the reader asked for it, boilerplate:
    folded into a run. A row whose agencies or deadline changed is never quiet, even with the
    same text."""
    if ("lead" in row.tags or "due" in row.tags) and not row.boilerplate:
        return False
    if row.kind == "unchanged" or row.grade in QUIET_GRADES:
        return True
    return row.boilerplate and not boilerplate_shown


@dataclass
class Run:
    index: int
    rows: list[int] = field(default_factory=list)  # row indices, in page order
    what: str = "unchanged"  # unchanged | boilerplate | mixed


def quiet_runs(
    rows: Sequence[RowLike], boilerplate_shown: bool = False
) -> tuple[list[Run], dict[int, int]]:
    """The runs of consecutive quiet rows (never across a section heading), and row index ->
    run index for the rows in one."""
    runs: list[Run] = []
    run_of: dict[int, int] = {}
    prev: RowLike | None = None
    for r in rows:
        if not is_quiet(r, boilerplate_shown):
            prev = None
            continue
        if prev is None or prev.section != r.section:
            runs.append(Run(len(runs)))
        runs[-1].rows.append(r.index)
        run_of[r.index] = runs[-1].index
        prev = r
    by_index = {r.index: r for r in rows}
    for run in runs:
        bp = [by_index[i].boilerplate for i in run.rows]
        run.what = "boilerplate" if all(bp) else "mixed" if any(bp) else "unchanged"
    return runs, run_of


@dataclass(frozen=True)
class RunView:
    """What the page shows: rows not hidden, runs present (with their row counts) and open."""

    shown: frozenset[int]
    live: dict[int, int]  # run index -> rows it holds on the page
    open: frozenset[int]
    n_visible: int  # rows on the page outside closed runs


def run_view(
    rows: Sequence[RowLike],
    runs: Sequence[Run],
    run_of: dict[int, int],
    passes: Callable[[RowLike], bool],
    agency_ok: Callable[[RowLike], bool],
    *,
    explicit: bool,
) -> RunView:
    """Apply the filters: ``passes`` is the page's row filter (kinds, agency, boilerplate
    toggle), ``agency_ok`` its agency part alone."""
    shown: set[int] = set()
    for r in rows:
        # a quiet row waits in its closed run unless the reader chose kinds
        folded = r.index in run_of and not explicit
        if agency_ok(r) if folded else passes(r):
            shown.add(r.index)
    by_index = {r.index: r for r in rows}
    live: dict[int, int] = {}
    opened: set[int] = set()
    for run in runs:
        members = [i for i in run.rows if i in shown]
        if not members:
            continue
        live[run.index] = len(members)
        if explicit and all(passes(by_index[i]) for i in members):
            opened.add(run.index)
    n_visible = sum(1 for i in shown if i not in run_of or run_of[i] in opened)
    return RunView(frozenset(shown), live, frozenset(opened), n_visible)
