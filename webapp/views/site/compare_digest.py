"""What the compare page opens with (issue 8.6): the counts, new and dropped priorities, priority
moves, the most substantive rewrites and the lead-agency changes, each pointing at its row
(``#m-<n>``), and a table of contents by section for long comparisons.

The rows come from :func:`webapp.views.site.compare.compare_rows`; nothing here recomputes the
comparison, so the page's digest and its rows cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from comparison.ranks import priorities, priority_moves
from comparison.result import Comparison

if TYPE_CHECKING:
    from webapp.views.site.compare import Row

TOP = 6


def grade_word(grade: str) -> str:
    """A grade as a reader says it; ``rewritten`` is content replaced, not an edit."""
    words = {
        "identical": _("identical"),
        "dates_only": _("only dates/years rolled over"),
        "minor": _("minor edits"),
        "substantive": _("substantive change"),
        "rewritten": _("content replaced in this place"),
    }
    return words.get(grade, grade)


def chip_title(kind: str) -> str:
    """What a count chip counts (its tooltip and screen-reader text)."""
    titles = {
        "new": _("units only in the later year"),
        "dropped": _("units only in the earlier year"),
        "changed": _("matched one to one, wording changed"),
        "unchanged": _("matched, same text"),
        "split": _("one unit became several"),
        "merged": _("several units became one"),
        "restructured": _("several units became several"),
        "moved": _("matched under another parent (also counted under its kind)"),
        "lead": _("rows whose lead agencies changed (not a summary kind)"),
        "boilerplate": _("greetings, openings, closings: left out of the counts"),
    }
    return titles.get(kind, kind)


@dataclass(frozen=True)
class Entry:
    anchor: str
    where: str
    headline: str
    note: str = ""


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    label: str
    changes: int


@dataclass(frozen=True)
class Digest:
    new: list[Entry]
    dropped: list[Entry]
    moves: list[Entry]
    rewrites: list[Entry]
    leads: list[Entry]
    n_new: int
    n_dropped: int
    n_rewrites: int
    n_leads: int
    targets: list[Entry] = field(default_factory=list)
    n_targets: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.new or self.dropped or self.moves or self.rewrites or self.leads or self.targets
        )


def _is_priority(r: Row, prio: tuple[frozenset[str], frozenset[str]]) -> bool:
    """A row of a plan's priorities (``prio``: each side's :func:`comparison.ranks.priorities`)."""
    side, keys = (r.b, prio[1]) if r.b else (r.a, prio[0])
    return bool(side and side.units and side.units[0].key in keys)


def _entry(r: Row, note: str = "") -> Entry:
    side = r.b or r.a
    headline = r.headline if r.headline else (side.labels if side else "")
    return Entry(anchor=r.anchor, where=r.where, headline=headline, note=note)


def digest(comp: Comparison, rows: Sequence[Row]) -> Digest:
    content = [r for r in rows if not r.boilerplate]
    prio = (priorities(comp.doc_a), priorities(comp.doc_b))
    new = [r for r in content if r.kind == "new" and _is_priority(r, prio)]
    dropped = [r for r in content if r.kind == "dropped" and _is_priority(r, prio)]
    moves = [
        _entry(r, moved_words(r.extra["rank_move"])) for r in content if r.extra.get("rank_move")
    ]
    rewrites = sorted(
        (r for r in content if r.match is not None and r.grade in ("rewritten", "substantive")),
        key=lambda r: (r.grade != "rewritten" and not _is_priority(r, prio), -r.change_ratio),
    )
    leads = [r for r in content if "lead" in r.tags]
    targets = [(r, r.target_lines(both_years=True)) for r in content]
    targets = [(r, notes) for r, notes in targets if notes]
    return Digest(
        new=[_entry(r) for r in new[:TOP]],
        dropped=[_entry(r) for r in dropped[:TOP]],
        moves=moves[:TOP],
        rewrites=[_entry(r, grade_word(r.grade)) for r in rewrites[:TOP]],
        leads=[_entry(r, r.lead_note) for r in leads[:TOP]],
        n_new=len(new),
        n_dropped=len(dropped),
        n_rewrites=len(rewrites),
        n_leads=len(leads),
        targets=[_entry(r, "; ".join(notes)) for r, notes in targets[:TOP]],
        n_targets=len(targets),
    )


def rank_moves(comp: Comparison) -> dict[tuple[str, str], tuple[str, str]]:
    """(first A key, first B key) of each reordered section or task -> its printed places
    (``（三）``, ``（一）``); the words are added at render time (the rows are memoised)."""
    out = {}
    for p in priority_moves(comp):
        la = _printed(comp.doc_a.unit(p.a).kind.value, p.label_a, p.rank_a)
        lb = _printed(comp.doc_b.unit(p.b).kind.value, p.label_b, p.rank_b)
        out[(p.a, p.b)] = (la, lb)
    return out


def moved_words(places: tuple[str, str]) -> str:
    return _("moved from %(a)s to %(b)s", a=places[0], b=places[1])


def _printed(kind: str, label: str, rank: int) -> str:
    if not label:
        return f"#{rank}"
    return f"（{label}）" if kind == "task" else label


def toc(rows: Sequence[Row]) -> list[TocEntry]:
    """The top-level sections in page order, each with its first row and its count of changes
    (rows that are neither unchanged nor boilerplate)."""
    out: dict[str, list[Any]] = {}
    for r in rows:
        if not r.section:
            continue
        entry = out.setdefault(r.section, [f"s-{len(out)}", r.section_label, 0])
        if r.kind != "unchanged" and not r.boilerplate:
            entry[2] += 1
    return [TocEntry(anchor=a, label=label, changes=n) for a, label, n in out.values()]
