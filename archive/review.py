"""Decisions -> engine constraints for the versions being compared, and their review status.

Each decision names units by content (:func:`archive.decisions.content`). Before a comparison
the decisions of that pair of years are resolved to the unit keys of the two versions compared:
a decision any of whose texts is no longer in its version is **stale** — listed for review,
never applied to different text, never lost (withdrawing the version that changed the text makes
it fresh again). Fresh decisions are replayed oldest first, a later one superseding an earlier
one about the same units (:func:`replay`), and what remains becomes a
:class:`comparison.Constraints`. The fingerprint of what was applied is part of the comparison
and timeline cache keys, so a cached result never outlives the decisions it was computed with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import models as m
from archive.decisions import Decision, content, series_decisions, series_row
from comparison import Constraints, Unit, UnitKind

Contents = list[tuple[str, str]]  # (unit key, content) in document order
KeyPair = tuple[tuple[str, ...], tuple[str, ...]]  # (keys of the earlier year, of the later)


@dataclass(frozen=True)
class Resolved:
    """The decisions applied to one comparison (or, merged, to a timeline)."""

    constraints: Constraints = field(default_factory=Constraints)
    applied: tuple[int, ...] = ()  # decision ids in effect
    users: tuple[str, ...] = ()  # who made them, sorted
    stale: tuple[int, ...] = ()  # decision ids whose text is not in the versions compared
    keys: Mapping[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    digest: str = ""  # a merged resolution's fingerprint

    @property
    def fingerprint(self) -> str:
        """'' when nothing applies (so caches of undecided comparisons keep their rows)."""
        if not self.applied:
            return ""
        if self.digest:
            return self.digest
        c = self.constraints
        payload = [
            sorted(self.applied),
            [[list(a), list(b)] for a, b in c.confirmed],
            [[list(a), list(b)] for a, b in c.linked],
            sorted([list(p) for p in c.rejected]),
            sorted(c.boilerplate_a),
            sorted(c.boilerplate_b),
        ]
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:32]

    def provenance(self) -> dict[str, Any]:
        """``{"applied", "by", "stale"}``: what the exports and the JSON report."""
        return {"applied": len(self.applied), "by": list(self.users), "stale": len(self.stale)}


def version_units(
    session: Session, series: str, year: int, version: int | None = None
) -> tuple[m.PlanVersion, Contents]:
    """A version of (series, year) (default: current) and its units' (key, content)."""
    from archive.service import _find_plan, _pick_version

    plan = _find_plan(session, series, year)
    row = _pick_version(plan, version)
    return row, contents_of(session, row.id)


def contents_of(session: Session, version_id: int) -> Contents:
    rows = session.execute(
        sa.select(m.Unit.key, m.Unit.kind, m.Unit.label, m.Unit.title, m.Unit.text)
        .where(m.Unit.version_id == version_id)
        .order_by(m.Unit.position)
    ).all()
    return [(r.key, content(Unit(r.key, None, 1, UnitKind(r.kind), r.label, r.title, r.text)))
            for r in rows]  # fmt: skip


def _locate(
    texts: Sequence[str], keys: Sequence[str], index: Mapping[str, list[str]]
) -> tuple[str, ...] | None:
    """The keys now holding ``texts`` (the recorded key first when it still holds its text, else
    the first unused unit with that text); None when any text is gone."""
    out: list[str] = []
    for n, text in enumerate(texts):
        candidates = [k for k in index.get(text, ()) if k not in out]
        if not candidates:
            return None
        recorded = keys[n] if n < len(keys) else None
        out.append(recorded if recorded in candidates else candidates[0])
    return tuple(out)


def _index(contents: Contents) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, text in contents:
        out.setdefault(text, []).append(key)
    return out


