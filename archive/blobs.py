"""Content-addressed storage of original files: ``<root>/ab/cd/<sha256>``.

Writes go to a temporary file in the target directory, are fsynced, renamed into place and the
directory is fsynced, so a blob is either complete or absent. Identical bytes are stored once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from archive.errors import NotFound

_SHA = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Original bytes keyed by their SHA-256."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if not _SHA.match(sha):
            raise NotFound(f"not a SHA-256: {sha!r}")
        return self.root / sha[:2] / sha[2:4] / sha

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` (no-op if already present) and return its SHA-256."""
        sha = sha256_hex(data)
        target = self.path(sha)
        if target.is_file() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha

    def get(self, sha: str) -> bytes:
        try:
            return self.path(sha).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"original file {sha} is missing from the blob store") from None

    def delete(self, sha: str) -> None:
        """Remove a blob. Only for blobs no committed version references (failed imports)."""
        self.path(sha).unlink(missing_ok=True)

    def verify(self, sha: str) -> bool:
        """True if the blob exists and its bytes still hash to ``sha``."""
        try:
            h = hashlib.sha256()
            with self.path(sha).open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except (FileNotFoundError, NotFound):
            return False
        return h.hexdigest() == sha

    def iter_shas(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.glob("??/??/*") if _SHA.match(p.name))

    def verify_all(self) -> list[str]:
        """Every stored blob whose bytes no longer match its name."""
        return [sha for sha in self.iter_shas() if not self.verify(sha)]

    @property
    def url(self) -> str:
        """``file:///...`` (archive/objectstore.py has the S3 store with the same calls)."""
        return self.root.resolve().as_uri()

    def modified_at(self, sha: str) -> float:
        return self.path(sha).stat().st_mtime


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
