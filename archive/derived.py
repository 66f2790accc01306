"""Results derived from the texts of a series' current versions, cached in the database like
the timeline (table ``series_cache``): the series' targets year by year (kind ``targets``:
archive.targets), its term changes and carried-over promises (``terms``, ``promises``:
archive.history).

They depend on nothing but those versions (immutable) and the code that computes them, so a row
is keyed by the series, the ``kind``, the version ids (``"12,15,31"``: a new upload or a
withdrawal changes it), the engine version and :func:`code_fingerprint` (a hash of the source of
``comparison``, its word lists included, and of the archive modules that shape them: a new
release never reads a row an older one wrote). Analysts' decisions do not enter: they change
comparisons, not texts.

``yearline warm`` computes them in the step that builds the timeline; a reader that finds none
computes and stores it. The cache is disposable (``yearline dump`` leaves it out); writing it is
a flush in the caller's session, the caller's commit keeps it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

import comparison
from archive import models as m
from archive.analysis import _read_cache, _store_optionally

T = TypeVar("T")

_ARCHIVE = Path(__file__).resolve().parent
# the archive modules whose code shapes a derived result (beside every module of comparison/)
_SHAPERS = ("derived.py", "history.py", "targets.py", "units.py")


@cache
def code_fingerprint() -> str:
    """A hash of the source that computes the derived results."""
    engine = Path(comparison.__file__).resolve().parent
    # every file of the engine, its word lists (comparison/data) included
    source = (p for p in engine.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files = sorted(p for p in source if p.suffix in (".py", ".txt", ".json"))
    files += [_ARCHIVE / name for name in _SHAPERS]
    h = hashlib.sha256()
    for path in files:
        h.update(str(path.relative_to(path.parent.parent)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def _key(series_id: int, kind: str, versions_key: str) -> tuple[Any, ...]:
    return (
        m.SeriesCache.series_id == series_id,
        m.SeriesCache.kind == kind,
        m.SeriesCache.versions_key == versions_key,
        m.SeriesCache.code == code_fingerprint(),
    )


def versions_key(versions: Iterable[m.PlanVersion]) -> str:
    """The key of a set of current versions, as the timeline's: their ids (``"12,15,31"``)."""
    return ",".join(str(v.id) for v in versions)


def read_or_compute(
    session: Session,
    series_id: int,
    kind: str,
    key: str,
    compute: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
) -> T:
    """The stored ``kind`` of the versions ``key``, else ``compute()``, stored (``encode``)."""
    kept = read(session, series_id, kind, key, decode)
    if kept is None:
        kept = compute()
        store(session, series_id, kind, key, encode(kept))
    return kept


def read(
    session: Session, series_id: int, kind: str, versions_key: str, decode: Callable[[Any], T]
) -> T | None:
    """The stored ``kind`` of this set of versions, decoded; None when absent or unreadable."""
    return _read_cache(session, m.SeriesCache, _key(series_id, kind, versions_key), decode)


def store(session: Session, series_id: int, kind: str, versions_key: str, result: Any) -> None:
    """Keep ``result`` (JSON) as the ``kind`` of this set of versions, replacing a stale row."""
    _store_optionally(
        session,
        m.SeriesCache,
        _key(series_id, kind, versions_key),
        {
            "series_id": series_id,
            "kind": kind,
            "versions_key": versions_key,
            "engine_version": comparison.ENGINE_VERSION,
            "code": code_fingerprint(),
            "result": result,
        },
        ["series_id", "kind", "versions_key", "engine_version", "code"],
    )


def cached_kinds(session: Session, series_id: int, versions_key: str) -> set[str]:
    """The kinds stored for this set of versions by this engine and code."""
    return set(
        session.scalars(
            sa.select(m.SeriesCache.kind).where(
                m.SeriesCache.series_id == series_id,
                m.SeriesCache.versions_key == versions_key,
                m.SeriesCache.engine_version == comparison.ENGINE_VERSION,
                m.SeriesCache.code == code_fingerprint(),
            )
        )
    )
