"""Blobs of an import are written when the transaction commits, never before.

``stage_blob`` remembers the bytes on the session; just before the COMMIT the pending blobs are
written (temp file, fsync, rename). If the COMMIT then fails, blobs that this transaction created
are removed again, so a failed import leaves neither rows nor an orphan file.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from archive.objectstore import BlobBackend

_PENDING = "yearline.pending_blobs"
_CREATED = "yearline.created_blobs"


def stage_blob(session: Session, store: BlobBackend, sha: str, data: bytes) -> None:
    session.info.setdefault(_PENDING, {})[sha] = (store, data)


def pending_blob(session: Session, sha: str) -> bytes | None:
    entry = session.info.get(_PENDING, {}).get(sha)
    return None if entry is None else entry[1]


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending: dict[str, tuple[BlobBackend, bytes]] = session.info.get(_PENDING, {})
    created: list[tuple[BlobBackend, str]] = session.info.setdefault(_CREATED, [])
    for sha, (store, data) in pending.items():
        if not store.exists(sha):
            store.put(data)
            created.append((store, sha))


@event.listens_for(Session, "after_rollback")
def _remove_created(session: Session) -> None:
    for store, sha in session.info.pop(_CREATED, []):
        store.delete(sha)
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_CREATED, None)
