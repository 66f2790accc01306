"""Backups: ``yearline dump DIR`` and ``yearline restore DIR`` (issue 11).

A dump is a folder: ``tables/<table>.jsonl`` (one JSON object per row, in primary-key order) for
every table of the archive's metadata except the disposable and secret ones listed in
:data:`EXCLUDED`, ``blobs/ab/cd/<sha256>`` for every original a version references, and
``manifest.json`` naming each file with its SHA-256 and each table with its row count;
``manifest.json.sha256`` holds the manifest's own hash. Tables are found from the ORM metadata,
so a table added later is dumped without touching this module (a test checks every table is
either dumped or excluded with a reason). Users are dumped without their password hashes.

Restore checks everything first (manifest hash, every file's hash, row counts, the target
database empty) and writes nothing if any check fails; then it inserts every row in one
transaction, primary keys kept, and stores the originals when that transaction commits.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import archive.decisions  # noqa: F401  (its table is on Base.metadata: a dump holds every table)
from archive import models as m
from archive.db import Base, begin_write
from archive.errors import ArchiveError
from archive.objectstore import BlobBackend
from archive.staging import stage_blob

FORMAT = "yearline-dump"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Tables a dump leaves out, and why. Every other table of Base.metadata is dumped.
EXCLUDED = {
    "comparison_cache": "disposable: recomputed from the versions (yearline warm)",
    "timeline_cache": "disposable: recomputed from the versions (yearline warm)",
    "series_cache": "disposable: recomputed from the versions (yearline warm)",
    "job_records": "disposable: the history of background work on this installation",
    "export_files": "disposable: finished series exports, made again on request",
    "api_tokens": "secrets: users create new tokens after a restore",
}
# Columns a dump leaves out (secrets); restore fills them with an unusable value.
SECRET_COLUMNS = {("users", "password_hash"): "!restored-without-password"}
BATCH = 2000


class BackupError(ArchiveError):
    """A dump that cannot be written or restored; nothing was changed."""


@dataclass(frozen=True)
class DumpSummary:
    path: str
    tables: dict[str, int]
    blobs: int

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "tables": dict(self.tables), "blobs": self.blobs}


def dumped_tables() -> list[sa.Table]:
    """The tables a dump holds, parents before children."""
    import archive.models  # noqa: F401  (every table registered)

    return [t for t in Base.metadata.sorted_tables if t.name not in EXCLUDED]


def _sha_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def _is_datetime(column: sa.Column[Any]) -> bool:
    kind = column.type
    return isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime)


def _rows(session: Session, table: sa.Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = session.execute(sa.select(table).order_by(*order).execution_options(yield_per=BATCH))
    for row in result.mappings():
        out = {}
        for col in table.columns:
            if (table.name, col.name) in SECRET_COLUMNS:
                continue
            out[col.name] = _encode(row[col.name])
        yield out


def dump_archive(
    session: Session, store: BlobBackend, target: str | os.PathLike[str]
) -> DumpSummary:
    """Write the whole archive to the new or empty folder ``target``."""
    root = Path(target)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise BackupError(f"{root}: the dump folder must be new or empty")
    (root / "tables").mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for table in dumped_tables():
        rel = f"tables/{table.name}.jsonl"
        n = 0
        with (root / rel).open("w", encoding="utf-8") as fh:
            for row in _rows(session, table):
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        counts[table.name] = n
        files[rel] = _sha_file(root / rel)
    shas = sorted(set(session.scalars(sa.select(m.PlanVersion.sha256).distinct())))
    for sha in shas:
        data = store.get(sha)  # NotFound: the original is missing (see yearline verify)
        if hashlib.sha256(data).hexdigest() != sha:
            raise BackupError(f"original {sha} is corrupt in the blob store (yearline verify)")
        rel = f"blobs/{sha[:2]}/{sha[2:4]}/{sha}"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
        files[rel] = sha
    revision = session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "schema_revision": revision,
        "tables": counts,
        "excluded": EXCLUDED,
        "files": files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (root / MANIFEST).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (root / f"{MANIFEST}.sha256").write_text(f"{digest}  {MANIFEST}\n", encoding="ascii")
    return DumpSummary(str(root), counts, len(shas))


def read_manifest(source: str | os.PathLike[str]) -> dict[str, Any]:
    """The dump's manifest after checking its own hash and every file it names."""
    root = Path(source)
    if not (root / MANIFEST).is_file():
        raise BackupError(f"{root}: not a Yearline dump (no {MANIFEST})")
    raw = (root / MANIFEST).read_bytes()
    try:
        expected = (root / f"{MANIFEST}.sha256").read_text(encoding="ascii").split()[0]
    except (FileNotFoundError, IndexError, UnicodeDecodeError):
        raise BackupError(f"{root}: the dump is incomplete ({MANIFEST}.sha256 missing)") from None
    if hashlib.sha256(raw).hexdigest() != expected:
        raise BackupError(f"{root}: {MANIFEST} does not match its SHA-256: the dump is corrupt")
    manifest: dict[str, Any] = json.loads(raw)
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{root}: not a Yearline dump of format version {FORMAT_VERSION}")
    for rel, sha in sorted(manifest["files"].items()):
        path = root / rel
        if ".." in Path(rel).parts or not path.is_file():
            raise BackupError(f"{root}: the dump is incomplete ({rel} is missing)")
        if _sha_file(path) != sha:
            raise BackupError(f"{root}: {rel} does not match its SHA-256: the dump is corrupt")
    return manifest


