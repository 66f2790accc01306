"""Where originals live: ``YEARLINE_BLOB_URL`` names a blob store (issue 11).

- ``file:///srv/yearline/blobs`` (or a plain path; default: the data folder) — :class:`BlobStore`.
- ``s3://bucket/prefix`` — :class:`S3BlobStore`, any S3-compatible server, through boto3 (AWS's own
  maintained SDK). Endpoint, credentials and region come from the usual ``AWS_ENDPOINT_URL``,
  ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``.

Both are content-addressed (``<prefix>/ab/cd/<sha256>``) and offer the same calls: ``put`` (a
no-op when the bytes are there: S3 writes are conditional, ``If-None-Match: *``, so concurrent
uploads of the same file never overwrite each other), ``get``, ``exists``, ``delete``, ``verify``
(re-hash), ``iter_shas``, ``verify_all`` and ``modified_at``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from archive.blobs import _SHA, BlobStore, sha256_hex
from archive.errors import InvalidInput, NotFound


class BlobBackend(Protocol):
    """What the archive needs of a blob store (``BlobStore`` and ``S3BlobStore`` both)."""

    @property
    def url(self) -> str: ...
    def exists(self, sha: str) -> bool: ...
    def put(self, data: bytes) -> str: ...
    def get(self, sha: str) -> bytes: ...
    def delete(self, sha: str) -> None: ...
    def verify(self, sha: str) -> bool: ...
    def iter_shas(self) -> list[str]: ...
    def verify_all(self) -> list[str]: ...
    def modified_at(self, sha: str) -> float: ...


def open_blob_store(url: str | None, data_dir: str | os.PathLike[str]) -> Any:
    """The blob store ``url`` names (None or empty: ``data_dir`` on the local disk)."""
    if not url:
        return BlobStore(data_dir)
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise InvalidInput(f"YEARLINE_BLOB_URL {url!r} names no bucket (s3://bucket/prefix)")
        return S3BlobStore(parsed.netloc, parsed.path.strip("/"))
    if parsed.scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            raise InvalidInput(f"YEARLINE_BLOB_URL {url!r}: file:// URLs name a local path")
        return BlobStore(unquote(parsed.path))
    if parsed.scheme == "" or (len(parsed.scheme) == 1 and os.name == "nt"):
        return BlobStore(url)
    raise InvalidInput(f"YEARLINE_BLOB_URL {url!r}: only file:// and s3:// blob stores exist")


class S3BlobStore:
    """Original bytes in an S3 bucket under ``prefix``, keyed by their SHA-256."""

    def __init__(self, bucket: str, prefix: str = "", client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._client = client
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import boto3  # lazily: a second of start-up the file store does not need

                    self._client = boto3.client(
                        "s3",
                        endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
                        region_name=os.environ.get("AWS_DEFAULT_REGION") or None,
                    )
        return self._client

    def close(self) -> None:
        """Close the client's connections (a long-lived store never needs to)."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def key(self, sha: str) -> str:
        if not _SHA.match(sha):
            raise NotFound(f"not a SHA-256: {sha!r}")
        tail = f"{sha[:2]}/{sha[2:4]}/{sha}"
        return f"{self.prefix}/{tail}" if self.prefix else tail

    @staticmethod
    def _missing(exc: Exception) -> bool:
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        return code in {"404", "NoSuchKey", "NotFound"}

    def exists(self, sha: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha))
        except ClientError as exc:
            if self._missing(exc):
                return False
            raise
        return True

    def put(self, data: bytes) -> str:
        """Store ``data`` unless an object of that SHA-256 exists; return the SHA-256."""
        from botocore.exceptions import ClientError

        sha = sha256_hex(data)
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self.key(sha),
                Body=data,
                IfNoneMatch="*",
                ChecksumSHA256=_b64_sha(data),
            )
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code not in {"PreconditionFailed", "412", "ConditionalRequestConflict"}:
                raise
        return sha

    def get(self, sha: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(sha))["Body"]
        except ClientError as exc:
            if self._missing(exc):
                raise NotFound(f"original file {sha} is missing from the blob store") from None
            raise
        data: bytes = body.read()
        return data

    def delete(self, sha: str) -> None:
        """Remove a blob. Only for blobs no committed version references (failed imports)."""
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha))

    def verify(self, sha: str) -> bool:
        """True if the object exists and its bytes still hash to ``sha`` (read in full)."""
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(sha))["Body"]
        except (ClientError, NotFound) as exc:
            if isinstance(exc, NotFound) or self._missing(exc):
                return False
            raise
        h = hashlib.sha256()
        for chunk in iter(lambda: body.read(1 << 20), b""):
            h.update(chunk)
        return h.hexdigest() == sha

    def iter_shas(self) -> list[str]:
        prefix = f"{self.prefix}/" if self.prefix else ""
        shas = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                name = str(obj["Key"]).rsplit("/", 1)[-1]
                if _SHA.match(name) and obj["Key"] == self.key(name):
                    shas.append(name)
        return sorted(shas)

    def verify_all(self) -> list[str]:
        return [sha for sha in self.iter_shas() if not self.verify(sha)]

    def modified_at(self, sha: str) -> float:
        head = self.client.head_object(Bucket=self.bucket, Key=self.key(sha))
        stamp: datetime = head["LastModified"]
        return stamp.timestamp()


def area(store: Any, name: str) -> Any:
    """A store of the same kind beside the originals for other content-addressed files (``name``:
    ``exports``): ``<root>/exports/ab/cd/<sha>`` or ``s3://bucket/prefix/exports/...``. The
    originals' listing, fixity check and clean-up never see it (they read ``ab/cd/<sha>`` only)."""
    if isinstance(store, S3BlobStore):
        return S3BlobStore(store.bucket, f"{store.prefix}/{name}".strip("/"))
    if isinstance(store, BlobStore):
        return BlobStore(store.root / name)
    raise InvalidInput(f"no {name} area for a {type(store).__name__}")


def _b64_sha(data: bytes) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def describe(store: Any) -> str:
    """The store's URL for messages (``file:///...`` or ``s3://...``)."""
    url = getattr(store, "url", None)
    if isinstance(url, str):
        return url
    return Path(store.root).resolve().as_uri()
