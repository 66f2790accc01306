"""Fixity: a damaged original is never served, and re-importing the right bytes repairs it."""

from __future__ import annotations

import os

import pytest

import archive
from archive.errors import CorruptOriginal
from tests.conftest import SEED

DATA = SEED.read_bytes()


def _damage(store: archive.BlobStore, sha: str) -> None:
    path = store.path(sha)
    os.chmod(path, 0o644)
    raw = bytearray(path.read_bytes())
    raw[100] ^= 0xFF  # same size, one byte flipped
    path.write_bytes(bytes(raw))


def test_a_damaged_original_is_refused_then_repaired(session, store) -> None:
    first = archive.import_version(
        session, store, series="synthetic-fixity", year=2014, data=DATA, filename="a.txt"
    )
    session.commit()
    _damage(store, first.sha256)
    with pytest.raises(CorruptOriginal, match=r"damaged .*re-import"):
        archive.read_original(session, store, series="synthetic-fixity", year=2014)
    again = archive.import_version(
        session, store, series="synthetic-fixity", year=2014, data=DATA, filename="a.txt"
    )
    session.commit()
    assert not again.created and any("repaired" in w for w in again.warnings)
    data, _, _ = archive.read_original(session, store, series="synthetic-fixity", year=2014)
    assert data == DATA