def _decode(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in table.columns:
        secret = SECRET_COLUMNS.get((table.name, col.name))
        if secret is not None:
            out[col.name] = secret
        elif col.name in out and out[col.name] is not None and _is_datetime(col):
            out[col.name] = datetime.fromisoformat(out[col.name])
    unknown = set(out) - {c.name for c in table.columns}
    if unknown:
        raise BackupError(f"table {table.name}: unknown columns {sorted(unknown)} in the dump")
    return out


def restore_archive(
    session: Session, store: BlobBackend, source: str | os.PathLike[str]
) -> DumpSummary:
    """Rebuild the archive from the dump ``source`` into this empty database (flushed; the
    caller commits, which also stores the originals). Nothing is written if a check fails."""
    root = Path(source)
    manifest = read_manifest(root)
    tables = {t.name: t for t in dumped_tables()}
    unknown = set(manifest["tables"]) - set(tables)
    if unknown:
        raise BackupError(f"the dump has tables this version does not know: {sorted(unknown)}")
    for name in tables:
        present = session.scalar(sa.select(sa.func.count()).select_from(tables[name]))
        if present:
            raise BackupError(f"the database is not empty ({name} has {present} rows): restore "
                              "only into a new database after `yearline init`")  # fmt: skip
    parsed: dict[str, list[dict[str, Any]]] = {}
    for name, count in manifest["tables"].items():
        rel = f"tables/{name}.jsonl"
        if rel not in manifest["files"]:
            raise BackupError(f"{root}: the dump is incomplete ({rel} is not in the manifest)")
        with (root / rel).open(encoding="utf-8") as fh:
            rows = [_decode(tables[name], json.loads(line)) for line in fh if line.strip()]
        if len(rows) != count:
            raise BackupError(f"{root}: {rel} has {len(rows)} rows, the manifest says {count}")
        parsed[name] = rows
    begin_write(session)
    for name, table in tables.items():
        rows = parsed.get(name, [])
        for i in range(0, len(rows), BATCH):
            session.execute(table.insert(), rows[i : i + BATCH])
    _reset_sequences(session, [tables[n] for n in parsed])
    blobs = 0
    for rel, sha in manifest["files"].items():
        if rel.startswith("blobs/"):
            stage_blob(session, store, sha, (root / rel).read_bytes())
            blobs += 1
    session.flush()
    return DumpSummary(str(root), {n: len(r) for n, r in parsed.items()}, blobs)


def _reset_sequences(session: Session, tables: list[sa.Table]) -> None:
    """PostgreSQL: move each serial primary key's sequence past the restored ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        name = table.name
        col = pk[0].name
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{name}', '{col}'), "
                f"COALESCE(MAX({col}), 1), MAX({col}) IS NOT NULL) FROM {name}"
            )
        )