def locate(
    d: Decision, index_a: Mapping[str, list[str]], index_b: Mapping[str, list[str]]
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Decision ``d``'s units as keys of the earlier (a) and later (b) versions; None: stale."""
    ka = _locate(d.a_texts, d.a_keys, index_a)
    kb = _locate(d.b_texts, d.b_keys, index_b)
    if ka is None or kb is None:
        return None
    return ka, kb


def replay(
    decisions: Iterable[Decision], located: Mapping[int, tuple[tuple[str, ...], tuple[str, ...]]]
) -> tuple[Constraints, tuple[int, ...]]:
    """Fresh decisions (``located``), oldest first; a later decision supersedes earlier ones:
    a confirm/link takes its units out of earlier groups and lifts earlier rejections of its
    pairs; a reject breaks up earlier groups holding one of its pairs. Undone decisions and
    undos themselves take no part. Returns the constraints and the ids still in effect."""
    rows = sorted(decisions, key=lambda d: d.id)
    undone = {d.undoes_id for d in rows if d.action == "undo"}
    groups: list[tuple[int, str, frozenset[str], frozenset[str], KeyPair]] = []
    rejects: dict[tuple[str, str], int] = {}
    boiler: dict[tuple[str, str], int] = {}
    for d in rows:
        if d.action == "undo" or d.id in undone or d.id not in located:
            continue
        ka, kb = located[d.id]
        sa_, sb_ = frozenset(ka), frozenset(kb)
        if d.action in ("confirm", "link"):
            groups = [g for g in groups if not (g[2] & sa_ or g[3] & sb_)]
            for pair in [p for p in rejects if p[0] in sa_ and p[1] in sb_]:
                del rejects[pair]
            groups.append((d.id, d.action, sa_, sb_, (ka, kb)))
        elif d.action == "reject":
            groups = [g for g in groups if not (g[2] & sa_ and g[3] & sb_)]
            for x in ka:
                for y in kb:
                    rejects[(x, y)] = d.id
        elif d.action == "boilerplate":
            for k in ka or kb:
                boiler[(d.side or ("a" if ka else "b"), k)] = d.id
    constraints = Constraints(
        confirmed=tuple(g[4] for g in groups if g[1] == "confirm"),
        linked=tuple(g[4] for g in groups if g[1] == "link"),
        rejected=tuple(sorted(rejects)),
        boilerplate_a=tuple(sorted(k for s, k in boiler if s == "a")),
        boilerplate_b=tuple(sorted(k for s, k in boiler if s == "b")),
    )
    applied = {g[0] for g in groups} | set(rejects.values()) | set(boiler.values())
    return constraints, tuple(sorted(applied))


def resolve(decisions: Sequence[Decision], contents_a: Contents, contents_b: Contents) -> Resolved:
    """Resolve one pair's decisions (earlier year's contents first) to constraints."""
    if not decisions:
        return Resolved()
    index_a, index_b = _index(contents_a), _index(contents_b)
    located: dict[int, KeyPair] = {}
    stale: list[int] = []
    undone = {d.undoes_id for d in decisions if d.action == "undo"}
    for d in decisions:
        if d.action == "undo":
            continue
        where = locate(d, index_a, index_b)
        if where is None:
            if d.id not in undone:
                stale.append(d.id)
        else:
            located[d.id] = where
    constraints, applied = replay(decisions, located)
    by_id = {d.id: d for d in decisions}
    users = sorted({by_id[i].user or "" for i in applied} - {""})
    return Resolved(constraints, applied, tuple(users), tuple(stale), located)


def swapped(c: Constraints) -> Constraints:
    """The same constraints for the comparison the other way round (B..A)."""
    return Constraints(
        confirmed=tuple((b, a) for a, b in c.confirmed),
        linked=tuple((b, a) for a, b in c.linked),
        rejected=tuple((y, x) for x, y in c.rejected),
        boilerplate_a=c.boilerplate_b,
        boilerplate_b=c.boilerplate_a,
    )


def for_versions(
    session: Session,
    series_id: int,
    a: tuple[m.Plan, m.PlanVersion],
    b: tuple[m.Plan, m.PlanVersion],
    decisions: Sequence[Decision] | None = None,
) -> Resolved:
    """The decisions of (a's year, b's year) resolved to these versions, oriented a -> b
    (``decisions``: the series' rows when the caller already has them)."""
    ya, yb = a[0].year, b[0].year
    if ya == yb:
        return Resolved()
    lo, hi = sorted((ya, yb))
    if decisions is None:
        rows = series_decisions(session, series_id, (lo, hi))
    else:
        rows = [d for d in decisions if (d.year_a, d.year_b) == (lo, hi)]
    if not rows:
        return Resolved()
    first, second = (a, b) if ya < yb else (b, a)
    resolved = resolve(rows, contents_of(session, first[1].id), contents_of(session, second[1].id))
    if ya > yb:
        resolved = Resolved(
            swapped(resolved.constraints),
            resolved.applied,
            resolved.users,
            resolved.stale,
            {i: (kb, ka) for i, (ka, kb) in resolved.keys.items()},
        )
    return resolved


def merge(parts: Iterable[Resolved]) -> Resolved:
    """Several pairs' resolutions as one (a timeline's provenance and cache key)."""
    parts = list(parts)
    applied = tuple(sorted({i for p in parts for i in p.applied}))
    stale = tuple(sorted({i for p in parts for i in p.stale}))
    if not applied:
        return Resolved(stale=stale)
    digest = hashlib.sha256("|".join(p.fingerprint for p in parts).encode()).hexdigest()[:32]
    users = tuple(sorted({u for p in parts for u in p.users}))
    return Resolved(applied=applied, users=users, stale=stale, digest=digest)


@dataclass(frozen=True)
class DecisionInfo:
    """A decision as listed (``yearline decisions``, the API, the compare page).

    ``a``/``b`` are unit keys of the current versions when the decision resolves there, else
    the keys it was made on; ``status`` is ``applied``, ``superseded`` (a later decision about
    the same units wins), ``stale`` (a text is not in the current version) or ``undone``.
    """

    id: int
    years: tuple[int, int]
    action: str
    side: str | None
    a: tuple[str, ...]
    b: tuple[str, ...]
    texts_a: tuple[str, ...]
    texts_b: tuple[str, ...]
    note: str
    user: str | None
    created: datetime
    status: str
    undone_by: int | None = None

    @property
    def stale(self) -> bool:
        return self.status == "stale"

    def as_dict(self) -> dict[str, Any]:
        """The contract's keys, then the additive ones."""
        return {
            "id": self.id,
            "years": list(self.years),
            "action": self.action,
            "a": list(self.a),
            "b": list(self.b),
            "note": self.note,
            "user": self.user,
            "created": self.created.isoformat(),
            "stale": self.stale,
            "side": self.side,
            "status": self.status,
            "undone_by": self.undone_by,
            "text": {"a": list(self.texts_a), "b": list(self.texts_b)},
        }


def list_decisions(
    session: Session, *, series: str, years: tuple[int, int] | None = None
) -> list[DecisionInfo]:
    """The decisions of ``series`` (or of one pair of years), oldest first, each with its status
    against the current versions. Undo rows are not listed; the decision they undo says so."""
    from archive.service import _current

    row = series_row(session, series)
    rows = series_decisions(session, row.id, years)
    currents = {
        p.year: v
        for p in session.scalars(sa.select(m.Plan).where(m.Plan.series_id == row.id))
        if (v := _current(p)) is not None
    }
    contents: dict[int, Contents] = {}
    undone_by = {d.undoes_id: d.id for d in rows if d.action == "undo"}
    out: list[DecisionInfo] = []
    by_pair: dict[tuple[int, int], list[Decision]] = {}
    for d in rows:
        by_pair.setdefault((d.year_a, d.year_b), []).append(d)
    for (lo, hi), pair_rows in sorted(by_pair.items()):
        va, vb = currents.get(lo), currents.get(hi)
        if va is not None and vb is not None:
            for v in (va, vb):
                if v.id not in contents:
                    contents[v.id] = contents_of(session, v.id)
            resolved = resolve(pair_rows, contents[va.id], contents[vb.id])
        else:
            resolved = Resolved(stale=tuple(d.id for d in pair_rows))
        for d in pair_rows:
            if d.action == "undo":
                continue
            ka, kb = resolved.keys.get(d.id, (tuple(d.a_keys), tuple(d.b_keys)))
            if d.id in undone_by:
                status = "undone"
            elif d.id not in resolved.keys:
                status = "stale"
            elif d.id in resolved.applied:
                status = "applied"
            else:
                status = "superseded"
            out.append(
                DecisionInfo(
                    id=d.id,
                    years=(d.year_a, d.year_b),
                    action=d.action,
                    side=d.side,
                    a=ka,
                    b=kb,
                    texts_a=tuple(d.a_texts),
                    texts_b=tuple(d.b_texts),
                    note=d.note,
                    user=d.user,
                    created=d.created_at,
                    status=status,
                    undone_by=undone_by.get(d.id),
                )
            )
    out.sort(key=lambda i: i.id)
    return out
